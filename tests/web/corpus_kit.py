"""A small hand-made corpus for the dashboard tests and the serve benchmark: articles written for these tests,
their events (evidence offsets into the article text), quotes, and one hostile article whose text carries
HTML and script that must show as text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from flashpoint.corpus.rows import ArticleRow, EventRow
from flashpoint.corpus.store import DocumentBundle, Store
from rowkit import AFG, AFGM, DOHA, KABUL, PAK, PAKM, QAT, TORKHAM, text_event

START = dt.date(2025, 6, 2)  # a Monday
HOSTILE = (
    "Border clash reported.\n"
    "Pakistani troops fired on Afghan forces near Torkham <script>window.__pwned = 1;</script> "
    '<img src="x" onerror="window.__pwned = 2"> late on Friday.\n'
    "Officials in Kabul gave no figure."
)
TOKEN = "analyst-secret-token"


def article(
    key: str, text: str, day: dt.date, *, publisher: str = "Dawn", title: str | None = None
) -> ArticleRow:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return ArticleRow(
        id=digest[:16],
        sha256=digest,
        text=text,
        title=title or f"Report {key}",
        url=f"https://news.example/{key}",
        source=f"reports/{key}.txt",
        publisher=publisher,
        published=day,
        published_source="metadata",
        language="en",
        retrieved_at=None,
        extractor_version="flashpoint test-kit",
        pipeline="hand-made",
    )


def evidence(row: EventRow, text: str, sentence: str) -> EventRow:
    """The event with its evidence: the offsets of ``sentence`` in ``text`` (code points)."""
    start = text.index(sentence)
    return dataclasses.replace(row, event_text=sentence, start=start, end=start + len(sentence))


def bundles() -> list[DocumentBundle]:
    out: list[DocumentBundle] = []
    # thirty weeks of border clashes and talks, one report a week
    for week in range(30):
        day = START + dt.timedelta(days=7 * week + 2)
        clash = f"Pakistani troops and Afghan forces exchanged fire near Torkham in week {week}."
        talks = f"Officials of both sides met in Doha to discuss the border in week {week}."
        text = f"{clash}\nIn other news, {talks}\nThe ministry said more talks would follow."
        art = article(f"w{week}", text, day, publisher="Dawn" if week % 2 else "TOLOnews")
        events: list[EventRow] = []
        if week % 3 != 1:
            dead = (week % 5) or None
            events.append(
                evidence(
                    text_event(
                        f"{art.id}:e1",
                        art.id,
                        "ASSAULT",
                        day,
                        place=TORKHAM,
                        dead=dead,
                        trigger="exchanged fire",
                        source=art.publisher or "",
                    ),
                    text,
                    clash,
                )
            )
        if week % 4 == 0:
            events.append(
                evidence(
                    text_event(
                        f"{art.id}:e2",
                        art.id,
                        "CONSULT",
                        day,
                        actors=(PAK,),
                        recipients=(AFG,),
                        place=DOHA,
                        trigger="met",
                        source=art.publisher or "",
                    ),
                    text,
                    talks,
                )
            )
        quotes = (
            (
                {
                    "id": "q1",
                    "text": "more talks would follow",
                    "start": text.index("more talks"),
                    "end": text.index("more talks") + len("more talks would follow"),
                    "speaker": {
                        "code": "PAK",
                        "sector": "GOV",
                        "entity_text": "Khawaja Asif",
                        "office": "defence minister",
                    },
                    "cue": "said",
                },
            )
            if week % 2 == 0
            else (
                {
                    "id": "q1",
                    "text": "more talks would follow",
                    "start": text.index("more talks"),
                    "end": text.index("more talks") + len("more talks would follow"),
                    "speaker": {
                        "code": "AFG",
                        "sector": "GOV",
                        "entity_text": "Zabihullah Mujahid",
                        "office": "spokesman",
                    },
                    "cue": "said",
                },
            )
        )
        out.append(DocumentBundle(article=art, events=tuple(events), quotes=quotes))
    # an accusation and the denial that answers it
    day = START + dt.timedelta(days=7 * 29 + 4)
    s1 = "Pakistan accused the Taliban government of sheltering militants who attacked a checkpoint."
    s2 = "Kabul denied the charge and said it shelters no one."
    text = f"{s1} {s2}"
    art = article("accuse", text, day, publisher="Express Tribune", title="Islamabad accuses Kabul")
    attack = evidence(
        text_event(
            f"{art.id}:e1",
            art.id,
            "ASSAULT",
            day,
            actors=(AFGM,),
            recipients=(PAKM,),
            status="disputed",
            place=KABUL,
            source="Express Tribune",
        ),
        text,
        "militants who attacked a checkpoint",
    )
    accuse = evidence(
        text_event(
            f"{art.id}:e2",
            art.id,
            "ACCUSE",
            day,
            actors=(PAK,),
            recipients=(AFG,),
            related=(attack.id,),
            source="Express Tribune",
            trigger="accused",
        ),
        text,
        s1,
    )
    deny = evidence(
        text_event(
            f"{art.id}:e3",
            art.id,
            "REJECT",
            day,
            actors=(AFG,),
            recipients=(PAK,),
            related=(accuse.id, attack.id),
            source="Express Tribune",
            trigger="denied",
        ),
        text,
        s2,
    )
    out.append(DocumentBundle(article=art, events=(attack, accuse, deny)))
    # a hostile article: its text carries markup and script
    day = START + dt.timedelta(days=7 * 29 + 5)
    art = article("hostile", HOSTILE, day, publisher="Unknown Wire", title='<b onmouseover="x()">Clash</b>')
    line = HOSTILE.splitlines()[1]
    fired = evidence(
        text_event(
            f"{art.id}:e1",
            art.id,
            "ASSAULT",
            day,
            place=TORKHAM,
            dead=2,
            source="Unknown Wire",
            trigger="fired",
        ),
        HOSTILE,
        line,
    )
    out.append(DocumentBundle(article=art, events=(fired,)))
    # a mediator's statement outside the focus region
    day = START + dt.timedelta(days=7 * 28)
    s = "Qatar urged both sides to keep the ceasefire."
    art = article("qatar", s, day, publisher="Al Jazeera")
    out.append(
        DocumentBundle(
            article=art,
            events=(
                evidence(
                    text_event(
                        f"{art.id}:e1",
                        art.id,
                        "REQUEST",
                        day,
                        actors=(QAT,),
                        recipients=(PAK, AFG),
                        place=DOHA,
                        source="Al Jazeera",
                    ),
                    s,
                    s,
                ),
            ),
        )
    )
    return out


def build_store(path: Path) -> Store:
    store = Store(path)
    with store.session() as db:
        db.write_documents(bundles())
    return store


def hostile_event_id() -> str:
    return next(e.id for b in bundles() if b.article.text == HOSTILE for e in b.events)
