"""Exporters: ACLED CSV (round trip of what ACLED carries), GeoJSON, Parquet (exact round trip), registry."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from interchange_rows import FULL_ROW, rows

from flashpoint.corpus.rows import EventRow, Party
from flashpoint.errors import ConfigError, FormatError
from flashpoint.interchange import (
    EXPORTS,
    FORMATS,
    detect_format,
    open_import,
    read_acled_csv,
    read_gdelt,
    read_parquet,
    read_plover_jsonl,
    read_ucdp_csv,
    write_acled_csv,
    write_geojson,
    write_parquet,
)
from flashpoint.interchange.acled import ACLED_COLUMNS
from flashpoint.interchange.parquet import PARQUET_COLUMNS

FIXTURES = Path(__file__).parents[1] / "fixtures" / "interchange"

#: The EventRow fields an ACLED file carries (see flashpoint.interchange.acled).
ACLED_FIELDS = (
    "id", "origin", "category", "mode", "contexts", "actors", "recipients", "date", "date_precision",
    "date_start", "date_end", "place_name", "place_country", "admin1", "lat", "lon", "place_resolution",
    "fatalities_low", "fatalities_high", "dataset_id", "source", "reported", "pattern", "precision_codes",
    "notes",
)  # fmt: skip


def carried(row: EventRow) -> tuple[object, ...]:
    return tuple(getattr(row, name) for name in ACLED_FIELDS)


def imported() -> list[EventRow]:
    return [
        *read_acled_csv(FIXTURES / "acled_sample.csv"),
        *read_ucdp_csv(FIXTURES / "ucdp_ged_sample.csv"),
        *read_gdelt(FIXTURES / "gdelt2_sample.export.CSV"),
    ]


# ---------------------------------------------------------------------------------------------- ACLED


def test_acled_round_trip_keeps_the_fields_acled_carries(tmp_path: Path) -> None:
    originals = list(read_acled_csv(FIXTURES / "acled_sample.csv"))
    path = tmp_path / "acled.csv"
    assert write_acled_csv(originals, path).written == len(originals) == 8
    again = list(read_acled_csv(path))
    assert [carried(r) for r in again] == [carried(r) for r in originals]


def test_acled_export_columns_and_derived_cells(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    write_acled_csv(read_acled_csv(FIXTURES / "acled_sample.csv"), path)
    with path.open(newline="", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    assert tuple(records[0]) == ACLED_COLUMNS
    clash, strike, attack = records[0], records[1], records[2]
    assert (clash["actor1"], clash["actor2"], clash["inter1"], clash["inter2"], clash["interaction"]) == (
        "Military Forces of Pakistan (2018-)", "Military Forces of Afghanistan (2021-)", "1", "1", "11",
    )  # fmt: skip
    assert (clash["iso"], clash["country"], clash["year"], clash["disorder_type"]) == (
        "586", "Pakistan", "2025", "Political violence",
    )  # fmt: skip
    assert strike["event_date"] == "2025-10-15"  # the long form is written as ISO
    assert strike["civilian_targeting"] == "Civilian targeting"
    assert (strike["iso"], strike["interaction"]) == ("4", "17")
    assert attack["event_date"] == "2025-10-20"
    assert attack["time_precision"] == "2"
    assert attack["assoc_actor_2"] == "Police Forces of Pakistan (2018-)"
    assert records[3]["inter1"] == "6"
    assert records[7]["inter1"] == "5"


def test_acled_export_of_rows_from_other_sources(tmp_path: Path) -> None:
    rows = [
        *read_ucdp_csv(FIXTURES / "ucdp_ged_sample.csv"),
        *read_gdelt(FIXTURES / "gdelt2_sample.export.CSV"),
    ]
    path = tmp_path / "acled.csv"
    write_acled_csv(rows, path)
    with path.open(newline="", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    by_id = {r["event_id_cnty"]: r for r in records}
    # UCDP one-sided violence: an attack on civilians, the low figure as fatalities
    ttp = by_id["900003"]
    assert (ttp["event_type"], ttp["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert (ttp["actor1"], ttp["inter1"], ttp["actor2"], ttp["inter2"], ttp["fatalities"]) == (
        "TTP", "2", "Civilians", "7", "2",
    )  # fmt: skip
    # UCDP state-based: both sides are actors, split at the first party of another country or sector
    clash = by_id["900001"]
    assert (clash["event_type"], clash["actor1"], clash["actor2"]) == (
        "Battles",
        "Government of Pakistan",
        "TTP",
    )
    # GDELT codes: air strike, ceasefire (no ACLED type: Strategic developments/Other), accusation
    assert by_id["1250000102"]["sub_event_type"] == "Air/drone strike"
    assert by_id["1250000103"]["sub_event_type"] == "Other"
    assert by_id["1250000106"]["sub_event_type"] == "Arrests"
    again = {r.dataset_id: r for r in read_acled_csv(path)}
    assert len(again) == len(rows)
    assert again["900003"].recipients == (Party("PAK", "CVL", "Civilians"),)
    assert (again["1250000101"].category, again["1250000101"].mode) == ("ASSAULT", "firearms")


def test_acled_export_of_a_text_event(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    write_acled_csv([FULL_ROW], path)
    (row,) = read_acled_csv(path)
    assert row.id == "acled:art-7f3a:ev2"
    assert (row.category, row.mode) == ("ASSAULT", "aerial")  # Air/drone strike
    assert (row.date_precision, row.date_start, row.date_end) == (
        FULL_ROW.date_precision, FULL_ROW.date_start, FULL_ROW.date_end,
    )  # fmt: skip
    assert (row.fatalities_low, row.fatalities_high) == (8, 8)
    assert row.recipients == FULL_ROW.recipients


def test_acled_export_without_actors_and_before_1970(tmp_path: Path) -> None:
    row = dataclasses.replace(
        FULL_ROW, actors=(), recipients=(), reported=dt.date(1969, 7, 20), precision_codes=()
    )
    path = tmp_path / "acled.csv"
    write_acled_csv([row], path)
    (again,) = read_acled_csv(path)
    assert (again.actors, again.recipients) == ((), ())
    assert again.reported == dt.date(1969, 7, 20)


# -------------------------------------------------------------------------------------------- GeoJSON


def test_geojson_points_and_rows_without_coordinates(tmp_path: Path) -> None:
    rows = imported()
    without = sum(1 for r in rows if r.lat is None)
    assert without == 1  # the GDELT protest without action geography
    path = tmp_path / "events.geojson"
    result = write_geojson(rows, path)
    assert (result.written, result.left_out) == (len(rows) - 1, 1)
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == result.written
    first = features[0]
    assert first["geometry"] == {"type": "Point", "coordinates": [70.0845, 33.8321]}
    properties = first["properties"]
    assert properties["id"] == "acled:PAK90001"
    assert (properties["category"], properties["mode"], properties["status"]) == (
        "ASSAULT",
        "firearms",
        "asserted",
    )
    assert properties["actors"][1] == {
        "code": "AFG",
        "sector": "MIL",
        "text": "Military Forces of Afghanistan (2021-)",
    }
    assert properties["recipients"] == []
    assert properties["date"] == "2025-10-12"
    assert properties["fatalities"] == {"low": 23, "high": 23}
    assert properties["source"] == "Dawn; Tolo News"


def test_geojson_of_nothing_is_an_empty_collection(tmp_path: Path) -> None:
    path = tmp_path / "none.geojson"
    assert write_geojson([], path).written == 0
    assert json.loads(path.read_text()) == {"type": "FeatureCollection", "features": []}


# -------------------------------------------------------------------------------------------- Parquet


def test_parquet_columns_are_every_eventrow_field() -> None:
    assert [name for name, _ in PARQUET_COLUMNS] == [f.name for f in dataclasses.fields(EventRow)]


def test_parquet_round_trip_is_exact_and_partitioned(tmp_path: Path) -> None:
    originals = [FULL_ROW, *imported(), dataclasses.replace(FULL_ROW, id="undated", date_start=None)]
    folder = tmp_path / "parquet"
    assert write_parquet(originals, folder).written == len(originals)
    assert (folder / "year=2025" / "month=10").is_dir()
    assert (folder / "year=2015").exists() is False
    assert any((folder / "year=2025" / "month=11").glob("*.parquet"))
    assert list(read_parquet(folder)) == originals


@settings(max_examples=30, deadline=None)
@given(rows)
def test_parquet_round_trip_is_exact_for_any_row(row: EventRow) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "out"
        write_parquet([row, row], folder)
        assert list(read_parquet(folder)) == [row, row]


def test_parquet_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("analyst notes")
    with pytest.raises(ConfigError, match="must be new or empty"):
        write_parquet([FULL_ROW], tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "analyst notes"


def test_parquet_of_nothing_and_not_a_folder(tmp_path: Path) -> None:
    assert write_parquet([], tmp_path / "empty").written == 0
    assert list(read_parquet(tmp_path / "empty")) == []
    with pytest.raises(FormatError, match="not a folder"):
        list(read_parquet(tmp_path / "missing"))


# ---------------------------------------------------------------------------------- registry, detection


def test_registry_names() -> None:
    assert set(FORMATS) == {"acled", "ucdp", "gdelt", "plover"}
    assert set(EXPORTS) == {"plover", "acled", "geojson", "parquet"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("acled_sample.csv", "acled"),
        ("acled_bad_rows.csv", "acled"),
        ("ucdp_ged_sample.csv", "ucdp"),
        ("ucdp_ged_newer.csv", "ucdp"),
        ("gdelt2_sample.export.CSV", "gdelt"),
        ("gdelt1_sample.export.CSV", "gdelt"),
        ("plover_foreign.jsonl", "plover"),
    ],
)
def test_detect_format(name: str, expected: str) -> None:
    assert detect_format(FIXTURES / name) == expected


def test_detect_format_rejects_other_files(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="unknown format"):
        detect_format(FIXTURES / "not_gdelt.tsv")
    with pytest.raises(FormatError, match="unknown format"):
        detect_format(FIXTURES / "acled_missing_columns.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(FormatError, match="empty first line"):
        detect_format(empty)


def test_every_export_reads_back_through_detection(tmp_path: Path) -> None:
    rows = list(read_acled_csv(FIXTURES / "acled_sample.csv"))
    for name in ("plover", "acled"):
        path = tmp_path / ("out.jsonl" if name == "plover" else "out.csv")
        EXPORTS[name](rows, path)
        result = open_import(path)
        assert result.format == name
        assert len(list(result)) == len(rows)
        assert result.skipped == []
    assert list(read_plover_jsonl(tmp_path / "out.jsonl")) == rows


def test_open_import_collects_skipped_rows() -> None:
    result = open_import(FIXTURES / "acled_bad_rows.csv")
    assert len(list(result)) == 2
    assert [line for line, _ in result.skipped] == [3, 7, 8, 9]
    with pytest.raises(FormatError, match="unknown import format 'csv'"):
        open_import(FIXTURES / "acled_sample.csv", "csv")
