"""Corpus use cases over the store: query events and incidents, export them, import datasets, edit
incidents by hand. The CLI (and later the API) are thin layers over these functions."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flashpoint.corpus.query import EventQuery, event_where, incident_where, page
from flashpoint.corpus.rows import EventRow, Incident
from flashpoint.corpus.store import Store
from flashpoint.errors import ConfigError

#: Columns of the event table view, in order.
EVENT_COLUMNS = (
    "id",
    "date",
    "category",
    "mode",
    "actor",
    "recipient",
    "status",
    "claimant",
    "place",
    "dead",
    "source",
    "incident",
    "text",
)
INCIDENT_COLUMNS = (
    "id",
    "dates",
    "category",
    "actors",
    "recipients",
    "place",
    "dead",
    "status",
    "articles",
    "sources",
    "events",
)


def find_events(store: Store, query: EventQuery) -> list[EventRow]:
    where, params = event_where(query)
    with store.session(read_only=True) as db:
        return db.select_events(where, params, order="ORDER BY date_start NULLS LAST, id" + page(query))


def find_incidents(store: Store, query: EventQuery) -> list[Incident]:
    where, params = incident_where(query)
    with store.session(read_only=True) as db:
        return db.select_incidents(where, params, order="ORDER BY date_start NULLS LAST, id" + page(query))


def incident_ids(store: Store, event_ids: Sequence[str]) -> dict[str, str | None]:
    with store.session(read_only=True) as db:
        return db.incident_of(event_ids)


def _parties(parties: Sequence[Any]) -> str:
    return "; ".join(
        " ".join(x for x in (p.code, p.sector) if x) + (f" ({p.text})" if p.text else "") for p in parties
    )


def _range(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return ""
    if high is None or high == low:
        return str(low)
    return f"{low}–{high}" if low is not None else f"≤{high}"


def event_record(row: EventRow, incident: str | None = None) -> dict[str, Any]:
    """One event as a flat record for tables and CSV."""
    return {
        "id": row.id,
        "date": row.date or "",
        "category": row.category,
        "mode": row.mode or "",
        "actor": _parties(row.actors),
        "recipient": _parties(row.recipients),
        "status": row.status,
        "claimant": _parties(row.claimants),
        "place": row.place_name or "",
        "dead": _range(row.fatalities_low, row.fatalities_high),
        "source": row.source or row.origin,
        "incident": incident or "",
        "text": (row.event_text or row.notes or "").replace("\n", " "),
    }


def event_json(row: EventRow, incident: str | None = None) -> dict[str, Any]:
    """One event with every field, as JSON-ready data."""
    data: dict[str, Any] = _jsonable(dataclasses.asdict(row))
    data["incident_id"] = incident
    return data


def incident_record(inc: Incident) -> dict[str, Any]:
    dates = ""
    if inc.date_start:
        dates = inc.date_start.isoformat()
        if inc.date_end and inc.date_end != inc.date_start:
            dates += f"/{inc.date_end.isoformat()}"
    return {
        "id": inc.id,
        "dates": dates,
        "category": inc.category,
        "actors": ",".join(inc.actor_codes),
        "recipients": ",".join(inc.recipient_codes),
        "place": inc.place_name or "",
        "dead": _range(inc.fatalities_low, inc.fatalities_high),
        "status": inc.status,
        "articles": inc.article_count,
        "sources": inc.source_count,
        "events": len(inc.event_ids),
    }


def incident_json(inc: Incident) -> dict[str, Any]:
    data: dict[str, Any] = _jsonable(dataclasses.asdict(inc))
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# -- import and export -------------------------------------------------------------------------
def export_events(store: Store, query: EventQuery, fmt: str, target: str | Path) -> int:
    """Write the events the query selects in ``fmt`` (plover, acled, geojson, parquet); returns the count."""
    from flashpoint.interchange import EXPORTS

    if fmt not in EXPORTS:
        raise ConfigError(f"unknown export format {fmt!r}: choose one of {', '.join(sorted(EXPORTS))}")
    rows = find_events(store, query)
    EXPORTS[fmt](rows, Path(target))
    return len(rows)


@dataclasses.dataclass
class ImportReport:
    path: str
    fmt: str
    read: int = 0
    added: int = 0
    skipped_rows: list[tuple[int, str]] = dataclasses.field(default_factory=list)


def import_file(
    store: Store, path: str | Path, fmt: str | None = None, *, batch: int = 5_000
) -> ImportReport:
    """Import a dataset file into the store's event table (ACLED, UCDP GED, GDELT 2.0 or PLOVER JSONL), in
    transactions of ``batch`` rows; incidents are merged as the rows arrive."""
    from flashpoint.interchange import open_import

    source = open_import(Path(path), fmt)
    report = ImportReport(str(path), source.format)
    rows: list[EventRow] = []
    with store.session() as db:
        for row in source:
            rows.append(row)
            report.read += 1
            if len(rows) >= batch:
                report.added += db.write_events(rows)
                rows = []
        report.added += db.write_events(rows)
    report.skipped_rows = list(source.skipped)
    return report


def edit_incidents(
    store: Store, event_ids: Sequence[str], action: str, *, user: str, reason: str | None
) -> int:
    """An analyst's merge (``"merge"``) or split (``"split"``) of events, audited; returns links written."""
    kind = {"merge": "must", "split": "cannot"}.get(action)
    if kind is None:
        raise ConfigError(f"unknown incident edit {action!r}: merge or split")
    with store.session() as db:
        return db.link_events(event_ids, kind, user=user, reason=reason)


def store_counts(store: Store) -> dict[str, int]:
    with store.session(read_only=True) as db:
        return db.counts()
