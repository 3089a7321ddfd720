"""The frozen records of the dyad view (issue 5): time series, forecasts, backtest scores, warnings, alerts.

Producers: :mod:`flashpoint.dyad.timeline` (series from the store), :mod:`flashpoint.warning` (forecasts,
backtests, warnings), :mod:`flashpoint.alerts` (alert rules and deliveries). Consumers: the CLI, the plots,
and later the API. Dates are ``datetime.date``; a week is named by its Monday.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: Lanes of the dyad timeline, each a set of PLOVER categories.
LANES: dict[str, tuple[str, ...]] = {
    "violence": ("ASSAULT",),
    "coercion": ("COERCE", "MOBILIZE", "SANCTION", "THREATEN", "PROTEST"),
    "diplomacy": ("CONSULT", "AGREE", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST", "SUPPORT"),
    "claims": ("ACCUSE", "REJECT", "INVESTIGATE", "DISAPPROVE"),
}


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One day or week of a dyad: counts by category (incidents, not reports), fatalities as a range, and the
    conflict-cooperation index (the mean PLOVER ``event_scale`` of the period's incidents; negative is
    conflict). ``by_report`` counts the same by report date instead of event date."""

    start: dt.date  # the day, or the Monday of the week
    counts: tuple[tuple[str, int], ...]  # (category, incidents), categories with none left out
    violent: int  # ASSAULT incidents
    fatalities_low: int
    fatalities_high: int
    cci: float | None  # None when the period has no incident
    by_report: tuple[tuple[str, int], ...] = ()

    def count(self, category: str) -> int:
        return dict(self.counts).get(category, 0)


@dataclass(frozen=True, slots=True)
class Series:
    """A dyad's daily or weekly series, gap-free from ``points[0].start`` to the last period."""

    dyad: tuple[str, str]
    freq: str  # "day" or "week"
    points: tuple[SeriesPoint, ...]


@dataclass(frozen=True, slots=True)
class Forecast:
    """A probabilistic forecast of one target (``violent`` incidents or ``fatalities``) ``horizon`` weeks
    after ``origin`` (the last week observed), by one model, as predictive samples summarised."""

    dyad: tuple[str, str]
    target: str  # "violent" or "fatalities"
    model: str  # "hawkes", "zero", "last", "mean", "bootstrap12", "surge"
    origin: dt.date  # Monday of the last observed week
    horizon: int  # 1..4 weeks ahead
    mean: float
    quantiles: tuple[tuple[float, float], ...]  # ((0.025, q), (0.1, q), (0.5, q), (0.9, q), (0.975, q))
    p_escalation: float  # probability of crossing the escalation threshold
    threshold: float  # the escalation threshold used


@dataclass(frozen=True, slots=True)
class BacktestScore:
    """Rolling-origin scores of one model for one target and horizon (lower CRPS and Brier are better)."""

    model: str
    target: str
    horizon: int
    n: int  # forecasts scored
    crps: float
    brier: float
    average_precision: float | None  # None when no escalation happened in the test period
    coverage80: float
    coverage95: float


@dataclass(frozen=True, slots=True)
class Driver:
    """Why a warning was raised: a recent incident and its share of the modelled intensity."""

    incident_id: str | None
    week: dt.date
    contribution: float  # expected events it adds to the forecast week
    description: str


@dataclass(frozen=True, slots=True)
class EarlyWarning:
    """An escalation warning for a dyad, raised only by a model that beat every baseline in backtest."""

    dyad: tuple[str, str]
    week: dt.date  # the week the warning is about
    model: str
    probability: float
    threshold: float
    drivers: tuple[Driver, ...]
