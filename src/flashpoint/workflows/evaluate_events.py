"""Event coding scored against the team's gold articles (the ``events`` list of each gold file).

A gold event names its trigger by text and occurrence, like every gold item (see tests/fixtures/README.md),
with its category, mode, actor and recipient ("CODE SECTOR" strings), status, claimant, date, place text and
casualty counts. A gold event matches a predicted event of the same category in the same sentence (the
sentence that holds the gold trigger), one to one and greedily: first the pairs whose triggers overlap
(largest overlap first), then the rest of each sentence by distance between the triggers. Recall and
precision count matches; the attributes are judged on the matched pairs only.

"Violence from non-facts" counts predicted ASSAULT or COERCE events the coder presents as facts (any status
but hypothetical, future or negated) that come from a gold non-fact: their trigger overlaps a gold event
that is hypothetical, future or negated or a THREATEN, or their sentence holds a gold ASSAULT, COERCE or
THREATEN that is hypothetical, future or negated and no factual gold event of their category. It should
be 0.

This module reads records only; the other evaluation modules import it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flashpoint.records import Event

JSON = dict[str, Any]
Span = tuple[int, int]

#: statuses that say the event did not (or not yet) take place
NON_FACT = frozenset({"hypothetical", "future", "negated"})
#: categories whose coding from a non-fact is the worst error an event coder can make
VIOLENT = frozenset({"ASSAULT", "COERCE"})
#: attributes judged on matched pairs, in report order
ATTRIBUTES = ("actor_code", "recipient_code", "status", "mode", "date", "place", "dead", "injured")


def locate(text: str, needle: str, occurrence: int = 1) -> Span | None:
    """The span of the ``occurrence``-th plain-substring match of ``needle`` (overlapping matches count)."""
    pos = -1
    for _ in range(max(occurrence, 1)):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(needle)


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z])")


def rough_sentences(text: str) -> list[Span]:
    """Sentence spans by punctuation and line breaks: a stand-in when no analysed sentences are given."""
    spans: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentence_of(starts: Sequence[int], offset: int) -> int:
    """Index of the sentence (given by its sorted start offsets) that holds ``offset``."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


@dataclass
class Tally:
    """Right out of judged."""

    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += ok

    def merge(self, other: Tally) -> None:
        self.right += other.right
        self.total += other.total

    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def to_json(self) -> JSON:
        return {"right": self.right, "total": self.total, "accuracy": ratio(self.right, self.total)}


def confusion_json(confusion: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """``{gold: {predicted: count}}``, gold labels sorted, most frequent predictions first."""
    out: dict[str, dict[str, int]] = {}
    for (gold, pred), n in sorted(confusion.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        out.setdefault(gold, {})[pred] = n
    return out


@dataclass
class EventScore:
    """Event recall, precision and attribute accuracy over the gold files that have an ``events`` list."""

    documents: int = 0
    gold: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)
    attributes: dict[str, Tally] = field(default_factory=lambda: {a: Tally() for a in ATTRIBUTES})
    status_confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    non_fact_violence: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def recall(self, category: str | None = None) -> float:
        if category is None:
            return ratio(sum(self.matched.values()), sum(self.gold.values()))
        return ratio(self.matched[category], self.gold[category])

    def precision(self, category: str | None = None) -> float:
        if category is None:
            return ratio(sum(self.matched.values()), sum(self.predicted.values()))
        return ratio(self.matched[category], self.predicted[category])

    def categories(self) -> list[str]:
        return sorted(set(self.gold) | set(self.predicted))

    def merge(self, other: EventScore) -> None:
        self.documents += other.documents
        self.gold.update(other.gold)
        self.predicted.update(other.predicted)
        self.matched.update(other.matched)
        for name, tally in other.attributes.items():
            self.attributes.setdefault(name, Tally()).merge(tally)
        self.status_confusion.update(other.status_confusion)
        self.non_fact_violence.extend(other.non_fact_violence)
        self.misses.extend(other.misses)
        self.extras.extend(other.extras)
        self.wrong.extend(other.wrong)

    def to_json(self, details: bool = False) -> JSON:
        out: JSON = {
            "documents": self.documents,
            "gold": sum(self.gold.values()),
            "predicted": sum(self.predicted.values()),
            "matched": sum(self.matched.values()),
            "recall": self.recall(),
            "precision": self.precision(),
            "per_category": {
                c: {
                    "gold": self.gold[c],
                    "predicted": self.predicted[c],
                    "matched": self.matched[c],
                    "recall": self.recall(c),
                    "precision": self.precision(c),
                }
                for c in self.categories()
            },
            "attributes": {name: t.to_json() for name, t in self.attributes.items()},
            "status_confusion": confusion_json(self.status_confusion),
            "violence_from_non_facts": len(self.non_fact_violence),
        }
        if details:
            out["misses"] = self.misses
            out["not_in_gold"] = self.extras
            out["attribute_misses"] = self.wrong
            out["non_fact_violence"] = self.non_fact_violence
        return out


# -- matching ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """A gold event located in the text: its trigger span and the index of the sentence that holds it."""

    item: JSON
    span: Span
    sentence: int

    @property
    def category(self) -> str:
        return str(self.item.get("category", ""))

    @property
    def status(self) -> str:
        return str(self.item.get("status") or "asserted")


def match_events(gold: Sequence[GoldEvent], predicted: Sequence[tuple[int, Event]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs: same sentence and category; overlapping triggers
    first (largest overlap first), then the nearest trigger in the sentence. ``predicted`` pairs each event
    with the index of its sentence."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    done: set[int] = set()

    def candidates(g: GoldEvent) -> list[tuple[int, Event]]:
        return [
            (k, ev)
            for k, (sent, ev) in enumerate(predicted)
            if k not in used and sent == g.sentence and ev.category == g.category
        ]

    overlapping = sorted(
        (
            (-overlap(g.span, (ev.trigger.start, ev.trigger.end)), gi, k)
            for gi, g in enumerate(gold)
            for k, ev in candidates(g)
            if overlap(g.span, (ev.trigger.start, ev.trigger.end))
        )
    )
    for _, gi, k in overlapping:
        if gi in done or k in used:
            continue
        pairs.append((gi, k))
        done.add(gi)
        used.add(k)
    for gi, g in enumerate(gold):
        if gi in done:
            continue
        near = sorted(candidates(g), key=lambda c: (abs(c[1].trigger.start - g.span[0]), c[0]))
        if near:
            k = near[0][0]
            pairs.append((gi, k))
            done.add(gi)
            used.add(k)
    return sorted(pairs)


# -- judging matched pairs ---------------------------------------------------------------------------


def gold_codes(entities: object) -> set[str]:
    """The country codes of gold "CODE SECTOR" strings."""
    if not isinstance(entities, list):
        return set()
    return {str(e).split()[0] for e in entities if isinstance(e, str) and e.strip()}


def codes_agree(gold: object, refs: Sequence[Any]) -> bool:
    """Every gold code is among the predicted codes; an empty gold list wants an empty prediction."""
    want = gold_codes(gold)
    have = {r.code for r in refs if r.code}
    return want <= have if want else not have


def _size(ev: Event, kind: str) -> list[int | None]:
    return [s.low for s in ev.size if s.type == kind]


def count_agrees(gold: object, ev: Event, kind: str) -> bool:
    lows = _size(ev, kind)
    if gold is None:
        return not lows
    return gold in lows


def _norm_place(text: str) -> str:
    return text.lower().removeprefix("the ").strip()


def place_agrees(gold: object, ev: Event, text: str) -> bool:
    """The predicted place overlaps an occurrence of the gold place text (or either name holds the other)."""
    if gold is None or not str(gold).strip():
        return ev.place is None
    if ev.place is None:
        return False
    g = str(gold)
    got: Span = (ev.place.start, ev.place.end)
    pos = text.find(g)
    while pos >= 0:
        if overlap((pos, pos + len(g)), got):
            return True
        pos = text.find(g, pos + 1)
    a, b = _norm_place(g), _norm_place(ev.place.text)
    return bool(a and b) and (a in b or b in a)


def _refs(refs: Sequence[Any]) -> str:
    return ", ".join(f"{r.code} {r.sector}" for r in refs) or "-"


def judge_pair(score: EventScore, name: str, g: GoldEvent, ev: Event, text: str) -> None:
    """Add one matched pair's attribute judgements to ``score``."""
    item = g.item
    problems: list[str] = []

    def judge(attr: str, ok: bool, problem: str) -> None:
        score.attributes.setdefault(attr, Tally()).add(ok)
        if not ok:
            problems.append(problem)

    judge(
        "actor_code",
        codes_agree(item.get("actor"), ev.actor),
        f"actor gold {item.get('actor')} got {_refs(ev.actor)}",
    )
    judge(
        "recipient_code",
        codes_agree(item.get("recipient"), ev.recipient),
        f"recipient gold {item.get('recipient')} got {_refs(ev.recipient)}",
    )
    score.status_confusion[(g.status, ev.status)] += 1
    judge("status", g.status == ev.status, f"status gold {g.status} got {ev.status}")
    judge("mode", item.get("mode") == ev.mode, f"mode gold {item.get('mode')} got {ev.mode}")
    judge("date", item.get("date") == ev.date, f"date gold {item.get('date')} got {ev.date}")
    judge(
        "place",
        place_agrees(item.get("place"), ev, text),
        f"place gold {item.get('place')!r} got {ev.place.text if ev.place else None!r}",
    )
    for kind in ("dead", "injured"):
        judge(
            kind,
            count_agrees(item.get(kind), ev, kind),
            f"{kind} gold {item.get(kind)} got {_size(ev, kind) or None}",
        )
    if problems:
        score.wrong.append(f"{name}: {g.category} {item.get('trigger')!r}: " + "; ".join(problems))


# -- one document --------------------------------------------------------------------------------------


def score_events(
    score: EventScore,
    name: str,
    text: str,
    events: Sequence[Event],
    gold_items: Sequence[JSON],
    sentences: Sequence[Span] | None = None,
) -> None:
    """Add one document's events to ``score``; ``sentences`` are the analysed sentence spans (by default
    a rough split of ``text``)."""
    spans = sorted(sentences) if sentences else rough_sentences(text)
    starts = [s for s, _ in spans]
    score.documents += 1
    gold: list[GoldEvent] = []
    for item in gold_items:
        score.gold[str(item.get("category", ""))] += 1
        loc = locate(text, str(item.get("trigger", "")), int(item.get("occurrence", 1)))
        if loc is None or not item.get("trigger"):
            score.misses.append(f"{name}: gold trigger not in the text: {item.get('trigger')!r}")
            continue
        gold.append(GoldEvent(item, loc, sentence_of(starts, loc[0])))
    predicted = [(sentence_of(starts, ev.trigger.start), ev) for ev in events]
    score.predicted.update(ev.category for ev in events)
    pairs = match_events(gold, predicted)
    matched_predicted = {k for _, k in pairs}
    for gi, k in pairs:
        g, ev = gold[gi], predicted[k][1]
        score.matched[g.category] += 1
        judge_pair(score, name, g, ev, text)
    matched_gold = {gi for gi, _ in pairs}
    for gi, g in enumerate(gold):
        if gi in matched_gold:
            continue
        there = sorted(f"{ev.category}({ev.trigger.text})" for s, ev in predicted if s == g.sentence)
        score.misses.append(
            f"{name}: missed {g.category} {g.item.get('trigger')!r}"
            + (f" (sentence has {', '.join(there)})" if there else " (no event in its sentence)")
        )
    for k, (sent, ev) in enumerate(predicted):
        if k not in matched_predicted:
            score.extras.append(
                f"{name}: not in gold: {ev.category} {ev.trigger.text!r} {ev.status} "
                f"{_refs(ev.actor)} -> {_refs(ev.recipient)}"
            )
        if ev.category not in VIOLENT or ev.status in NON_FACT:
            continue
        trig: Span = (ev.trigger.start, ev.trigger.end)
        at_trigger = [
            g for g in gold if overlap(g.span, trig) and (g.status in NON_FACT or g.category == "THREATEN")
        ]
        here = [g for g in gold if g.sentence == sent]
        in_sentence = [
            g for g in here if g.status in NON_FACT and (g.category in VIOLENT or g.category == "THREATEN")
        ]
        factual = any(g.category == ev.category and g.status not in NON_FACT for g in here)
        if at_trigger or (in_sentence and not factual):
            g = (at_trigger or in_sentence)[0]
            score.non_fact_violence.append(
                f"{name}: {ev.category} {ev.trigger.text!r} ({ev.status}) from gold {g.category} "
                f"{g.item.get('trigger')!r} ({g.status})"
            )


# -- rendering -----------------------------------------------------------------------------------------


def render_events(console: Any, score: EventScore, details: bool = False) -> None:
    """Print the event tables (per category, attributes, status confusion) to a rich console."""
    from rich.table import Table

    table = Table(title=f"events: {score.documents} documents with gold events")
    for col in ("category", "gold", "predicted", "matched", "recall", "precision"):
        table.add_column(col, justify="left" if col == "category" else "right")
    for c in score.categories():
        table.add_row(
            c,
            str(score.gold[c]),
            str(score.predicted[c]),
            str(score.matched[c]),
            f"{score.recall(c):.2f}",
            f"{score.precision(c):.2f}",
        )
    table.add_row(
        "all",
        str(sum(score.gold.values())),
        str(sum(score.predicted.values())),
        str(sum(score.matched.values())),
        f"{score.recall():.2f}",
        f"{score.precision():.2f}",
        style="bold",
    )
    console.print(table)
    attrs = Table("attribute (matched events)", "right", "judged", "accuracy")
    for name, t in score.attributes.items():
        attrs.add_row(name, str(t.right), str(t.total), f"{t.accuracy():.2f}")
    console.print(attrs)
    console.print(confusion_table("status: gold \\ predicted", score.status_confusion))
    console.print(f"violence from non-facts: {len(score.non_fact_violence)}")
    if details:
        for label, lines in (
            ("missed", score.misses),
            ("not in gold", score.extras),
            ("attributes", score.wrong),
            ("non-fact violence", score.non_fact_violence),
        ):
            for line in lines:
                console.print(f"[events {label}] {line}", markup=False, highlight=False, soft_wrap=True)


def confusion_table(title: str, confusion: Counter[tuple[str, str]]) -> Any:
    """A rich table with one row per gold label: its count and what it was predicted as (most often
    first), narrow enough for any number of labels."""
    from rich.table import Table

    table = Table("gold", "n", "right", "predicted as", title=title)
    for gold, row in confusion_json(confusion).items():
        table.add_row(
            gold,
            str(sum(row.values())),
            str(row.get(gold, 0)),
            ", ".join(f"{pred} {n}" for pred, n in row.items()),
        )
    return table
