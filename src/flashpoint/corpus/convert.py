"""From a document result (the extract contract) to the corpus rows the store keeps."""

from __future__ import annotations

import datetime as dt
import hashlib

from flashpoint import __version__
from flashpoint.corpus.rows import ArticleRow, EventRow, Party, SizeRow
from flashpoint.records import DocumentResult, EntityRef, Event


def date_span(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a coded date covers: ``2025-10-12``, ``2025-W41``, ``2025-10`` or ``2025``."""
    if not value:
        return None, None
    try:
        if "-W" in value:
            year, week = value.split("-W")
            first = dt.date.fromisocalendar(int(year), int(week), 1)
            return first, first + dt.timedelta(days=6)
        parts = value.split("-")
        if len(parts) == 3:
            day = dt.date.fromisoformat(value)
            return day, day
        if len(parts) == 2:
            first = dt.date(int(parts[0]), int(parts[1]), 1)
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        if len(parts) == 1:
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    except ValueError:
        pass
    return None, None


def party(ref: EntityRef) -> Party:
    return Party(code=ref.code, sector=ref.sector, text=ref.entity_text)


def article_row(
    result: DocumentResult, *, source: str, retrieved_at: dt.datetime | None = None
) -> ArticleRow:
    a = result.article
    return ArticleRow(
        id=a.id,
        sha256=hashlib.sha256(a.text.encode("utf-8")).hexdigest(),
        text=a.text,
        title=a.title,
        url=a.url,
        source=source,
        publisher=a.publisher,
        published=a.published,
        published_source=a.published_source,
        language=a.language,
        retrieved_at=retrieved_at,
        extractor_version=f"flashpoint {__version__}",
        pipeline=result.pipeline,
    )


def event_row(result: DocumentResult, event: Event) -> EventRow:
    """One coded event as a store row; its id is ``<article id>:<event id>``."""
    a = result.article
    start, end = date_span(event.date)
    dead = [s for s in event.size if s.type == "dead"]
    low = min((s.low for s in dead if s.low is not None), default=None)
    highs = [s.high if s.high is not None else s.low for s in dead]
    high = max((h for h in highs if h is not None), default=None)
    place = event.place
    return EventRow(
        id=f"{a.id}:{event.id}",
        origin="text",
        category=event.category,
        mode=event.mode,
        contexts=event.contexts,
        actors=tuple(party(r) for r in event.actor),
        recipients=tuple(party(r) for r in event.recipient),
        status=event.status,
        claimants=tuple(party(r) for r in event.claimant),
        date=event.date,
        date_precision=event.date_precision,
        date_start=start,
        date_end=end,
        place_name=place.name if place else None,
        place_country=place.country if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        place_resolution=place.resolution if place else None,
        fatalities_low=low,
        fatalities_high=high,
        sizes=tuple(SizeRow(s.type, s.low, s.high, s.qualifier, s.text) for s in event.size),
        article_id=a.id,
        source=a.publisher,
        source_outlets=event.source_outlets,
        reported=a.published,
        event_text=event.event_text,
        start=event.start,
        end=event.end,
        trigger=event.trigger.text,
        pattern=event.pattern,
        quad_code=event.quad_code,
        event_scale=event.event_scale,
        comment=event.comment,
        related=tuple(f"{a.id}:{r}" for r in event.related),
    )


def event_rows(result: DocumentResult) -> tuple[EventRow, ...]:
    return tuple(event_row(result, e) for e in result.events)
