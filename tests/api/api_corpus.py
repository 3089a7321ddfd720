"""A small hand-made corpus for the API tests: three reports (Dawn, Tolo News, Reuters) with their events,
quotes and entities, two imported ACLED-style rows and one undated event."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from flashpoint.corpus.rows import ArticleRow, EventRow
from flashpoint.corpus.store import DocumentBundle, Store
from rowkit import AFG, AFGM, DOHA, IRN, KABUL, PAK, PAKM, QAT, TORKHAM, TUR, text_event

D = dt.date
TOKEN = "analyst-token-for-tests"
OTHER_TOKEN = "not-a-known-token"


def article_row(text: str, *, title: str, publisher: str, published: D, url: str) -> ArticleRow:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return ArticleRow(
        id=digest[:16],
        sha256=digest,
        text=text,
        title=title,
        url=url,
        source=url,
        publisher=publisher,
        published=published,
        published_source="metadata",
        language="en",
        retrieved_at=None,
        extractor_version="flashpoint test",
        pipeline="test",
    )


def quote(n: int, text: str, body: str, code: str, speaker: str) -> dict[str, Any]:
    start = body.index(text)
    return {
        "id": f"q{n}",
        "text": text,
        "start": start,
        "end": start + len(text),
        "speaker": {"code": code, "sector": "GOV", "entity_text": speaker, "office": "spokesman"},
        "cue": "said",
        "outlet": None,
        "date": None,
        "medium": None,
        "kind": "direct",
        "group": None,
    }


def entity(n: int, kind: str, name: str, code: str | None, body: str, word: str) -> dict[str, Any]:
    start = body.index(word)
    out: dict[str, Any] = {
        "id": f"{kind[0]}{n}",
        "kind": kind,
        "name": name,
        "mentions": [{"text": word, "start": start, "end": start + len(word)}],
    }
    if kind == "actor":
        out.update(code=code, sector="GOV")
    else:
        out.update(country=code, lat=34.1, lon=71.1, resolution="site")
    return out


DAWN_TEXT = (
    "Pakistani troops shelled Afghan posts near Torkham on Thursday, the military said. "
    '"We responded to unprovoked fire," a Pakistani spokesman said. Clashes went on for four days.'
)
TOLO_TEXT = (
    "The Taliban government accused Pakistan of air strikes in Kabul. "
    '"Pakistan violated our airspace," the Afghan spokesman said, and warned of a response.'
)
REUTERS_TEXT = (
    "Pakistan and Afghanistan held talks in Doha mediated by Qatar and Turkey and agreed a ceasefire. "
    '"The ceasefire will hold," the Qatari foreign ministry said.'
)


def bundles() -> list[DocumentBundle]:
    dawn = article_row(
        DAWN_TEXT,
        title="Border clashes",
        publisher="Dawn",
        published=D(2025, 10, 13),
        url="https://dawn.example/1",
    )
    tolo = article_row(
        TOLO_TEXT,
        title="Kabul strikes",
        publisher="Tolo News",
        published=D(2025, 10, 16),
        url="https://tolo.example/2",
    )
    reuters = article_row(
        REUTERS_TEXT,
        title="Talks in Doha",
        publisher="Reuters",
        published=D(2025, 10, 26),
        url="https://r.example/3",
    )
    dawn_events = [
        text_event(
            f"{dawn.id}:e{i}",
            dawn.id,
            "ASSAULT",
            D(2025, 10, 9 + i % 4),
            mode="artillery",
            text="Pakistani troops shelled Afghan posts near Torkham",
            trigger="shelled",
            place=TORKHAM,
            dead=i,
            source="Dawn",
        )
        for i in range(8)
    ]
    tolo_events = [
        text_event(
            f"{tolo.id}:e{i}",
            tolo.id,
            "ACCUSE" if i % 2 else "ASSAULT",
            D(2025, 10, 10 + i),
            actors=(AFG,) if i % 2 else (PAKM,),
            recipients=(PAK,) if i % 2 else (AFGM,),
            status="alleged" if i % 2 == 0 else "asserted",
            text="The Taliban government accused Pakistan of air strikes in Kabul",
            trigger="accused" if i % 2 else "air strikes",
            place=KABUL,
            dead=2 if i % 2 == 0 else None,
            source="Tolo News",
        )
        for i in range(6)
    ]
    reuters_events = [
        text_event(
            f"{reuters.id}:e0",
            reuters.id,
            "CONSULT",
            D(2025, 10, 25),
            actors=(PAK,),
            recipients=(AFG,),
            text="Pakistan and Afghanistan held talks in Doha",
            trigger="talks",
            place=DOHA,
            source="Reuters",
        ),
        text_event(
            f"{reuters.id}:e1",
            reuters.id,
            "AGREE",
            D(2025, 10, 25),
            actors=(PAK, AFG),
            recipients=(),
            mode="ceasefire",
            text="agreed a ceasefire",
            trigger="agreed",
            place=DOHA,
            source="Reuters",
        ),
        text_event(
            f"{reuters.id}:e2",
            reuters.id,
            "CONSULT",
            D(2025, 10, 24),
            actors=(QAT,),
            recipients=(TUR,),
            text="mediated by Qatar and Turkey",
            trigger="mediated",
            place=DOHA,
            source="Reuters",
        ),
        dataclasses.replace(
            text_event(
                f"{reuters.id}:e3",
                reuters.id,
                "THREATEN",
                D(2025, 10, 25),
                actors=(IRN,),
                recipients=(PAK,),
                text="Iran warned Pakistan",
                source="Reuters",
            ),
            date=None,
            date_precision=None,
            date_start=None,
            date_end=None,
        ),
    ]
    return [
        DocumentBundle(
            article=dawn,
            events=tuple(dawn_events),
            quotes=(quote(1, "We responded to unprovoked fire,", DAWN_TEXT, "PAK", "a Pakistani spokesman"),),
            entities=(
                entity(1, "actor", "Pakistan", "PAK", DAWN_TEXT, "Pakistani"),
                entity(2, "place", "Torkham", "PAK", DAWN_TEXT, "Torkham"),
            ),
        ),
        DocumentBundle(
            article=tolo,
            events=tuple(tolo_events),
            quotes=(quote(1, "Pakistan violated our airspace,", TOLO_TEXT, "AFG", "the Afghan spokesman"),),
            entities=(
                entity(1, "actor", "Afghanistan", "AFG", TOLO_TEXT, "Taliban government"),
                entity(2, "actor", "Pakistan", "PAK", TOLO_TEXT, "Pakistan"),
                entity(3, "place", "Kabul", "AFG", TOLO_TEXT, "Kabul"),
            ),
        ),
        DocumentBundle(
            article=reuters,
            events=tuple(reuters_events),
            quotes=(
                quote(1, "The ceasefire will hold,", REUTERS_TEXT, "QAT", "the Qatari foreign ministry"),
            ),
            entities=(
                entity(1, "actor", "Pakistan", "PAK", REUTERS_TEXT, "Pakistan"),
                entity(2, "place", "Doha", "QAT", REUTERS_TEXT, "Doha"),
            ),
        ),
    ]


def imported_rows() -> list[EventRow]:
    base = text_event("acled:PAK1", "", "ASSAULT", D(2025, 10, 11), place=TORKHAM, dead=3, source="ACLED")
    return [
        dataclasses.replace(
            base,
            id=f"acled:PAK{n}",
            origin="acled",
            article_id=None,
            dataset_id=f"PAK{n}",
            event_text=None,
            start=None,
            end=None,
            trigger=None,
            notes="Clashes between Pakistani and Afghan forces at the border.",
            date_start=D(2025, 10, 11 + n),
            date_end=D(2025, 10, 11 + n),
            date=D(2025, 10, 11 + n).isoformat(),
        )
        for n in (1, 2)
    ]


def build_store(path: Path) -> Store:
    store = Store(path)
    with store.session() as db:
        db.write_documents(bundles())
        db.write_events(imported_rows())
    return store


def event_count() -> int:
    return sum(len(b.events) for b in bundles()) + len(imported_rows())
