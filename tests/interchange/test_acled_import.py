"""ACLED CSV import: the team's own sample file, bad rows, wrong files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flashpoint.corpus.rows import Party
from flashpoint.errors import FormatError
from flashpoint.interchange import read_acled_csv
from flashpoint.interchange.common import Skip

FIXTURES = Path(__file__).parents[1] / "fixtures" / "interchange"


def test_every_sample_row_is_read() -> None:
    skipped: list[Skip] = []
    rows = list(read_acled_csv(FIXTURES / "acled_sample.csv", skipped=skipped))
    assert skipped == []
    assert [r.id for r in rows] == [
        f"acled:{p}9000{i}"
        for p, i in zip(["PAK", "AFG", "PAK", "PAK", "AFG", "PAK", "IND", "PAK"], range(1, 9), strict=True)
    ]
    assert {r.origin for r in rows} == {"acled"}


def test_armed_clash_has_both_sides_as_actors() -> None:
    row = next(r for r in read_acled_csv(FIXTURES / "acled_sample.csv") if r.dataset_id == "PAK90001")
    assert (row.category, row.mode) == ("ASSAULT", "firearms")
    assert row.actors == (
        Party("PAK", "MIL", "Military Forces of Pakistan (2018-)"),
        Party("AFG", "MIL", "Military Forces of Afghanistan (2021-)"),
    )
    assert row.recipients == ()
    assert (row.date, row.date_precision, row.date_start, row.date_end) == (
        "2025-10-12", "day", dt.date(2025, 10, 12), dt.date(2025, 10, 12),
    )  # fmt: skip
    assert (row.place_name, row.place_country, row.admin1) == ("Kharlachi", "PAK", "Khyber Pakhtunkhwa")
    assert (row.lat, row.lon, row.place_resolution) == (33.8321, 70.0845, "city")
    assert (row.fatalities_low, row.fatalities_high) == (23, 23)
    assert row.source == "Dawn; Tolo News"
    assert row.reported == dt.date(2025, 10, 14)  # 1760400000 is 2025-10-14 00:00 UTC
    assert row.precision_codes == (
        ("time_precision", "1"), ("geo_precision", "1"), ("source_scale", "National-International"),
    )  # fmt: skip
    assert row.notes is not None
    assert row.notes.startswith("On 12 October 2025")
    assert row.pattern == "acled:Battles/Armed clash"


def test_long_date_form_air_strike_on_civilians() -> None:
    row = next(r for r in read_acled_csv(FIXTURES / "acled_sample.csv") if r.dataset_id == "AFG90002")
    assert row.date_start == dt.date(2025, 10, 15)
    assert (row.category, row.mode) == ("ASSAULT", "aerial")
    assert row.actors == (Party("PAK", "MIL", "Military Forces of Pakistan (2018-)"),)
    assert row.recipients == (Party("AFG", "CVL", "Civilians (Afghanistan)"),)
    assert row.place_country == "AFG"
    assert row.place_resolution == "district"


def test_week_and_month_precision_make_spans() -> None:
    rows = {r.dataset_id: r for r in read_acled_csv(FIXTURES / "acled_sample.csv")}
    week = rows["PAK90003"]
    assert (week.date_precision, week.date_start, week.date_end) == (
        "week", dt.date(2025, 10, 17), dt.date(2025, 10, 23),
    )  # fmt: skip
    assert week.date == "2025-W43"
    month = rows["PAK90006"]
    assert (month.date, month.date_precision) == ("2025-11", "month")
    assert (month.date_start, month.date_end) == (dt.date(2025, 11, 1), dt.date(2025, 11, 30))
    assert (month.category, month.mode) == ("COERCE", "arrest")


def test_parties_from_names_actor_types_and_event_country() -> None:
    rows = {r.dataset_id: r for r in read_acled_csv(FIXTURES / "acled_sample.csv")}
    attack = rows["PAK90003"]
    # a militant group without a country in its name belongs to the event's country; inter 2 is REB
    assert attack.actors == (Party("PAK", "REB", "TTP: Tehreek-i-Taliban Pakistan"),)
    # assoc_actor_2 joins the recipients; police by name
    assert attack.recipients == (
        Party("PAK", "CVL", "Civilians (Pakistan)"),
        Party("PAK", "COP", "Police Forces of Pakistan (2018-)"),
    )
    assert (attack.category, attack.mode) == ("ASSAULT", None)
    agreement = rows["AFG90005"]
    assert agreement.category == "AGREE"
    assert agreement.actors == (Party("AFG", "GOV", "Government of Afghanistan (2021-)"),)
    assert [p.code for p in agreement.recipients] == ["PAK", "QAT"]
    protest = rows["PAK90004"]
    assert (protest.category, protest.mode) == ("PROTEST", "demo")
    assert protest.actors == (
        Party("PAK", "CVL", "Protesters (Pakistan)"),
        Party("PAK", "CVL", "Traders (Pakistan)"),
    )
    assert protest.recipients == ()
    riot = rows["PAK90008"]
    assert (riot.category, riot.mode) == ("PROTEST", "riot")
    assert (riot.fatalities_low, riot.fatalities_high) == (None, None)  # empty fatalities cell


def test_other_country_and_shelling() -> None:
    row = next(r for r in read_acled_csv(FIXTURES / "acled_sample.csv") if r.dataset_id == "IND90007")
    assert (row.category, row.mode, row.place_country) == ("ASSAULT", "heavy-weapons", "IND")
    assert row.actors[0] == Party("IND", "MIL", "Military Forces of India (2024-)")
    assert row.recipients == (Party("PAK", "MIL", "Military Forces of Pakistan (2018-)"),)


def test_bad_rows_are_skipped_with_line_numbers() -> None:
    skipped: list[Skip] = []
    rows = list(read_acled_csv(FIXTURES / "acled_bad_rows.csv", skipped=skipped))
    assert [r.dataset_id for r in rows] == ["PAK90001", "PAK90102"]
    assert rows[1].notes == "A note\nthat runs over\nthree lines"
    assert [line for line, _ in skipped] == [3, 7, 8, 9]
    reasons = [reason for _, reason in skipped]
    assert "unknown event type 'Battles' / 'Ambush'" in reasons[0]
    assert "unreadable date 'the fourteenth'" in reasons[1]
    assert "fatalities is not a number" in reasons[2]
    assert "3 fields, the header has 31" in reasons[3]


def test_bad_rows_are_left_out_without_a_log() -> None:
    assert len(list(read_acled_csv(FIXTURES / "acled_bad_rows.csv"))) == 2


def test_missing_columns_is_a_format_error() -> None:
    path = FIXTURES / "acled_missing_columns.csv"
    with pytest.raises(FormatError) as error:
        list(read_acled_csv(path))
    message = str(error.value)
    assert "acled_missing_columns.csv" in message
    assert "missing required columns event_type, sub_event_type, actor2, fatalities" in message
    assert "\n" not in message


def test_a_ucdp_file_is_not_acled(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="not a valid ACLED CSV file"):
        list(read_acled_csv(FIXTURES / "ucdp_ged_sample.csv"))
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(FormatError, match="empty file"):
        list(read_acled_csv(empty))
