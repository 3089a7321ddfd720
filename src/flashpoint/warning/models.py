"""Forecast models of a weekly count series: a self-exciting (Hawkes-type) count model and its baselines.

Every model follows :class:`Model`: ``fit(history)`` on the weekly counts up to the forecast origin,
``observe(history)`` to move to a later origin without re-estimating (the backtest re-estimates the Hawkes
model every few weeks only), ``sample(horizon, n, rng)`` for predictive samples (non-negative integers, shape
``(n, horizon)``), and ``p_escalation(samples, threshold)`` for the probability that each forecast week
reaches the escalation threshold (the share of samples at or above it).

The models:

* :class:`HawkesModel` (``"hawkes"``): a discrete-time self-exciting count model. Week ``t``'s count is
  negative binomial with mean ``lambda_t = mu + alpha * sum_{k>=1} beta^(k-1) y_{t-k}`` (an exponential
  kernel: each event raises the next week's expected count by ``alpha``, decaying by ``beta`` a week) and
  size ``r`` (variance ``lambda + lambda^2 / r``). Negative binomial rather than Poisson noise because
  conflict counts are over-dispersed even given their past (one week's clashes come in bursts, and fatalities
  far more so); a large ``r`` gives back Poisson when the data are not. The branching ratio
  ``alpha / (1 - beta)`` is kept below 1 (stationary). Fit: maximum likelihood, conditional on the first week,
  with an analytic gradient, by bounded SLSQP (``scipy.optimize.minimize``; faster here than L-BFGS-B for the
  same optimum) from fixed starts, the best kept (deterministic); forecast: forward simulation.
* :class:`ZeroModel` (``"zero"``): always zero.
* :class:`LastValueModel` (``"last"``): the last observed week, for every horizon (a point mass).
* :class:`MeanModel` (``"mean"``): Poisson around the mean of the whole history: the memoryless,
  not over-dispersed null. (The empirical distribution is what :class:`Bootstrap12Model` gives, on a short
  window.)
* :class:`Bootstrap12Model` (``"bootstrap12"``): each forecast week drawn independently, uniformly, from the
  last 12 observed weeks.
* :class:`SurgeRule` (``"surge"``): ACLED's surge flag, a binary rule: the last week is at least ``factor``
  times the mean of the ``window`` weeks before it and at least the target's minimum count. Its
  ``p_escalation`` is 1 when the flag is up and 0 when not, for every horizon; for CRPS and intervals it
  forecasts the last value (a point mass), like :class:`LastValueModel`.

Fatalities use the same models on the weekly fatality series (the mid of each week's range: see
:func:`flashpoint.warning.series.target_values`).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize
from scipy.signal import lfilter
from scipy.special import digamma, gammaln

from flashpoint.warning.settings import WarningSettings, default_settings

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


class Model(Protocol):
    """A forecast model of a weekly count series (see the module docstring)."""

    name: str

    def fit(self, history: ArrayLike) -> None:
        """Estimate the model on the weekly counts up to the origin (oldest first)."""

    def observe(self, history: ArrayLike) -> None:
        """Move to the origin at the end of ``history`` keeping the estimated parameters."""

    def sample(self, horizon: int, n: int, rng: np.random.Generator) -> IntArray:
        """``n`` predictive paths of the next ``horizon`` weeks: shape ``(n, horizon)``, integers >= 0."""
        ...

    def p_escalation(self, samples: IntArray, threshold: float) -> FloatArray:
        """Probability, per forecast week, that the count reaches ``threshold``: shape ``(horizon,)``."""
        ...


def as_counts(history: ArrayLike) -> FloatArray:
    """A weekly count series as a 1-D float array; negative or non-finite values are refused."""
    y = np.asarray(history, dtype=float).reshape(-1)
    if not np.all(np.isfinite(y)) or np.any(y < 0):
        raise ValueError("a count series must be finite and non-negative")
    return y


class _Base:
    """What the models share: the history they condition on and escalation by the share of samples."""

    name = "base"

    def __init__(self) -> None:
        self.history: FloatArray = np.zeros(0)

    def fit(self, history: ArrayLike) -> None:
        self.history = as_counts(history)

    def observe(self, history: ArrayLike) -> None:
        self.fit(history)

    def p_escalation(self, samples: IntArray, threshold: float) -> FloatArray:
        return np.asarray(np.mean(np.asarray(samples) >= threshold, axis=0), dtype=float)


class ZeroModel(_Base):
    """Always zero events."""

    name = "zero"

    def sample(self, horizon: int, n: int, rng: np.random.Generator) -> IntArray:  # noqa: ARG002
        return np.zeros((n, horizon), dtype=np.int64)


class LastValueModel(_Base):
    """The last observed week, repeated (a point mass); zero before any history."""

    name = "last"

    def sample(self, horizon: int, n: int, rng: np.random.Generator) -> IntArray:  # noqa: ARG002
        last = int(np.rint(self.history[-1])) if self.history.size else 0
        return np.full((n, horizon), last, dtype=np.int64)


class MeanModel(_Base):
    """Poisson around the mean of the whole history."""

    name = "mean"

    def sample(self, horizon: int, n: int, rng: np.random.Generator) -> IntArray:
        mean = float(self.history.mean()) if self.history.size else 0.0
        return rng.poisson(mean, size=(n, horizon)).astype(np.int64)


class Bootstrap12Model(_Base):
    """Each week drawn uniformly from the last ``window`` (12) observed weeks."""

    name = "bootstrap12"

    def __init__(self, window: int = 12) -> None:
        super().__init__()
        self.window = window

    def sample(self, horizon: int, n: int, rng: np.random.Generator) -> IntArray:
        recent = np.round(self.history[-self.window :]).astype(np.int64)
        if recent.size == 0:
            return np.zeros((n, horizon), dtype=np.int64)
        return rng.choice(recent, size=(n, horizon), replace=True)


class SurgeRule(_Base):
    """ACLED-style surge flag: last week >= ``factor`` x the mean of the ``window`` weeks before it, and
    >= ``minimum``. Escalation probability 0 or 1; samples are the last value (see the module docstring)."""

    name = "surge"

    def __init__(self, factor: float = 2.0, window: int = 4, minimum: float = 3.0) -> None:
        super().__init__()
        self.factor, self.window, self.minimum = factor, window, minimum

    def flag(self) -> bool:
        """Whether the last observed week is a surge."""
        y = self.history
        if y.size < 2:
            return False
        before = y[-1 - self.window : -1]
        return bool(y[-1] >= self.minimum and y[-1] >= self.factor * before.mean())

    def sample(self, horizon: int, n: int, rng: np.random.Generator) -> IntArray:  # noqa: ARG002
        last = int(np.rint(self.history[-1])) if self.history.size else 0
        return np.full((n, horizon), last, dtype=np.int64)

    def p_escalation(self, samples: IntArray, threshold: float) -> FloatArray:  # noqa: ARG002
        return np.full(np.asarray(samples).shape[1], 1.0 if self.flag() else 0.0)


def _excitation(y: FloatArray, beta: float) -> FloatArray:
    """``S_t = sum_{k>=1} beta^(k-1) y_{t-k}`` for t = 0..len(y) (one more than y: the next week)."""
    return np.asarray(lfilter([0.0, 1.0], [1.0, -beta], np.r_[y, 0.0]), dtype=float)


def _nll(theta: FloatArray, y: FloatArray) -> tuple[float, FloatArray]:
    """Negative log-likelihood per week (without the constant log y!) and its gradient, for
    theta = (mu, branching ratio n, beta, log r); alpha = n (1 - beta)."""
    mu, n, beta, log_r = (float(v) for v in theta)
    r = float(np.exp(log_r))
    alpha = n * (1.0 - beta)
    s = _excitation(y, beta)[:-1]
    d = np.asarray(lfilter([0.0, 1.0], [1.0, -beta], s), dtype=float)  # dS/dbeta
    lam = mu + alpha * s
    rl = r + lam
    ll = gammaln(y + r) - gammaln(r) + r * np.log(r / rl) + y * np.log(lam / rl)
    dlam = y / lam - (r + y) / rl
    dr = digamma(y + r) - digamma(r) + np.log(r / rl) + 1.0 - (r + y) / rl
    size = float(y.size)
    grad = -np.array(
        [
            dlam.sum(),
            (dlam * (1.0 - beta) * s).sum(),
            (dlam * (-n * s + alpha * d)).sum(),
            (dr * r).sum(),
        ]
    )
    return float(-ll.sum() / size), grad / size


class HawkesModel(_Base):
    """Weekly self-exciting count model with an exponential kernel and negative-binomial noise."""

    name = "hawkes"

    def __init__(self, settings: WarningSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or default_settings()
        self.mu = 0.0
        self.alpha = 0.0
        self.beta = 0.5
        self.dispersion = self.settings.dispersion_bounds[1]
        self.loglik = 0.0
        self._previous: FloatArray | None = None
        self._fitted_on: FloatArray = np.zeros(0)

    @property
    def branching(self) -> float:
        """alpha / (1 - beta): expected events each event triggers, over all later weeks."""
        return self.alpha / (1.0 - self.beta)

    def fit(self, history: ArrayLike) -> None:
        """Maximum likelihood from the fixed starts of ``warning.toml``, the best optimum kept. When the model
        was last fit on a shorter prefix of the same series (a rolling-origin backtest), the one start is the
        previous optimum: the likelihood moves little with a few more weeks, and this keeps the backtest fast
        (and still deterministic: the same series gives the same sequence of fits)."""
        y = as_counts(history)
        self.history = y
        st = self.settings
        mean = float(y.mean()) if y.size else 0.0
        if y.size < 3 or np.count_nonzero(y) < 2:
            self.mu, self.alpha, self.beta = max(mean, 1e-6), 0.0, 0.5
            self.dispersion = st.dispersion_bounds[1]
            self.loglik = 0.0
            self._previous = None
            return
        r_low, r_high = st.dispersion_bounds
        bounds = [
            (1e-6, max(float(y.max()), 1e-3)),
            (0.0, st.max_branching),
            st.beta_bounds,
            (float(np.log(r_low)), float(np.log(r_high))),
        ]
        var = float(y.var())
        r0 = mean**2 / (var - mean) if var > mean else r_high
        r0 = float(np.clip(r0, r_low, r_high))
        previous = self._previous
        fitted = self._fitted_on
        if previous is not None and fitted.size < y.size and np.array_equal(fitted, y[: fitted.size]):
            # a re-estimation on a longer stretch of the same series (the backtest): from the last optimum
            starts = [previous]
        else:
            starts = [
                np.array([max(mean * (1.0 - nb), 1e-3), nb, b, np.log(r0)]) for nb, b in st.hawkes_starts
            ]
        best: tuple[float, FloatArray] | None = None
        for x0 in starts:
            x0 = np.array([np.clip(v, lo, hi) for v, (lo, hi) in zip(x0, bounds, strict=True)])
            res = minimize(
                _nll,
                x0,
                args=(y,),
                jac=True,
                method="SLSQP",
                bounds=bounds,
                options={"ftol": 1e-10, "maxiter": 200},
            )
            value = float(res.fun)
            if np.isfinite(value) and (best is None or value < best[0]):
                best = (value, np.asarray(res.x, dtype=float))
        if best is None:  # pragma: no cover - every start failed: fall back to the mean
            self.mu, self.alpha, self.beta = max(mean, 1e-6), 0.0, 0.5
            return
        mu, nb, beta, log_r = (float(v) for v in best[1])
        self._previous = best[1]
        self._fitted_on = y
        self.mu, self.beta = mu, beta
        self.alpha = nb * (1.0 - beta)
        self.dispersion = float(np.exp(log_r))
        self.loglik = -best[0] * y.size

    def observe(self, history: ArrayLike) -> None:
        """Condition on a longer history, keeping the parameters (fit first if never fitted)."""
        if self.history.size == 0 and self.mu == 0.0:
            self.fit(history)
        else:
            self.history = as_counts(history)

    def intensity(self) -> float:
        """Expected count of the week after the history."""
        return self.mu + self.alpha * float(_excitation(self.history, self.beta)[-1])

    def contributions(self, history: ArrayLike | None = None) -> list[tuple[int, float]]:
        """``(week index, expected events it adds to the next week)`` for every past week with events,
        oldest first: week ``t-k`` adds ``alpha * beta^(k-1) * y_{t-k}``. With ``mu`` they sum to the
        intensity."""
        y = self.history if history is None else as_counts(history)
        t = y.size
        out = []
        for i in np.nonzero(y)[0]:
            k = t - int(i)
            out.append((int(i), float(self.alpha * self.beta ** (k - 1) * y[i])))
        return out

    def sample(self, horizon: int, n: int, rng: np.random.Generator) -> IntArray:
        s = np.full(n, float(_excitation(self.history, self.beta)[-1]))
        r = self.dispersion
        out = np.zeros((n, horizon), dtype=np.int64)
        for h in range(horizon):
            lam = np.maximum(self.mu + self.alpha * s, 1e-12)
            draw = rng.negative_binomial(r, r / (r + lam))
            out[:, h] = draw
            s = draw + self.beta * s
        return out

    def simulate(self, weeks: int, rng: np.random.Generator) -> IntArray:
        """A path of ``weeks`` weeks from the model's parameters, starting from no history."""
        saved = self.history
        self.history = np.zeros(0)
        path: IntArray = self.sample(weeks, 1, rng)[0]
        self.history = saved
        return path


def baselines(settings: WarningSettings | None = None, target: str = "violent") -> list[Model]:
    """The five baselines, the surge rule set from the escalation settings of ``target``."""
    st = settings or default_settings()
    return [
        ZeroModel(),
        LastValueModel(),
        MeanModel(),
        Bootstrap12Model(),
        SurgeRule(st.escalation_factor, st.escalation_window, st.minimum(target)),
    ]


def all_models(settings: WarningSettings | None = None, target: str = "violent") -> list[Model]:
    """The Hawkes model, then every baseline."""
    st = settings or default_settings()
    return [HawkesModel(st), *baselines(st, target)]
