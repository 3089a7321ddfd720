"""Shared fixtures: the spaCy analyzer is loaded once per test session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from flashpoint.annotate.analyzer import Analyzer
from flashpoint.annotate.registry import Services
from flashpoint.records import DocumentResult, Sentence
from flashpoint.settings import load_settings
from flashpoint.workflows.extract import extract_text

Analyze = Callable[..., tuple[Sentence, ...]]


@pytest.fixture(scope="session")
def analyzer(services: Services) -> Analyzer:
    return services.analyzer


@pytest.fixture(scope="session")
def analyze(analyzer: Analyzer) -> Analyze:
    """``analyze(text, parse=True, ner=True)``: the sentences of ``text`` with the asked-for layers."""

    def run(text: str, parse: bool = True, ner: bool = True) -> tuple[Sentence, ...]:
        sents = analyzer.segment([text])[0]
        return tuple(analyzer.deepen(sents, [parse] * len(sents), [ner] * len(sents)))

    return run


@pytest.fixture(scope="session")
def services() -> Services:
    """One set of process-wide services (spaCy, directory, gazetteer, matcher) for the whole session."""
    return Services(load_settings())


@pytest.fixture(scope="session")
def make_extract(services: Services) -> Callable[[dt.date], Callable[..., DocumentResult]]:
    """``make_extract(day)`` gives ``extract(text, published=day)``: the document result of ``text``, with
    every offset of every layer checked against the text and every quote speaker's entity present."""

    def factory(day: dt.date) -> Callable[..., DocumentResult]:
        def run(text: str, published: dt.date = day) -> DocumentResult:
            result = extract_text(text, settings=services.settings, published=published, services=services)
            assert_offsets(text, result)
            return result

        return run

    return factory


def assert_offsets(text: str, result: DocumentResult) -> None:
    """Every mention, quote, speaker and cue, date and count slices exactly the text it claims."""
    for e in (*result.actors, *result.places):
        assert e.mentions, e
        for m in e.mentions:
            assert text[m.start : m.end] == m.text, (e.name, m)
    ids = {a.id for a in result.actors}
    for q in result.quotes:
        assert text[q.start : q.end] == q.text, q
        for m in (q.speaker_mention, q.cue_mention):
            if m is not None:
                assert text[m.start : m.end] == m.text, q
        if q.speaker is not None and q.speaker.entity_id is not None:
            assert q.speaker.entity_id in ids, q
    for t in result.timexes:
        assert text[t.start : t.end] == t.text, t
    for n in result.quantities:
        assert text[n.start : n.end] == n.text, n
    for ev in result.events:
        assert text[ev.start : ev.end] == ev.event_text, ev.id
        assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text, ev.id
        assert ev.start <= ev.trigger.start, ev.id
        assert ev.trigger.end <= ev.end, ev.id
        if ev.place is not None:
            assert text[ev.place.start : ev.place.end] == ev.place.text, ev.id
        for q in ev.size:
            assert text[q.start : q.end] == q.text, ev.id
