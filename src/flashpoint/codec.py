"""The JSON form of flashpoint's records: the output contract, made here and nowhere else.

The shape is documented as a JSON Schema in ``docs/schema/document-result.schema.json``; names follow the
reading-layer contract and PLOVER, with extensions beside them (``quantities``, quote ``medium``, ...).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flashpoint import __version__
from flashpoint.records import (
    ActorEntity,
    DocumentResult,
    EntityRef,
    Event,
    EventPlace,
    Failure,
    Mention,
    PlaceEntity,
    Quantity,
    Quote,
    Timex,
)

JSON = dict[str, Any]


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def mention_json(m: Mention) -> JSON:
    return {"text": m.text, "start": m.start, "end": m.end}


def entity_ref_json(ref: EntityRef | None) -> JSON | None:
    if ref is None:
        return None
    return {
        "code": ref.code,
        "sector": ref.sector,
        "entity_text": ref.entity_text,
        "identifier_text": ref.identifier_text,
        "office": ref.office,
        "entity_id": ref.entity_id,
    }


def actor_json(a: ActorEntity) -> JSON:
    return {
        "id": a.id,
        "kind": "actor",
        "name": a.name,
        "code": a.code,
        "sector": a.sector,
        "office": a.office,
        "identifier_text": a.identifier_text,
        "lat": None,
        "lon": None,
        "country": None,
        "resolution": None,
        "directory_id": a.directory_id,
        "actor_kind": a.kind,
        "mentions": [mention_json(m) for m in a.mentions],
    }


def place_json(p: PlaceEntity) -> JSON:
    return {
        "id": p.id,
        "kind": "place",
        "name": p.name,
        "code": p.code,
        "sector": None,
        "office": None,
        "identifier_text": p.name,
        "lat": p.lat,
        "lon": p.lon,
        "country": p.country,
        "resolution": p.resolution,
        "directory_id": None,
        "actor_kind": None,
        "mentions": [mention_json(m) for m in p.mentions],
    }


def timex_json(t: Timex) -> JSON:
    return {
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "value": t.value,
        "precision": t.precision,
        "range_start": _day(t.range_start),
        "range_end": _day(t.range_end),
        "kind": t.kind,
        "anchored": t.anchored,
    }


def quantity_json(q: Quantity) -> JSON:
    return {
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "low": q.low,
        "high": q.high,
        "type": q.type,
        "qualifier": q.qualifier,
        "sentence": q.sentence,
    }


def quote_json(q: Quote) -> JSON:
    return {
        "id": q.id,
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "speaker": entity_ref_json(q.speaker),
        "cue": q.cue,
        "outlet": q.outlet,
        "date": q.date,
        "medium": q.medium,
        "kind": q.kind,
        "speaker_mention": mention_json(q.speaker_mention) if q.speaker_mention else None,
        "cue_mention": mention_json(q.cue_mention) if q.cue_mention else None,
        "group": q.group,
    }


def event_place_json(p: EventPlace | None) -> JSON | None:
    if p is None:
        return None
    return {
        "place_id": p.place_id,
        "name": p.name,
        "text": p.text,
        "start": p.start,
        "end": p.end,
        "lat": p.lat,
        "lon": p.lon,
        "country": p.country,
        "resolution": p.resolution,
    }


def event_json(e: Event) -> JSON:
    """One event with PLOVER's field names; flashpoint's extensions (status, claimant, ...) beside them."""
    size: JSON = {}
    for q in e.size:
        size.setdefault(q.type, q.low)
    return {
        "id": e.id,
        "date": e.date,
        "date_precision": e.date_precision,
        "date_source": e.date_source,
        "actor": [entity_ref_json(r) for r in e.actor],
        "recipient": [entity_ref_json(r) for r in e.recipient],
        "event": [e.category],
        "mode": [e.mode] if e.mode else [],
        "context": list(e.contexts),
        "event_loc": event_place_json(e.place),
        "event_text": e.event_text,
        "quad_code": e.quad_code,
        "event_scale": e.event_scale,
        "text_info": {"sequence": e.sentence, "start": e.start, "end": e.end},
        "size": size,
        "comment": e.comment,
        "status": e.status,
        "claimant": [entity_ref_json(r) for r in e.claimant],
        "trigger": mention_json(e.trigger),
        "pattern": e.pattern,
        "size_detail": [
            {
                "type": q.type,
                "low": q.low,
                "high": q.high,
                "qualifier": q.qualifier,
                "text": q.text,
                "start": q.start,
                "end": q.end,
            }
            for q in e.size
        ],
        "source_outlets": list(e.source_outlets),
        "related": list(e.related),
    }


def result_json(result: DocumentResult) -> JSON:
    """One document result, as the contract describes it."""
    a = result.article
    return {
        "document": {
            "id": a.id,
            "path": a.path,
            "record": a.record,
            "title": a.title,
            "url": a.url,
            "publisher": a.publisher,
            "published": _day(a.published),
            "published_source": a.published_source,
            "language": a.language,
            "extractor": f"flashpoint {__version__}",
            "pipeline": result.pipeline,
            "notes": list(result.notes),
        },
        "events": [event_json(e) for e in result.events],
        "quotes": [quote_json(q) for q in result.quotes],
        "entities": entities_json(result),
        "timexes": [timex_json(t) for t in result.timexes],
        "quantities": [quantity_json(q) for q in result.quantities],
    }


def entities_json(result: DocumentResult) -> list[JSON]:
    """The actors, then the places, of a result."""
    return [actor_json(e) for e in result.actors] + [place_json(p) for p in result.places]


def failure_json(f: Failure) -> JSON:
    return {"source": f.source, "stage": f.stage, "reason": f.reason}


def dumps(obj: JSON, *, indent: int | None = None) -> str:
    """Serialise with stable key order as written and non-ASCII kept readable."""
    return json.dumps(obj, ensure_ascii=False, indent=indent)
