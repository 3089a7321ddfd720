"""Forecasts for a dyad, and the warning a model may raise once it has beaten the baselines in backtest.

The rule (:func:`beats_baselines`): for one target, the model's CRPS and its Brier score, each averaged over
the horizons it was backtested on (every horizon weighing the same), must both improve on the same averages
of **every** baseline by at least ``min_skill`` (``warning.toml``: 2%), as a skill score
``1 - model / baseline``. A baseline with a perfect (zero) score cannot be beaten. The surge rule counts as a
baseline.

A warning (:func:`early_warning`) is raised for next week when the model passes that rule and its probability
that next week reaches the escalation threshold is at least ``level`` (``warning.toml``). Its drivers are the
recent weeks (the last ``lookback``) that add the most expected events to next week's intensity (the Hawkes
contributions ``alpha * beta^(k-1) * y_{t-k}``), each week's share split among its incidents in proportion
to the weights the caller gives them (e.g. 1 each for violent events, fatalities for the fatality target).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from flashpoint.dyad.records import BacktestScore, Driver, EarlyWarning, Forecast
from flashpoint.warning.backtest import threshold_rule
from flashpoint.warning.models import HawkesModel, Model, all_models, as_counts
from flashpoint.warning.settings import WarningSettings, default_settings

#: What the caller knows of each week's incidents: (incident id, description, weight).
IncidentsByWeek = Mapping[dt.date, Sequence[tuple[str | None, str, float]]]


def _averages(scores: Sequence[BacktestScore], target: str) -> dict[str, tuple[float, float, set[int]]]:
    by_model: dict[str, list[BacktestScore]] = {}
    for s in scores:
        if s.target == target and s.n > 0:
            by_model.setdefault(s.model, []).append(s)
    return {
        name: (
            float(np.mean([s.crps for s in rows])),
            float(np.mean([s.brier for s in rows])),
            {s.horizon for s in rows},
        )
        for name, rows in by_model.items()
    }


def _skill(model: float, baseline: float) -> float:
    if not (np.isfinite(model) and np.isfinite(baseline)) or baseline <= 0.0:
        return float("-inf")
    return 1.0 - model / baseline


def beats_baselines(
    scores: Sequence[BacktestScore],
    model: str = "hawkes",
    target: str | None = None,
    *,
    min_skill: float | None = None,
    settings: WarningSettings | None = None,
) -> bool:
    """Whether ``model`` beat every baseline in backtest (the rule in the module docstring). With no
    ``target``, it must do so for every target the scores hold. False when there is no baseline to beat or
    the model and a baseline were not scored on the same horizons."""
    st = settings or default_settings()
    margin = st.min_skill if min_skill is None else min_skill
    targets = [target] if target is not None else sorted({s.target for s in scores})
    if not targets:
        return False
    for tgt in targets:
        averages = _averages(scores, tgt)
        if model not in averages or len(averages) < 2:
            return False
        crps, brier, horizons = averages.pop(model)
        for base_crps, base_brier, base_horizons in averages.values():
            if base_horizons != horizons:
                return False
            if _skill(crps, base_crps) < margin or _skill(brier, base_brier) < margin:
                return False
    return True


def _summary(
    samples: np.ndarray, quantiles: Sequence[float]
) -> tuple[float, tuple[tuple[float, float], ...]]:
    values = np.quantile(samples.astype(float), list(quantiles), method="inverted_cdf")
    return float(samples.mean()), tuple((float(q), float(v)) for q, v in zip(quantiles, values, strict=True))


def forecast_all(
    series: ArrayLike,
    origin: dt.date,
    *,
    dyad: tuple[str, str],
    target: str = "violent",
    models: Sequence[Model] | None = None,
    settings: WarningSettings | None = None,
    seed: int | None = None,
) -> list[Forecast]:
    """The forecasts of every model (default: Hawkes and every baseline) for each horizon of ``warning.toml``,
    fit on the whole ``series`` whose last week starts on ``origin``."""
    st = settings or default_settings()
    y = as_counts(series)
    chosen = list(models) if models is not None else all_models(st, target)
    threshold = threshold_rule(st, target)(y)
    seed = st.seed if seed is None else seed
    longest = max(st.horizons)
    out = []
    for m, model in enumerate(chosen):
        model.fit(y)
        paths = model.sample(longest, st.samples, np.random.default_rng([seed, m, y.size]))
        p = model.p_escalation(paths, threshold)
        for h in st.horizons:
            mean, quantiles = _summary(paths[:, h - 1], st.quantiles)
            out.append(
                Forecast(
                    dyad=dyad,
                    target=target,
                    model=model.name,
                    origin=origin,
                    horizon=h,
                    mean=mean,
                    quantiles=quantiles,
                    p_escalation=float(p[h - 1]),
                    threshold=threshold,
                )
            )
    return out


def drivers(
    model: HawkesModel,
    week_starts: Sequence[dt.date],
    incidents_by_week: IncidentsByWeek,
    settings: WarningSettings | None = None,
) -> tuple[Driver, ...]:
    """The incidents (or, for a week the caller knows none of, the week) that add the most expected events to
    the week after the model's history; largest first."""
    st = settings or default_settings()
    y = model.history
    recent = [(i, c) for i, c in model.contributions() if i >= y.size - st.lookback]
    found: list[Driver] = []
    for i, contribution in recent:
        week = week_starts[i]
        incidents = list(incidents_by_week.get(week, ()))
        if not incidents:
            found.append(Driver(None, week, contribution, f"{y[i]:g} in the week of {week.isoformat()}"))
            continue
        weights = np.array([max(float(w), 0.0) for _, _, w in incidents])
        shares = weights / weights.sum() if weights.sum() > 0 else np.full(len(incidents), 1 / len(incidents))
        for (incident_id, description, _), share in zip(incidents, shares, strict=True):
            found.append(Driver(incident_id, week, float(contribution * share), description))
    found = [d for d in found if d.contribution >= st.min_contribution]
    found.sort(key=lambda d: (-d.contribution, -d.week.toordinal(), d.incident_id or ""))
    return tuple(found[: st.max_drivers])


def early_warning(
    series: ArrayLike,
    week_starts: Sequence[dt.date],
    incidents_by_week: IncidentsByWeek,
    scores: Sequence[BacktestScore],
    *,
    dyad: tuple[str, str],
    target: str = "violent",
    settings: WarningSettings | None = None,
    seed: int | None = None,
) -> EarlyWarning | None:
    """A warning about the week after ``series`` (its weeks start on ``week_starts``), or ``None`` when the
    Hawkes model did not beat the baselines in ``scores`` for ``target`` or gives escalation a probability
    under ``level``."""
    st = settings or default_settings()
    y = as_counts(series)
    if len(week_starts) != y.size:
        raise ValueError(f"{len(week_starts)} week starts for {y.size} weeks")
    if y.size == 0 or not beats_baselines(scores, "hawkes", target, settings=st):
        return None
    model = HawkesModel(st)
    model.fit(y)
    threshold = threshold_rule(st, target)(y)
    rng = np.random.default_rng([st.seed if seed is None else seed, 0, y.size])
    probability = float(model.p_escalation(model.sample(1, st.samples, rng), threshold)[0])
    if probability < st.level:
        return None
    return EarlyWarning(
        dyad=dyad,
        week=week_starts[-1] + dt.timedelta(weeks=1),
        model=model.name,
        probability=probability,
        threshold=threshold,
        drivers=drivers(model, week_starts, incidents_by_week, st),
    )
