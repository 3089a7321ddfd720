"""The models: baselines as defined, the Hawkes fit recovers known parameters, samples are well formed."""

from __future__ import annotations

import numpy as np
import pytest

from flashpoint.warning.models import (
    Bootstrap12Model,
    HawkesModel,
    LastValueModel,
    MeanModel,
    SurgeRule,
    ZeroModel,
    all_models,
)


def _hawkes(mu: float, alpha: float, beta: float, r: float) -> HawkesModel:
    model = HawkesModel()
    model.mu, model.alpha, model.beta, model.dispersion = mu, alpha, beta, r
    return model


def test_zero_and_last_value() -> None:
    rng = np.random.default_rng(0)
    zero, last = ZeroModel(), LastValueModel()
    zero.fit([4, 5, 6])
    last.fit([4, 5, 6])
    assert np.array_equal(zero.sample(3, 5, rng), np.zeros((5, 3)))
    assert np.array_equal(last.sample(2, 4, rng), np.full((4, 2), 6))
    assert list(last.p_escalation(last.sample(2, 4, rng), 6.0)) == [1.0, 1.0]
    assert list(last.p_escalation(last.sample(2, 4, rng), 6.5)) == [0.0, 0.0]


def test_mean_is_poisson_around_the_historical_mean() -> None:
    model = MeanModel()
    model.fit([2, 4, 6, 8])  # mean 5
    draws = model.sample(4, 20000, np.random.default_rng(1))
    assert draws.mean() == pytest.approx(5.0, abs=0.05)
    assert draws.var() == pytest.approx(5.0, abs=0.2)


def test_bootstrap_draws_only_from_the_last_twelve_weeks() -> None:
    history = [100] * 10 + list(range(12))  # the 100s are older than 12 weeks
    model = Bootstrap12Model()
    model.fit(history)
    draws = model.sample(4, 5000, np.random.default_rng(2))
    assert set(np.unique(draws)) == set(range(12))


def test_surge_rule() -> None:
    rng = np.random.default_rng(0)
    rule = SurgeRule(factor=2.0, window=4, minimum=3)
    rule.fit([2, 2, 3, 1, 4])  # 4 >= 2 x mean(2, 2, 3, 1) = 4 and >= 3
    assert rule.flag()
    assert list(rule.p_escalation(rule.sample(4, 10, rng), 99.0)) == [1.0] * 4
    rule.fit([2, 2, 3, 1, 3])  # 3 < 4
    assert not rule.flag()
    rule.fit([0, 0, 1, 0, 2])  # twice the mean but under the minimum
    assert not rule.flag()
    assert list(rule.p_escalation(rule.sample(2, 10, rng), 0.0)) == [0.0, 0.0]
    assert np.array_equal(rule.sample(2, 3, rng), np.full((3, 2), 2))  # CRPS like the last value


def test_hawkes_recovers_known_parameters() -> None:
    truth = _hawkes(1.0, 0.4, 0.5, 5.0)
    y = truth.simulate(400, np.random.default_rng(11))
    fitted = HawkesModel()
    fitted.fit(y)
    assert fitted.alpha == pytest.approx(0.4, abs=0.1)
    assert fitted.beta == pytest.approx(0.5, abs=0.15)
    assert fitted.mu == pytest.approx(1.0, abs=0.4)
    assert fitted.branching == pytest.approx(0.8, abs=0.1)
    assert 2.0 < fitted.dispersion < 15.0


def test_hawkes_on_a_constant_poisson_series_has_no_excitation() -> None:
    y = np.random.default_rng(5).poisson(4.0, 400)
    model = HawkesModel()
    model.fit(y)
    assert model.branching < 0.1
    assert model.mu == pytest.approx(y.mean(), rel=0.1)
    assert model.dispersion > 50  # no over-dispersion: the negative binomial goes to Poisson


def test_hawkes_contributions_sum_to_the_intensity() -> None:
    model = _hawkes(0.5, 0.3, 0.5, 4.0)
    model.history = np.array([0, 2, 0, 4, 1], dtype=float)
    parts = model.contributions()
    assert [i for i, _ in parts] == [1, 3, 4]
    # week 4 is one week back: alpha * 1; week 3 two back: alpha * beta * 4; week 1: alpha * beta^3 * 2
    assert dict(parts)[4] == pytest.approx(0.3)
    assert dict(parts)[3] == pytest.approx(0.3 * 0.5 * 4)
    assert dict(parts)[1] == pytest.approx(0.3 * 0.125 * 2)
    assert model.mu + sum(c for _, c in parts) == pytest.approx(model.intensity())


def test_samples_are_non_negative_integers_of_the_right_shape() -> None:
    y = _hawkes(1.0, 0.4, 0.5, 5.0).simulate(60, np.random.default_rng(4))
    for model in all_models():
        model.fit(y)
        draws = model.sample(4, 50, np.random.default_rng(9))
        assert draws.shape == (50, 4), model.name
        assert np.issubdtype(draws.dtype, np.integer), model.name
        assert draws.min() >= 0, model.name
        p = model.p_escalation(draws, 5.0)
        assert p.shape == (4,)
        assert ((p >= 0) & (p <= 1)).all()


def test_hawkes_fit_and_samples_are_deterministic() -> None:
    y = _hawkes(1.0, 0.4, 0.5, 5.0).simulate(150, np.random.default_rng(8))
    a, b = HawkesModel(), HawkesModel()
    a.fit(y)
    b.fit(y)
    assert (a.mu, a.alpha, a.beta, a.dispersion) == (b.mu, b.alpha, b.beta, b.dispersion)
    assert np.array_equal(
        a.sample(4, 100, np.random.default_rng(1)), b.sample(4, 100, np.random.default_rng(1))
    )


def test_counts_must_be_non_negative() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        HawkesModel().fit([1, -1, 2])
