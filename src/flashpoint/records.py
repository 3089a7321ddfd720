"""The typed records that travel between stages: frozen, slotted, free of I/O.

Every fact carries the character offsets (``start``, ``end``) of the text that supports it, as offsets
into ``Article.text`` (the text that ``extract`` read, after HTML extraction). JSON is made from these
records in one place only, :mod:`flashpoint.codec`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from spacy.tokens import Doc

PublishedSource = Literal["given", "metadata", "inferred", "unknown"]
Precision = Literal["day", "week", "month", "year"]
TimexKind = Literal["point", "range", "since", "until", "duration_ago"]
QuantityType = Literal["dead", "injured", "arrested", "displaced", "other"]
Resolution = Literal["site", "city", "district", "province", "country", "region"]
#: How the writer presents an event (see ARCHITECTURE.md, "Event status").
EventStatus = Literal[
    "asserted", "alleged", "denied", "disputed", "hypothetical", "future", "negated", "historical"
]
DateSource = Literal["sentence", "governing", "published", "none"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of the document text: ``text == article.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as read from disk or a record, before any language processing."""

    text: str
    path: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    published_source: PublishedSource = "unknown"
    record: int | None = None  # position of the record inside a .jsonl/.json file, if any


@dataclass(frozen=True, slots=True)
class Article:
    """A readable English document with its metadata; ``id`` is a content hash of the text."""

    id: str
    text: str
    path: str | None
    title: str | None
    url: str | None
    publisher: str | None
    published: dt.date | None
    published_source: PublishedSource
    language: str | None
    record: int | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be read or processed, with a one-line reason."""

    source: str  # the path, or "path#record" for a record in a .json/.jsonl file
    stage: str  # "read", "decode", "language", "annotate", ...
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence with its spaCy analysis; token ``t`` is at ``start + t.idx`` in the article text.

    ``doc`` always has tokens and fine-grained tags (``tag_``; no lemmas and no ``pos_``: stages read tags
    and word forms). ``parsed`` says whether it also carries a dependency parse, ``has_ner`` whether it
    carries named entities: the costly components run only on the sentences that need them.
    """

    index: int
    start: int
    end: int
    doc: Doc
    parsed: bool = False
    has_ner: bool = False

    @property
    def text(self) -> str:
        return str(self.doc.text)


@dataclass(frozen=True, slots=True)
class Timex:
    """A date expression normalised against the publication date.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-Www``, ``YYYY-MM`` or ``YYYY`` at ``precision``; ``range_start`` and
    ``range_end`` are the first and last day the expression covers (for "since 2022": from 2022-01-01 to
    the publication date). ``value`` is None when the expression is relative and no anchor is known.
    """

    start: int
    end: int
    text: str
    value: str | None
    precision: Precision | None
    range_start: dt.date | None
    range_end: dt.date | None
    kind: TimexKind = "point"
    anchored: bool = False  # True when the value depends on the publication date (relative, no year)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count of people with its qualifier, e.g. "at least 12 soldiers" killed: low 12, high None."""

    start: int
    end: int
    text: str
    low: int | None
    high: int | None
    type: QuantityType
    qualifier: str | None = None  # "at least", "more than", "between", "about", ...
    sentence: int = 0


@dataclass(frozen=True, slots=True)
class EntityRef:
    """How an event or quote points at an actor entity (PLOVER's entity object)."""

    code: str | None
    sector: str | None
    entity_text: str
    identifier_text: str | None
    office: str | None
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class ActorEntity:
    """One actor of the document (a government, organ, group, person) with all its mentions."""

    id: str
    name: str
    code: str | None
    sector: str | None
    office: str | None
    identifier_text: str | None
    mentions: tuple[Mention, ...]
    directory_id: str | None = None  # key in the actor directory, when resolved there
    #: person, government, organ, group, igo, outlet, body (an organ of a country), people (a sector)
    kind: str | None = None

    @property
    def individual(self) -> bool:
        return self.kind == "person"

    def ref(self, mention: Mention | None = None) -> EntityRef:
        text = (mention or self.mentions[0]).text
        return EntityRef(self.code, self.sector, text, self.identifier_text, self.office, self.id)


@dataclass(frozen=True, slots=True)
class PlaceEntity:
    """One place of the document, geocoded, with all its mentions."""

    id: str
    name: str
    code: str | None  # gazetteer key, e.g. "geonames:1176615" or "fp:torkham"
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166 alpha-3
    resolution: Resolution
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote with its speaker, cue verb, outlet and medium."""

    id: str
    text: str
    start: int
    end: int
    speaker: EntityRef | None
    cue: str | None
    outlet: str | None
    medium: str | None
    date: str | None
    kind: Literal["direct", "partial"] = "direct"
    speaker_mention: Mention | None = None
    cue_mention: Mention | None = None
    group: str | None = None  # id shared by the pieces of one quote split around its attribution


@dataclass(frozen=True, slots=True)
class EventPlace:
    """Where an event happened: a place of the document named in the event's sentence."""

    place_id: str
    name: str
    text: str
    start: int
    end: int
    lat: float | None
    lon: float | None
    country: str | None
    resolution: Resolution


@dataclass(frozen=True, slots=True)
class EventSize:
    """A casualty or people count attached to an event, with its evidence."""

    type: QuantityType
    low: int | None
    high: int | None
    qualifier: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Event:
    """One PLOVER event: who (``actor``) did what (``category``, ``mode``) to whom (``recipient``).

    ``start``/``end`` delimit the evidence (the clause or sentence that states the event; ``event_text`` is
    exactly ``article.text[start:end]``); ``trigger`` is the word or phrase that fired the pattern
    ``pattern``. ``status`` says how the text presents the event and ``claimant`` who makes the claim when it
    is alleged or denied. ``related`` holds the ids of events this one is about (an ACCUSE or REJECT points at
    the event accused or denied). ``why`` explains each decision, in words, for ``flashpoint explain``.
    """

    id: str
    category: str
    mode: str | None
    contexts: tuple[str, ...]
    actor: tuple[EntityRef, ...]
    recipient: tuple[EntityRef, ...]
    status: EventStatus
    claimant: tuple[EntityRef, ...]
    trigger: Mention
    pattern: str
    sentence: int
    start: int
    end: int
    event_text: str
    date: str | None
    date_precision: Precision | None
    date_source: DateSource
    place: EventPlace | None
    size: tuple[EventSize, ...]
    source_outlets: tuple[str, ...]
    quad_code: int
    event_scale: float
    comment: str | None = None
    related: tuple[str, ...] = ()
    why: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What ``extract`` makes of one document: the output contract (see docs/schema)."""

    article: Article
    actors: tuple[ActorEntity, ...] = ()
    places: tuple[PlaceEntity, ...] = ()
    timexes: tuple[Timex, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    notes: tuple[str, ...] = ()
    pipeline: str = ""


@dataclass(frozen=True)
class AnnotatedDoc:
    """The document as it moves through the pipeline: each stage adds its layer with ``replace``.

    Internal layers (``candidates``) are working material for later stages; the public layers end up
    in the :class:`DocumentResult`.
    """

    article: Article
    sentences: tuple[Sentence, ...] = ()
    timexes: tuple[Timex, ...] = ()
    candidates: tuple[Any, ...] = ()
    actors: tuple[ActorEntity, ...] = ()
    places: tuple[PlaceEntity, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    notes: tuple[str, ...] = ()
    layers: frozenset[str] = field(default_factory=frozenset)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains the character ``offset``."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None
