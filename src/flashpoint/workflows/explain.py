"""The explain use case: per sentence, each trigger, the pattern that fired, and why each role, the status,
the date and the place were chosen (or why the trigger was dropped)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from flashpoint.annotate.registry import Services, build_pipeline
from flashpoint.events.coder import REPORTED_CLAIM, Decision
from flashpoint.records import AnnotatedDoc, Event, Failure
from flashpoint.settings import Settings


@dataclass(frozen=True)
class Explanation:
    """One document: its sentences with the decisions the coder took on each."""

    doc: AnnotatedDoc
    decisions: tuple[Decision, ...]
    events: tuple[Event, ...]

    def lines(self) -> Iterator[str]:
        a = self.doc.article
        yield f"# {a.path or a.id}  (published {a.published or 'unknown'}, {a.published_source})"
        by_sentence: dict[int, list[Decision]] = {}
        for d in self.decisions:
            by_sentence.setdefault(d.sentence, []).append(d)
        events = {e.id: e for e in self.events}
        derived = [e for e in self.events if e.pattern == REPORTED_CLAIM]
        for s in self.doc.sentences:
            decisions = by_sentence.get(s.index, [])
            extra = [e for e in derived if e.sentence == s.index]
            if not decisions and not extra:
                continue
            text = " ".join(s.text.split())
            yield ""
            yield f"[{s.index}] {text}"
            for d in sorted(decisions, key=lambda d: d.start):
                e = events.get(d.event_id or "")
                if e is not None:
                    yield f"  '{d.trigger}' -> {_summary(e)}"
                else:
                    yield f"  '{d.trigger}' -> pattern {d.pattern} ({d.category}): not coded"
                for why in d.why:
                    yield f"      - {why}"
            for e in extra:
                yield f"  '{e.trigger.text}' -> {_summary(e)}"
                for why in e.why:
                    yield f"      - {why}"


def _summary(e: Event) -> str:
    def side(refs: Sequence[object]) -> str:
        return ", ".join(f"{r.code or '?'} {r.sector or ''}".strip() for r in refs) or "-"  # type: ignore[attr-defined]

    parts = [
        f"{e.id} {e.category}" + (f":{e.mode}" if e.mode else ""),
        f"actor [{side(e.actor)}]",
        f"recipient [{side(e.recipient)}]",
        f"status {e.status}" + (f" (claimant {side(e.claimant)})" if e.claimant else ""),
        f"date {e.date or '-'} ({e.date_source})",
    ]
    if e.place is not None:
        parts.append(f"place {e.place.name}")
    if e.size:
        parts.append("size " + ", ".join(f"{q.type} {q.low}" for q in e.size))
    if e.comment:
        parts.append(f"comment {e.comment!r}")
    return "; ".join(parts)


def explain_paths(
    paths: Sequence[str | Path],
    *,
    settings: Settings,
    published: dt.date | None = None,
    services: Services | None = None,
) -> Iterator[Explanation | Failure]:
    """Read and code each document, keeping the coder's trace."""
    from flashpoint.io.readers import read_articles

    services = services or Services(settings)
    pipeline = build_pipeline(services, ["events"])
    coder = services.coder
    for out in pipeline.run(read_articles(paths, published=published, settings=settings)):
        if isinstance(out, Failure):
            yield out
            continue
        trace: list[Decision] = []
        events = coder.code(out, trace)
        yield Explanation(out, tuple(trace), events)
