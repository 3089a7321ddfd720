"""The JSON shapes of the API (pydantic models): they make the published OpenAPI document, and the tests
check every answer against it (schemathesis). Items may carry more fields than listed (``extra="allow"``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["verified", "disputed", "rejected", "unverifiable"]


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    """Every error: a one-line reason and the HTTP status."""

    error: str
    status: int


class PartyOut(Open):
    code: str | None
    sector: str | None
    text: str


class SizeOut(Open):
    type: str
    low: int | None
    high: int | None
    qualifier: str | None = None
    text: str | None = None


class ReviewOut(Open):
    verdict: Verdict
    reason: str | None
    user: str
    at: str


class EventOut(Open):
    """One event: every field of the store's event row, its incident, and its current review."""

    id: str
    origin: str
    category: str
    mode: str | None
    contexts: list[str]
    actors: list[PartyOut]
    recipients: list[PartyOut]
    status: str
    claimants: list[PartyOut]
    date: str | None
    date_precision: str | None
    date_start: str | None
    date_end: str | None
    place_name: str | None
    place_country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    place_resolution: str | None
    fatalities_low: int | None
    fatalities_high: int | None
    sizes: list[SizeOut]
    article_id: str | None
    dataset_id: str | None
    source: str | None
    source_outlets: list[str]
    reported: str | None
    event_text: str | None
    start: int | None
    end: int | None
    trigger: str | None
    pattern: str | None
    quad_code: int | None
    event_scale: float | None
    comment: str | None
    related: list[str]
    precision_codes: list[list[str]]
    notes: str | None
    incident_id: str | None
    review: ReviewOut | None


class ArticleRef(Open):
    id: str
    title: str | None
    publisher: str | None
    url: str | None
    published: str | None


class EventDetail(EventOut):
    article: ArticleRef | None


class EventPage(BaseModel):
    items: list[EventOut]
    next_cursor: str | None


class FigureOut(Open):
    source: str
    event_id: str
    status: str
    fatalities_low: int | None
    fatalities_high: int | None
    reported: str | None


class IncidentOut(Open):
    id: str
    category: str
    actor_codes: list[str]
    recipient_codes: list[str]
    date_start: str | None
    date_end: str | None
    place_name: str | None
    lat: float | None
    lon: float | None
    event_ids: list[str]
    article_count: int
    source_count: int
    fatalities_low: int | None
    fatalities_high: int | None
    figures: list[FigureOut]
    first_reported: str | None
    last_reported: str | None
    status: str
    manual: bool


class IncidentDetail(IncidentOut):
    items: list[EventOut]


class IncidentPage(BaseModel):
    items: list[IncidentOut]
    next_cursor: str | None


class QuoteOut(Open):
    id: str
    article_id: str
    text: str
    start: int
    end: int
    speaker_code: str | None
    speaker_sector: str | None
    speaker_text: str | None
    speaker_office: str | None
    cue: str | None
    outlet: str | None
    medium: str | None
    date: str | None
    kind: str | None
    group: str | None


class QuotePage(BaseModel):
    items: list[QuoteOut]
    next_cursor: str | None


class EntityOut(Open):
    """An actor or place as named across the corpus: how many articles name it, and how often."""

    kind: str
    name: str
    code: str | None
    sector: str | None
    country: str | None
    lat: float | None
    lon: float | None
    resolution: str | None
    articles: int
    mentions: int


class EntityPage(BaseModel):
    items: list[EntityOut]
    next_cursor: str | None


class DocumentSummary(Open):
    id: str
    title: str | None
    publisher: str | None
    url: str | None
    published: str | None
    events: int


class DocumentPage(BaseModel):
    items: list[DocumentSummary]
    next_cursor: str | None


class DocumentOut(Open):
    id: str
    title: str | None
    publisher: str | None
    url: str | None
    published: str | None
    source: str
    language: str | None
    published_source: str
    retrieved_at: str | None
    extractor_version: str
    pipeline: str | None
    sha256: str
    text: str
    events: list[EventOut]
    quotes: list[QuoteOut]


class DocumentIn(BaseModel):
    """A report to read and store."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The article text (plain text, English).")
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = Field(default=None, description="Publication date, YYYY-MM-DD.")


class DocumentCreated(BaseModel):
    id: str
    status: Literal["new", "duplicate"]
    events: int


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Verdict
    reason: str = Field(min_length=1, max_length=2000, description="Why: the analyst's one-line reason.")


class ReviewDone(ReviewOut):
    event_id: str


class ChangeOut(BaseModel):
    seq: int
    at: str
    kind: str  # created, updated, merged, reviewed
    target: str  # event or incident
    id: str
    detail: dict[str, Any] | None


class ChangeFeed(BaseModel):
    items: list[ChangeOut]
    next: int


class AuditOut(BaseModel):
    at: str
    user: str
    action: str
    target: str
    detail: dict[str, Any]


class AuditLog(BaseModel):
    items: list[AuditOut]
