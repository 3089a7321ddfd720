"""The flat, frozen rows of the corpus: what the store keeps, importers make and exporters write.

An :class:`EventRow` is one event as the store sees it, whatever its origin: coded from an article's text
(``origin="text"``, made from the extract JSON by :func:`flashpoint.corpus.convert.event_rows`) or imported
from a dataset (ACLED, UCDP GED, GDELT, PLOVER JSONL). An :class:`Incident` is one real-world happening,
the merge of the event rows that report it (:mod:`flashpoint.corpus.incidents`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

#: Where an event row comes from.
Origin = Literal["text", "acled", "ucdp", "gdelt", "plover"]
ORIGINS: tuple[str, ...] = ("text", "acled", "ucdp", "gdelt", "plover")


@dataclass(frozen=True, slots=True)
class Party:
    """An actor, recipient or claimant of an event: PLOVER code and sector, and the name as given."""

    code: str | None  # ISO 3166 alpha-3 country, or IGO / NGO / IMG ...
    sector: str | None  # GOV, MIL, COP, REB, CVL, REF, ...
    text: str  # the name as the article or the dataset gives it


@dataclass(frozen=True, slots=True)
class SizeRow:
    """A count attached to an event: dead, injured, arrested, displaced or other."""

    type: str
    low: int | None
    high: int | None
    qualifier: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event in the store. Dates are the event's (``date_start``..``date_end`` is the span its
    precision covers); ``reported`` is the date of the report (the article's publication date, or the
    dataset's own). ``precision_codes`` keeps a dataset's precision codes verbatim, e.g.
    ``(("time_precision", "1"), ("geo_precision", "2"))`` for ACLED."""

    id: str  # "<article id>:<event id>" for text events, "<origin>:<dataset id>" for imports
    origin: Origin
    category: str  # PLOVER category, e.g. "ASSAULT"
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    actors: tuple[Party, ...] = ()
    recipients: tuple[Party, ...] = ()
    status: str = "asserted"
    claimants: tuple[Party, ...] = ()
    date: str | None = None  # YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY
    date_precision: str | None = None  # day, week, month, year
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    place_name: str | None = None
    place_country: str | None = None  # ISO 3166 alpha-3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_resolution: str | None = None  # site, city, district, province, country, region
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    sizes: tuple[SizeRow, ...] = ()
    article_id: str | None = None
    dataset_id: str | None = None
    source: str | None = None  # the publisher, or the dataset's source column
    source_outlets: tuple[str, ...] = ()
    reported: dt.date | None = None
    event_text: str | None = None
    start: int | None = None  # evidence offsets into the article text (text events)
    end: int | None = None
    trigger: str | None = None
    pattern: str | None = None
    quad_code: int | None = None
    event_scale: float | None = None
    comment: str | None = None
    related: tuple[str, ...] = ()
    precision_codes: tuple[tuple[str, str], ...] = ()
    notes: str | None = None

    @property
    def actor_codes(self) -> tuple[str, ...]:
        return tuple(sorted({p.code for p in self.actors if p.code}))

    @property
    def recipient_codes(self) -> tuple[str, ...]:
        return tuple(sorted({p.code for p in self.recipients if p.code}))


@dataclass(frozen=True, slots=True)
class ArticleSource:
    """What incident merging needs to know of the article behind a text event.

    ``copy_group`` is the same for near-copies of one wire story (the id of the earliest copy), so that
    ten sites running one agency story count as one independent source."""

    article_id: str
    publisher: str | None
    copy_group: str
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class SourceFigure:
    """One source's say about an incident: its status and its fatality figure."""

    source: str  # publisher, dataset name, or the article id when the publisher is unknown
    event_id: str
    status: str
    fatalities_low: int | None
    fatalities_high: int | None
    reported: dt.date | None


@dataclass(frozen=True, slots=True)
class Incident:
    """One real-world happening: the merge of every event row that reports it."""

    id: str  # "inc-" + a hash of the smallest member event id: stable as reports arrive
    category: str
    actor_codes: tuple[str, ...]
    recipient_codes: tuple[str, ...]
    date_start: dt.date | None
    date_end: dt.date | None
    place_name: str | None
    lat: float | None
    lon: float | None
    event_ids: tuple[str, ...]  # sorted
    article_count: int
    source_count: int  # independent sources: near-copies of one wire story count once
    fatalities_low: int | None
    fatalities_high: int | None
    figures: tuple[SourceFigure, ...]
    first_reported: dt.date | None
    last_reported: dt.date | None
    status: str  # asserted, alleged, contested (asserted or alleged by one, denied by another), denied, ...
    manual: bool = False  # shaped by an analyst's split or merge


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One report as the store keeps it, with its provenance."""

    id: str  # content id: the first 16 hex digits of the SHA-256 of the text (as ``extract`` gives it)
    sha256: str  # the full SHA-256 of the text
    text: str
    title: str | None
    url: str | None
    source: str  # where it was read from: a path, "path#record", or the URL
    publisher: str | None
    published: dt.date | None
    published_source: str
    language: str | None
    retrieved_at: dt.datetime | None  # when a URL was fetched; None for files
    extractor_version: str
    pipeline: str
