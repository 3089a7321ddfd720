"""A dyad's daily or weekly series from its incidents: counts by category, fatalities as ranges, and the
conflict-cooperation index.

Incidents, not reports, are counted (ten outlets telling one clash are one clash). An incident is placed at
its event date (``date_start``) and, for ``by_report``, at its first report; incidents without a date are left
out of the series (they are still on the situation board), and so are incidents dated only to a month or
a year, or told as background (``historical``). The conflict-cooperation index of a period is the
mean PLOVER ``event_scale`` (−10 war … +10 cooperation) of its incidents' events, each incident weighing one.
Pure functions: the workflow (:mod:`flashpoint.workflows.dyad`) reads the store.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from flashpoint.corpus.rows import EventRow, Incident
from flashpoint.dyad.records import Series, SeriesPoint

FREQS = ("day", "week")


def period_start(day: dt.date, freq: str) -> dt.date:
    """The day itself, or the Monday of its ISO week."""
    return day if freq == "day" else day - dt.timedelta(days=day.weekday())


def _step(freq: str) -> dt.timedelta:
    return dt.timedelta(days=1 if freq == "day" else 7)


def incident_scale(incident: Incident, events: Mapping[str, EventRow]) -> float | None:
    """The mean ``event_scale`` of an incident's events (None when none has one)."""
    scales = [e.event_scale for i in incident.event_ids if (e := events.get(i)) and e.event_scale is not None]
    return sum(scales) / len(scales) if scales else None


def build_series(
    dyad: tuple[str, str],
    incidents: Sequence[Incident],
    events: Mapping[str, EventRow],
    *,
    freq: str = "week",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Series:
    """The gap-free series of ``incidents`` from ``start`` (default: the first incident) to ``end``
    (default: the last incident)."""
    if freq not in FREQS:
        raise ValueError(f"unknown frequency {freq!r}: day or week")
    dated = [i for i in incidents if i.date_start is not None and _precise(i)]
    if not dated and (start is None or end is None):
        return Series(dyad, freq, ())
    first = period_start(start or min(i.date_start for i in dated if i.date_start), freq)
    last = period_start(end or max(i.date_start for i in dated if i.date_start), freq)
    counts: dict[dt.date, Counter[str]] = defaultdict(Counter)
    reported: dict[dt.date, Counter[str]] = defaultdict(Counter)
    low: Counter[dt.date] = Counter()
    high: Counter[dt.date] = Counter()
    scales: dict[dt.date, list[float]] = defaultdict(list)
    for inc in dated:
        assert inc.date_start is not None
        p = period_start(inc.date_start, freq)
        counts[p][inc.category] += 1
        if inc.first_reported is not None:
            reported[period_start(inc.first_reported, freq)][inc.category] += 1
        lo = inc.fatalities_low if inc.fatalities_low is not None else inc.fatalities_high
        hi = inc.fatalities_high if inc.fatalities_high is not None else inc.fatalities_low
        low[p] += lo or 0
        high[p] += hi or 0
        scale = incident_scale(inc, events)
        if scale is not None:
            scales[p].append(scale)
    points = []
    step = _step(freq)
    for k in range((last - first).days // step.days + 1):
        day = first + k * step  # never past ``last``: no overflow at the end of the calendar
        c = counts.get(day, Counter())
        s = scales.get(day)
        points.append(
            SeriesPoint(
                start=day,
                counts=tuple(sorted(c.items())),
                violent=c.get("ASSAULT", 0),
                fatalities_low=low[day],
                fatalities_high=high[day],
                cci=round(sum(s) / len(s), 3) if s else None,
                by_report=tuple(sorted(reported.get(day, Counter()).items())),
            )
        )
    return Series(dyad, freq, tuple(points))


#: Incidents dated more loosely than this (a month, a year of background) stay out of the series.
MAX_SPAN_DAYS = 31


def _precise(incident: Incident) -> bool:
    if incident.date_start is None or incident.date_end is None:
        return incident.date_start is not None
    return (incident.date_end - incident.date_start).days <= MAX_SPAN_DAYS and incident.status != "historical"


def in_dyad(codes: Iterable[str], dyad: tuple[str, str]) -> bool:
    """Whether an incident with these actor and recipient codes belongs to the dyad: both sides among its
    codes, or, for an internal dyad (``MMR-MMR``), that country and no other."""
    have = set(codes)
    a, b = dyad
    if a == b:
        return have == {a}
    return a in have and b in have
