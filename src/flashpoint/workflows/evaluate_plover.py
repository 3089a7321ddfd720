"""Development evaluation on PLOVER gold-standard records (read at run time from a folder the user names).

The PLOVER gold file (``PLOVER_GSR_CAMEO.txt``: a JSON array with trailing commas) holds human-coded
sentences with their source and target actors as text spans with a country code and, sometimes, a sector.
The reading layer is scored on those actor spans: is there an actor entity over the span, with the gold code
(and sector, where the gold gives one)?

The event coder is scored on the records' categories (the draft's labels mapped to PLOVER 2's: DEMAND is
REQUEST, DISAPPROVE and INVESTIGATE are ACCUSE, FIGHT is ASSAULT) through each record's *primary event*: the
event whose trigger overlaps a word the gold marks ``(EVT: ...)`` in ``textInfo.markup``, else the first
event of the record; no event is the prediction "NONE". The primary event's actor and recipient codes are
checked against the gold ``source`` and ``target`` codes (every gold code must be among them).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.annotate.registry import Services, build_pipeline
from flashpoint.errors import ConfigError
from flashpoint.records import AnnotatedDoc, Article, Event
from flashpoint.settings import Settings
from flashpoint.workflows.evaluate_events import Tally, confusion_json, overlap, ratio

GOLD_FILE = "PLOVER_GSR_CAMEO.txt"
#: The gold's few legacy CAMEO country codes, mapped to ISO 3166 alpha-3.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA"}
#: The gold sentences carry placeholder dates; roles are read as of this day (the sentences are 1990s-2000s).
GOLD_DAY = dt.date(2000, 1, 1)
#: The gold's draft (0.5b1) labels that PLOVER 2 renamed or merged; DOCUMENT records are skipped.
LEGACY_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
#: The prediction of a record the coder found no event in.
NO_EVENT = "NONE"


@dataclass
class PloverActorScore:
    spans: int = 0
    found: int = 0
    code: int = 0
    with_sector: int = 0
    sector: int = 0
    misses: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "actor_spans": self.spans,
            "found": ratio(self.found, self.spans),
            "code_accuracy": ratio(self.code, self.spans),
            "code_accuracy_when_found": ratio(self.code, self.found),
            "code_and_sector_accuracy": ratio(self.sector, self.with_sector),
            "spans_with_sector": self.with_sector,
        }


@dataclass
class PloverEventScore:
    """The primary event of each record against the record's gold category, source and target."""

    records: int = 0
    category: Tally = field(default_factory=Tally)
    any_category: Tally = field(default_factory=Tally)
    actor: Tally = field(default_factory=Tally)
    actor_when_right: Tally = field(default_factory=Tally)
    recipient: Tally = field(default_factory=Tally)
    recipient_when_right: Tally = field(default_factory=Tally)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def per_category(self) -> dict[str, dict[str, float]]:
        gold: Counter[str] = Counter()
        predicted: Counter[str] = Counter()
        correct: Counter[str] = Counter()
        for (g, p), n in self.confusion.items():
            gold[g] += n
            predicted[p] += n
            if g == p:
                correct[g] += n
        return {
            c: {
                "gold": gold[c],
                "predicted": predicted[c],
                "correct": correct[c],
                "precision": ratio(correct[c], predicted[c]),
                "recall": ratio(correct[c], gold[c]),
            }
            for c in sorted(set(gold) | set(predicted))
        }

    def to_json(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "records": self.records,
            "category_accuracy": ratio(self.category.right, self.category.total),
            "any_event_has_gold_category": ratio(self.any_category.right, self.any_category.total),
            "actor_code": self.actor.to_json(),
            "actor_code_when_category_right": self.actor_when_right.to_json(),
            "recipient_code": self.recipient.to_json(),
            "recipient_code_when_category_right": self.recipient_when_right.to_json(),
            "per_category": self.per_category(),
            "confusion": confusion_json(self.confusion),
        }
        if details:
            out["misses"] = self.misses
        return out


def load_records(folder: Path) -> list[dict[str, Any]]:
    path = folder / GOLD_FILE
    if not path.is_file():
        raise ConfigError(f"no {GOLD_FILE} in {folder}")
    text = path.read_text(encoding="utf-8")
    data = json.loads(re.sub(r",\s*([}\]])", r"\1", text))
    return [r for r in data if isinstance(r, dict) and r.get("text") and r.get("event") != "DOCUMENT"]


def _gold_actors(record: dict[str, Any]) -> Iterator[tuple[str, str, str | None]]:
    for role in ("source", "target"):
        value = record.get(role)
        if not isinstance(value, list):
            continue
        for a in value:
            text, code = a.get("actorText"), a.get("code")
            if text and code and text in record["text"]:
                sector = a.get("sector")
                sector = sector if isinstance(sector, str) and re.fullmatch(r"[A-Z]{3}", sector) else None
                yield text, LEGACY_CODES.get(code, code), sector


def gold_category(record: dict[str, Any]) -> str | None:
    """The record's PLOVER 2 category (None for DOCUMENT records and records without one)."""
    label = record.get("event")
    if not isinstance(label, str) or not label or label == "DOCUMENT":
        return None
    return LEGACY_LABELS.get(label, label)


def gold_codes(record: dict[str, Any], role: str) -> set[str]:
    """The country codes of the record's ``source`` or ``target`` actors, legacy codes mapped."""
    value = record.get(role)
    if not isinstance(value, list):
        return set()
    codes = (a.get("code") if isinstance(a, dict) else None for a in value)
    return {LEGACY_CODES.get(c, c) for c in codes if isinstance(c, str) and c.strip()}


_TAG = re.compile(r"\(([A-Z]+(?:/[A-Z]+)*)\s*:\s*")


def markup_spans(markup: str, tag: str = "EVT") -> tuple[str, list[tuple[int, int]]]:
    """The plain text of a ``textInfo.markup`` string and the spans in it of the words marked ``tag``.

    Markup wraps words in ``(TAG: words)`` (tags like ``SRC/TAR`` name several roles; tags may nest);
    parentheses that open no tag are text.
    """
    plain: list[str] = []
    stack: list[tuple[str | None, int]] = []  # (tag, start in the plain text); None: a literal "("
    spans: list[tuple[int, int]] = []
    size = 0
    i = 0
    while i < len(markup):
        m = _TAG.match(markup, i)
        if m:
            stack.append((m.group(1), size))
            i = m.end()
            continue
        ch = markup[i]
        i += 1
        if ch == ")" and stack:
            name, start = stack.pop()
            if name is not None:
                if tag in name.split("/"):
                    spans.append((start, size))
                continue
        elif ch == "(":
            stack.append((None, size))
        plain.append(ch)
        size += 1
    return "".join(plain), spans


def event_word_spans(text: str, markup: str) -> list[tuple[int, int]]:
    """The spans in ``text`` of the words the markup marks ``(EVT: ...)``.

    The markup's plain text is aligned with ``text`` (a few records differ by a word); a marked span is
    kept for the part of it that falls in an aligned block.
    """
    plain, spans = markup_spans(markup)
    if plain == text:
        return [(a, b) for a, b in spans if b > a]
    blocks = difflib.SequenceMatcher(None, plain, text, autojunk=False).get_matching_blocks()
    out = []
    for a, b in spans:
        mapped = [
            (max(a, p) - p + t, min(b, p + n) - p + t)
            for p, t, n in blocks
            if n and max(a, p) < min(b, p + n)
        ]
        if mapped:
            out.append((mapped[0][0], mapped[-1][1]))
    return out


def primary_event(events: Sequence[Event], marked: Sequence[tuple[int, int]]) -> Event | None:
    """The event whose trigger overlaps a marked event word (the first such), else the first event."""
    ordered = sorted(events, key=lambda e: (e.trigger.start, e.trigger.end))
    for ev in ordered:
        if any(overlap((ev.trigger.start, ev.trigger.end), span) for span in marked):
            return ev
    return ordered[0] if ordered else None


def score_plover_events(score: PloverEventScore, record: dict[str, Any], doc: AnnotatedDoc) -> None:
    """Add one record's primary event to ``score``."""
    gold = gold_category(record)
    if gold is None:
        return
    text = record["text"]
    info = record.get("textInfo")
    markup = info.get("markup") if isinstance(info, dict) else None
    marked = event_word_spans(text, markup) if isinstance(markup, str) else []
    primary = primary_event(doc.events, marked)
    predicted = primary.category if primary is not None else NO_EVENT
    rid = record.get("id")
    score.records += 1
    score.confusion[(gold, predicted)] += 1
    right = predicted == gold
    score.category.add(right)
    score.any_category.add(any(ev.category == gold for ev in doc.events))
    if not right:
        got = f"{predicted} {primary.trigger.text!r}" if primary is not None else NO_EVENT
        score.misses.append(f"{rid}: gold {gold} got {got}: {text[:90]!r}")
    for role, all_, when_right in (
        ("source", score.actor, score.actor_when_right),
        ("target", score.recipient, score.recipient_when_right),
    ):
        want = gold_codes(record, role)
        if not want:
            continue
        refs = () if primary is None else primary.actor if role == "source" else primary.recipient
        have = {r.code for r in refs if r.code}
        ok = want <= have
        all_.add(ok)
        if right:
            when_right.add(ok)
        if not ok and primary is not None:
            score.misses.append(
                f"{rid}: {gold} {role} gold {', '.join(sorted(want))} got {', '.join(sorted(have)) or '-'}"
            )


def _articles(records: Sequence[dict[str, Any]]) -> list[Article]:
    return [
        Article(
            id=f"plover-{n}",
            text=r["text"],
            path=r.get("id"),
            title=None,
            url=None,
            publisher=None,
            published=GOLD_DAY,
            published_source="given",
            language="en",
        )
        for n, r in enumerate(records)
    ]


def run_plover(
    folder: Path, layers: Sequence[str], *, settings: Settings, services: Services | None = None
) -> Iterator[tuple[dict[str, Any], AnnotatedDoc]]:
    """Each gold record with its annotated sentence (records whose annotation failed are left out)."""
    records = load_records(folder)
    pipeline = build_pipeline(services or Services(settings), layers)
    for record, doc in zip(records, pipeline.run(_articles(records)), strict=True):
        if isinstance(doc, AnnotatedDoc):
            yield record, doc


def evaluate_plover_actors(
    folder: Path, *, settings: Settings, services: Services | None = None
) -> PloverActorScore:
    score = PloverActorScore()
    for record, doc in run_plover(folder, ["actors"], settings=settings, services=services):
        score_plover_actors(score, record, doc)
    return score


def evaluate_plover(
    folder: Path, *, settings: Settings, services: Services | None = None
) -> tuple[PloverActorScore, PloverEventScore]:
    """Actor spans and events, from one run of the pipeline with the events layer."""
    actors, events = PloverActorScore(), PloverEventScore()
    for record, doc in run_plover(folder, ["actors", "events"], settings=settings, services=services):
        score_plover_actors(actors, record, doc)
        score_plover_events(events, record, doc)
    return actors, events


def score_plover_actors(score: PloverActorScore, record: dict[str, Any], doc: AnnotatedDoc) -> None:
    """Add one record's gold actor spans to ``score``."""
    for text, code, sector in _gold_actors(record):
        start = record["text"].index(text)
        end = start + len(text)
        score.spans += 1
        hits = [a for a in doc.actors for m in a.mentions if m.start < end and start < m.end]
        if not hits:
            score.misses.append(f"{record.get('id')}: missed {text!r} ({code})")
            continue
        score.found += 1
        if any(a.code == code for a in hits):
            score.code += 1
        else:
            got = ", ".join(f"{a.code} {a.sector}" for a in hits)
            score.misses.append(f"{record.get('id')}: {text!r} gold {code} got {got}")
        if sector is not None:
            score.with_sector += 1
            if any(a.code == code and a.sector == sector for a in hits):
                score.sector += 1


def render_plover(actors: PloverActorScore, events: PloverEventScore, details: bool = False) -> None:
    """Print the actor-span score and the event tables."""
    from rich.console import Console
    from rich.table import Table

    from flashpoint.workflows.evaluate_events import confusion_table

    console = Console()
    table = Table("PLOVER actor spans", "value", title=f"PLOVER gold: {actors.spans} actor spans")
    for name, value in actors.to_json().items():
        table.add_row(name, str(value))
    console.print(table)
    if details:
        for line in actors.misses:
            console.print(f"[plover actors] {line}", markup=False, highlight=False, soft_wrap=True)
    j = events.to_json()
    summary = Table(
        "PLOVER events", "right", "of", "accuracy", title=f"PLOVER gold: {events.records} records"
    )
    for label, tally in (
        ("category (primary event)", events.category),
        ("any event has the gold category", events.any_category),
        ("actor codes", events.actor),
        ("actor codes, category right", events.actor_when_right),
        ("recipient codes", events.recipient),
        ("recipient codes, category right", events.recipient_when_right),
    ):
        summary.add_row(label, str(tally.right), str(tally.total), f"{tally.accuracy():.2f}")
    console.print(summary)
    cats = Table(title="PLOVER events by category")
    for col in ("category", "gold", "predicted", "correct", "precision", "recall"):
        cats.add_column(col, justify="left" if col == "category" else "right")
    for cat, row in j["per_category"].items():
        cats.add_row(
            cat,
            str(row["gold"]),
            str(row["predicted"]),
            str(row["correct"]),
            f"{row['precision']:.2f}",
            f"{row['recall']:.2f}",
        )
    console.print(cats)
    console.print(confusion_table("PLOVER categories: gold \\ predicted", events.confusion))
    if details:
        for line in events.misses:
            console.print(f"[plover events] {line}", markup=False, highlight=False, soft_wrap=True)
