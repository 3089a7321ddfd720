"""PLOVER JSONL: export, exact round trip, and lines written by other coders."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from interchange_rows import FULL_ROW, rows

from flashpoint.corpus.rows import EventRow, Party, SizeRow
from flashpoint.errors import FormatError
from flashpoint.interchange import (
    read_acled_csv,
    read_gdelt,
    read_plover_jsonl,
    read_ucdp_csv,
    write_plover_jsonl,
)
from flashpoint.interchange.common import Skip

FIXTURES = Path(__file__).parents[1] / "fixtures" / "interchange"


def imported() -> list[EventRow]:
    return [
        *read_acled_csv(FIXTURES / "acled_sample.csv"),
        *read_ucdp_csv(FIXTURES / "ucdp_ged_sample.csv"),
        *read_gdelt(FIXTURES / "gdelt2_sample.export.CSV"),
    ]


def test_full_row_line_has_the_plover_fields(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    assert write_plover_jsonl([FULL_ROW], path).written == 1
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["id"] == "art-7f3a:ev2"
    assert (record["date"], record["enddate"]) == ("2025-10-13", "2025-10-19")
    assert record["event"] == ["ASSAULT"]
    assert record["mode"] == ["drone"]
    assert record["context"] == ["military", "territory"]
    assert record["actor"][0] == {"code": "PAK", "sector": "MIL", "entity_text": "Pakistani drones"}
    assert record["recipient"] == [
        {"code": "AFG", "sector": "CVL", "entity_text": "villagers in Paktika — ‘Barmal’"}
    ]
    assert record["claimant"] == [{"code": "AFG", "sector": "GOV", "entity_text": "Zabihullah Mujahid"}]
    assert record["event_loc"] == {
        "name": "Barmal", "lat": 32.7, "lon": 0.1 + 0.2, "country": "AFG", "admin1": "Paktika",
        "resolution": "district",
    }  # fmt: skip
    assert record["size"] == {"dead": 10, "injured": 5}
    assert (record["status"], record["quad_code"], record["event_scale"]) == ("disputed", 4, -9.5)
    assert (record["source"], record["source_outlets"]) == ("Tolo News", ["Tolo News", "Ariana"])
    assert record["comment"] == "denied by Islamabad"
    extension = record["x_flashpoint"]
    plover_fields = {
        "id", "category", "mode", "contexts", "actors", "recipients", "status", "claimants", "place_name",
        "lat", "lon", "place_country", "admin1", "place_resolution", "event_text", "quad_code", "event_scale",
        "source", "source_outlets", "comment",
    }  # fmt: skip
    every_other = {f.name for f in dataclasses.fields(EventRow)} - plover_fields
    assert set(extension) == every_other
    assert extension["date_start"] == "2025-10-13"
    assert extension["related"] == [
        "art-7f3a:ev3",
        "art-7f3a:ev4",
    ]


def test_round_trip_is_exact_for_every_importer_and_a_full_row(tmp_path: Path) -> None:
    originals = [FULL_ROW, *imported()]
    path = tmp_path / "events.jsonl"
    write_plover_jsonl(originals, path)
    skipped: list[Skip] = []
    assert list(read_plover_jsonl(path, skipped=skipped)) == originals
    assert skipped == []


@settings(max_examples=150, deadline=None)
@given(rows)
def test_round_trip_is_exact_for_any_row(row: EventRow) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one.jsonl"
        write_plover_jsonl([row], path)
        assert list(read_plover_jsonl(path)) == [row]


def test_lines_of_other_plover_coders() -> None:
    skipped: list[Skip] = []
    rows = list(read_plover_jsonl(FIXTURES / "plover_foreign.jsonl", skipped=skipped))
    assert [r.id for r in rows] == ["plover:pl-0001", "plover:pl-0002", "plover:pl-0003", "plover:pl-0004"]
    assert [line for line, _ in skipped] == [5, 6, 7]
    assert skipped[0][1] == "not a JSON object"
    assert skipped[1][1] == "no event category"
    assert skipped[2][1].startswith("not JSON")
    clash = rows[0]
    assert clash.origin == "plover"
    assert clash.dataset_id == "pl-0001"
    assert (clash.category, clash.mode, clash.contexts) == ("ASSAULT", "firearms", ("military", "territory"))
    assert clash.actors == (Party("PAK", "MIL", "Pakistani troops"),)
    assert (clash.date, clash.date_precision, clash.date_start, clash.date_end) == (
        "2025-10-12", "day", dt.date(2025, 10, 12), dt.date(2025, 10, 12),
    )  # fmt: skip
    assert clash.sizes == (SizeRow("dead", 23, 23), SizeRow("injured", 40, 40))
    assert (clash.fatalities_low, clash.fatalities_high) == (23, 23)
    assert (clash.place_name, clash.lat, clash.admin1, clash.place_resolution) == (
        "Chaman", 30.921, "Balochistan", "city",
    )  # fmt: skip
    assert (clash.quad_code, clash.event_scale) == (4, -9.0)
    agree = rows[2]
    assert agree.category == "AGREE"  # "event" given as a string
    assert len(agree.actors) == 2
    assert agree.mode is None
    assert rows[3].fatalities_low == 0


def test_a_csv_file_is_not_plover() -> None:
    with pytest.raises(FormatError, match=r"not_plover.jsonl: not a PLOVER JSONL file: line 1 is not JSON"):
        list(read_plover_jsonl(FIXTURES / "not_plover.jsonl"))
