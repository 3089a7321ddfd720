"""The corpus commands end to end: ingest, events and incidents with filters and formats, hand edits with
the audit log, import and export round trips, the store command, clear errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from flashpoint.apps.cli import cli
from flashpoint.corpus.store import Store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
INTERCHANGE = ROOT / "tests" / "fixtures" / "interchange"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "fp.duckdb")
    result = run("ingest", str(CORPUS), "--db", path, "--no-progress")
    assert result.exit_code == 0, result.output
    assert "6 new, 0 duplicate, 1 near-copies, 0 failed" in result.output
    return path


def test_ingest_twice_reports_duplicates(db: str) -> None:
    result = run("ingest", str(CORPUS), "--db", db, "--no-progress")
    assert result.exit_code == 0
    assert "0 new, 6 duplicate" in result.output


def test_events_as_json_csv_and_table_honour_the_filters(db: str) -> None:
    as_json = json.loads(
        run("events", "--db", db, "--dyad", "PAK-AFG", "--category", "ASSAULT", "--format", "json").output
    )
    assert as_json
    for e in as_json:
        assert e["category"] == "ASSAULT"
        codes = {p["code"] for p in e["actors"] + e["recipients"]}
        assert {"PAK", "AFG"} <= codes
        assert e["incident_id"].startswith("inc-")
    rows = list(
        csv.DictReader(io.StringIO(run("events", "--db", db, "--place", "Doha", "--format", "csv").output))
    )
    assert rows
    assert all(r["place"] == "Doha" for r in rows)
    table = run("events", "--db", db, "--source", "Quetta Observer", "--limit", "3").output
    assert "Quetta Observer" in table
    assert "events (" in table


def test_incidents_list_and_a_split_and_merge_by_hand_are_audited(db: str) -> None:
    found = json.loads(
        run("incidents", "--db", db, "--category", "ASSAULT", "--dyad", "PAK-AFG", "--format", "json").output
    )
    biggest = max(found, key=lambda i: len(i["event_ids"]))
    assert biggest["source_count"] >= 2
    first, second = biggest["event_ids"][:2]
    split = run(
        "incidents", "--db", db, "split", first, second, "--reason", "two different nights", "--user", "ana"
    )
    assert split.exit_code == 0, split.output
    after = {i["id"]: i for i in json.loads(run("incidents", "--db", db, "--format", "json").output)}
    holding = {e: i["id"] for i in after.values() for e in i["event_ids"]}
    assert holding[first] != holding[second]
    assert after[holding[first]]["manual"] is True
    merge = run(
        "incidents", "--db", db, "merge", first, second, "--user", "ana", "--reason", "same clash after all"
    )
    assert merge.exit_code == 0
    again = {
        e: i["id"]
        for i in json.loads(run("incidents", "--db", db, "--format", "json").output)
        for e in i["event_ids"]
    }
    assert again[first] == again[second]
    with Store(db).session(read_only=True) as s:
        log = s.audit_log()
    assert [(user, action) for _, user, action, _, _ in log[-2:]] == [("ana", "split"), ("ana", "merge")]
    assert log[-2][4] == {"reason": "two different nights"}


def test_editing_an_unknown_event_is_a_clear_error(db: str) -> None:
    result = CliRunner().invoke(cli, ["incidents", "--db", db, "merge", "nope:e1", "nope:e2"])
    assert result.exit_code == 1
    assert "no such event" in result.output


def test_export_then_import_gives_the_same_events(db: str, tmp_path: Path) -> None:
    target = tmp_path / "pak_afg.csv"
    out = run(
        "export", str(target), "--db", db, "--format", "acled", "--dyad", "PAK-AFG", "--category", "ASSAULT"
    )
    assert out.exit_code == 0, out.output
    n = int(out.output.split()[0])
    with target.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n
    assert {"event_id_cnty", "event_date", "event_type", "actor1", "fatalities"} <= set(rows[0])
    fresh = str(tmp_path / "fresh.duckdb")
    imported = run("import", str(target), "--db", fresh)
    assert imported.exit_code == 0, imported.output
    assert f"{n} rows read, {n} new events" in imported.output
    geo = tmp_path / "events.geojson"
    assert run("export", str(geo), "--db", db, "--format", "geojson").exit_code == 0
    assert json.loads(geo.read_text())["type"] == "FeatureCollection"


def test_datasets_are_imported_with_their_ids_and_bad_rows_reported(tmp_path: Path) -> None:
    fresh = str(tmp_path / "datasets.duckdb")
    for name in ("acled_sample.csv", "ucdp_ged_sample.csv", "gdelt2_sample.export.CSV"):
        result = CliRunner().invoke(cli, ["import", str(INTERCHANGE / name), "--db", fresh])
        assert result.exit_code == 0, (name, result.output)
        assert " new events" in result.output
    bad = CliRunner().invoke(cli, ["import", str(INTERCHANGE / "acled_bad_rows.csv"), "--db", fresh])
    assert bad.exit_code == 0
    assert "acled_bad_rows.csv:" in bad.output
    assert "skipped:" in bad.output
    with Store(fresh).session(read_only=True) as s:
        origins = dict(s.con.execute("SELECT origin, count(*) FROM events GROUP BY origin").fetchall())
        ids = [
            r[0] for r in s.con.execute("SELECT dataset_id FROM events WHERE origin <> 'plover'").fetchall()
        ]
    assert {"acled", "ucdp", "gdelt"} <= set(origins)
    assert all(ids)


def test_a_file_in_no_known_format_is_refused_with_its_reason(tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b,c\n1,2,3\n")
    good = INTERCHANGE / "acled_sample.csv"
    result = CliRunner().invoke(cli, ["import", str(odd), str(good), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1
    assert "unknown format" in result.output
    assert "acled_sample.csv (acled):" in result.output  # the batch went on


def test_store_prints_its_counts(db: str) -> None:
    result = run("store", "--db", db)
    assert result.exit_code == 0
    counts = dict(line.split() for line in result.output.splitlines())
    assert counts["articles"] == "6"
    assert int(counts["incidents"].replace(",", "")) > 0


def test_store_remerge_rebuilds_the_same_incidents(db: str) -> None:
    before = json.loads(run("incidents", "--db", db, "--format", "json").output)
    result = run("store", "--db", db, "--remerge")
    assert result.exit_code == 0
    assert f"{len(before)} incidents merged from scratch" in result.output
    after = json.loads(run("incidents", "--db", db, "--format", "json").output)
    assert sorted(i["event_ids"] for i in after) == sorted(i["event_ids"] for i in before)


def test_querying_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "flashpoint ingest" in result.output
