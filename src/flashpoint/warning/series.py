"""From the dyad view's records, or from dated rows, to the plain weekly arrays the models read.

Fatalities: a week's figure is the **mid** of its range, ``(low + high) // 2``. The high end follows the most
extreme claim (UCDP GED's ``high`` is often many times its ``best``; from the news it is the largest toll any
outlet reported), the low end the most cautious one; the mid weighs both and stays an integer count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np

from flashpoint.dyad.records import Series
from flashpoint.errors import ConfigError
from flashpoint.warning.models import FloatArray


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def fatality_count(low: int, high: int) -> int:
    """The fatality figure forecast for a range: its mid, rounded down."""
    return (low + max(high, low)) // 2


def target_values(series: Series, target: str) -> FloatArray:
    """The weekly values of ``target`` (``violent`` incidents, or ``fatalities`` as the mid of the range)."""
    if target == "violent":
        return np.array([p.violent for p in series.points], dtype=float)
    if target == "fatalities":
        return np.array(
            [fatality_count(p.fatalities_low, p.fatalities_high) for p in series.points], dtype=float
        )
    raise ConfigError(f"unknown target {target!r}; expected 'violent' or 'fatalities'")


def week_starts(series: Series) -> list[dt.date]:
    """The Monday of each point of a weekly series."""
    return [p.start for p in series.points]


def weekly_totals(
    items: Iterable[tuple[dt.date, float]],
    *,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> tuple[list[dt.date], FloatArray]:
    """Sum ``(day, value)`` pairs by week: the Mondays from ``first`` (default: the earliest day's week) to
    ``last`` (default: the latest), gap-free, and the total of each week (0 for a week with nothing).
    Days outside ``first``..``last`` are left out."""
    pairs = [(week_of(day), float(value)) for day, value in items]
    if first is None and last is None and not pairs:
        return [], np.zeros(0)
    start = week_of(first) if first is not None else min(w for w, _ in pairs)
    end = week_of(last) if last is not None else max(w for w, _ in pairs)
    weeks = (end - start).days // 7 + 1
    if weeks < 1:
        return [], np.zeros(0)
    totals = np.zeros(weeks)
    for week, value in pairs:
        index = (week - start).days // 7
        if 0 <= index < weeks:
            totals[index] += value
    return [start + dt.timedelta(weeks=i) for i in range(weeks)], totals
