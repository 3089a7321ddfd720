"""Alert rules and what they fire: pure reads of the store's incidents, as of a date.

A rule watches a dyad (``PAK-AFG``) or a saved query (an :class:`~flashpoint.corpus.query.EventQuery`; its
``since``/``until``/``limit``/``offset`` are ignored: the rule picks its own window). Incidents, not reports,
are counted, and only what was known on the as-of date: incidents first reported after it are left out, and
so are incidents whose status reports nothing that happened (``OFF_RECORD``: denied, negated, hypothetical,
future, historical). Each trigger has a **key**, a stable name of what fired, so that the service delivers
it once per channel however often the rule runs.

Kinds and their parameters (defaults in :data:`DEFAULT_PARAMS`):

- ``threshold``: the incidents (``metric="incidents"``) or the fatalities (``"fatalities"``, the low end of
  each incident's range) of the rule's categories dated in the last ``days`` days (the as-of day included)
  reach ``min``. Categories: the saved query's, else ``category`` (comma-separated; ``*`` for all; default
  ASSAULT). One trigger per episode: the key names the first day of the current run of days on which the
  rolling count stayed at or above ``min`` (``threshold:PAK-AFG:2025-10-12``); a drop below and a new
  crossing is a new episode.
- ``surge`` (after ACLED's surge: a week well above its recent past): the last complete week (Monday to
  Sunday, ending on or before the as-of day) has at least ``min`` incidents and at least ``ratio`` times the
  mean of the ``weeks`` weeks before it. Key ``surge:PAK-AFG:2025-W42``.
- ``ceasefire_violation`` (needs a dyad): the first ASSAULT incident of the dyad dated after its latest
  ceasefire (plus ``grace_days``). A ceasefire is an incident with both sides of the dyad that is a RETREAT
  with an event of mode ``ceasefire``, or an AGREE with an event whose trigger, evidence text or comment
  names a ceasefire (the words of ``resources/dyad/situation.toml``, as the situation board reads them).
  Several ceasefire incidents with no violence between them (the agreement, "the ceasefire took effect",
  "both sides observed the truce") are one ceasefire, named by the first of them: the key
  ``ceasefire:PAK-AFG:<first ceasefire incident>`` does not change when a later report of the same truce
  arrives, and a ceasefire made again after a violation is a new one.
- ``closure``: a COERCE incident dated in the last ``days`` days at a crossing: one of its events is a
  blockade, or says the place was closed, shut, sealed, blocked or suspended (trigger, or evidence text
  of a ``restrict`` event); and its place is a crossing of the gazetteer supplement (by name or alias), or
  the place or the evidence names a crossing, border, gate, terminal or pass. With a dyad, a closure by one
  side with no third country named counts (a closure rarely names whom it shuts out). One trigger per
  incident: ``closure:<incident id>``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cache
from typing import Any

from flashpoint.corpus.query import EventQuery, incident_where
from flashpoint.corpus.rows import EventRow, Incident
from flashpoint.corpus.store import StoreSession
from flashpoint.errors import ConfigError

ParamValue = int | float | str

KINDS: tuple[str, ...] = ("threshold", "surge", "ceasefire_violation", "closure")

#: Every parameter a kind takes, with its default.
DEFAULT_PARAMS: dict[str, dict[str, ParamValue]] = {
    "threshold": {"days": 7, "min": 5, "metric": "incidents", "category": "ASSAULT"},
    "surge": {"ratio": 2.0, "min": 3, "weeks": 4, "category": "ASSAULT"},
    "ceasefire_violation": {"grace_days": 0},
    "closure": {"days": 14},
}

#: Incident statuses that report nothing that happened: never counted, never a ceasefire or a closure.
OFF_RECORD: frozenset[str] = frozenset({"denied", "negated", "hypothetical", "future", "historical"})

#: Incidents dated more loosely than this (a month, a year) are not counted in a window or a week.
MAX_SPAN_DAYS = 31

#: How far back a threshold episode is followed (days before the window).
EPISODE_HORIZON_DAYS = 366

_CLOSURE_CUE = re.compile(r"\b(clos|shut|seal|block|suspend|halt)", re.IGNORECASE)
_CROSSING_WORDS = re.compile(r"\b(crossings?|borders?|gates?|terminals?|pass|frontier)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AlertRule:
    """What to watch (``dyad`` and/or ``query``), what fires (``kind`` and ``params``) and where it goes
    (``channels``: names of the channels given to :func:`flashpoint.alerts.service.run_alerts`)."""

    name: str
    kind: str
    dyad: tuple[str, str] | None = None
    query: EventQuery | None = None
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    channels: tuple[str, ...] = ()
    enabled: bool = True

    def param(self, name: str) -> ParamValue:
        return self.params.get(name, DEFAULT_PARAMS[self.kind][name])

    def number(self, name: str) -> float:
        value = self.param(name)
        if isinstance(value, str):
            raise ConfigError(f"alert {self.name!r}: parameter {name} must be a number, not {value!r}")
        return float(value)

    @property
    def target(self) -> str:
        """What the rule watches, as the keys name it: the dyad (``PAK-AFG``), or ``query``."""
        if self.dyad:
            return "-".join(self.dyad)
        if self.query is not None and self.query.dyad:
            return "-".join(self.query.dyad)
        return "query"


@dataclass(frozen=True, slots=True)
class Trigger:
    """One thing a rule fired: ``key`` names it stably (the same situation gives the same key at every
    run); ``date`` is the day, or the Monday of the week, it is about; ``figures`` the numbers behind it."""

    rule: str
    kind: str
    key: str
    title: str
    summary: str
    incident_ids: tuple[str, ...]
    date: dt.date
    figures: tuple[tuple[str, float], ...] = ()


def validate_rule(rule: AlertRule) -> None:
    """Raise ConfigError when a rule cannot run (unknown kind or parameter, bad value, nothing watched)."""
    where = f"alert {rule.name!r}"
    if not rule.name or not rule.name.strip():
        raise ConfigError("an alert rule needs a name")
    if rule.kind not in KINDS:
        raise ConfigError(f"{where}: unknown kind {rule.kind!r}; one of {', '.join(KINDS)}")
    if rule.dyad is None and rule.query is None:
        raise ConfigError(f"{where}: give a dyad or a saved query to watch")
    if rule.dyad is not None and (len(rule.dyad) != 2 or not all(rule.dyad)):
        raise ConfigError(f"{where}: a dyad is two actor codes such as PAK-AFG")
    if rule.kind == "ceasefire_violation" and _scope(rule).dyad is None:
        raise ConfigError(f"{where}: a ceasefire_violation rule watches a dyad")
    unknown = sorted(set(rule.params) - set(DEFAULT_PARAMS[rule.kind]))
    if unknown:
        known = ", ".join(DEFAULT_PARAMS[rule.kind])
        raise ConfigError(f"{where}: unknown parameter(s) {', '.join(unknown)} for {rule.kind} ({known})")
    for name, default in DEFAULT_PARAMS[rule.kind].items():
        if isinstance(default, str):
            if not isinstance(rule.param(name), str):
                raise ConfigError(f"{where}: parameter {name} must be text")
            continue
        value = rule.number(name)
        if value < 0 or (name in ("days", "weeks", "ratio") and value <= 0):
            raise ConfigError(f"{where}: parameter {name} must be positive, not {value:g}")
    if rule.kind == "threshold" and rule.param("metric") not in ("incidents", "fatalities"):
        raise ConfigError(f"{where}: metric is 'incidents' or 'fatalities', not {rule.param('metric')!r}")
    if not rule.channels:
        raise ConfigError(f"{where}: name at least one channel to deliver to")


def parse_params(items: Iterable[str]) -> dict[str, ParamValue]:
    """``["ratio=2", "min=3", "metric=fatalities"]`` → ``{"ratio": 2, "min": 3, "metric": "fatalities"}``
    (numbers become int or float; for a command line's ``--param`` options)."""
    out: dict[str, ParamValue] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"parameter {item!r}: expected name=value")
        value: ParamValue = text.strip()
        for kind in (int, float):
            try:
                value = kind(text)
                break
            except ValueError:
                continue
        out[name.strip()] = value
    return out


def evaluate(db: StoreSession, rule: AlertRule, as_of: dt.date) -> list[Trigger]:
    """What ``rule`` fires on the store as of ``as_of`` (reads only)."""
    validate_rule(rule)
    if rule.kind == "threshold":
        return _threshold(db, rule, as_of)
    if rule.kind == "surge":
        return _surge(db, rule, as_of)
    if rule.kind == "ceasefire_violation":
        return _ceasefire_violation(db, rule, as_of)
    return _closure(db, rule, as_of)


# -- reading ----------------------------------------------------------------------------------------------
def _scope(rule: AlertRule) -> EventQuery:
    base = rule.query or EventQuery()
    base = replace(base, since=None, until=None, limit=None, offset=0)
    if rule.dyad:
        base = replace(base, dyad=(rule.dyad[0].upper(), rule.dyad[1].upper()))
    return base


def _categories(rule: AlertRule, scope: EventQuery) -> tuple[str, ...]:
    if scope.category:
        return tuple(c.upper() for c in scope.category)
    wanted = str(rule.param("category")).strip()
    if wanted in ("*", ""):
        return ()
    return tuple(c.strip().upper() for c in wanted.split(",") if c.strip())


def _incidents(
    db: StoreSession,
    scope: EventQuery,
    as_of: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[Incident]:
    """The scope's dated incidents overlapping ``since``..``until`` (default ``as_of``), known by ``as_of``
    (first reported on or before it) and on record."""
    where, params = incident_where(replace(scope, since=since, until=until or as_of))
    known = "date_start IS NOT NULL AND (first_reported IS NULL OR first_reported <= ?)"
    where = f"{where} AND {known}" if where else f"WHERE {known}"
    rows = db.select_incidents(where, [*params, as_of], order="ORDER BY date_start, id")
    return [i for i in rows if i.status not in OFF_RECORD]


def _precise(incident: Incident) -> bool:
    if incident.date_start is None:
        return False
    end = incident.date_end or incident.date_start
    return (end - incident.date_start).days <= MAX_SPAN_DAYS


def _members(db: StoreSession, incidents: Iterable[Incident]) -> dict[str, list[EventRow]]:
    ids = sorted({e for i in incidents for e in i.event_ids})
    if not ids:
        return {}
    by_id = {e.id: e for e in db.select_events("WHERE id IN (SELECT unnest(?))", [ids])}
    return {i.id: [by_id[e] for e in i.event_ids if e in by_id] for i in incidents}


def _on_record(e: EventRow, as_of: dt.date) -> bool:
    return e.status not in OFF_RECORD and (e.reported is None or e.reported <= as_of)


def _codes(i: Incident) -> set[str]:
    return set(i.actor_codes) | set(i.recipient_codes)


def _where(i: Incident) -> str:
    return f" at {i.place_name}" if i.place_name else ""


def _dead(i: Incident) -> str:
    low, high = i.fatalities_low, i.fatalities_high
    if not low and not high:
        return ""
    low = low if low is not None else high
    high = high if high is not None else low
    return f", {low} dead" if low == high else f", {low}-{high} dead"


def _iso_week(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


# -- threshold ----------------------------------------------------------------------------------------------
def _threshold(db: StoreSession, rule: AlertRule, as_of: dt.date) -> list[Trigger]:
    days = int(rule.number("days"))
    minimum = rule.number("min")
    metric = str(rule.param("metric"))
    scope = replace(_scope(rule), category=_categories(rule, _scope(rule)))
    first = as_of - dt.timedelta(days=days + EPISODE_HORIZON_DAYS)
    incidents = [
        i
        for i in _incidents(db, scope, as_of, first)
        if _precise(i) and i.date_start is not None and first <= i.date_start <= as_of
    ]
    daily: Counter[dt.date] = Counter()
    for i in incidents:
        assert i.date_start is not None
        if metric == "fatalities":
            low = i.fatalities_low if i.fatalities_low is not None else i.fatalities_high
            daily[i.date_start] += low or 0
        else:
            daily[i.date_start] += 1

    def rolling(day: dt.date) -> int:
        return sum(daily[day - dt.timedelta(days=k)] for k in range(days))

    value = rolling(as_of)
    if value < minimum:
        return []
    start = as_of
    earliest = first + dt.timedelta(days=days)
    while start > earliest and rolling(start - dt.timedelta(days=1)) >= minimum:
        start -= dt.timedelta(days=1)
    window = [
        i for i in incidents if i.date_start is not None and as_of - dt.timedelta(days=days) < i.date_start
    ]
    label = "incidents" if metric == "incidents" else "dead"
    what = "/".join(scope.category) if scope.category else "all"
    title = f"{rule.target}: {value} {label} ({what}) in {days} days, threshold {minimum:g}"
    summary = (
        f"{value} {label} of {what} incidents dated {as_of - dt.timedelta(days=days - 1)} to {as_of} "
        f"(threshold {minimum:g}, reached since {start})."
    )
    return [
        Trigger(
            rule=rule.name,
            kind=rule.kind,
            key=f"threshold:{rule.target}:{start.isoformat()}",
            title=title,
            summary=summary,
            incident_ids=tuple(i.id for i in window),
            date=start,
            figures=(("value", float(value)), ("threshold", minimum), ("days", float(days))),
        )
    ]


# -- surge ------------------------------------------------------------------------------------------------
def last_complete_week(as_of: dt.date) -> dt.date:
    """The Monday of the last Monday-to-Sunday week that ends on or before ``as_of``."""
    sunday = as_of - dt.timedelta(days=(as_of.weekday() + 1) % 7)
    return sunday - dt.timedelta(days=6)


def _surge(db: StoreSession, rule: AlertRule, as_of: dt.date) -> list[Trigger]:
    ratio = rule.number("ratio")
    minimum = rule.number("min")
    weeks = int(rule.number("weeks"))
    scope = replace(_scope(rule), category=_categories(rule, _scope(rule)))
    week = last_complete_week(as_of)
    first = week - dt.timedelta(days=7 * weeks)
    sunday = week + dt.timedelta(days=6)
    counts: Counter[dt.date] = Counter()
    members: dict[dt.date, list[str]] = {}
    for i in _incidents(db, scope, as_of, first, sunday):
        if not _precise(i) or i.date_start is None or not first <= i.date_start <= sunday:
            continue
        monday = i.date_start - dt.timedelta(days=i.date_start.weekday())
        counts[monday] += 1
        members.setdefault(monday, []).append(i.id)
    current = counts[week]
    before = [counts[week - dt.timedelta(days=7 * k)] for k in range(1, weeks + 1)]
    mean = sum(before) / weeks
    if current < minimum or current < ratio * mean:
        return []
    what = "/".join(scope.category) if scope.category else "all"
    name = _iso_week(week)
    return [
        Trigger(
            rule=rule.name,
            kind=rule.kind,
            key=f"surge:{rule.target}:{name}",
            title=f"{rule.target}: surge in {name}: {current} {what} incidents (mean {mean:.2g} before)",
            summary=(
                f"{current} {what} incidents in the week of {week} to {sunday}, against a mean of {mean:.2f} "
                f"over the {weeks} weeks before ({', '.join(str(c) for c in reversed(before))}); a surge is "
                f"at least {minimum:g} and {ratio:g} times that mean."
            ),
            incident_ids=tuple(members.get(week, ())),
            date=week,
            figures=(("count", float(current)), ("baseline", mean), ("ratio", ratio)),
        )
    ]


# -- ceasefire violation ------------------------------------------------------------------------------------
@cache
def _ceasefire_words() -> tuple[str, ...]:
    from flashpoint.dyad.situation import default_rules

    return default_rules().ceasefire_words


def mentions_ceasefire(e: EventRow) -> bool:
    text = f"{e.trigger or ''} {e.event_text or ''} {e.comment or ''}".lower()
    return any(w in text for w in _ceasefire_words())


def is_ceasefire(incident: Incident, events: Sequence[EventRow], as_of: dt.date) -> bool:
    """A RETREAT with an event of mode ``ceasefire``, or an AGREE with an event naming a ceasefire."""
    evs = [e for e in events if _on_record(e, as_of)]
    if incident.category == "RETREAT":
        return any(e.mode == "ceasefire" for e in evs)
    if incident.category == "AGREE":
        return any(mentions_ceasefire(e) for e in evs)
    return False


def _ceasefire_violation(db: StoreSession, rule: AlertRule, as_of: dt.date) -> list[Trigger]:
    scope = _scope(rule)
    assert scope.dyad is not None
    grace = dt.timedelta(days=int(rule.number("grace_days")))
    deals = _incidents(db, replace(scope, category=("RETREAT", "AGREE")), as_of)
    members = _members(db, deals)
    ceasefires = [
        i
        for i in deals
        if i.date_start is not None
        and i.date_start <= as_of
        and is_ceasefire(i, members.get(i.id, []), as_of)
    ]
    if not ceasefires:
        return []
    ceasefires.sort(key=lambda i: (_end(i), i.id))
    assaults = [
        i
        for i in _incidents(db, replace(scope, category=("ASSAULT",)), as_of)
        if i.date_start is not None and i.date_start <= as_of
    ]
    latest = ceasefires[-1]
    first = latest
    for earlier in reversed(ceasefires[:-1]):
        # a ceasefire is followed by the next unless violence came between them
        if any(_end(earlier) + grace < _start(a) <= _start(first) for a in assaults):
            break
        first = earlier
    after = [a for a in assaults if a.date_start is not None and a.date_start > _end(latest) + grace]
    if not after:
        return []
    violation = min(after, key=lambda a: (a.date_start or dt.date.max, a.id))
    assert violation.date_start is not None
    since = _start(first)
    return [
        Trigger(
            rule=rule.name,
            kind=rule.kind,
            key=f"ceasefire:{rule.target}:{first.id}",
            title=(
                f"{rule.target}: ceasefire of {since} violated on {violation.date_start}{_where(violation)}"
            ),
            summary=(
                f"First violence of the dyad after the ceasefire of {since}"
                + (f" (last affirmed {_end(latest)})" if latest is not first else "")
                + f": {violation.category.lower()} on {violation.date_start}{_where(violation)}"
                f"{_dead(violation)} ({violation.status}, {violation.source_count} source"
                f"{'s' if violation.source_count != 1 else ''})."
            ),
            incident_ids=(
                violation.id,
                *(c.id for c in ceasefires if c.date_start and c.date_start >= since),
            ),
            date=violation.date_start,
            figures=(("days_after", float((violation.date_start - _end(latest)).days)),),
        )
    ]


def _start(i: Incident) -> dt.date:
    assert i.date_start is not None
    return i.date_start


def _end(i: Incident) -> dt.date:
    end = i.date_end or i.date_start
    assert end is not None
    return end


# -- closure ------------------------------------------------------------------------------------------------
@cache
def crossing_names() -> frozenset[str]:
    """Names and aliases (lower case) of the crossings of the gazetteer supplement."""
    from flashpoint.geo.sources import load_supplement_rows

    return frozenset(
        n.lower()
        for row in load_supplement_rows()
        if row.kind == "crossing"
        for n in (row.name, *row.aliases)
    )


@cache
def _closure_modes() -> tuple[str, ...]:
    from flashpoint.dyad.situation import default_rules

    return default_rules().closure_modes


def closes(e: EventRow) -> bool:
    """An event that closes a place: a blockade, a trigger like closed/sealed, or a restriction whose
    evidence says so."""
    if e.category != "COERCE":
        return False
    if e.mode == "blockade" or _CLOSURE_CUE.search(e.trigger or ""):
        return True
    return e.mode in _closure_modes() and bool(_CLOSURE_CUE.search(e.event_text or ""))


def at_crossing(place: str | None, text: str | None = None) -> bool:
    """A crossing of the gazetteer (name or alias), or a place or evidence naming a crossing or border."""
    if place and (place.lower() in crossing_names() or _CROSSING_WORDS.search(place)):
        return True
    return bool(text and _CROSSING_WORDS.search(text))


def _closure(db: StoreSession, rule: AlertRule, as_of: dt.date) -> list[Trigger]:
    days = int(rule.number("days"))
    scope = _scope(rule)
    sides = set(scope.dyad) if scope.dyad else None
    scope = replace(scope, dyad=None, category=("COERCE",))
    candidates = _incidents(db, scope, as_of, as_of - dt.timedelta(days=days - 1))
    if sides is not None:
        # both sides, or one side and no third country
        candidates = [i for i in candidates if sides <= _codes(i) or (_codes(i) and _codes(i) <= sides)]
    members = _members(db, candidates)
    out = []
    for inc in candidates:
        evs = [e for e in members.get(inc.id, []) if _on_record(e, as_of) and closes(e)]
        if not evs or inc.date_start is None:
            continue
        if not (at_crossing(inc.place_name) or any(at_crossing(e.place_name, e.event_text) for e in evs)):
            continue
        place = inc.place_name or next((e.place_name for e in evs if e.place_name), None) or "a crossing"
        by = ", ".join(inc.actor_codes) or "?"
        text = next((e.event_text for e in evs if e.event_text), None)
        out.append(
            Trigger(
                rule=rule.name,
                kind=rule.kind,
                key=f"closure:{inc.id}",
                title=f"{place} closed on {inc.date_start} (by {by})",
                summary=(
                    f"Closure of {place} on {inc.date_start} by {by} ({inc.status}, {inc.source_count} "
                    f"source{'s' if inc.source_count != 1 else ''})" + (f': "{text}"' if text else ".")
                ),
                incident_ids=(inc.id,),
                date=inc.date_start,
            )
        )
    return out


# -- records as JSON (the store keeps rules this way) -------------------------------------------------------
def query_to_json(query: EventQuery) -> dict[str, Any]:
    """The fields of a query that differ from the default, as JSON values."""
    default = EventQuery()
    out: dict[str, Any] = {}
    for f in fields(EventQuery):
        value = getattr(query, f.name)
        if value == getattr(default, f.name):
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def query_from_json(data: Mapping[str, Any]) -> EventQuery:
    known = {f.name for f in fields(EventQuery)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"a saved query has unknown field(s): {', '.join(unknown)}")
    values: dict[str, Any] = {}
    try:
        for name, value in data.items():
            if name in ("since", "until") and value is not None:
                values[name] = dt.date.fromisoformat(value)
            elif name in ("dyad", "bbox") and value is not None:
                values[name] = tuple(value)
            elif name in ("category", "status", "origin"):
                values[name] = (value,) if isinstance(value, str) else tuple(value)
            else:
                values[name] = value
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"a saved query has a bad value: {exc}") from exc
    return EventQuery(**values)
