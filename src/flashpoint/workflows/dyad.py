"""Dyad use cases over the store: the situation board and the timeline series of a pair of actors."""

from __future__ import annotations

import datetime as dt

from flashpoint.corpus.rows import EventRow, Incident
from flashpoint.corpus.store import Store
from flashpoint.dyad.records import Series
from flashpoint.dyad.situation import Situation, build_situation
from flashpoint.dyad.timeline import build_series, in_dyad


def load_dyad(store: Store, dyad: tuple[str, str]) -> tuple[list[Incident], list[EventRow]]:
    """The events that touch either side of ``dyad`` (as actor, recipient, or the country of their place)
    and the incidents they belong to."""
    sides = sorted(set(dyad))
    with store.session(read_only=True) as db:
        # the events touching either side, and the talks and mediation events of the same reports (a
        # "mediated by Qatar and Turkey" names neither side)
        events = db.select_events(
            "WHERE list_has_any(list_concat(actor_codes, recipient_codes), ?::VARCHAR[]) "
            "OR place_country IN (SELECT unnest(?::VARCHAR[])) "
            "OR (category IN ('CONSULT', 'MEDIATE') AND article_id IN (SELECT article_id FROM events "
            "WHERE list_has_any(list_concat(actor_codes, recipient_codes), ?::VARCHAR[])))",
            [sides, sides, sides],
        )
        ids = sorted({i for i in db.incident_of([e.id for e in events]).values() if i})
        incidents = db.select_incidents("WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]) if ids else []
    return incidents, events


def situation(store: Store, dyad: tuple[str, str], as_of: dt.date | None = None) -> Situation:
    incidents, events = load_dyad(store, dyad)
    return build_situation(dyad, incidents, events, as_of or dt.date.today())


def series(
    store: Store,
    dyad: tuple[str, str],
    *,
    freq: str = "week",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Series:
    """The dyad's daily or weekly series of incidents (both sides among their codes)."""
    incidents, events = load_dyad(store, dyad)
    mine = [i for i in incidents if in_dyad((*i.actor_codes, *i.recipient_codes), dyad)]
    if since is not None:
        mine = [i for i in mine if i.date_start is None or i.date_start >= since]
    if until is not None:
        mine = [i for i in mine if i.date_start is None or i.date_start <= until]
    return build_series(dyad, mine, {e.id: e for e in events}, freq=freq, start=since, end=until)
