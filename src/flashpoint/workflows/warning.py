"""Early-warning use cases over the store: backtest a dyad's weekly history, forecast it 1–4 weeks ahead
against the baselines, and raise a warning (with its driving incidents) only when the model beat them all."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from flashpoint.corpus.store import Store
from flashpoint.dyad.records import BacktestScore, EarlyWarning, Forecast, Series
from flashpoint.dyad.timeline import in_dyad, period_start
from flashpoint.errors import ConfigError
from flashpoint.workflows.dyad import load_dyad, series


@dataclass(frozen=True, slots=True)
class Outlook:
    """What ``flashpoint forecast`` shows: the weekly series, every model's forecasts, the backtest that
    decides whether the model may warn, whether it beat the baselines per target, and the warnings."""

    series: Series
    forecasts: tuple[Forecast, ...]
    scores: tuple[BacktestScore, ...]
    beats: dict[str, bool]
    warnings: tuple[EarlyWarning, ...]


def weekly(store: Store, dyad: tuple[str, str], until: dt.date | None = None) -> Series:
    """The dyad's weekly series up to the week of ``until`` (default: its last incident)."""
    s = series(store, dyad, freq="week", until=until)
    if not s.points:
        raise ConfigError(f"no dated incidents for {'-'.join(dyad)} in the store: nothing to model")
    return s


def backtest(
    store: Store,
    dyad: tuple[str, str],
    targets: Sequence[str] = ("violent", "fatalities"),
    seed: int | None = None,
) -> tuple[Series, list[BacktestScore]]:
    from flashpoint.warning import backtest_series

    s = weekly(store, dyad)
    return s, backtest_series(s, targets, seed=seed)


def outlook(
    store: Store, dyad: tuple[str, str], as_of: dt.date | None = None, seed: int | None = None
) -> Outlook:
    from flashpoint.warning import (
        backtest_series,
        beats_baselines,
        early_warning,
        forecast_all,
        target_values,
    )
    from flashpoint.warning import week_starts as starts_of

    until = period_start(as_of, "week") - dt.timedelta(days=1) if as_of else None  # the last complete week
    s = weekly(store, dyad, until)
    scores = backtest_series(s, seed=seed)
    by_week = _incidents_by_week(store, dyad)
    weeks = starts_of(s)
    forecasts: list[Forecast] = []
    warnings: list[EarlyWarning] = []
    beats: dict[str, bool] = {}
    for target in ("violent", "fatalities"):
        values = target_values(s, target)
        forecasts += forecast_all(values, weeks[-1], dyad=dyad, target=target, seed=seed)
        beats[target] = beats_baselines(scores, "hawkes", target)
        found = early_warning(values, weeks, by_week, scores, dyad=dyad, target=target, seed=seed)
        if found is not None:
            warnings.append(found)
    return Outlook(s, tuple(forecasts), tuple(scores), beats, tuple(warnings))


def _incidents_by_week(
    store: Store, dyad: tuple[str, str]
) -> dict[dt.date, list[tuple[str | None, str, float]]]:
    """The dyad's ASSAULT incidents by the Monday of their week, described and weighed by their toll."""
    incidents, _ = load_dyad(store, dyad)
    out: dict[dt.date, list[tuple[str | None, str, float]]] = defaultdict(list)
    for inc in incidents:
        if inc.category != "ASSAULT" or inc.date_start is None:
            continue
        if not in_dyad((*inc.actor_codes, *inc.recipient_codes), dyad):
            continue
        dead = inc.fatalities_high or inc.fatalities_low or 0
        where = f" at {inc.place_name}" if inc.place_name else ""
        toll = f", {dead} dead" if dead else ""
        sources = f"{inc.source_count} source(s)"
        text = f"{inc.category} {inc.date_start.isoformat()}{where}{toll} ({sources}, {inc.status})"
        out[period_start(inc.date_start, "week")].append((inc.id, text, 1.0 + dead))
    return out
