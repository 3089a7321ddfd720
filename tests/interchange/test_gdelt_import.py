"""GDELT event export import: the team's own 61-column sample, GDELT 1.0 lines, bad rows, wrong files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flashpoint.corpus.rows import EventRow, Party
from flashpoint.errors import FormatError
from flashpoint.interchange import read_gdelt
from flashpoint.interchange.common import Skip

FIXTURES = Path(__file__).parents[1] / "fixtures" / "interchange"
SAMPLE = FIXTURES / "gdelt2_sample.export.CSV"


def sample() -> tuple[dict[str, EventRow], list[Skip]]:
    skipped: list[Skip] = []
    rows = {row.dataset_id or "": row for row in read_gdelt(SAMPLE, skipped=skipped)}
    return rows, skipped


def test_sample_rows_and_the_statement_left_out() -> None:
    rows, skipped = sample()
    assert len(rows) == 8
    assert skipped == [(7, "CAMEO 010 (make statement) is not an event flashpoint codes")]
    assert {r.origin for r in rows.values()} == {"gdelt"}


def test_fight_with_small_arms() -> None:
    row = sample()[0]["1250000101"]
    assert row.id == "gdelt:1250000101"
    assert (row.category, row.mode, row.pattern) == ("ASSAULT", "firearms", "cameo:193")
    assert row.actors == (Party("PAK", "MIL", "PAKISTAN"),)
    assert row.recipients == (Party("AFG", "MIL", "AFGHANISTAN"),)
    assert (row.date, row.date_precision, row.date_start, row.date_end) == (
        "2025-10-12", "day", dt.date(2025, 10, 12), dt.date(2025, 10, 12),
    )  # fmt: skip
    assert (row.place_name, row.place_country, row.admin1) == (
        "Chaman, Balochistan, Pakistan",
        "PAK",
        "Balochistan",
    )
    assert (row.lat, row.lon, row.place_resolution) == (30.921, 66.4597, "city")
    assert (row.quad_code, row.event_scale) == (4, -10.0)
    assert row.source == "https://www.dawn.com/news/1950001/border-clash-chaman"
    assert row.source_outlets == ("www.dawn.com",)
    assert row.reported == dt.date(2025, 10, 12)
    assert row.precision_codes == (("ActionGeo_Type", "4"),)
    assert row.notes == "IsRootEvent=1 NumMentions=6 NumSources=2 NumArticles=6 AvgTone=-6.25"


def test_cameo_codes_map_to_plover() -> None:
    rows = sample()[0]
    coded = {k: (r.category, r.mode, r.contexts) for k, r in rows.items()}
    assert coded["1250000102"] == ("ASSAULT", "aerial", ())
    assert coded["1250000103"] == ("ACCUSE", "allege", ())
    assert coded["1250000104"] == ("CONSULT", "third-party", ())
    assert coded["1250000105"] == ("ASSAULT", "heavy-weapons", ())
    assert coded["1250000106"] == ("COERCE", "arrest", ())
    assert coded["1250000108"] == ("RETREAT", "ceasefire", ())  # 4-digit code 0871
    assert coded["1250000109"] == ("PROTEST", "demo", ())


def test_sectors_countries_and_places() -> None:
    rows = sample()[0]
    assert rows["1250000102"].recipients == (Party("AFG", "CVL", "AFGHAN"),)
    assert rows["1250000106"].recipients == (Party("AFG", "REF", "AFGHAN"),)
    accuse = rows["1250000103"]
    assert (accuse.place_name, accuse.place_country, accuse.place_resolution, accuse.admin1) == (
        "Afghanistan", "AFG", "country", None,
    )  # fmt: skip
    assert rows["1250000104"].place_country == "QAT"
    assert rows["1250000105"].place_country == "IND"
    assert rows["1250000108"].place_country == "TUR"  # FIPS TU


def test_no_action_geography_means_no_place() -> None:
    row = sample()[0]["1250000109"]
    assert (row.place_name, row.lat, row.lon, row.place_country, row.place_resolution) == (None,) * 5
    assert row.precision_codes == ()
    assert row.recipients == ()
    assert row.actors == (Party("PAK", "BUS", "TRADER"),)


def test_gdelt1_lines_with_57_and_58_columns() -> None:
    skipped: list[Skip] = []
    rows = list(read_gdelt(FIXTURES / "gdelt1_sample.export.CSV", skipped=skipped))
    assert skipped == []
    v2 = sample()[0]
    assert [r.dataset_id for r in rows] == ["1250000101", "1250000102", "1250000105"]
    first = rows[0]
    assert (first.category, first.mode, first.place_country, first.lat) == (
        "ASSAULT",
        "firearms",
        "PAK",
        30.921,
    )
    assert first.source == v2["1250000101"].source
    assert rows[2].source is None
    assert rows[2].reported == dt.date(2025, 10, 28)


def test_bad_rows_are_skipped_with_line_numbers() -> None:
    skipped: list[Skip] = []
    rows = list(read_gdelt(FIXTURES / "gdelt2_bad_rows.export.CSV", skipped=skipped))
    assert [r.dataset_id for r in rows] == ["1250000101"]
    assert skipped == [
        (2, "unreadable date '20251345'"),
        (3, "unknown CAMEO event code '999'"),
        (4, "coordinates out of range: 95.5, 51.5333"),
        (5, "60 columns, the file's first line has 61"),
    ]


def test_wrong_column_count_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as error:
        list(read_gdelt(FIXTURES / "not_gdelt.tsv"))
    assert "not_gdelt.tsv: not a GDELT event export: 3 tab-separated columns on line 1" in str(error.value)
    assert "expected 61 (GDELT 2.0) or 57/58 (GDELT 1.0)" in str(error.value)
    with pytest.raises(FormatError, match="1 tab-separated columns"):
        list(read_gdelt(FIXTURES / "acled_sample.csv"))
    empty = tmp_path / "empty.CSV"
    empty.write_text("\n")
    with pytest.raises(FormatError, match="empty file"):
        list(read_gdelt(empty))
