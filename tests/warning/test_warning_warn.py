"""Forecasts for every model, the beat-the-baselines rule, and warnings with their drivers."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from flashpoint.dyad.records import BacktestScore
from flashpoint.interchange import FORMATS
from flashpoint.warning import (
    HawkesModel,
    backtest,
    beats_baselines,
    default_settings,
    early_warning,
    fatality_count,
    forecast_all,
    weekly_totals,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"
DYAD = ("AFG", "PAK")


def _score(model: str, crps: float, brier: float, horizon: int = 1, target: str = "violent") -> BacktestScore:
    return BacktestScore(model, target, horizon, 50, crps, brier, None, 0.8, 0.95)


def _winning(target: str = "violent") -> list[BacktestScore]:
    rows = [_score("hawkes", 1.0, 0.10, h, target) for h in (1, 2)]
    for name in ("zero", "last", "mean", "bootstrap12", "surge"):
        rows += [_score(name, 1.5, 0.15, h, target) for h in (1, 2)]
    return rows


def _weekly_fixture() -> tuple[list[dt.date], np.ndarray, np.ndarray]:
    with (FIXTURES / "warning" / "synthetic_weekly.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    weeks = [dt.date.fromisoformat(r["week_start"]) for r in rows]
    violent = np.array([int(r["violent"]) for r in rows], dtype=float)
    dead = np.array(
        [fatality_count(int(r["fatalities_low"]), int(r["fatalities_high"])) for r in rows], dtype=float
    )
    return weeks, violent, dead


def test_beats_baselines_rule() -> None:
    assert beats_baselines(_winning())
    assert beats_baselines(_winning(), "hawkes", "violent")
    # better CRPS but a worse Brier than one baseline: no
    rows = [
        *_winning()[:2],
        *[s if s.model != "surge" else dataclasses.replace(s, brier=0.05) for s in _winning()[2:]],
    ]
    assert not beats_baselines(rows)
    # averaged over horizons: a loss at one horizon can be made up at another
    rows = [
        s if (s.model, s.horizon) != ("hawkes", 2) else dataclasses.replace(s, crps=1.7) for s in _winning()
    ]
    assert beats_baselines(rows)  # mean 1.35 < 1.5 (10% skill)
    # under the minimum skill (2%): 1.48 vs 1.5 is 1.3%
    rows = [dataclasses.replace(s, crps=1.48) if s.model == "hawkes" else s for s in _winning()]
    assert not beats_baselines(rows)
    assert beats_baselines(rows, min_skill=0.01)
    # no baseline, another target, or horizons that differ: no
    assert not beats_baselines([s for s in _winning() if s.model == "hawkes"])
    assert not beats_baselines(_winning(), "hawkes", "fatalities")
    assert not beats_baselines([s for s in _winning() if (s.model, s.horizon) != ("mean", 2)])
    # with no target, every target in the scores must be won
    assert not beats_baselines(
        _winning()
        + [
            dataclasses.replace(s, target="fatalities", crps=9.0)
            if s.model == "hawkes"
            else dataclasses.replace(s, target="fatalities")
            for s in _winning()
        ]
    )


def test_forecast_all_every_model_and_horizon() -> None:
    weeks, violent, _ = _weekly_fixture()
    forecasts = forecast_all(violent, weeks[-1], dyad=DYAD)
    assert [(f.model, f.horizon) for f in forecasts] == [
        (m, h) for m in ("hawkes", "zero", "last", "mean", "bootstrap12", "surge") for h in (1, 2, 3, 4)
    ]
    expected_threshold = max(2 * violent[-4:].mean(), 3)
    for f in forecasts:
        assert (f.dyad, f.origin, f.target) == (DYAD, weeks[-1], "violent")
        assert f.threshold == pytest.approx(expected_threshold)
        levels = [q for q, _ in f.quantiles]
        values = [v for _, v in f.quantiles]
        assert levels == [0.025, 0.1, 0.5, 0.9, 0.975]
        assert values == sorted(values)
        assert 0.0 <= f.p_escalation <= 1.0
    zero = next(f for f in forecasts if f.model == "zero")
    assert (zero.mean, zero.p_escalation) == (0.0, 0.0)
    last = next(f for f in forecasts if f.model == "last")
    assert last.mean == violent[-1]
    assert forecasts == forecast_all(violent, weeks[-1], dyad=DYAD)  # deterministic


def _bursting(weeks: int = 160) -> tuple[list[dt.date], np.ndarray]:
    model = HawkesModel()
    model.mu, model.alpha, model.beta, model.dispersion = 0.5, 0.6, 0.2, 5.0
    y = model.simulate(weeks, np.random.default_rng(31)).astype(float)
    y[-6:] = [0, 0, 0, 0, 2, 10]  # a quiet month, then a jump
    start = dt.date(2022, 1, 3)
    return [start + dt.timedelta(weeks=i) for i in range(weeks)], y


def test_early_warning_names_the_incidents_that_drove_it() -> None:
    weeks, y = _bursting()
    incidents = {
        weeks[-1]: [
            ("inc-a", "Border posts shelled at Chaman", 2.0),
            ("inc-b", "Drone strike in Paktika", 1.0),
        ],
    }
    warning = early_warning(y, weeks, incidents, _winning(), dyad=DYAD)
    assert warning is not None
    assert warning.week == weeks[-1] + dt.timedelta(weeks=1)
    assert (warning.model, warning.dyad) == ("hawkes", DYAD)
    assert warning.probability >= default_settings().level
    assert warning.threshold == pytest.approx(max(2 * y[-4:].mean(), 3))
    drivers = warning.drivers
    assert drivers[0].incident_id == "inc-a"  # two thirds of the latest week's contribution
    assert drivers[0].contribution == pytest.approx(
        2 * next(d for d in drivers if d.incident_id == "inc-b").contribution
    )
    assert [d.contribution for d in drivers] == sorted((d.contribution for d in drivers), reverse=True)
    # the week before, with no incident known to the caller, is named by its count
    assert drivers[2].incident_id is None
    assert drivers[2].week == weeks[-2]
    assert drivers[2].description == f"2 in the week of {weeks[-2].isoformat()}"
    assert {d.incident_id for d in drivers[:2]} == {"inc-a", "inc-b"}
    assert sum(d.contribution for d in drivers[:2]) > 5.0  # alpha x 10 events, alpha near 0.6
    assert len(drivers) <= default_settings().max_drivers


def test_no_warning_without_a_track_record_or_without_risk() -> None:
    weeks, y = _bursting()
    losing = [dataclasses.replace(s, crps=2.0) if s.model == "hawkes" else s for s in _winning()]
    assert early_warning(y, weeks, {}, losing, dyad=DYAD) is None
    quiet = y.copy()
    quiet[-6:] = 0  # nothing lately: next week is unlikely to reach the minimum of 3
    assert early_warning(quiet, weeks, {}, _winning(), dyad=DYAD) is None
    with pytest.raises(ValueError, match="week starts"):
        early_warning(y, weeks[:-1], {}, _winning(), dyad=DYAD)


def test_constant_poisson_series_raises_no_warning() -> None:
    y = np.random.default_rng(17).poisson(4.0, 200).astype(float)
    weeks = [dt.date(2020, 1, 6) + dt.timedelta(weeks=i) for i in range(y.size)]
    y[-1] = 12  # even after a busy week
    scores = backtest(y, samples=200)
    assert early_warning(y, weeks, {}, scores, dyad=DYAD) is None


def test_weekly_fixture_backtest_both_targets() -> None:
    weeks, violent, dead = _weekly_fixture()
    scores = backtest(violent, target="violent", samples=200) + backtest(
        dead, target="fatalities", samples=200
    )
    assert {(s.target, s.model) for s in scores} == {
        (t, m)
        for t in ("violent", "fatalities")
        for m in ("hawkes", "zero", "last", "mean", "bootstrap12", "surge")
    }
    assert all(s.n == len(weeks) - 26 - (s.horizon - 1) for s in scores)
    hawkes = {(s.target, s.horizon): s for s in scores if s.model == "hawkes"}
    zero = {(s.target, s.horizon): s for s in scores if s.model == "zero"}
    for key, s in hawkes.items():
        assert s.crps < zero[key].crps
        assert 0.0 <= s.coverage80 <= s.coverage95 <= 1.0


def test_ucdp_import_aggregated_to_weeks() -> None:
    rows = list(FORMATS["ucdp"](FIXTURES / "interchange" / "ucdp_ged_sample.csv"))
    dated = [r for r in rows if r.category == "ASSAULT" and r.date_start is not None]
    assert dated
    weeks, violent = weekly_totals((r.date_start, 1.0) for r in dated if r.date_start is not None)
    _, dead = weekly_totals(
        (
            (r.date_start, fatality_count(r.fatalities_low or 0, r.fatalities_high or 0))
            for r in dated
            if r.date_start is not None
        ),
        first=weeks[0],
        last=weeks[-1],
    )
    assert all(w.weekday() == 0 for w in weeks)
    assert violent.sum() == len(dated)
    assert dead.sum() == sum(fatality_count(r.fatalities_low or 0, r.fatalities_high or 0) for r in dated)
    # too short for a backtest, but the models forecast from it
    forecasts = forecast_all(violent, weeks[-1], dyad=DYAD)
    assert len(forecasts) == 24
    assert all(f.origin == weeks[-1] for f in forecasts)


def test_weekly_totals_fills_the_gaps() -> None:
    days = [(dt.date(2025, 10, 8), 1.0), (dt.date(2025, 10, 9), 2.0), (dt.date(2025, 10, 29), 5.0)]
    weeks, totals = weekly_totals(days)
    assert weeks == [
        dt.date(2025, 10, 6),
        dt.date(2025, 10, 13),
        dt.date(2025, 10, 20),
        dt.date(2025, 10, 27),
    ]
    assert list(totals) == [3.0, 0.0, 0.0, 5.0]
    weeks, totals = weekly_totals(days, first=dt.date(2025, 10, 13), last=dt.date(2025, 11, 3))
    assert list(totals) == [0.0, 0.0, 5.0, 0.0]
