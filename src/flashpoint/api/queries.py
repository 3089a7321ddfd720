"""What the API reads from the store, one page at a time.

Pages are keyset pages: a cursor is the opaque (base64 JSON) sort key and id of the last item served, and
the next page starts strictly after it, so a page never repeats or skips an item when rows are inserted
between two requests. Events and incidents are in date order (undated last), then id; quotes by article,
offset, id; entities by kind, name, code; documents by ingest time, id.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from flashpoint.corpus.query import EventQuery, event_where, incident_where
from flashpoint.corpus.rows import ArticleRow, EventRow, Incident
from flashpoint.corpus.store import QUOTE_COLUMNS, StoreSession
from flashpoint.errors import ConfigError
from flashpoint.workflows.corpus import event_json, incident_json

T = TypeVar("T")

_LAST_DAY = "9999-12-31"
#: The sort key of events and incidents: their first day, undated last.
DATE_KEY = f"coalesce(date_start, DATE '{_LAST_DAY}')"


def encode_cursor(*key: Any) -> str:
    raw = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    """The key a cursor holds; ConfigError when it is not one this API gave."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise ConfigError("cursor is not one this API gave (pass next_cursor back unchanged)") from exc
    if not isinstance(key, list) or len(key) != size:
        raise ConfigError("cursor is not one this API gave (pass next_cursor back unchanged)")
    if not all(isinstance(k, str | int) and not isinstance(k, bool) for k in key):
        raise ConfigError("cursor is not one this API gave (pass next_cursor back unchanged)")
    return key


def _date_cursor(cursor: str) -> tuple[dt.date, str]:
    day, last = decode_cursor(cursor, 2)
    try:
        return dt.date.fromisoformat(str(day)), str(last)
    except ValueError as exc:
        raise ConfigError("cursor is not one this API gave (pass next_cursor back unchanged)") from exc


def _date_key(day: dt.date | None, ident: str) -> str:
    return encode_cursor(day.isoformat() if day else _LAST_DAY, ident)


def _and(where: str, extra: Sequence[str]) -> str:
    clauses = ([where.removeprefix("WHERE ")] if where else []) + list(extra)
    return ("WHERE " + " AND ".join(f"({c})" for c in clauses)) if clauses else ""


def _review_clause(reviewed_only: bool, verdicts: Sequence[str], params: list[Any]) -> str | None:
    """SQL selecting the ids of events reviewed (with one of ``verdicts``, when given)."""
    if verdicts:
        params.append(list(verdicts))
        return "SELECT event_id FROM reviews WHERE verdict IN (SELECT unnest(?))"
    if reviewed_only:
        return "SELECT event_id FROM reviews"
    return None


# -- events ------------------------------------------------------------------------------------------------
def review_json(review: tuple[str, str | None, str, dt.datetime] | None) -> dict[str, Any] | None:
    if review is None:
        return None
    verdict, reason, user, at = review
    return {"verdict": verdict, "reason": reason, "user": user, "at": at.isoformat()}


def event_items(db: StoreSession, rows: Sequence[EventRow]) -> list[dict[str, Any]]:
    """Events as API items: ``event_json`` with the incident and the current review."""
    ids = [r.id for r in rows]
    incidents = db.incident_of(ids) if ids else {}
    reviews = db.reviews(ids) if ids else {}
    out = []
    for row in rows:
        item = event_json(row, incidents.get(row.id))
        item["review"] = review_json(reviews.get(row.id))
        out.append(item)
    return out


def _paged(
    select: Callable[..., list[T]],
    where: str,
    extra: list[str],
    params: list[Any],
    limit: int | None,
    cursor: str | None,
    day_of: Callable[[T], dt.date | None],
) -> tuple[list[T], str | None]:
    """One page of rows in (date, id) order after ``cursor``, and the cursor of the next page."""
    if cursor:
        day, last = _date_cursor(cursor)
        extra.append(f"({DATE_KEY}, id) > (?::DATE, ?)")
        params += [day, last]
    order = f"ORDER BY {DATE_KEY}, id"
    if limit is not None:
        order += f" LIMIT {int(limit) + 1}"
    rows = select(_and(where, extra), params, order=order)
    if limit is not None and len(rows) > limit:
        rows = rows[:limit]
        last_row: Any = rows[-1]
        return rows, _date_key(day_of(rows[-1]), last_row.id)
    return rows, None


def select_events(
    db: StoreSession,
    query: EventQuery,
    *,
    reviewed_only: bool = False,
    verdicts: Sequence[str] = (),
    limit: int | None = None,
    cursor: str | None = None,
) -> tuple[list[EventRow], str | None]:
    """One page of the events ``query`` selects, and the cursor of the next page (None on the last)."""
    where, params = event_where(query)
    extra: list[str] = []
    reviewed = _review_clause(reviewed_only, verdicts, params)
    if reviewed:
        extra.append(f"id IN ({reviewed})")
    return _paged(db.select_events, where, extra, params, limit, cursor, lambda r: r.date_start)


def event_by_id(db: StoreSession, event_id: str) -> EventRow | None:
    rows = db.select_events("WHERE id = ?", [event_id])
    return rows[0] if rows else None


def article_ref(article: ArticleRow | None) -> dict[str, Any] | None:
    if article is None:
        return None
    return {
        "id": article.id,
        "title": article.title,
        "publisher": article.publisher,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
    }


# -- incidents ---------------------------------------------------------------------------------------------
def select_incidents(
    db: StoreSession,
    query: EventQuery,
    *,
    reviewed_only: bool = False,
    verdicts: Sequence[str] = (),
    limit: int | None = None,
    cursor: str | None = None,
) -> tuple[list[Incident], str | None]:
    """One page of incidents; with ``reviewed_only`` or ``verdicts``, those with a member event so
    reviewed."""
    where, params = incident_where(query)
    extra: list[str] = []
    reviewed = _review_clause(reviewed_only, verdicts, params)
    if reviewed:
        extra.append(f"id IN (SELECT incident_id FROM events WHERE id IN ({reviewed}))")
    return _paged(db.select_incidents, where, extra, params, limit, cursor, lambda r: r.date_start)


def incident_item(inc: Incident) -> dict[str, Any]:
    return incident_json(inc)


# -- documents, quotes, entities -----------------------------------------------------------------------------
_QUOTE_COLUMNS = QUOTE_COLUMNS


def _quote_rows(db: StoreSession, where: str, params: Sequence[Any], tail: str) -> list[dict[str, Any]]:
    cols = ", ".join(f'"{c}"' for c in _QUOTE_COLUMNS)
    rows = db.con.execute(f"SELECT {cols} FROM quotes {where} {tail}", list(params)).fetchall()
    return [dict(zip(_QUOTE_COLUMNS, r, strict=True)) for r in rows]


def select_quotes(
    db: StoreSession,
    *,
    speaker: str | None = None,
    text: str | None = None,
    dyad: tuple[str, str] | None = None,
    article_id: str | None = None,
    limit: int,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Quotes by speaker (a code, or words of the name or office), words of the quote, the dyad (quotes of
    the reports that carry an event between the two sides), or article."""
    clauses: list[str] = []
    params: list[Any] = []
    if speaker:
        clauses.append(
            "(speaker_code = ? OR speaker_text ILIKE ? ESCAPE '\\' OR speaker_office ILIKE ? ESCAPE '\\')"
        )
        params += [speaker.upper(), _words(speaker), _words(speaker)]
    if text:
        clauses.append("text ILIKE ? ESCAPE '\\'")
        params.append(_words(text))
    if dyad:
        where, dyad_params = event_where(EventQuery(dyad=dyad))
        clauses.append(f"article_id IN (SELECT article_id FROM events {where})")
        params += dyad_params
    if article_id:
        clauses.append("article_id = ?")
        params.append(article_id)
    if cursor:
        art, start, last = decode_cursor(cursor, 3)
        clauses.append('(article_id, "start", id) > (?, ?::INTEGER, ?)')
        params += [str(art), start, str(last)]
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = _quote_rows(db, where, params, f'ORDER BY article_id, "start", id LIMIT {int(limit) + 1}')
    if len(rows) > limit:
        rows = rows[:limit]
        last_row = rows[-1]
        return rows, encode_cursor(last_row["article_id"], last_row["start"], last_row["id"])
    return rows, None


def document_quotes(db: StoreSession, article_id: str) -> list[dict[str, Any]]:
    return _quote_rows(db, "WHERE article_id = ?", [article_id], 'ORDER BY "start", id')


def select_entities(
    db: StoreSession,
    *,
    kind: str | None = None,
    code: str | None = None,
    name: str | None = None,
    article_id: str | None = None,
    limit: int,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Actors and places as named across the stored reports, one item per (kind, name, code)."""
    clauses: list[str] = []
    params: list[Any] = []
    if kind:
        clauses.append("kind = ?")
        params.append(kind)
    if code:
        clauses.append("(code = ? OR country = ?)")
        params += [code.upper(), code.upper()]
    if name:
        clauses.append("name ILIKE ? ESCAPE '\\'")
        params.append(_words(name))
    if article_id:
        clauses.append("article_id = ?")
        params.append(article_id)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    having = ""
    if cursor:
        k, n, c = decode_cursor(cursor, 3)
        having = "HAVING (kind, name, coalesce(code, '')) > (?, ?, ?)"
        params += [str(k), str(n), str(c)]
    rows = db.con.execute(
        "SELECT kind, name, code, any_value(sector), any_value(country), any_value(lat), any_value(lon), "
        "any_value(resolution), count(DISTINCT article_id), "
        "sum(coalesce(json_array_length(mentions), 0))::BIGINT "
        f"FROM entities {where} GROUP BY kind, name, code {having} "
        f"ORDER BY kind, name, coalesce(code, '') LIMIT {int(limit) + 1}",
        params,
    ).fetchall()
    names = ("kind", "name", "code", "sector", "country", "lat", "lon", "resolution", "articles", "mentions")
    items = [dict(zip(names, r, strict=True)) for r in rows]
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        return items, encode_cursor(last["kind"], last["name"], last["code"] or "")
    return items, None


def select_documents(
    db: StoreSession, *, limit: int, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """Stored reports in the order they were ingested, with their number of events."""
    params: list[Any] = []
    where = ""
    if cursor:
        at, last = decode_cursor(cursor, 2)
        try:
            when = dt.datetime.fromisoformat(str(at))
        except ValueError as exc:
            raise ConfigError("cursor is not one this API gave (pass next_cursor back unchanged)") from exc
        where = "WHERE (a.ingested_at, a.id) > (?::TIMESTAMP, ?)"
        params += [when, str(last)]
    rows = db.con.execute(
        "SELECT a.id, a.title, a.publisher, a.url, a.published, a.ingested_at, "
        "(SELECT count(*) FROM events e WHERE e.article_id = a.id) "
        f"FROM articles a {where} ORDER BY a.ingested_at, a.id LIMIT {int(limit) + 1}",
        params,
    ).fetchall()
    items = [
        {
            "id": r[0],
            "title": r[1],
            "publisher": r[2],
            "url": r[3],
            "published": r[4].isoformat() if r[4] else None,
            "events": int(r[6]),
            "_at": r[5],
        }
        for r in rows
    ]
    following = None
    if len(items) > limit:
        items = items[:limit]
        following = encode_cursor(items[-1]["_at"].isoformat(), items[-1]["id"])
    for item in items:
        del item["_at"]
    return items, following


def document_events(db: StoreSession, article_id: str) -> list[EventRow]:
    return db.select_events("WHERE article_id = ?", [article_id], order='ORDER BY "start" NULLS LAST, id')


def _words(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# -- changes and audit -------------------------------------------------------------------------------------
def change_items(db: StoreSession, after: int, limit: int) -> list[dict[str, Any]]:
    return [
        {"seq": seq, "at": at.isoformat(), "kind": kind, "target": target, "id": ident, "detail": detail}
        for seq, at, kind, target, ident, detail in db.changes(after, limit)
    ]


def audit_items(db: StoreSession) -> list[dict[str, Any]]:
    return [
        {"at": at.isoformat(), "user": user, "action": action, "target": target, "detail": detail}
        for at, user, action, target, detail in db.audit_log()
    ]


def jsonable(value: Any) -> Any:
    """Records (dataclasses) as dicts, tuples as lists, dates as ISO strings: for the dyad endpoints."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value
