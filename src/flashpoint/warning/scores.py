"""Scores of probabilistic count forecasts, and the escalation rule they are scored on.

CRPS comes from :func:`scoringrules.crps_ensemble` (the quantile-decomposition estimator over the predictive
samples); the Brier score, average precision and interval coverage are a few lines each and written here
(scikit-learn's ``average_precision_score`` is the reference: the same step-wise sum over distinct scores).
"""

from __future__ import annotations

import numpy as np
import scoringrules as sr
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def escalation_threshold(history: ArrayLike, *, factor: float, window: int, minimum: float) -> float:
    """The count a week must reach to be an escalation, seen from the end of ``history``:
    ``max(factor x mean of the last window weeks, minimum)`` (ACLED's surge: 100% above the trailing mean)."""
    y = np.asarray(history, dtype=float)
    recent = y[-window:] if y.size else np.zeros(1)
    return float(max(factor * float(recent.mean()), minimum))


def crps(observed: ArrayLike, samples: ArrayLike, *, sorted_samples: bool = False) -> FloatArray:
    """CRPS of each forecast: ``observed`` has shape (m,), ``samples`` shape (m, n_samples) (each row sorted
    when ``sorted_samples``, which saves the sort)."""
    obs = np.asarray(observed, dtype=float)
    fct = np.asarray(samples, dtype=float)
    return np.asarray(sr.crps_ensemble(obs, fct, m_axis=-1, sorted_ensemble=sorted_samples), dtype=float)


def brier(probabilities: ArrayLike, events: ArrayLike) -> float:
    """Mean squared difference between the forecast probabilities and the 0/1 outcomes."""
    p = np.asarray(probabilities, dtype=float)
    e = np.asarray(events, dtype=float)
    if p.size == 0:
        return float("nan")
    return float(np.mean((p - e) ** 2))


def average_precision(scores: ArrayLike, events: ArrayLike) -> float | None:
    """Average precision of ranking by ``scores`` against the 0/1 ``events``: the sum over the distinct
    score thresholds, highest first, of (recall gained) x (precision at that threshold). Tied scores enter
    together, so a constant score gives the base rate. ``None`` when there is no positive event."""
    s = np.asarray(scores, dtype=float)
    e = np.asarray(events, dtype=bool)
    positives = int(e.sum())
    if positives == 0:
        return None
    order = np.argsort(-s, kind="mergesort")
    s, e = s[order], e[order]
    tp = np.cumsum(e)
    fp = np.cumsum(~e)
    # the last index of each run of equal scores: where a threshold takes in all of its ties
    last = np.r_[np.nonzero(np.diff(s))[0], s.size - 1]
    tp, fp = tp[last], fp[last]
    precision = tp / (tp + fp)
    recall = tp / positives
    gained = np.diff(np.r_[0.0, recall])
    return float(np.sum(gained * precision))


def central_interval(samples: ArrayLike, level: float) -> tuple[FloatArray, FloatArray]:
    """The ``level`` central interval of each row of samples (lower and upper quantiles, taken from the
    empirical distribution: values the samples hold)."""
    fct = np.asarray(samples, dtype=float)
    tail = (1.0 - level) / 2.0
    low = np.quantile(fct, tail, axis=-1, method="inverted_cdf")
    high = np.quantile(fct, 1.0 - tail, axis=-1, method="inverted_cdf")
    return np.asarray(low, dtype=float), np.asarray(high, dtype=float)


def sorted_interval(samples: ArrayLike, level: float) -> tuple[FloatArray, FloatArray]:
    """:func:`central_interval` of rows already sorted: the same values, read by position."""
    fct = np.asarray(samples, dtype=float)
    n = fct.shape[-1]
    tail = (1.0 - level) / 2.0
    # inverted_cdf: the smallest sample whose empirical CDF reaches q, i.e. position ceil(q n) - 1
    low = max(int(np.ceil(tail * n - 1e-9)) - 1, 0)
    high = min(max(int(np.ceil((1.0 - tail) * n - 1e-9)) - 1, 0), n - 1)
    return fct[..., low].astype(float), fct[..., high].astype(float)


def coverage(observed: ArrayLike, low: ArrayLike, high: ArrayLike) -> float:
    """Share of observations inside their interval, bounds included."""
    y = np.asarray(observed, dtype=float)
    if y.size == 0:
        return float("nan")
    inside = (y >= np.asarray(low, dtype=float)) & (y <= np.asarray(high, dtype=float))
    return float(np.mean(inside))
