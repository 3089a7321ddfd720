"""Rolling-origin evaluation of the forecast models on a weekly count series.

For each origin ``t`` (from ``min_train`` on, every ``step`` weeks; the window expands), every model is fit on
``y[:t]`` and forecasts weeks ``t .. t+h-1``. The Hawkes model is re-estimated every ``refit`` origins only
(``warning.toml``: 4); in between it keeps its parameters and conditions on the newer weeks (``observe``).
The baselines are cheap and re-fit at every origin. Each (model, origin) draws its samples from its own
generator seeded by ``(seed, model position, origin)``, so the numbers do not depend on the order of the
work: same series and seed, same scores.

Scores per model and horizon, over the origins whose target week is observed:

* CRPS of the predictive samples (:func:`scoringrules.crps_ensemble`), mean over origins;
* Brier score of the escalation event: the target week's count reaches the threshold set at the origin,
  ``max(factor x mean of the last window weeks, min_count)`` (``warning.toml`` ``[escalation]``);
* average precision of ``p_escalation`` ranking those events (``None`` if none happened);
* coverage of the 80% and 95% central intervals of the samples (bounds included; the intervals of a point
  forecast, zero, last value or the surge rule, hold one value, so they cover only exact hits).

A series no longer than ``min_train`` has no origin: every score has ``n = 0`` and NaN figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from flashpoint.dyad.records import BacktestScore, Series
from flashpoint.warning.models import FloatArray, Model, all_models, as_counts
from flashpoint.warning.scores import (
    average_precision,
    brier,
    coverage,
    crps,
    escalation_threshold,
    sorted_interval,
)
from flashpoint.warning.series import target_values
from flashpoint.warning.settings import TARGETS, WarningSettings, default_settings

ThresholdRule = Callable[[FloatArray], float]


def threshold_rule(settings: WarningSettings | None = None, target: str = "violent") -> ThresholdRule:
    """The escalation threshold of ``target`` as a function of the history up to the origin."""
    st = settings or default_settings()
    minimum = float(st.minimum(target))

    def rule(history: FloatArray) -> float:
        return escalation_threshold(
            history, factor=st.escalation_factor, window=st.escalation_window, minimum=minimum
        )

    return rule


@dataclass
class _Tally:
    """What one model's forecasts at one horizon gathered over the origins."""

    crps: list[float] = field(default_factory=list)
    prob: list[float] = field(default_factory=list)
    event: list[bool] = field(default_factory=list)
    in80: list[bool] = field(default_factory=list)
    in95: list[bool] = field(default_factory=list)


def backtest(
    series: ArrayLike,
    models: Sequence[Model] | None = None,
    *,
    target: str = "violent",
    horizons: Sequence[int] | None = None,
    min_train: int | None = None,
    step: int | None = None,
    refit: int | None = None,
    threshold: ThresholdRule | None = None,
    samples: int | None = None,
    seed: int | None = None,
    settings: WarningSettings | None = None,
) -> list[BacktestScore]:
    """Rolling-origin scores of every model at every horizon (model order, then horizon order).
    Unset arguments come from ``warning.toml``; ``models`` defaults to Hawkes and every baseline."""
    st = settings or default_settings()
    y = as_counts(series)
    models = list(models) if models is not None else all_models(st, target)
    horizons = tuple(horizons or st.horizons)
    min_train = st.min_train if min_train is None else min_train
    step = step or st.step
    refit = refit or st.refit
    rule = threshold or threshold_rule(st, target)
    n_samples = samples or st.samples
    seed = st.seed if seed is None else seed
    if min_train < 1:
        raise ValueError("min_train must be >= 1")
    longest = max(horizons)
    tallies = {(m, h): _Tally() for m in range(len(models)) for h in horizons}
    columns = np.asarray(horizons) - 1
    for count, t in enumerate(range(min_train, y.size, step)):
        history = y[:t]
        limit = threshold_rule_value = rule(history)
        available = [i for i, h in enumerate(horizons) if t + h - 1 < y.size]
        observed = y[t + columns[available]]
        events = observed >= threshold_rule_value
        for m, model in enumerate(models):
            if count % refit == 0:
                model.fit(history)
            else:
                model.observe(history)
            rng = np.random.default_rng([seed, m, t])
            paths = model.sample(longest, n_samples, rng)
            chosen = np.sort(paths[:, columns[available]].T, axis=1)
            p = model.p_escalation(paths, limit)[columns[available]]
            scores = crps(observed, chosen, sorted_samples=True)
            lo80, hi80 = sorted_interval(chosen, 0.8)
            lo95, hi95 = sorted_interval(chosen, 0.95)
            for j, i in enumerate(available):
                tally = tallies[(m, horizons[i])]
                tally.crps.append(float(scores[j]))
                tally.prob.append(float(p[j]))
                tally.event.append(bool(events[j]))
                tally.in80.append(bool(lo80[j] <= observed[j] <= hi80[j]))
                tally.in95.append(bool(lo95[j] <= observed[j] <= hi95[j]))
    out = []
    for m, model in enumerate(models):
        for h in horizons:
            tally = tallies[(m, h)]
            out.append(
                BacktestScore(
                    model=model.name,
                    target=target,
                    horizon=h,
                    n=len(tally.crps),
                    crps=float(np.mean(tally.crps)) if tally.crps else float("nan"),
                    brier=brier(tally.prob, tally.event),
                    average_precision=average_precision(tally.prob, tally.event),
                    coverage80=coverage(np.asarray(tally.in80, dtype=float), 1.0, 1.0),
                    coverage95=coverage(np.asarray(tally.in95, dtype=float), 1.0, 1.0),
                )
            )
    return out


def backtest_series(
    series: Series,
    targets: Sequence[str] = TARGETS,
    *,
    settings: WarningSettings | None = None,
    seed: int | None = None,
) -> list[BacktestScore]:
    """:func:`backtest` of Hawkes and every baseline on each target of a dyad's weekly series."""
    if series.freq != "week":
        raise ValueError(f"the backtest needs a weekly series, not {series.freq!r}")
    out: list[BacktestScore] = []
    for target in targets:
        out += backtest(target_values(series, target), target=target, settings=settings, seed=seed)
    return out


def score_table(scores: Sequence[BacktestScore]) -> str:
    """The scores as a plain-text table (one line per model, target and horizon)."""
    head = (
        f"{'target':<11}{'model':<12}{'h':>2}{'n':>6}{'CRPS':>9}{'Brier':>8}{'AP':>7}{'cov80':>7}{'cov95':>7}"
    )
    lines = [head]
    for s in scores:
        ap = "-" if s.average_precision is None else f"{s.average_precision:.3f}"
        lines.append(
            f"{s.target:<11}{s.model:<12}{s.horizon:>2}{s.n:>6}{s.crps:>9.3f}{s.brier:>8.4f}{ap:>7}"
            f"{s.coverage80:>7.3f}{s.coverage95:>7.3f}"
        )
    return "\n".join(lines)
