"""Filters over the store's events and incidents, shared by the CLI, the exports and (later) the API.

A filter is a frozen record; :func:`event_where` and :func:`incident_where` turn it into a parameterised SQL
``WHERE`` clause (values are always bound, never pasted into the SQL).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flashpoint.errors import ConfigError


@dataclass(frozen=True, slots=True)
class EventQuery:
    """What to select. Every field is optional; set fields combine with AND.

    - ``dyad``: two actor codes: events with one on each side (either direction).
    - ``actor``: a code (``PAK``) or words of a name (``Taliban``) on either side.
    - ``category`` / ``status`` / ``origin``: one or more values.
    - ``since`` / ``until``: the event's date span overlaps this range (events without a date are left out).
    - ``place``: words of the place name, or a country code of the place.
    - ``bbox``: (min_lon, min_lat, max_lon, max_lat).
    - ``source``: words of the publisher, the dataset source or an outlet the event cites.
    - ``text``: words of the evidence text or the comment.
    """

    dyad: tuple[str, str] | None = None
    actor: str | None = None
    category: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    origin: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    source: str | None = None
    text: str | None = None
    limit: int | None = None
    offset: int = 0


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``"min_lon,min_lat,max_lon,max_lat"`` → a checked tuple; raises ConfigError."""
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError as exc:
        raise ConfigError(f"--bbox {value!r}: expected four numbers min_lon,min_lat,max_lon,max_lat") from exc
    if len(parts) != 4:
        raise ConfigError(f"--bbox {value!r}: expected four numbers min_lon,min_lat,max_lon,max_lat")
    west, south, east, north = parts
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ConfigError(
            f"--bbox {value!r}: longitudes must lie in -180..180, latitudes in -90..90, south ≤ north"
        )
    return west, south, east, north


def parse_dyad(value: str) -> tuple[str, str]:
    """``"PAK-AFG"`` or ``"PAK,AFG"`` → ("PAK", "AFG")."""
    for sep in ("-", ",", ":"):
        if sep in value:
            a, _, b = value.partition(sep)
            if a.strip() and b.strip():
                return a.strip().upper(), b.strip().upper()
    raise ConfigError(f"--dyad {value!r}: expected two actor codes such as PAK-AFG")


def _words(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def event_where(query: EventQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if query.dyad:
        a, b = query.dyad
        clauses.append(
            "((list_contains(actor_codes, ?) AND list_contains(recipient_codes, ?)) OR "
            "(list_contains(actor_codes, ?) AND list_contains(recipient_codes, ?)) OR "
            "(list_contains(actor_codes, ?) AND list_contains(actor_codes, ?)))"
        )
        params += [a, b, b, a, a, b]
    if query.actor:
        clauses.append(
            "(list_contains(actor_codes, ?) OR list_contains(recipient_codes, ?) "
            "OR actors ILIKE ? ESCAPE '\\' OR recipients ILIKE ? ESCAPE '\\')"
        )
        params += [query.actor.upper(), query.actor.upper(), _words(query.actor), _words(query.actor)]
    for column, values in (("category", query.category), ("status", query.status), ("origin", query.origin)):
        if values:
            clauses.append(f"{column} IN (SELECT unnest(?))")
            params.append([v.upper() if column == "category" else v.lower() for v in values])
    _date_range(clauses, params, query.since, query.until)
    if query.place:
        clauses.append("(place_name ILIKE ? ESCAPE '\\' OR place_country = ? OR admin1 ILIKE ? ESCAPE '\\')")
        params += [_words(query.place), query.place.upper(), _words(query.place)]
    _bbox(clauses, params, query.bbox)
    if query.source:
        clauses.append(
            "(\"source\" ILIKE ? ESCAPE '\\' OR array_to_string(source_outlets, ' | ') ILIKE ? ESCAPE '\\')"
        )
        params += [_words(query.source)] * 2
    if query.text:
        clauses.append(
            "(event_text ILIKE ? ESCAPE '\\' OR \"comment\" ILIKE ? ESCAPE '\\' OR notes ILIKE ? ESCAPE '\\')"
        )
        params += [_words(query.text)] * 3
    return _where(clauses), params


def incident_where(query: EventQuery) -> tuple[str, list[Any]]:
    """The same filters over incidents: category, dyad, actor code, dates, place, bbox, status; ``source``,
    ``text`` and ``origin`` select the incidents that have at least one matching member event."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.dyad:
        a, b = query.dyad
        clauses.append(
            "(list_contains(list_concat(actor_codes, recipient_codes), ?) AND "
            "list_contains(list_concat(actor_codes, recipient_codes), ?))"
        )
        params += [a, b]
    if query.category:
        clauses.append("category IN (SELECT unnest(?))")
        params.append([c.upper() for c in query.category])
    if query.status:
        clauses.append("status IN (SELECT unnest(?))")
        params.append([s.lower() for s in query.status])
    _date_range(clauses, params, query.since, query.until)
    if query.place:
        clauses.append("place_name ILIKE ? ESCAPE '\\'")
        params.append(_words(query.place))
    _bbox(clauses, params, query.bbox)
    member = EventQuery(actor=query.actor, origin=query.origin, source=query.source, text=query.text)
    member_where, member_params = event_where(member)
    if member_where:
        clauses.append(f"id IN (SELECT incident_id FROM events {member_where})")
        params += member_params
    return _where(clauses), params


def _date_range(clauses: list[str], params: list[Any], since: dt.date | None, until: dt.date | None) -> None:
    if since and until and since > until:
        raise ConfigError(f"--since {since} is after --until {until}")
    if since:
        clauses.append("date_end >= ?")
        params.append(since)
    if until:
        clauses.append("date_start <= ?")
        params.append(until)


def _bbox(clauses: list[str], params: list[Any], bbox: tuple[float, float, float, float] | None) -> None:
    if bbox:
        west, south, east, north = bbox
        clauses.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
        params += [south, north, west, east]


def _where(clauses: list[str]) -> str:
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""


def page(query: EventQuery) -> str:
    """``LIMIT``/``OFFSET`` of a query (values are checked integers)."""
    out = ""
    if query.limit is not None:
        out += f" LIMIT {int(query.limit)}"
    if query.offset:
        out += f" OFFSET {int(query.offset)}"
    return out
