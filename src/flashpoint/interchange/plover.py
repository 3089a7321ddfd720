"""PLOVER JSONL: the project's own export (one PLOVER event object per line), and its exact inverse.

Each line has the PLOVER fields (``id``, ``date`` and ``enddate`` as ISO days, ``actor``/``recipient`` lists
of ``{code, sector, entity_text}``, ``event`` [category], ``mode`` and ``context`` lists, ``event_loc``
``{name, lat, lon, country, admin1, resolution}``, ``size`` ``{dead: n, ...}``, ``status``, ``claimant``,
``event_text``, ``quad_code``, ``event_scale``, ``source``, ``source_outlets``, ``comment``) and an
``x_flashpoint`` object with every other :class:`~flashpoint.corpus.rows.EventRow` field, so that
``read_plover_jsonl`` of a written file gives back rows equal to the originals.

Lines written by other PLOVER coders (no ``x_flashpoint``) are read too: origin "plover", id
``"plover:" + id``, a day precision from ``date``/``enddate``, ``size`` counts as sizes (``dead`` also as the
fatality figures). A line that is not a JSON object with an ``event`` is skipped with its line number; a file
whose first line is not JSON is a FormatError.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from flashpoint.corpus.rows import ORIGINS, EventRow, Party, SizeRow
from flashpoint.errors import FormatError
from flashpoint.interchange.common import RowError, Skip, WriteResult, guarded, open_text

#: EventRow fields carried by the PLOVER fields of a line; all others go to ``x_flashpoint``.
_IN_PLOVER = frozenset(
    {
        "id", "category", "mode", "contexts", "actors", "recipients", "status", "claimants", "place_name",
        "lat", "lon", "place_country", "admin1", "place_resolution", "event_text", "quad_code", "event_scale",
        "source", "source_outlets", "comment",
    }
)  # fmt: skip
_DATES = frozenset({"date_start", "date_end", "reported"})
EXTENSION = "x_flashpoint"


def write_plover_jsonl(rows: Iterable[EventRow], path: Path) -> WriteResult:
    """Write one PLOVER JSON object per line (UTF-8)."""
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(plover_record(row), ensure_ascii=False, allow_nan=False))
            handle.write("\n")
            count += 1
    return WriteResult(count)


def plover_record(row: EventRow) -> dict[str, Any]:
    """The PLOVER object of one row (with its ``x_flashpoint`` extension)."""
    size: dict[str, int] = {}
    for s in row.sizes:
        value = s.high if s.high is not None else s.low
        if value is not None:
            size.setdefault(s.type, value)
    if "dead" not in size and (row.fatalities_high is not None or row.fatalities_low is not None):
        size["dead"] = row.fatalities_high if row.fatalities_high is not None else row.fatalities_low  # type: ignore[assignment]
    record: dict[str, Any] = {
        "id": row.id,
        "date": row.date_start.isoformat() if row.date_start else row.date,
        "enddate": row.date_end.isoformat() if row.date_end else None,
        "actor": [_entity(p) for p in row.actors],
        "recipient": [_entity(p) for p in row.recipients],
        "event": [row.category],
        "mode": [row.mode] if row.mode is not None else [],
        "context": list(row.contexts),
        "event_loc": {
            "name": row.place_name,
            "lat": row.lat,
            "lon": row.lon,
            "country": row.place_country,
            "admin1": row.admin1,
            "resolution": row.place_resolution,
        },
        "size": size,
        "status": row.status,
        "claimant": [_entity(p) for p in row.claimants],
        "event_text": row.event_text,
        "quad_code": row.quad_code,
        "event_scale": row.event_scale,
        "source": row.source,
        "source_outlets": list(row.source_outlets),
        "comment": row.comment,
    }
    extension: dict[str, Any] = {}
    for field in dataclasses.fields(EventRow):
        if field.name not in _IN_PLOVER:
            extension[field.name] = _encode(getattr(row, field.name))
    record[EXTENSION] = extension
    return record


def _entity(party: Party) -> dict[str, Any]:
    return {"code": party.code, "sector": party.sector, "entity_text": party.text}


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, SizeRow):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(SizeRow)}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return value


# -------------------------------------------------------------------------------------------- import


def read_plover_jsonl(path: Path, *, skipped: list[Skip] | None = None) -> Iterator[EventRow]:
    """The event rows of a PLOVER JSONL file (exact inverse of :func:`write_plover_jsonl`)."""
    yield from guarded(_records(path), _row, skipped)


def _records(path: Path) -> Iterator[tuple[int, Any]]:
    first = True
    with open_text(path, "PLOVER JSONL") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                if first:
                    raise FormatError(f"{path}: not a PLOVER JSONL file: line {number} is not JSON") from exc
                yield number, RowError(f"not JSON: {exc.msg} at column {exc.colno}")
                continue
            if first and not isinstance(value, dict):
                raise FormatError(f"{path}: not a PLOVER JSONL file: line {number} is not a JSON object")
            first = False
            yield number, value


def _row(value: Any) -> EventRow:
    if isinstance(value, RowError):
        raise value
    if not isinstance(value, dict):
        raise RowError("not a JSON object")
    category = _category(value.get("event"))
    raw_id = value.get("id")
    if not isinstance(raw_id, str | int) or str(raw_id) == "":
        raise RowError("no id")
    loc = value.get("event_loc") or {}
    if not isinstance(loc, dict):
        raise RowError("event_loc is not an object")
    ext = value.get(EXTENSION)
    try:
        fields: dict[str, Any] = {
            "id": str(raw_id),
            "category": category,
            "mode": _first(value.get("mode")),
            "contexts": tuple(_strings(value.get("context"), "context")),
            "actors": _parties(value.get("actor"), "actor"),
            "recipients": _parties(value.get("recipient"), "recipient"),
            "status": value.get("status") or "asserted",
            "claimants": _parties(value.get("claimant"), "claimant"),
            "place_name": loc.get("name"),
            "lat": _number(loc.get("lat")),
            "lon": _number(loc.get("lon")),
            "place_country": loc.get("country"),
            "admin1": loc.get("admin1"),
            "place_resolution": loc.get("resolution"),
            "event_text": value.get("event_text"),
            "quad_code": value.get("quad_code"),
            "event_scale": _number(value.get("event_scale")),
            "source": value.get("source"),
            "source_outlets": tuple(_strings(value.get("source_outlets"), "source_outlets")),
            "comment": value.get("comment"),
        }
        if isinstance(ext, dict):
            fields.update(_decode_extension(ext))
        else:
            fields.update(_foreign(value, fields["id"]))
    except (TypeError, ValueError, KeyError) as exc:
        raise RowError(f"bad field: {exc}") from None
    if fields.get("origin") not in ORIGINS:
        raise RowError(f"unknown origin {fields.get('origin')!r}")
    return EventRow(**fields)


def _category(event: Any) -> str:
    if isinstance(event, list) and event and isinstance(event[0], str) and event[0]:
        return event[0]
    if isinstance(event, str) and event:
        return event
    raise RowError("no event category")


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        return str(value[0]) if value else None
    return str(value) if value else None


def _strings(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} is not a list of strings")
    return value


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def _parties(value: Any, name: str) -> tuple[Party, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError(f"{name} is not a list")
    parties = []
    for item in value:
        if not isinstance(item, dict):
            raise ValueError(f"an {name} is not an object")
        text = item.get("entity_text") or item.get("identifier_text") or ""
        parties.append(Party(item.get("code"), item.get("sector"), str(text)))
    return tuple(parties)


def _decode_extension(ext: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for field in dataclasses.fields(EventRow):
        if field.name in _IN_PLOVER or field.name not in ext:
            continue
        value = ext[field.name]
        if field.name in _DATES:
            value = dt.date.fromisoformat(value) if value is not None else None
        elif field.name == "sizes":
            value = tuple(SizeRow(**s) for s in value)
        elif field.name == "precision_codes":
            value = tuple((str(k), str(v)) for k, v in value)
        elif isinstance(value, list):
            value = tuple(value)
        fields[field.name] = value
    return fields


def _foreign(value: dict[str, Any], event_id: str) -> dict[str, Any]:
    start = _day(value.get("date"))
    end = _day(value.get("enddate")) or start
    sizes = tuple(
        SizeRow(str(kind), count, count)
        for kind, count in (value.get("size") or {}).items()
        if isinstance(count, int) and not isinstance(count, bool)
    )
    dead = next((s.low for s in sizes if s.type == "dead"), None)
    return {
        "id": f"plover:{event_id}",
        "origin": "plover",
        "date": start.isoformat() if start else None,
        "date_precision": "day" if start else None,
        "date_start": start,
        "date_end": end,
        "sizes": sizes,
        "fatalities_low": dead,
        "fatalities_high": dead,
        "dataset_id": event_id,
    }


def _day(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    return dt.date.fromisoformat(value[:10])
