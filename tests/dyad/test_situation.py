"""The situation board and the timeline of a dyad, on a store built from hand-made event rows: talks with
mediators and a next round, a ceasefire with a conditional pledge and a violation after it, a closure and a
reopening, deportations, an accusation and its denial, a threat and a demand."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest

from flashpoint.corpus.rows import EventRow, SizeRow
from flashpoint.corpus.store import Store
from flashpoint.dyad.timeline import build_series, in_dyad
from flashpoint.workflows.dyad import series, situation
from rowkit import AFG, AFGM, DOHA, ISTANBUL, KABUL, PAK, PAKM, QAT, REF, TORKHAM, TUR, text_event

D = dt.date


def ev(n: int, category: str, day: D, *, article: int | None = None, **fields: Any) -> EventRow:
    """Event ``n`` of article ``art<article or n>``, one side acting on nothing unless told."""
    fields.setdefault("actors", (PAK,))
    fields.setdefault("recipients", ())
    art = f"art{article or n}"
    return text_event(f"{art}:e{n}", art, category, day, **fields)


ROWS = [
    ev(
        1,
        "ASSAULT",
        D(2025, 10, 11),
        actors=(AFGM,),
        recipients=(PAKM,),
        text="Afghan forces attacked posts",
        trigger="attacked",
        place=TORKHAM,
        dead=23,
    ),
    ev(
        2,
        "ASSAULT",
        D(2025, 10, 12),
        actors=(PAKM,),
        recipients=(AFGM,),
        text="strikes on Kabul",
        trigger="strikes",
        dead=10,
        source="TOLOnews",
        place=KABUL,
    ),
    ev(
        3,
        "COERCE",
        D(2025, 10, 12),
        mode="restrict",
        text="Pakistan closed Torkham",
        trigger="closed",
        place=TORKHAM,
    ),
    ev(4, "CONSULT", D(2025, 10, 18), actors=(PAK, AFG), text="talks in Doha", trigger="talks", place=DOHA),
    ev(
        5,
        "CONSULT",
        D(2025, 10, 18),
        actors=(QAT, TUR),
        text="talks mediated by Qatar and Turkey",
        trigger="mediated",
        place=DOHA,
        article=4,
    ),
    ev(
        6,
        "AGREE",
        D(2025, 10, 19),
        actors=(PAK, AFG),
        text="agreed to an immediate ceasefire",
        trigger="agreed",
        place=DOHA,
    ),
    ev(
        7,
        "AGREE",
        D(2025, 10, 20),
        actors=(PAK,),
        status="future",
        text="Pakistan will respect the ceasefire",
        trigger="respect",
        comment="as long as the Afghan side does the same",
    ),
    ev(
        8,
        "CONSULT",
        D(2025, 11, 6),
        actors=(PAK, AFG),
        status="future",
        text="will meet again in Istanbul",
        trigger="meet",
        place=ISTANBUL,
        reported=D(2025, 10, 30),
    ),
    ev(
        9,
        "ACCUSE",
        D(2025, 10, 24),
        actors=(PAK,),
        recipients=(AFG,),
        text="Pakistan accused Kabul of sheltering militants",
        trigger="accused",
    ),
    ev(
        10,
        "REJECT",
        D(2025, 10, 24),
        actors=(AFG,),
        recipients=(PAK,),
        text="Kabul rejected the charge",
        trigger="rejected",
        related=("art9:e9",),
    ),
    ev(
        11,
        "ASSAULT",
        D(2025, 10, 26),
        actors=(AFGM,),
        recipients=(PAKM,),
        status="alleged",
        text="fire on a border post",
        trigger="fire",
        place=TORKHAM,
        dead=2,
    ),
    ev(
        12,
        "CONCEDE",
        D(2025, 11, 2),
        text="Torkham reopened for pedestrians only",
        trigger="reopened",
        place=TORKHAM,
    ),
    ev(
        13,
        "COERCE",
        D(2025, 10, 28),
        mode="deport",
        recipients=(REF,),
        text="deported 12,000 Afghans",
        trigger="deported",
        sizes=(SizeRow("displaced", 12_000, 12_000),),
        source="UNHCR",
    ),
    ev(
        14,
        "COERCE",
        D(2025, 11, 3),
        mode="deport",
        recipients=(REF,),
        text="about 8,000 more returned",
        trigger="returned",
        sizes=(SizeRow("displaced", 7_500, 8_500, "about"),),
        source="IOM",
    ),
    ev(
        15,
        "THREATEN",
        D(2025, 10, 29),
        text="Asif warned of open war",
        trigger="warned",
        comment="open war",
        recipients=(AFG,),
    ),
    ev(
        16,
        "REQUEST",
        D(2025, 10, 30),
        text="Pakistan demanded action against the TTP",
        trigger="demanded",
        recipients=(AFG,),
    ),
    ev(
        17,
        "ASSAULT",
        D(2025, 10, 31),
        actors=(AFGM,),
        recipients=(PAKM,),
        status="hypothetical",
        text="could attack",
        trigger="attack",
    ),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    st = Store(tmp_path_factory.mktemp("dyad") / "fp.duckdb")
    with st.session() as db:
        db.write_events(ROWS)
    return st


def test_talks_rounds_mediators_and_the_next_round(store: Store) -> None:
    board = situation(store, ("PAK", "AFG"), D(2025, 11, 4))
    assert len(board.talks) == 1
    assert "Doha" in board.talks[0].summary
    assert "outcome" in board.talks[0].summary
    assert board.mediators == ("QAT", "TUR")
    assert board.next_talks is not None
    assert "2025-11-06" in board.next_talks.summary
    assert "Istanbul" in board.next_talks.summary


def test_the_ceasefire_its_pledge_and_the_violation_after_it(store: Store) -> None:
    before = situation(store, ("PAK", "AFG"), D(2025, 10, 25))
    assert before.ceasefire_state == "holding"
    assert before.ceasefire is not None
    assert "2025-10-19" in before.ceasefire.summary
    assert "QAT" in before.ceasefire.summary
    (pledge,) = before.pledges
    assert "as long as the Afghan side does the same" in pledge.summary
    after = situation(store, ("PAK", "AFG"), D(2025, 11, 4))
    assert after.ceasefire_state == "strained"
    (violation,) = after.violations  # the hypothetical attack is not a violation
    assert violation.date == D(2025, 10, 26)
    assert "Torkham" in violation.summary
    assert violation.evidence[0].text == "fire on a border post"


def test_no_agreement_no_ceasefire() -> None:
    from flashpoint.dyad.situation import build_situation

    board = build_situation(("PAK", "AFG"), [], [r for r in ROWS if r.category != "AGREE"], D(2025, 11, 4))
    assert board.ceasefire_state == "none"
    assert board.ceasefire is None


def test_crossings_closed_since_and_reopened(store: Store) -> None:
    closed = situation(store, ("PAK", "AFG"), D(2025, 10, 30))
    (line,) = closed.borders
    assert line.summary.startswith("Torkham: closed since 2025-10-12")
    reopened = situation(store, ("PAK", "AFG"), D(2025, 11, 4))
    (line,) = reopened.borders
    assert "reopened 2025-11-02 (partially: for pedestrians only)" in line.summary
    assert "after a closure from 2025-10-12" in line.summary


def test_deportations_add_up_as_a_range_with_their_sources(store: Store) -> None:
    board = situation(store, ("PAK", "AFG"), D(2025, 11, 4))
    (line,) = board.displacement
    assert line.summary.startswith("19,500–20,500 people deported or returned")
    assert "IOM" in line.summary
    assert "UNHCR" in line.summary
    assert "2025-10-28 to 2025-11-03" in line.summary


def test_casualty_windows_and_each_sources_toll(store: Store) -> None:
    board = situation(store, ("PAK", "AFG"), D(2025, 11, 4))
    windows = {w.days: w for w in board.casualties}
    assert (windows[7].low, windows[7].incidents) == (0, 0)
    assert (windows[30].low, windows[30].high) == (35, 35)  # 23 + 10 + 2; the hypothetical adds nothing
    assert {s: lo for s, lo, _ in windows[30].by_source} == {"Dawn": 25, "TOLOnews": 10}


def test_claims_with_their_denials_threats_and_demands(store: Store) -> None:
    board = situation(store, ("PAK", "AFG"), D(2025, 11, 4))
    (claim,) = board.claims
    assert "accuses AFG GOV" in claim.summary
    assert "denied by AFG GOV" in claim.summary
    assert {e.event_id for e in claim.evidence} == {"art9:e9", "art10:e10"}
    assert board.threats[0].summary.endswith("(open war)")
    assert "TTP" in board.demands[0].summary


def test_every_line_names_its_incidents_and_evidence(store: Store) -> None:
    board = situation(store, ("PAK", "AFG"), D(2025, 11, 4))
    lines = [
        *board.talks,
        *board.pledges,
        *board.violations,
        *board.borders,
        *board.displacement,
        *board.claims,
    ]
    assert lines
    for line in lines:
        assert line.incidents
        assert line.evidence
        for e in line.evidence:
            assert e.text is not None
            assert e.start == 0
            assert e.end == len(e.text)


def test_what_was_not_yet_reported_is_not_on_the_board(store: Store) -> None:
    board = situation(store, ("PAK", "AFG"), D(2025, 10, 29))
    assert board.next_talks is None  # announced on 2025-10-30


def test_weekly_series_counts_incidents_fatalities_and_the_index(store: Store) -> None:
    s = series(store, ("PAK", "AFG"), freq="week")
    starts = [p.start for p in s.points]
    assert starts[0] == D(2025, 10, 6)
    assert all((b - a).days == 7 for a, b in itertools.pairwise(starts))
    first = s.points[0]
    assert first.violent == 2
    assert (first.fatalities_low, first.fatalities_high) == (33, 33)
    assert first.cci == -8.0
    week_of_talks = next(p for p in s.points if p.start == D(2025, 10, 13))
    assert week_of_talks.count("AGREE") == 1
    assert week_of_talks.cci is not None
    assert week_of_talks.cci > 0
    daily = series(store, ("PAK", "AFG"), freq="day", since=D(2025, 10, 10), until=D(2025, 10, 14))
    assert [p.violent for p in daily.points] == [0, 1, 1, 0, 0]


def test_internal_dyads_and_empty_series() -> None:
    assert in_dyad(["MMR"], ("MMR", "MMR"))
    assert not in_dyad(["MMR", "BGD"], ("MMR", "MMR"))
    assert build_series(("PAK", "AFG"), [], {}).points == ()


def test_the_commands_print_the_board_and_the_series(store: Store, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from flashpoint.apps.cli import cli

    out = CliRunner().invoke(cli, ["situation", "PAK", "AFG", "--db", store.path, "--as-of", "2025-11-04"])
    assert out.exit_code == 0, out.output
    assert "Ceasefire: strained" in out.output
    assert "Torkham: reopened" in out.output
    csv_out = CliRunner().invoke(cli, ["timeline", "PAK", "AFG", "--db", store.path, "--format", "csv"])
    assert csv_out.exit_code == 0
    assert csv_out.output.splitlines()[0].startswith("start,violence,coercion,diplomacy,claims")
    del tmp_path


def test_a_series_may_end_on_the_last_day_of_the_calendar() -> None:
    s = build_series(("PAK", "AFG"), [], {}, freq="day", start=D(9999, 12, 29), end=D(9999, 12, 31))
    assert [p.start for p in s.points] == [D(9999, 12, 29), D(9999, 12, 30), D(9999, 12, 31)]
