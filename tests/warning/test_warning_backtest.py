"""Rolling-origin backtests: Hawkes wins where the data are self-exciting, not where they are not."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from flashpoint.dyad.records import BacktestScore, Series, SeriesPoint
from flashpoint.warning.backtest import backtest, backtest_series, score_table
from flashpoint.warning.models import HawkesModel, LastValueModel, ZeroModel
from flashpoint.warning.settings import default_settings
from flashpoint.warning.warn import beats_baselines


def _series(mu: float, alpha: float, beta: float, r: float, weeks: int, seed: int) -> np.ndarray:
    model = HawkesModel()
    model.mu, model.alpha, model.beta, model.dispersion = mu, alpha, beta, r
    return model.simulate(weeks, np.random.default_rng(seed))


@pytest.fixture(scope="module")
def exciting() -> list[BacktestScore]:
    y = _series(1.0, 0.4, 0.5, 5.0, 300, seed=21)
    return backtest(y, samples=300)


def _by(scores: list[BacktestScore]) -> dict[tuple[str, int], BacktestScore]:
    return {(s.model, s.horizon): s for s in scores}


def test_one_score_per_model_and_horizon(exciting: list[BacktestScore]) -> None:
    assert [(s.model, s.horizon) for s in exciting] == [
        (m, h) for m in ("hawkes", "zero", "last", "mean", "bootstrap12", "surge") for h in (1, 2, 3, 4)
    ]
    table = _by(exciting)
    assert table[("hawkes", 1)].n == 300 - 26
    assert table[("hawkes", 4)].n == 300 - 26 - 3
    assert all(s.target == "violent" for s in exciting)


def test_hawkes_ranks_ahead_of_zero_last_and_mean(exciting: list[BacktestScore]) -> None:
    table = _by(exciting)
    for h in (1, 2, 3, 4):
        hawkes = table[("hawkes", h)].crps
        for baseline in ("zero", "last", "mean"):
            assert hawkes < table[(baseline, h)].crps, (baseline, h)
    assert beats_baselines(exciting, "hawkes", "violent")


def test_hawkes_intervals_are_calibrated(exciting: list[BacktestScore]) -> None:
    for s in exciting:
        if s.model == "hawkes":
            assert 0.7 <= s.coverage80 <= 0.95
            assert 0.88 <= s.coverage95 <= 1.0


def test_point_forecasts_score_as_defined(exciting: list[BacktestScore]) -> None:
    table = _by(exciting)
    zero = table[("zero", 1)]
    # the zero model never gives escalation any probability: AP is the base rate, Brier the event rate
    assert zero.average_precision is not None
    assert zero.brier == pytest.approx(zero.average_precision)
    # the surge rule forecasts the last value: same CRPS and intervals
    for h in (1, 2, 3, 4):
        assert table[("surge", h)].crps == table[("last", h)].crps
        assert table[("surge", h)].coverage80 == table[("last", h)].coverage80


def test_backtest_by_hand() -> None:
    y = np.array([2, 2, 2, 2, 8, 2, 0], dtype=float)
    scores = backtest(y, [ZeroModel(), LastValueModel()], horizons=(1,), min_train=4, samples=5)
    zero, last = scores
    # origins 4, 5, 6 forecast 8, 2, 0; thresholds max(2 x mean of the 4 weeks before, 3) = 4, 7, 7
    assert zero.n == last.n == 3
    assert zero.crps == pytest.approx((8 + 2 + 0) / 3)
    assert last.crps == pytest.approx((6 + 6 + 2) / 3)  # last values 2, 8, 2
    assert zero.brier == pytest.approx(1 / 3)  # one escalation (8 >= 4), forecast probability 0
    # last value: p = 1 at origin 5 (8 >= 7) where nothing happened, 0 at origin 4 where it did
    assert last.brier == pytest.approx(2 / 3)
    assert last.average_precision == pytest.approx(1 / 3)  # all ranked after the false alarm: tie at 0
    assert last.coverage80 == 0.0
    assert zero.coverage95 == pytest.approx(1 / 3)


def test_same_seed_same_numbers() -> None:
    y = _series(0.8, 0.3, 0.6, 3.0, 120, seed=2)
    a = backtest(y, samples=200, seed=7)
    b = backtest(y, samples=200, seed=7)
    assert [dataclasses.astuple(s) for s in a] == [dataclasses.astuple(s) for s in b]
    c = backtest(y, samples=200, seed=8)
    assert [s.crps for s in a] != [s.crps for s in c]


def test_constant_poisson_series_is_no_win() -> None:
    y = np.random.default_rng(13).poisson(4.0, 300)
    scores = backtest(y, samples=300)
    table = _by(scores)
    for h in (1, 2, 3, 4):  # close to the mean model, not much better
        assert table[("hawkes", h)].crps > 0.97 * table[("mean", h)].crps
    assert not beats_baselines(scores, "hawkes", "violent")


def test_score_table_lists_every_row(exciting: list[BacktestScore]) -> None:
    lines = score_table(exciting).splitlines()
    assert len(lines) == len(exciting) + 1
    assert lines[1].split()[:3] == ["violent", "hawkes", "1"]


def test_too_short_a_series_has_no_score() -> None:
    scores = backtest([1, 2, 3], samples=10)
    assert {s.n for s in scores} == {0}
    assert not beats_baselines(scores)


def test_backtest_of_a_dyad_series_record() -> None:
    start = dt.date(2024, 1, 1)
    y = _series(0.8, 0.3, 0.6, 3.0, 40, seed=5)
    points = tuple(
        SeriesPoint(start + dt.timedelta(weeks=i), (("ASSAULT", int(v)),), int(v), int(v), 3 * int(v), None)
        for i, v in enumerate(y)
    )
    scores = backtest_series(Series(("AFG", "PAK"), "week", points), settings=default_settings())
    assert {s.target for s in scores} == {"violent", "fatalities"}
    direct = backtest(y, target="violent")
    assert [s for s in scores if s.target == "violent"] == direct
    fatalities = backtest(2 * y, target="fatalities")  # mid of (v, 3v)
    assert [s for s in scores if s.target == "fatalities"] == fatalities
    with pytest.raises(ValueError, match="weekly"):
        backtest_series(Series(("AFG", "PAK"), "day", points))
