"""The DuckDB corpus store: migrations, one transaction per batch, exact round trips, locks, queries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from flashpoint.corpus.query import EventQuery, event_where, incident_where, parse_bbox, parse_dyad
from flashpoint.corpus.rows import ArticleRow, EventRow, Party, SizeRow
from flashpoint.corpus.store import DocumentBundle, Store, StoreSession, bundled_migrations, migrations_from
from flashpoint.errors import ConfigError, StoreError

DAY = dt.date(2025, 10, 12)


def article(n: int, *, publisher: str = "Islamabad Chronicle", text: str | None = None) -> ArticleRow:
    body = text or f"Report number {n} about the border."
    return ArticleRow(
        id=f"a{n:015d}",
        sha256=f"{n:064d}",
        text=body,
        title=f"Report {n}",
        url=f"https://news.example/{n}",
        source=f"reports/{n}.txt",
        publisher=publisher,
        published=DAY + dt.timedelta(days=1),
        published_source="metadata",
        language="en",
        retrieved_at=None,
        extractor_version="flashpoint test",
        pipeline="test",
    )


def event(
    article_id: str,
    n: int,
    *,
    category: str = "ASSAULT",
    actor: str = "PAK",
    recipient: str = "AFG",
    day: dt.date = DAY,
    place: tuple[str, float, float] = ("Angoor Adda", 32.64, 69.64),
    dead: int | None = 12,
    status: str = "asserted",
    publisher: str = "Islamabad Chronicle",
) -> EventRow:
    return EventRow(
        id=f"{article_id}:e{n}",
        origin="text",
        category=category,
        mode="firearms" if category == "ASSAULT" else None,
        contexts=("border",),
        actors=(Party(actor, "MIL", f"{actor} troops"),),
        recipients=(Party(recipient, "MIL", f"{recipient} forces"),),
        status=status,
        claimants=(Party(actor, "GOV", "the military"),) if status == "alleged" else (),
        date=day.isoformat(),
        date_precision="day",
        date_start=day,
        date_end=day,
        place_name=place[0],
        place_country="PAK",
        lat=place[1],
        lon=place[2],
        place_resolution="site",
        fatalities_low=dead,
        fatalities_high=dead,
        sizes=(SizeRow("dead", dead, dead, "at least", f"at least {dead}"),) if dead is not None else (),
        article_id=article_id,
        source=publisher,
        source_outlets=("ISPR",),
        reported=day + dt.timedelta(days=1),
        event_text="troops killed fighters",
        start=10,
        end=33,
        trigger="killed",
        pattern="kill",
        quad_code=4,
        event_scale=-10.0,
        comment=None,
        related=(),
    )


def bundle(n: int, *events: EventRow, publisher: str = "Islamabad Chronicle") -> DocumentBundle:
    a = article(n, publisher=publisher)
    return DocumentBundle(article=a, events=events, quotes=(), entities=(), simhash=None)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "fp.duckdb", lock_timeout_s=5)


# -- migrations  -----------------------------------------------------------------------------------
def test_a_new_store_is_created_at_the_latest_schema_version(store: Store) -> None:
    with store.session() as db:
        assert db.version() == len(bundled_migrations()) >= 1
        tables = {r[0] for r in db.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "events", "quotes", "entities", "incidents", "failures", "audit"} <= tables


def test_a_later_migration_upgrades_an_existing_store_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "fp.duckdb"
    with Store(path).session() as db:
        db.write_documents([bundle(1, event(article(1).id, 1))])
    files = {m.name: m.sql for m in bundled_migrations()}
    n = len(files)
    files[f"{n + 1:04d}_add_review.sql"] = "ALTER TABLE events ADD COLUMN review VARCHAR;"
    upgraded = Store(path, migrations=migrations_from(files))
    with upgraded.session() as db:
        assert db.version() == n + 1
        assert db.counts()["events"] == 1
        db.con.execute("UPDATE events SET review = 'verified'")
    # an older flashpoint refuses a newer store instead of misreading it
    with (
        pytest.raises(StoreError, match="newer than this flashpoint knows"),
        Store(path).session(read_only=True),
    ):
        pass


def test_a_failing_migration_is_rolled_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "fp.duckdb"
    with Store(path).session():
        pass
    files = {m.name: m.sql for m in bundled_migrations()}
    n = len(files)
    files[f"{n + 1:04d}_broken.sql"] = "CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;"
    with (
        pytest.raises(StoreError, match=r"broken\.sql failed"),
        Store(path, migrations=migrations_from(files)).session(),
    ):
        pass
    with Store(path).session() as db:
        assert db.version() == n
        tables = {r[0] for r in db.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert "half" not in tables


def test_migration_files_must_be_numbered_in_sequence() -> None:
    with pytest.raises(StoreError, match="numbered 1, 2, 3"):
        migrations_from({"0001_a.sql": "", "0003_c.sql": ""})
    with pytest.raises(StoreError, match=r"NNNN_words\.sql"):
        migrations_from({"first.sql": ""})


def test_reading_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    with (
        pytest.raises(StoreError, match="flashpoint ingest"),
        Store(tmp_path / "none.duckdb").session(read_only=True),
    ):
        pass


# -- writing  --------------------------------------------------------------------------------------
def test_event_rows_come_back_exactly_as_written(store: Store) -> None:
    a = article(1)
    rows = (
        event(a.id, 1, status="alleged"),
        EventRow(id=f"{a.id}:e2", origin="text", category="AGREE", date=None),
    )
    with store.session() as db:
        assert db.write_documents([DocumentBundle(a, rows)]) == 1
    with store.session(read_only=True) as db:
        assert tuple(db.select_events()) == rows
        assert db.article(a.id) == a


def test_rewriting_a_known_article_is_a_no_op(store: Store) -> None:
    b = bundle(1, event(article(1).id, 1))
    with store.session() as db:
        assert db.write_documents([b, b]) == 1
        assert db.write_documents([b]) == 0
        assert db.counts()["articles"] == 1
        assert db.counts()["events"] == 1


def test_a_batch_that_fails_half_way_leaves_nothing_behind(store: Store) -> None:
    good = bundle(1, event(article(1).id, 1))
    bad_event = EventRow(id=f"{article(2).id}:e1", origin="text", category=None)  # type: ignore[arg-type]
    with store.session() as db:
        with pytest.raises(duckdb.Error):
            db.write_documents([good, DocumentBundle(article(2), (bad_event,))], [("x.txt", "read", "empty")])
        assert db.counts() == dict.fromkeys(db.counts(), 0)


def test_failures_are_kept_with_their_reason(store: Store) -> None:
    with store.session() as db:
        db.write_documents(
            [], [("empty.txt", "read", "text is empty"), ("x.bin", "decode", "binary data (PNG)")]
        )
    with store.session(read_only=True) as db:
        assert db.failures() == [
            ("empty.txt", "read", "text is empty"),
            ("x.bin", "decode", "binary data (PNG)"),
        ]


def test_imported_rows_are_written_once(store: Store) -> None:
    row = EventRow(id="acled:PAK1", origin="acled", category="ASSAULT", dataset_id="PAK1", source="Dawn")
    with store.session() as db:
        assert db.write_events([row, row]) == 1
        assert db.write_events([row]) == 0
        assert db.select_events() == [row]


# -- concurrency  ----------------------------------------------------------------------------------
def test_a_reader_waits_for_a_writer_in_another_process(store: Store) -> None:
    with store.session():
        pass
    holder = textwrap.dedent(
        f"""
        import sys, time, duckdb
        con = duckdb.connect({store.path!r})
        print("locked", flush=True)
        time.sleep(1.5)
        con.close()
        """
    )
    with subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with Store(store.path, lock_timeout_s=30).session(read_only=True) as db:
            assert db.counts()["articles"] == 0
        assert time.monotonic() - started > 0.5  # it had to wait for the lock
        proc.wait(timeout=30)


def test_a_lock_held_too_long_is_a_clear_error(store: Store) -> None:
    with store.session():
        pass
    holder = (
        f"import time, duckdb\ncon = duckdb.connect({store.path!r})\n"
        "print('locked', flush=True)\ntime.sleep(5)"
    )
    with subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "locked"
            quick = Store(store.path, lock_timeout_s=0.3)
            with pytest.raises(StoreError, match="cannot open the store"), quick.session(read_only=True):
                pass
        finally:
            proc.kill()


# -- queries  --------------------------------------------------------------------------------------
@pytest.fixture
def filled(store: Store) -> Store:
    a1, a2, a3 = article(1).id, article(2).id, article(3).id
    with store.session() as db:
        db.write_documents(
            [
                bundle(
                    1, event(a1, 1), event(a1, 2, category="AGREE", dead=None, day=DAY + dt.timedelta(days=7))
                ),
                bundle(
                    2,
                    event(
                        a2,
                        1,
                        actor="AFG",
                        recipient="PAK",
                        dead=23,
                        status="alleged",
                        publisher="Hindukush Daily",
                    ),
                    publisher="Hindukush Daily",
                ),
                bundle(
                    3,
                    event(a3, 1, actor="IND", recipient="PAK", place=("Kashmir", 34.0, 74.8)),
                    publisher="Wire",
                ),
            ]
        )
    return store


def ids(store: Store, query: EventQuery) -> list[str]:
    where, params = event_where(query)
    with store.session(read_only=True) as db:
        return sorted(
            r.id.split(":")[0][-1] + ":" + r.id.split(":")[1] for r in db.select_events(where, params)
        )


def test_filters_select_what_they_name(filled: Store) -> None:
    assert ids(filled, EventQuery(dyad=("AFG", "PAK"))) == ["1:e1", "1:e2", "2:e1"]
    assert ids(filled, EventQuery(dyad=("PAK", "IND"))) == ["3:e1"]
    assert ids(filled, EventQuery(actor="IND")) == ["3:e1"]
    assert ids(filled, EventQuery(actor="afg troops")) == ["2:e1"]  # words of a name
    assert ids(filled, EventQuery(category=("agree",))) == ["1:e2"]
    assert ids(filled, EventQuery(status=("alleged",))) == ["2:e1"]
    assert ids(filled, EventQuery(since=DAY + dt.timedelta(days=1))) == ["1:e2"]
    assert ids(filled, EventQuery(until=DAY)) == ["1:e1", "2:e1", "3:e1"]
    assert ids(filled, EventQuery(place="kashmir")) == ["3:e1"]
    assert ids(filled, EventQuery(bbox=(69.0, 32.0, 70.0, 33.0))) == ["1:e1", "1:e2", "2:e1"]
    assert ids(filled, EventQuery(source="hindukush")) == ["2:e1"]
    assert ids(filled, EventQuery(source="ispr")) == ["1:e1", "1:e2", "2:e1", "3:e1"]
    assert ids(filled, EventQuery(text="100%")) == []  # LIKE wildcards in the words are literal
    assert ids(
        filled, EventQuery(text="killed", origin=("text",), category=("ASSAULT",), dyad=("PAK", "AFG"))
    ) == [
        "1:e1",
        "2:e1",
    ]


def test_incident_filters_use_the_merged_incidents(filled: Store) -> None:
    where, params = incident_where(EventQuery(dyad=("PAK", "AFG"), category=("ASSAULT",)))
    with filled.session(read_only=True) as db:
        found = db.select_incidents(where, params)
    assert len(found) == 1
    assert {e.split(":")[0][-1] for e in found[0].event_ids} == {"1", "2"}


def test_filter_values_are_checked() -> None:
    assert parse_dyad("pak-afg") == ("PAK", "AFG")
    assert parse_bbox("60,29,75,37") == (60.0, 29.0, 75.0, 37.0)
    with pytest.raises(ConfigError):
        parse_dyad("PAK")
    with pytest.raises(ConfigError):
        parse_bbox("60,29,75")
    with pytest.raises(ConfigError):
        parse_bbox("60,40,75,30")
    with pytest.raises(ConfigError, match="after"):
        event_where(EventQuery(since=DAY, until=DAY - dt.timedelta(days=1)))


# -- change feed and reviews ------------------------------------------------------------------------------
def test_the_change_feed_records_creations_updates_and_merges(store: Store) -> None:
    a1, a2 = article(1).id, article(2).id
    with store.session() as db:
        db.write_documents([bundle(1, event(a1, 1))])
        first = db.changes()
        assert [(k, t) for _, _, k, t, _, _ in first] == [("created", "event"), ("created", "incident")]
        db.write_documents([bundle(2, event(a2, 1, actor="AFG", recipient="PAK", dead=23), publisher="Tolo")])
        later = db.changes(after=first[-1][0])
        kinds = {(k, t) for _, _, k, t, _, _ in later}
        assert ("created", "event") in kinds
        # the new report joins the same clash: the incident is updated (its id is stable) or, if the new
        # event's id sorts first, re-created and the old event is merged into it
        assert kinds & {("updated", "incident"), ("merged", "event")}
        assert [s for s, *_ in later] == sorted(s for s, *_ in later)


def test_reviews_are_kept_audited_and_fed(store: Store) -> None:
    a1 = article(1).id
    with store.session() as db:
        db.write_documents([bundle(1, event(a1, 1))])
        db.review_event(f"{a1}:e1", "disputed", user="ana", reason="only one source")
        db.review_event(f"{a1}:e1", "verified", user="ben", reason="confirmed by ISPR footage")
        assert db.reviews([f"{a1}:e1"])[f"{a1}:e1"][:3] == ("verified", "confirmed by ISPR footage", "ben")
        assert [a[2] for a in db.audit_log()] == ["review", "review"]
        assert db.changes()[-1][2:4] == ("reviewed", "event")
        with pytest.raises(StoreError, match="unknown verdict"):
            db.review_event(f"{a1}:e1", "maybe", user="ana")
        with pytest.raises(StoreError, match="no such event"):
            db.review_event("nope:e1", "verified", user="ana")


# -- merging a large store window by window ------------------------------------------------------------
def _history(n_articles: int) -> list[DocumentBundle]:
    """Reports of clashes over half a year at three crossings, some undated, two outlets."""
    places = [("Angoor Adda", 32.64, 69.64), ("Torkham", 34.10, 71.09), ("Chaman", 30.92, 66.45)]
    out = []
    for n in range(n_articles):
        a = article(n).id
        day = DAY + dt.timedelta(days=(n * 7) % 180)
        evs = [
            event(a, 1, day=day, place=places[n % 3], dead=n % 20),
            event(
                a, 2, actor="AFG", recipient="PAK", day=day + dt.timedelta(days=n % 2), place=places[n % 3]
            ),
        ]
        if n % 10 == 0:
            evs.append(
                dataclasses.replace(
                    event(a, 3), id=f"{a}:e3", date=None, date_start=None, date_end=None, date_precision=None
                )
            )
        out.append(bundle(n, *evs, publisher="Dawn" if n % 2 else "Tolo"))
    return out


def test_a_large_merge_read_window_by_window_writes_the_incidents_of_one_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashpoint.corpus.incidents import merge_incidents

    docs = _history(150)
    at_once, windowed = Store(tmp_path / "a.duckdb"), Store(tmp_path / "b.duckdb")
    for s in (at_once, windowed):
        with s.session() as db:
            db.write_documents(docs, merge=False)
    with at_once.session() as db:
        db.remerge_all()
        expected = db.select_incidents()
        rows = db.select_events()
        sources = db.article_sources({r.article_id for r in rows if r.article_id})
    reads: list[int] = []
    inner = StoreSession._select_events

    def counted(self: StoreSession, where: str, params: list[object]) -> list[EventRow]:
        got = inner(self, where, params)
        reads.append(len(got))
        return got

    monkeypatch.setattr(StoreSession, "STREAM_ABOVE", 10)
    monkeypatch.setattr(StoreSession, "_select_events", counted)
    with windowed.session() as db:
        assert db.unmerged_blocks()
        db.remerge(db.unmerged_blocks(), commit=True)
        assert not db.unmerged_blocks()
        got = db.select_incidents()
    assert len(reads) > 5
    assert max(reads) < len(rows) / 3
    assert sorted(got, key=lambda i: i.id) == sorted(expected, key=lambda i: i.id)
    assert {i.id for i in got} == {i.id for i in merge_incidents(rows, sources)}


def test_events_whose_incident_was_lost_are_merged_again(store: Store) -> None:
    """A merge interrupted between windows leaves events pointing at deleted incidents: found and redone."""
    with store.session() as db:
        db.write_documents(_history(12))
        total = db.counts()["incidents"]
        db.con.execute("DELETE FROM incidents WHERE id IN (SELECT id FROM incidents LIMIT 3)")
        assert db.unmerged_blocks()
        db.remerge(db.unmerged_blocks(), commit=True)
        assert not db.unmerged_blocks()
        assert db.counts()["incidents"] == total
