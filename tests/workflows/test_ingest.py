"""Ingest end to end: the team's multi-source fixtures into a store, incidents across outlets, re-ingest,
failures recorded, exports that re-import, the Dask engine equal to the serial run, and kill -9 mid-ingest."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from flashpoint.annotate.registry import Services
from flashpoint.corpus.query import EventQuery
from flashpoint.corpus.store import Store
from flashpoint.workflows.corpus import export_events, find_events, find_incidents, import_file
from flashpoint.workflows.ingest import IngestOptions, ingest

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, services: Services) -> Store:
    store = Store(tmp_path_factory.mktemp("store") / "fp.duckdb")
    tally = ingest([str(CORPUS)], store=store, settings=services.settings, services=services)
    assert (tally.new, tally.duplicate, tally.failed) == (6, 0, 0)
    return store


def test_every_report_is_kept_with_its_provenance(ingested: Store) -> None:
    with ingested.session(read_only=True) as db:
        counts = db.counts()
        assert counts["articles"] == 6
        assert counts["events"] > 20
        assert counts["quotes"] + counts["entities"] > 20
        rows = db.con.execute(
            "SELECT publisher, published, url, source, extractor_version, sha256, length(text) FROM articles "
            "ORDER BY publisher"
        ).fetchall()
    publishers = [r[0] for r in rows]
    assert publishers == sorted(
        [
            "Asia Daily Report",
            "Global Wire Service",
            "Gulf Ledger",
            "Hindukush Daily",
            "Islamabad Chronicle",
            "Quetta Observer",
        ]
    )
    for _publisher, published, url, source, version, sha, length in rows:
        assert published is not None
        assert url.startswith("https://")
        assert source.endswith(".json")
        assert version.startswith("flashpoint ")
        assert len(sha) == 64
        assert length > 200


def test_event_evidence_offsets_slice_the_stored_text(ingested: Store) -> None:
    rows = find_events(ingested, EventQuery(origin=("text",)))
    with ingested.session(read_only=True) as db:
        texts = {r[0]: r[1] for r in db.con.execute("SELECT id, text FROM articles").fetchall()}
    for r in rows:
        assert r.article_id is not None
        assert r.start is not None
        assert texts[r.article_id][r.start : r.end] == r.event_text


def test_the_wire_copy_is_linked_and_counted_once(ingested: Store) -> None:
    with ingested.session(read_only=True) as db:
        rows = dict(db.con.execute("SELECT publisher, copy_of IS NOT NULL FROM articles").fetchall())
        groups = dict(db.con.execute("SELECT publisher, copy_group FROM articles").fetchall())
    # the story was read first from one of the two sites; the other is linked to it
    assert rows["Asia Daily Report"] != rows["Global Wire Service"]
    assert sum(rows.values()) == 1
    assert groups["Asia Daily Report"] == groups["Global Wire Service"]


def test_the_clash_told_by_three_outlets_is_one_incident_with_every_figure(ingested: Store) -> None:
    clashes = find_incidents(
        ingested, EventQuery(dyad=("PAK", "AFG"), category=("ASSAULT",), place="Angoor Adda")
    )
    assert clashes, "no incident at Angoor Adda"
    main = max(clashes, key=lambda i: i.article_count)
    rows = {r.id: r for r in find_events(ingested, EventQuery(origin=("text",)))}
    with ingested.session(read_only=True) as db:
        publisher = dict(db.con.execute("SELECT id, publisher FROM articles").fetchall())
    outlets = {publisher[rows[e].article_id] for e in main.event_ids}
    assert {"Islamabad Chronicle", "Hindukush Daily"} <= outlets
    # each outlet's toll is kept: the Chronicle's 12 fighters (and two soldiers), Kabul's 23 soldiers (and
    # nine fighters), the wire's "at least 15"; the incident's range spans them
    figures = {f.source: f.fatalities_low for f in main.figures}
    assert figures["Islamabad Chronicle"] in (12, 14)
    assert figures["Hindukush Daily"] in (23, 32)
    assert figures.get("Global Wire Service", figures.get("Asia Daily Report")) == 15
    assert main.fatalities_low is not None
    assert main.fatalities_high is not None
    assert main.fatalities_low <= 14
    assert main.fatalities_high >= 23
    assert main.source_count <= main.article_count
    assert main.status in {"contested", "disputed"}
    assert str(main.date_start) <= "2025-10-12" <= str(main.date_end)


def test_the_chaman_exchange_and_the_doha_ceasefire_are_incidents_of_their_own(ingested: Store) -> None:
    chaman = find_incidents(ingested, EventQuery(category=("ASSAULT",), source="Quetta Observer"))
    angoor = find_incidents(ingested, EventQuery(category=("ASSAULT",), source="Hindukush Daily"))
    assert chaman
    assert not {i.id for i in chaman} & {i.id for i in angoor}
    agree = find_incidents(ingested, EventQuery(category=("AGREE",), dyad=("PAK", "AFG")))
    assert agree
    assert all(str(i.date_start) == "2025-10-19" for i in agree)


def test_ingesting_again_adds_nothing(ingested: Store, services: Services) -> None:
    with ingested.session(read_only=True) as db:
        before = db.counts()
    tally = ingest([str(CORPUS)], store=ingested, settings=services.settings, services=services)
    assert (tally.new, tally.duplicate, tally.failed) == (0, 6, 0)
    with ingested.session(read_only=True) as db:
        assert db.counts() == before


def test_bad_documents_are_recorded_and_the_batch_goes_on(tmp_path: Path, services: Services) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "gulf_ledger_doha_ceasefire.json", folder / "good.json")
    (folder / "empty.txt").write_text("")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "broken.json").write_text('{"text": "unterminated')
    (folder / "french.txt").write_text(
        "Les forces pakistanaises et afghanes ont échangé des tirs à la frontière dimanche soir, selon des "
        "responsables locaux qui ont fait état de plusieurs morts parmi les civils des deux côtés."
    )
    store = Store(tmp_path / "fp.duckdb")
    tally = ingest([str(folder)], store=store, settings=services.settings, services=services)
    assert tally.new == 1
    assert tally.failed == 4
    with store.session(read_only=True) as db:
        failures = {Path(s).name.split("#")[0]: (stage, reason) for s, stage, reason in db.failures()}
        assert db.counts()["articles"] == 1
    assert set(failures) == {"empty.txt", "picture.txt", "broken.json", "french.txt"}
    assert all(reason and "\n" not in reason for _, reason in failures.values())
    assert "English" in failures["french.txt"][1]


def test_exports_re_import_to_the_same_rows(ingested: Store, tmp_path: Path) -> None:
    query = EventQuery(dyad=("PAK", "AFG"))
    original = find_events(ingested, query)
    assert original
    target = tmp_path / "events.jsonl"
    assert export_events(ingested, query, "plover", target) == len(original)
    fresh = Store(tmp_path / "again.duckdb")
    report = import_file(fresh, target)
    assert report.fmt == "plover"
    assert report.added == len(original)
    assert find_events(fresh, EventQuery()) == original


def test_parquet_export_is_partitioned_by_date_and_duckdb_reads_it(ingested: Store, tmp_path: Path) -> None:
    import duckdb

    query = EventQuery(category=("ASSAULT",))
    n = export_events(ingested, query, "parquet", tmp_path / "pq")
    assert n == len(find_events(ingested, query))
    files = list((tmp_path / "pq").rglob("*.parquet"))
    assert files
    assert any("year=2025" in str(f) for f in files)
    con = duckdb.connect()
    count = con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path / 'pq'}/**/*.parquet')").fetchone()
    con.close()
    assert count is not None
    assert count[0] == n


def _store_snapshot(store: Store) -> tuple[list[tuple[object, ...]], ...]:
    with store.session(read_only=True) as db:
        articles = db.con.execute("SELECT id, copy_group, source FROM articles ORDER BY id").fetchall()
        events = db.con.execute(
            "SELECT id, category, actors, recipients, status, date, place_name, fatalities_low, incident_id "
            "FROM events ORDER BY id"
        ).fetchall()
        incidents = db.con.execute(
            "SELECT id, event_count, source_count, fatalities_low, fatalities_high, status "
            "FROM incidents ORDER BY id"
        ).fetchall()
    return articles, events, incidents


def test_the_dask_engine_writes_what_the_serial_run_writes(
    ingested: Store, tmp_path: Path, services: Services
) -> None:
    from flashpoint.interchange.parquet import read_parquet

    for workers in (1, 2):
        store = Store(tmp_path / f"dask{workers}.duckdb")
        parquet = tmp_path / f"parquet{workers}"
        options = IngestOptions(engine="dask", workers=workers, batch_size=2, parquet=str(parquet))
        tally = ingest([str(CORPUS)], store=store, settings=services.settings, options=options)
        assert tally.new == 6
        assert _store_snapshot(store) == _store_snapshot(ingested)
        # the run's events also went to Parquet partitions (one folder per batch) that DuckDB reads
        assert len(list(parquet.glob("run=*/batch=*"))) == 3
        from_parquet = sorted(read_parquet(parquet), key=lambda r: r.id)
        assert from_parquet == sorted(find_events(store, EventQuery()), key=lambda r: r.id)


def test_merging_once_at_the_end_gives_the_incidents_of_merging_every_batch(
    ingested: Store, tmp_path: Path, services: Services
) -> None:
    store = Store(tmp_path / "end.duckdb")
    options = IngestOptions(batch_size=2, merge="end")
    tally = ingest([str(CORPUS)], store=store, settings=services.settings, services=services, options=options)
    assert tally.new == 6
    assert _store_snapshot(store) == _store_snapshot(ingested)
    # an interrupted merge-at-end run leaves events without incidents; the next run merges them
    with store.session() as db:
        db.con.execute("UPDATE events SET incident_id = NULL")
        db.con.execute("DELETE FROM incidents")
        assert db.unmerged_blocks()
    again = ingest([str(CORPUS)], store=store, settings=services.settings, services=services)
    assert again.duplicate == 6
    assert _store_snapshot(store) == _store_snapshot(ingested)


def test_kill_9_mid_ingest_loses_no_committed_article_and_leaves_none_half_written(
    tmp_path: Path, services: Services
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    texts = [json.loads(p.read_text())["text"] for p in sorted(CORPUS.glob("*.json"))]
    for i in range(40):
        body = (
            texts[i % len(texts)] + f"\nCorrection {i}: an earlier version of this report misspelt a name.\n"
        )
        (folder / f"report{i:02d}.txt").write_text(body)
    db_path = tmp_path / "fp.duckdb"
    env = {**os.environ, "FLASHPOINT_DB": str(db_path)}
    cmd = [sys.executable, "-m", "flashpoint", "ingest", str(folder), "--batch", "2", "--no-progress"]
    with subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        store = Store(db_path, lock_timeout_s=0.2)
        deadline = time.monotonic() + 240
        committed = 0
        while committed < 4 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.3)
            try:
                with store.session(read_only=True) as db:
                    committed = db.counts()["articles"]
            except Exception:
                continue
        assert proc.poll() is None, "the ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    store = Store(db_path)
    with store.session(read_only=True) as db:
        articles = db.counts()["articles"]
        assert committed <= articles < 40
        assert articles % 2 == 0  # whole batches only
        orphans = db.con.execute(
            "SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()
        assert orphans == (0,)
        unmerged = db.con.execute("SELECT count(*) FROM events WHERE incident_id IS NULL").fetchone()
        assert unmerged == (0,)
    # every stored article has all its events: the same counts a fresh extraction gives
    from flashpoint.workflows.extract import extract_text

    with store.session(read_only=True) as db:
        stored = db.con.execute(
            "SELECT a.id, a.text, count(e.id) FROM articles a LEFT JOIN events e ON e.article_id = a.id "
            "GROUP BY a.id, a.text"
        ).fetchall()
    for _id, text, n in stored[:4]:
        assert len(extract_text(text, settings=services.settings, services=services).events) == n
    # and the ingest resumes where it stopped
    tally = ingest([str(folder)], store=store, settings=services.settings, services=services)
    assert tally.new == 40 - articles
    assert tally.duplicate == articles


def _localserver() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "localserver", Path(__file__).parents[1] / "io" / "localserver.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("localserver", module)
    spec.loader.exec_module(module)
    return module


def _page(record: dict[str, str]) -> bytes:
    from html import escape

    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in record["text"].split("\n\n")[1:] if p.strip())
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(record['title'])}</title>"
        f"<meta property='og:site_name' content='{escape(record['publisher'])}'>"
        f"<meta property='article:published_time' content='{record['published']}T08:00:00Z'>"
        f"</head><body><article><h1>{escape(record['title'])}</h1>{paragraphs}</article></body></html>"
    ).encode()


def test_feeds_and_article_urls_are_fetched_and_ingested_once(tmp_path: Path, services: Services) -> None:
    from flashpoint.io.fetch import Fetcher, FetchPolicy
    from flashpoint.workflows.ingest import watch

    localserver: Any = _localserver()
    records = [
        json.loads((CORPUS / n).read_text())
        for n in ("chronicle_angoor_adda.json", "quetta_chaman_clash.json")
    ]
    html = {"Content-Type": "text/html; charset=utf-8"}
    routes: dict[str, Any] = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/a1.html": (200, html, _page(records[0])),
        "/a2.html": (200, html, _page(records[1])),
        "/private/a3.html": (200, html, _page(records[0])),
    }
    with localserver.serve(routes) as server:
        items = "".join(
            f"<item><title>{r['title']}</title><link>{server.url(p)}</link>"
            f"<pubDate>Mon, 13 Oct 2025 08:00:00 GMT</pubDate></item>"
            for r, p in zip(records, ("/a1.html", "/a2.html"), strict=True)
        )
        feed = f"<?xml version='1.0'?><rss version='2.0'><channel><title>Desk</title>{items}</channel></rss>"
        server._queues["/feed.xml"] = [
            localserver.Reply(200, {"Content-Type": "application/rss+xml"}, feed.encode())
        ]
        store = Store(tmp_path / "fp.duckdb")
        policy = FetchPolicy(allow_private=True, per_host_interval_s=0.0)
        with Fetcher(policy) as fetcher:
            tally = ingest(
                [server.url("/feed.xml"), server.url("/private/a3.html")],
                store=store,
                settings=services.settings,
                services=services,
                fetcher=fetcher,
                options=IngestOptions(allow_private=True),
            )
        assert tally.new == 2
        assert tally.failed == 1
        assert "robots.txt" in tally.failures[0].reason
        with store.session(read_only=True) as db:
            rows = db.con.execute(
                "SELECT source, retrieved_at, publisher, published FROM articles"
            ).fetchall()
        assert {r[0] for r in rows} == {server.url("/a1.html"), server.url("/a2.html")}
        assert all(r[1] is not None for r in rows)
        assert {r[2] for r in rows} == {"Islamabad Chronicle", "Quetta Observer"}
        # polling the feed again finds nothing new
        polls: list[tuple[int, int]] = []
        watch(
            [server.url("/feed.xml")],
            store=store,
            settings=services.settings,
            options=IngestOptions(allow_private=True),
            interval_s=0.0,
            polls=2,
            services=services,
            on_poll=lambda _n, t: polls.append((t.new, t.duplicate)),
        )
        assert polls == [(0, 2), (0, 2)]
        # without the setting, a loopback address is refused with its reason, and nothing is fetched
        before = len(server.requests)
        refused = ingest([server.url("/a1.html")], store=store, settings=services.settings, services=services)
        assert refused.failed == 1
        assert "private" in refused.failures[0].reason or "loopback" in refused.failures[0].reason
        assert len(server.requests) == before
