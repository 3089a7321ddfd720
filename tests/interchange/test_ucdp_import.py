"""UCDP GED CSV import: the team's own sample files, two column naming versions, bad rows, wrong files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flashpoint.corpus.rows import EventRow, Party, SizeRow
from flashpoint.errors import FormatError
from flashpoint.interchange import read_ucdp_csv
from flashpoint.interchange.common import Skip

FIXTURES = Path(__file__).parents[1] / "fixtures" / "interchange"


def sample() -> dict[str, EventRow]:
    skipped: list[Skip] = []
    rows = {
        row.dataset_id or "": row for row in read_ucdp_csv(FIXTURES / "ucdp_ged_sample.csv", skipped=skipped)
    }
    assert skipped == []
    return rows


def test_every_row_is_an_assault() -> None:
    rows = sample()
    assert sorted(rows) == [f"90000{i}" for i in range(1, 7)]
    assert {(r.category, r.origin) for r in rows.values()} == {("ASSAULT", "ucdp")}
    assert rows["900001"].id == "ucdp:900001"


def test_state_based_government_against_rebels() -> None:
    row = sample()["900001"]
    assert row.actors == (Party("PAK", "GOV", "Government of Pakistan"), Party("PAK", "REB", "TTP"))
    assert row.recipients == ()
    assert (row.fatalities_low, row.fatalities_high) == (30, 32)
    assert row.sizes == (SizeRow("dead", 30, 30, "best"),)
    assert (row.date, row.date_precision, row.date_start, row.date_end) == (
        "2025-10-08", "day", dt.date(2025, 10, 8), dt.date(2025, 10, 8),
    )  # fmt: skip
    assert (row.place_name, row.admin1, row.place_country) == (
        "Orakzai district", "Khyber Pakhtunkhwa province", "PAK",
    )  # fmt: skip
    assert (row.lat, row.lon, row.place_resolution) == (33.6667, 70.95, "city")
    assert row.source == "Dawn;The Express Tribune"
    assert row.source_outlets == ("Dawn", "The Express Tribune")
    assert row.reported == dt.date(2025, 10, 9)
    assert row.event_text == "militants ambushed a convoy"
    assert row.precision_codes == (
        ("type_of_violence", "1"), ("date_prec", "1"), ("where_prec", "2"), ("event_clarity", "1"),
    )  # fmt: skip
    assert row.notes is not None
    assert "deaths_a=11 deaths_b=19" in row.notes


def test_interstate_sides_take_their_gleditsch_ward_country() -> None:
    row = sample()["900002"]
    assert row.actors == (
        Party("AFG", "GOV", "Government of Afghanistan"),
        Party("PAK", "GOV", "Government of Pakistan"),
    )
    assert (row.place_country, row.place_resolution) == ("AFG", "region")
    assert row.reported == dt.date(2025, 10, 12)


def test_one_sided_violence_targets_civilians_of_the_country() -> None:
    rows = sample()
    ttp = rows["900003"]
    assert ttp.actors == (Party("PAK", "REB", "TTP"),)
    assert ttp.recipients == (Party("PAK", "CVL", "Civilians"),)
    assert (ttp.date_precision, ttp.date, ttp.date_start, ttp.date_end) == (
        "week", "2025-W42", dt.date(2025, 10, 17), dt.date(2025, 10, 21),
    )  # fmt: skip
    junta = rows["900006"]
    assert junta.actors == (Party("MMR", "GOV", "Government of Myanmar (Burma)"),)
    assert junta.recipients == (Party("MMR", "CVL", "Civilians"),)
    assert junta.source is None
    assert junta.reported is None
    assert junta.source_outlets == ()


def test_non_state_and_month_precision() -> None:
    row = sample()["900004"]
    assert row.actors == (Party("AFG", "REB", "IS"), Party("AFG", "REB", "Taleban"))
    assert (row.date, row.date_precision) == ("2025-10", "month")
    assert (row.fatalities_low, row.fatalities_high, row.sizes[0].low) == (4, 9, 6)
    assert row.place_resolution == "district"


def test_other_country() -> None:
    row = sample()["900005"]
    assert row.place_country == "MMR"
    assert row.actors[0].code == "MMR"
    assert row.actors[1] == Party("MMR", "REB", "AA")


def test_newer_column_names_and_timestamps_are_read() -> None:
    old = list(read_ucdp_csv(FIXTURES / "ucdp_ged_sample.csv"))[:2]
    new = list(read_ucdp_csv(FIXTURES / "ucdp_ged_newer.csv"))
    assert new == old


def test_bad_rows_are_skipped_with_line_numbers() -> None:
    skipped: list[Skip] = []
    rows = list(read_ucdp_csv(FIXTURES / "ucdp_bad_rows.csv", skipped=skipped))
    assert [r.dataset_id for r in rows] == ["900001"]
    assert skipped == [
        (3, "unknown type_of_violence '4'"),
        (4, "date_end 2025-10-21 before date_start 2025-10-25"),
        (5, "low 12 above high 9"),
        (6, "coordinates out of range: 120.5, 92.8983"),
    ]


def test_missing_columns_is_a_format_error() -> None:
    with pytest.raises(FormatError) as error:
        list(read_ucdp_csv(FIXTURES / "ucdp_missing_columns.csv"))
    assert str(error.value).endswith(
        "ucdp_missing_columns.csv: not a valid UCDP GED CSV file: missing required columns "
        "type_of_violence, date_start, date_end, low, high"
    )


def test_an_acled_file_is_not_ucdp() -> None:
    with pytest.raises(FormatError, match="missing required columns id, type_of_violence, side_a"):
        list(read_ucdp_csv(FIXTURES / "acled_sample.csv"))
