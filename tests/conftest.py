"""Shared fixtures: the spaCy analyzer is loaded once per test session."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flashpoint.annotate.analyzer import Analyzer
from flashpoint.io.model import load_pipeline
from flashpoint.records import Sentence

Analyze = Callable[..., tuple[Sentence, ...]]


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer(load_pipeline())


@pytest.fixture(scope="session")
def analyze(analyzer: Analyzer) -> Analyze:
    """``analyze(text, parse=True, ner=True)``: the sentences of ``text`` with the asked-for layers."""

    def run(text: str, parse: bool = True, ner: bool = True) -> tuple[Sentence, ...]:
        sents = analyzer.segment([text])[0]
        return tuple(analyzer.deepen(sents, [parse] * len(sents), [ner] * len(sents)))

    return run
