"""Scores on cases small enough to compute by hand."""

from __future__ import annotations

import numpy as np
import pytest

from flashpoint.warning.scores import (
    average_precision,
    brier,
    central_interval,
    coverage,
    crps,
    escalation_threshold,
    sorted_interval,
)


def test_brier_by_hand() -> None:
    # (0.9-1)^2 + (0.2-0)^2 + (0.5-1)^2 + (0-0)^2 = 0.01 + 0.04 + 0.25 + 0 -> / 4
    assert brier([0.9, 0.2, 0.5, 0.0], [1, 0, 1, 0]) == pytest.approx(0.075)
    assert brier([1.0, 0.0], [1, 0]) == 0.0


def test_average_precision_by_hand() -> None:
    # ranked: 0.9 (+), 0.8 (-), 0.4 (+), 0.1 (-): precision at the positives 1/1 and 2/3 -> (1 + 2/3) / 2
    assert average_precision([0.9, 0.8, 0.4, 0.1], [1, 0, 1, 0]) == pytest.approx(5 / 6)
    # a perfect ranking
    assert average_precision([0.3, 0.9, 0.1], [0, 1, 0]) == pytest.approx(1.0)
    # tied scores enter together: a constant score gives the base rate
    assert average_precision([0.5, 0.5, 0.5, 0.5], [1, 0, 0, 0]) == pytest.approx(0.25)
    # ties at the top: {0.9, 0.9} holds one positive of two, then 0.2 the other -> 0.5*0.5 + 0.5*(2/3)
    assert average_precision([0.9, 0.9, 0.2], [1, 0, 1]) == pytest.approx(0.5 * 0.5 + 0.5 * 2 / 3)


def test_average_precision_without_events_is_none() -> None:
    assert average_precision([0.1, 0.7], [0, 0]) is None


def test_coverage_and_intervals() -> None:
    assert coverage([1, 5, 3], [0, 0, 4], [2, 4, 6]) == pytest.approx(1 / 3)
    samples = np.arange(1, 101, dtype=float)[None, :]  # 1..100
    low, high = central_interval(samples, 0.8)
    assert (low[0], high[0]) == (10.0, 90.0)
    low, high = central_interval(samples, 0.95)
    assert (low[0], high[0]) == (3.0, 98.0)


def test_sorted_interval_matches_the_quantiles() -> None:
    rng = np.random.default_rng(3)
    rows = np.sort(rng.poisson(4.0, size=(7, 333)).astype(float), axis=1)
    for level in (0.8, 0.95, 0.5):
        a, b = sorted_interval(rows, level)
        c, d = central_interval(rows, level)
        assert np.array_equal(a, c)
        assert np.array_equal(b, d)


def test_crps_of_a_point_mass_is_the_absolute_error() -> None:
    values = crps([3.0, 0.0], [[5.0, 5.0, 5.0], [0.0, 0.0, 0.0]])
    assert values == pytest.approx([2.0, 0.0])
    # a two-point ensemble {0, 2} and y = 1: E|X-y| - E|X-X'|/2 = 1 - 0.5 = 0.5
    assert crps([1.0], [[0.0, 2.0]])[0] == pytest.approx(0.5)


def test_escalation_threshold() -> None:
    assert escalation_threshold([9, 1, 2, 3, 2], factor=2.0, window=4, minimum=3) == pytest.approx(4.0)
    assert escalation_threshold([0, 0, 1, 0], factor=2.0, window=4, minimum=3) == 3.0
