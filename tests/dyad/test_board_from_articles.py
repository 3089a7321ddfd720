"""The situation board from the team's own multi-article fixtures, read end to end: three outlets on the
October 12 clashes (with denials), Torkham closed, the Doha ceasefire through Qatar and Turkey, a clash after
it with an accusation and a rejection, and deportations through Chaman."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flashpoint.annotate.registry import Services
from flashpoint.corpus.store import Store
from flashpoint.workflows.dyad import series, situation
from flashpoint.workflows.ingest import ingest

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, services: Services) -> Store:
    st = Store(tmp_path_factory.mktemp("board") / "fp.duckdb")
    tally = ingest(
        [str(FIXTURES / "corpus"), str(FIXTURES / "dyad")],
        store=st,
        settings=services.settings,
        services=services,
    )
    assert tally.new == 9
    return st


def test_the_board_before_and_after_the_ceasefire(store: Store) -> None:
    before = situation(store, ("PAK", "AFG"), dt.date(2025, 10, 15))
    assert before.ceasefire_state == "none"
    assert any(line.summary.startswith("Torkham: closed since 2025-10-12") for line in before.borders)
    assert any("denied by AFG" in c.summary for c in before.claims)

    after = situation(store, ("PAK", "AFG"), dt.date(2025, 10, 30))
    assert after.ceasefire is not None
    assert "2025-10-19" in after.ceasefire.summary
    assert "Doha" in after.ceasefire.summary
    assert set(after.mediators) >= {"QAT", "TUR"}
    assert after.ceasefire_state in ("strained", "broken")
    assert after.violations
    assert all(v.date is not None and v.date > dt.date(2025, 10, 19) for v in after.violations)
    assert any("Torkham" in v.summary for v in after.violations)
    violation_claim = next(c for c in after.claims if c.date == dt.date(2025, 10, 24))
    assert "denied by PAK" in violation_claim.summary
    assert after.displacement
    assert "5,001" in after.displacement[0].summary or "5,000" in after.displacement[0].summary
    thirty = next(w for w in after.casualties if w.days == 30)
    assert thirty.high >= 23
    assert {"Hindukush Daily", "Islamabad Chronicle"} <= {s for s, _, _ in thirty.by_source}


def test_every_line_of_the_board_has_evidence_that_slices_its_article(store: Store) -> None:
    board = situation(store, ("PAK", "AFG"), dt.date(2025, 10, 30))
    with store.session(read_only=True) as db:
        texts = dict(db.con.execute("SELECT id, text FROM articles").fetchall())
    lines = [
        *board.talks,
        *board.violations,
        *board.borders,
        *board.displacement,
        *board.claims,
        *board.threats,
    ]
    assert len(lines) >= 6
    for line in lines:
        assert line.evidence
        for ev in line.evidence:
            assert ev.article_id in texts
            assert ev.start is not None
            assert texts[ev.article_id][ev.start : ev.end] == ev.text


def test_the_weekly_series_keeps_event_and_report_dates(store: Store) -> None:
    s = series(store, ("PAK", "AFG"), freq="week", since=dt.date(2025, 10, 6), until=dt.date(2025, 10, 26))
    assert [p.start for p in s.points] == [dt.date(2025, 10, 6), dt.date(2025, 10, 13), dt.date(2025, 10, 20)]
    assert s.points[0].violent >= 1
    assert s.points[0].fatalities_high >= 23
    assert sum(n for _, n in s.points[1].by_report) >= 1  # the October 12 clashes were reported on the 13th
    assert s.points[1].count("AGREE") >= 1
