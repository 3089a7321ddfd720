"""Development evaluation: extraction scored against the team's gold articles, layer by layer.

Gold files (``gold/NAME.json`` beside ``articles/NAME.ext``) locate each expected item by its exact text
and occurrence in the article; an extracted item matches when its span overlaps the gold span. The
scores are recall-oriented (gold lists what an analyst cares about) with precision where the gold is
exhaustive (dates, counts, quotes). Events (gold files with an ``events`` list) are scored by
:mod:`flashpoint.workflows.evaluate_events`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any, TypeVar

from flashpoint.annotate.registry import Services
from flashpoint.errors import ConfigError
from flashpoint.records import (
    ActorEntity,
    AnnotatedDoc,
    DocumentResult,
    Failure,
    PlaceEntity,
    Quantity,
    Quote,
    Timex,
)
from flashpoint.settings import Settings
from flashpoint.workflows.evaluate_events import EventScore, render_events, score_events
from flashpoint.workflows.evaluate_events import locate as _locate
from flashpoint.workflows.evaluate_events import overlap as _overlap

JSON = dict[str, Any]


@dataclass
class Counts:
    """Matched, gold and system totals with misses kept for the details view."""

    gold: int = 0
    found: int = 0  # gold items with an overlapping system item
    correct: int = 0  # ... whose attributes are right too
    system: int = 0
    system_matched: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    def accuracy(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    def precision(self) -> float:
        return self.system_matched / self.system if self.system else 0.0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.found += other.found
        self.correct += other.correct
        self.system += other.system
        self.system_matched += other.system_matched
        self.misses.extend(other.misses)
        self.extras.extend(other.extras)


@dataclass
class Report:
    documents: int = 0
    failures: list[str] = field(default_factory=list)
    layers: dict[str, Counts] = field(default_factory=dict)
    extra: dict[str, Counts] = field(default_factory=dict)
    distances_km: list[float] = field(default_factory=list)
    events: EventScore = field(default_factory=EventScore)

    def layer(self, name: str) -> Counts:
        return self.layers.setdefault(name, Counts())

    def extra_layer(self, name: str) -> Counts:
        return self.extra.setdefault(name, Counts())

    def to_json(self, details: bool = False) -> JSON:
        out: JSON = {"documents": self.documents, "failures": self.failures, "layers": {}}
        for name, c in {**self.layers, **self.extra}.items():
            row: JSON = {
                "gold": c.gold,
                "found": c.found,
                "correct": c.correct,
                "recall": round(c.recall(), 3),
                "accuracy": round(c.accuracy(), 3),
            }
            if c.system:
                row["system"] = c.system
                row["precision"] = round(c.precision(), 3)
            if details:
                row["misses"] = c.misses
                row["not_in_gold"] = c.extras
            out["layers"][name] = row
        if self.distances_km:
            d = sorted(self.distances_km)
            out["geocoding_km"] = {
                "median": round(median(d), 1),
                "within_25km": round(sum(x <= 25 for x in d) / len(d), 3),
                "within_100km": round(sum(x <= 100 for x in d) / len(d), 3),
            }
        if self.events.documents:
            out["events"] = self.events.to_json(details=details)
        return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def _name_match(gold: str | None, system: str | None) -> bool:
    """Names agree when they share their last word (surnames) or one contains the other."""
    if not gold or not system:
        return False
    g, s = gold.lower(), system.lower()
    return g in s or s in g or g.split()[-1] == s.split()[-1]


Span = tuple[int, int]
T = TypeVar("T")


def _score_layer(
    counts: Counts,
    doc_name: str,
    text: str,
    gold_items: Sequence[JSON],
    system: Sequence[tuple[Span, T]],
    judge: Callable[[JSON, T], str | None],
    *,
    min_share: float = 0.0,
) -> None:
    """Match gold items to overlapping system items; ``judge`` returns None when the attributes agree."""
    counts.system += len(system)
    gold_spans: list[Span] = []
    for g in gold_items:
        counts.gold += 1
        loc = _locate(text, g["text"], g.get("occurrence", 1))
        if loc is None:
            counts.misses.append(f"{doc_name}: gold text not in extracted text: {g['text'][:50]!r}")
            continue
        gold_spans.append(loc)
        need = max(1, int(min_share * (loc[1] - loc[0])))
        hits = sorted(
            ((_overlap(loc, sp), item) for sp, item in system if _overlap(loc, sp) >= need),
            key=lambda h: -h[0],
        )
        if not hits:
            counts.misses.append(f"{doc_name}: missed {g['text'][:50]!r}")
            continue
        counts.found += 1
        problem = judge(g, hits[0][1])
        if problem is None:
            counts.correct += 1
        else:
            counts.misses.append(f"{doc_name}: {g['text'][:50]!r}: {problem}")
    for sp, item in system:
        if any(_overlap(sp, g) for g in gold_spans):
            counts.system_matched += 1
        else:
            counts.extras.append(f"{doc_name}: not in gold: {text[sp[0] : sp[1]]!r} {_describe(item)}")


def _describe(item: object) -> str:
    if isinstance(item, ActorEntity):
        return f"{item.code} {item.sector} ({item.name})"
    if isinstance(item, PlaceEntity):
        return f"{item.name} {item.country} {item.resolution}"
    if isinstance(item, Timex):
        return str(item.value)
    if isinstance(item, Quantity):
        return f"{item.low}-{item.high} {item.type}"
    return ""


def _judge_actor(g: JSON, a: ActorEntity) -> str | None:
    if a.code == g.get("code") and a.sector == g.get("sector"):
        return None
    return f"gold {g.get('code')} {g.get('sector')} got {a.code} {a.sector} ({a.name})"


def _judge_actor_code(g: JSON, a: ActorEntity) -> str | None:
    return None if a.code == g.get("code") else f"gold {g.get('code')} got {a.code}"


def _judge_place(report: Report) -> Callable[[JSON, PlaceEntity], str | None]:
    def judge(g: JSON, p: PlaceEntity) -> str | None:
        if g.get("lat") is None or g.get("lon") is None:
            return None  # "the border": found is all the gold asks
        if p.lat is None or p.lon is None:
            return f"no coordinates ({p.name})"
        km = haversine_km(p.lat, p.lon, g["lat"], g["lon"])
        report.distances_km.append(km)
        if km <= 25 or (g.get("resolution") in {"province", "country", "region"} and km <= 150):
            return None
        return f"{km:.0f} km off ({p.name}, {p.country})"

    return judge


def _judge_timex(g: JSON, t: Timex) -> str | None:
    return None if t.value == g.get("value") else f"gold {g.get('value')} got {t.value} ({t.text!r})"


def _judge_quantity(g: JSON, q: Quantity) -> str | None:
    if (q.low, q.high, q.type) == (g.get("low"), g.get("high"), g.get("type")):
        return None
    return f"gold {g.get('low')}-{g.get('high')} {g.get('type')} got {q.low}-{q.high} {q.type}"


def _judge_quote(g: JSON, q: Quote) -> str | None:
    sp = q.speaker
    code_ok = sp is not None and sp.code == g.get("speaker_code") and sp.sector == g.get("speaker_sector")
    name_ok = sp is not None and (
        _name_match(g.get("speaker"), sp.identifier_text) or _name_match(g.get("speaker"), sp.entity_text)
    )
    if code_ok and (name_ok or not g.get("speaker")):
        return None
    got = f"{sp.code} {sp.sector} {sp.identifier_text or sp.entity_text}" if sp else "no speaker"
    return f"speaker gold {g.get('speaker_code')} {g.get('speaker_sector')} {g.get('speaker')} got {got}"


def _judge_quote_code(g: JSON, q: Quote) -> str | None:
    sp = q.speaker
    if sp is not None and sp.code == g.get("speaker_code") and sp.sector == g.get("speaker_sector"):
        return None
    return f"speaker gold {g.get('speaker_code')} {g.get('speaker_sector')} got {sp.code if sp else None}"


def _same_text(gold: object, system: str | None) -> bool:
    if gold is None or system is None:
        return gold is None and system is None
    return str(gold).lower().removeprefix("the ") == system.lower().removeprefix("the ")


def _judge_quote_field(name: str) -> Callable[[JSON, Quote], str | None]:
    def judge(g: JSON, q: Quote) -> str | None:
        got = getattr(q, name)
        return None if _same_text(g.get(name), got) else f"{name} gold {g.get(name)!r} got {got!r}"

    return judge


def score_document(
    result: DocumentResult, gold: JSON, report: Report, sentences: Sequence[Span] | None = None
) -> None:
    """Add one document's matches to ``report``; ``sentences`` (the analysed sentence spans) place the
    events, by default a rough split of the text."""
    text = result.article.text
    name = str(gold.get("file", "?"))

    pub = report.layer("published")
    pub.gold += 1
    got = result.article.published.isoformat() if result.article.published else None
    pub.found += got is not None
    if got == gold.get("published"):
        pub.correct += 1
    else:
        pub.misses.append(f"{name}: published {got} != {gold.get('published')}")

    actors = [((m.start, m.end), a) for a in result.actors for m in a.mentions]
    _score_layer(report.layer("actors"), name, text, gold.get("actors", []), actors, _judge_actor)
    _score_layer(
        report.extra_layer("actors:code"), name, text, gold.get("actors", []), actors, _judge_actor_code
    )

    places = [((m.start, m.end), p) for p in result.places for m in p.mentions]
    _score_layer(report.layer("places"), name, text, gold.get("places", []), places, _judge_place(report))
    notp = report.extra_layer("not_places")
    for g in gold.get("not_places", []):
        loc = _locate(text, g["text"], g.get("occurrence", 1))
        notp.gold += 1
        if loc is not None and not any(_overlap(loc, sp) for sp, _ in places):
            notp.found += 1
            notp.correct += 1
        else:
            notp.misses.append(
                f"{name}: {g['text']!r} (occurrence {g.get('occurrence', 1)}) taken as a place"
            )

    timexes = [((t.start, t.end), t) for t in result.timexes]
    _score_layer(report.layer("timexes"), name, text, gold.get("timexes", []), timexes, _judge_timex)
    counts = [((q.start, q.end), q) for q in result.quantities]
    _score_layer(report.layer("quantities"), name, text, gold.get("quantities", []), counts, _judge_quantity)
    quotes = [((q.start, q.end), q) for q in result.quotes]
    gold_quotes = gold.get("quotes", [])
    _score_layer(report.layer("quotes"), name, text, gold_quotes, quotes, _judge_quote, min_share=0.5)
    for field_name in ("cue", "outlet", "medium"):
        _score_layer(
            report.extra_layer(f"quotes:{field_name}"),
            name,
            text,
            gold_quotes,
            quotes,
            _judge_quote_field(field_name),
            min_share=0.5,
        )
    _score_layer(
        report.extra_layer("quotes:speaker_code"),
        name,
        text,
        gold_quotes,
        quotes,
        _judge_quote_code,
        min_share=0.5,
    )
    if "events" in gold:
        score_events(report.events, name, text, result.events, gold["events"], sentences)


def gold_pairs(articles_dir: Path, gold_dir: Path | None) -> list[tuple[Path, JSON]]:
    gold_dir = gold_dir or articles_dir.parent / "gold"
    if not gold_dir.is_dir():
        raise ConfigError(f"no gold folder at {gold_dir} (give one with --gold)")
    pairs = []
    for gpath in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        article = articles_dir / gold.get("file", gpath.stem)
        if article.exists():
            pairs.append((article, gold))
    if not pairs:
        raise ConfigError(f"no gold file in {gold_dir} names an article in {articles_dir}")
    return pairs


def evaluate_gold(
    articles_dir: Path, gold_dir: Path | None, *, settings: Settings, services: Services | None = None
) -> Report:
    from flashpoint.annotate.registry import build_pipeline
    from flashpoint.io.readers import read_articles
    from flashpoint.workflows.extract import to_result

    services = services or Services(settings)
    pipeline = build_pipeline(services)
    report = Report()
    for article, gold in gold_pairs(articles_dir, gold_dir):
        published = dt.date.fromisoformat(gold["cli_published"]) if gold.get("cli_published") else None
        # the extract workflow, keeping the analysed sentences that place the events
        for out in pipeline.run(read_articles([article], published=published, settings=settings)):
            if isinstance(out, Failure):
                report.failures.append(f"{out.source}: {out.reason}")
                continue
            assert isinstance(out, AnnotatedDoc)
            report.documents += 1
            sentences = [(s.start, s.end) for s in out.sentences]
            score_document(to_result(out, pipeline.label), gold, report, sentences)
    return report


def render_report(report: Report, details: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"flashpoint eval: {report.documents} documents")
    for col in ("layer", "gold", "found (recall)", "correct (accuracy)", "precision"):
        table.add_column(col, justify="left" if col == "layer" else "right")
    rows: Iterable[tuple[str, Counts]] = [*report.layers.items(), *report.extra.items()]
    for name, c in rows:
        table.add_row(
            name,
            str(c.gold),
            f"{c.found} ({c.recall():.2f})",
            f"{c.correct} ({c.accuracy():.2f})",
            f"{c.precision():.2f}" if c.system else "-",
        )
    console = Console()
    console.print(table)
    j = report.to_json()
    if "geocoding_km" in j:
        g = j["geocoding_km"]
        console.print(
            f"geocoding error: median {g['median']} km, {g['within_25km']:.0%} within 25 km, "
            f"{g['within_100km']:.0%} within 100 km"
        )
    for f in report.failures:
        console.print(f"[red]failed[/red] {f}")
    if details:
        for name, c in rows:
            for m in c.misses + c.extras:
                console.print(f"[{name}] {m}", markup=False, highlight=False)
    if report.events.documents:
        render_events(console, report.events, details=details)


def summarise(reports: Sequence[Report]) -> Report:
    total = Report()
    for r in reports:
        total.documents += r.documents
        total.failures.extend(r.failures)
        for k, v in r.layers.items():
            total.layer(k).add(v)
        for k, v in r.extra.items():
            total.extra.setdefault(k, Counts()).add(v)
        total.distances_km.extend(r.distances_km)
        total.events.merge(r.events)
    return total
