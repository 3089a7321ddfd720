"""The parts list: every built-in stage, what it needs and what it adds, and how a pipeline is built.

==============  =====================================  ===============================================
stage           adds                                   needs
==============  =====================================  ===============================================
segment         sentences (tokens, tags)               (text)
timexes         timexes, inferred publication date     (text)
mentions        candidates (dictionary matches)        sentences
deepen          parse / entities where stages ask      sentences, candidates
actors          actors                                 sentences, candidates
places          places                                 actors
quantities      quantities                             sentences
quotes          quotes (with speakers)                 actors, timexes
events          PLOVER events (events/coder.py)        places, quantities, quotes
==============  =====================================  ===============================================

A pipeline is built for the layers a caller wants; stages that no wanted layer needs are not run, and
the spaCy components a step does not need are not run either (``deepen`` parses only the sentences the
selected stages ask for).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from flashpoint.annotate.pipeline import DocStage, Needs, Pipeline, Stage
from flashpoint.records import AnnotatedDoc, PublishedSource, Sentence
from flashpoint.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from flashpoint.actors.directory import ActorDirectory
    from flashpoint.annotate.analyzer import Analyzer
    from flashpoint.annotate.mentions import MentionMatcher
    from flashpoint.events.coder import EventCoder
    from flashpoint.geo.gazetteer import Gazetteer

PUBLIC_LAYERS = ("actors", "places", "timexes", "quantities", "quotes", "events")


class Services:
    """The process-wide resources stages are built from, created on first use (ports for tests)."""

    def __init__(
        self,
        settings: Settings,
        nlp: Language | None = None,
        directory: ActorDirectory | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.settings = settings
        self._nlp = nlp
        self._directory = directory
        self._gazetteer = gazetteer

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from flashpoint.io.model import load_pipeline

            self._nlp = load_pipeline(self.settings.pipeline)
        return self._nlp

    @property
    def directory(self) -> ActorDirectory:
        if self._directory is None:
            from flashpoint.actors.directory import default_directory

            self._directory = default_directory()
        return self._directory

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from flashpoint.geo.gazetteer import default_gazetteer

            self._gazetteer = default_gazetteer()
        return self._gazetteer

    @cached_property
    def analyzer(self) -> Analyzer:
        from flashpoint.annotate.analyzer import Analyzer

        return Analyzer(self.nlp, batch_size=self.settings.batch_size)

    @cached_property
    def matcher(self) -> MentionMatcher:
        from flashpoint.annotate.mentions import Lexicon, MentionMatcher

        return MentionMatcher(self.nlp, Lexicon(self.directory, self.gazetteer))

    @cached_property
    def coder(self) -> EventCoder:
        from flashpoint.events.coder import EventCoder

        return EventCoder(directory=self.directory)

    def pipeline_label(self) -> str:
        from flashpoint.io.model import pipeline_label

        return pipeline_label(self.nlp)


# -- stage factories ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentStage:
    analyzer: Analyzer
    name: str = "segment"
    requires: frozenset[str] = frozenset()
    assigns: frozenset[str] = frozenset({"sentences"})

    def __call__(self, docs: Sequence[AnnotatedDoc]) -> list[AnnotatedDoc]:
        sents = self.analyzer.segment([d.article.text for d in docs])
        return [replace(d, sentences=s) for d, s in zip(docs, sents, strict=True)]


@dataclass(frozen=True)
class DeepenStage:
    analyzer: Analyzer
    needs: tuple[Needs, ...]
    name: str = "deepen"
    requires: frozenset[str] = frozenset({"sentences", "candidates"})
    assigns: frozenset[str] = frozenset({"deep"})

    def __call__(self, docs: Sequence[AnnotatedDoc]) -> list[AnnotatedDoc]:
        flat: list[Sentence] = []
        parse: list[bool] = []
        ner: list[bool] = []
        for d in docs:
            for s in d.sentences:
                p = n = False
                for need in self.needs:
                    np_, nn = need(d, s)
                    p, n = p or np_, n or nn
                flat.append(s)
                parse.append(p)
                ner.append(n)
        deep = self.analyzer.deepen(flat, parse, ner)
        out = []
        k = 0
        for d in docs:
            m = len(d.sentences)
            out.append(replace(d, sentences=tuple(deep[k : k + m])))
            k += m
        return out


def _timex_stage() -> DocStage:
    from flashpoint.annotate import timexes

    def run(doc: AnnotatedDoc) -> AnnotatedDoc:
        article = doc.article
        cands = timexes.detect_timexes(article.text)
        notes = doc.notes
        if article.published is None:
            day, reason = timexes.infer_published(article.text, cands)
            if day is not None:
                # a "Published: 2 November 2025" line is the article's own statement of its date
                source: PublishedSource = (
                    "metadata" if reason.startswith("read from the line") else "inferred"
                )
                article = replace(article, published=day, published_source=source)
                notes = (*notes, f"publication date {reason}")
            else:
                notes = (
                    *notes,
                    "no publication date given or found in the text: relative dates are left unresolved",
                )
        found = timexes.normalise_timexes(cands, article.published, article.text)
        return replace(doc, article=article, timexes=tuple(found), notes=notes)

    return DocStage("timexes", frozenset(), frozenset({"timexes"}), run)


def _mentions_stage(services: Services) -> DocStage:
    from flashpoint.annotate.mentions import find_candidates

    matcher = services.matcher

    def run(doc: AnnotatedDoc) -> AnnotatedDoc:
        return replace(doc, candidates=find_candidates(matcher, doc))

    return DocStage("mentions", frozenset({"sentences"}), frozenset({"candidates"}), run)


class _SentenceCandidates:
    """The candidates of one sentence, indexed once per document (``needs`` runs once per sentence)."""

    def __init__(self) -> None:
        self._of: tuple[Any, ...] | None = None
        self._index: dict[int, list[Any]] = {}

    def __call__(self, doc: AnnotatedDoc, s: Sentence) -> list[Any]:
        if self._of is not doc.candidates:
            from flashpoint.annotate.mentions import by_sentence

            self._of = doc.candidates
            self._index = by_sentence(doc.candidates)
        return self._index.get(s.index, [])


def _actor_needs_factory() -> Needs:
    index = _SentenceCandidates()

    def needs(doc: AnnotatedDoc, s: Sentence) -> tuple[bool, bool]:
        """Entities where a proper noun is not covered by the dictionaries; a parse where a country or
        capital may act."""
        cands = index(doc, s)
        covered = {k for c in cands for k in range(c.i, c.j)}
        proper = _proper_nouns(s)
        uncovered = any(i not in covered and s.doc[i].text not in _DATE_WORDS for i in proper)
        country = any(c.kinds() & {"country", "capital"} for c in cands)
        return country, uncovered

    return needs


def _proper_nouns(s: Sentence) -> list[int]:
    """Indices of alphabetic proper-noun tokens, read from the tag array (no Token objects made)."""
    strings = s.doc.vocab.strings
    wanted = {strings["NNP"], strings["NNPS"]}
    from spacy.attrs import IS_ALPHA, TAG

    arr = s.doc.to_array([TAG, IS_ALPHA])
    return [i for i, (tag, alpha) in enumerate(arr.tolist()) if tag in wanted and alpha]


_DATE_WORDS = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)


def _actors_stage(services: Services) -> DocStage:
    from flashpoint.actors.resolve import ActorResolver

    resolver = ActorResolver(services.directory, services.gazetteer)

    def run(doc: AnnotatedDoc) -> AnnotatedDoc:
        return replace(doc, actors=resolver.resolve(doc))

    return DocStage(
        "actors", frozenset({"sentences", "candidates"}), frozenset({"actors"}), run, _actor_needs_factory()
    )


def _places_stage(services: Services) -> DocStage:
    from flashpoint.annotate.places import PlaceFinder

    finder = PlaceFinder(services.gazetteer, services.directory)

    def run(doc: AnnotatedDoc) -> AnnotatedDoc:
        return replace(doc, places=finder.find(doc))

    return DocStage("places", frozenset({"actors"}), frozenset({"places"}), run)


def _quantities_stage() -> DocStage:
    from flashpoint.annotate import quantities

    def run(doc: AnnotatedDoc) -> AnnotatedDoc:
        found = tuple(q for s in doc.sentences for q in quantities.find_quantities(s))
        return replace(doc, quantities=found)

    def needs(doc: AnnotatedDoc, s: Sentence) -> tuple[bool, bool]:
        del doc
        return quantities.needs_parse(s), False

    return DocStage("quantities", frozenset({"sentences"}), frozenset({"quantities"}), run, needs)


def _quotes_stage(services: Services) -> DocStage:
    from flashpoint.annotate import quotes
    from flashpoint.annotate.speakers import link_speakers

    directory = services.directory

    def run(doc: AnnotatedDoc) -> AnnotatedDoc:
        cands = quotes.find_quotes(doc.article.text, doc.sentences)
        found, actors = link_speakers(doc, cands, directory)
        return replace(doc, quotes=found, actors=actors)

    def needs(doc: AnnotatedDoc, s: Sentence) -> tuple[bool, bool]:
        # the parse finds the attribution; names the dictionaries miss get entities from the actor stage
        return quotes.needs_parse(s, doc.article.text), False

    return DocStage("quotes", frozenset({"actors", "timexes"}), frozenset({"quotes"}), run, needs)


def _events_stage(services: Services) -> DocStage:
    from flashpoint.events.coder import with_events

    coder = services.coder

    def run(doc: AnnotatedDoc) -> AnnotatedDoc:
        return with_events(doc, coder)

    def needs(doc: AnnotatedDoc, s: Sentence) -> tuple[bool, bool]:
        del doc
        return coder.needs_parse(s), False

    return DocStage(
        "events", frozenset({"places", "quantities", "quotes"}), frozenset({"events"}), run, needs
    )


#: The built-in stages in pipeline order: name -> (layers it needs, layers it adds).
STAGE_TABLE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "segment": (frozenset(), frozenset({"sentences"})),
    "timexes": (frozenset(), frozenset({"timexes"})),
    "mentions": (frozenset({"sentences"}), frozenset({"candidates"})),
    "deepen": (frozenset({"sentences", "candidates"}), frozenset({"deep"})),
    "actors": (frozenset({"sentences", "candidates"}), frozenset({"actors"})),
    "places": (frozenset({"actors"}), frozenset({"places"})),
    "quantities": (frozenset({"sentences"}), frozenset({"quantities"})),
    "quotes": (frozenset({"actors", "timexes"}), frozenset({"quotes"})),
    "events": (frozenset({"places", "quantities", "quotes"}), frozenset({"events"})),
}


def stages_for(layers: Iterable[str]) -> list[str]:
    """The stages needed to produce ``layers``, in pipeline order (the closure over what each needs)."""
    wanted = set(layers)
    unknown = wanted - set(PUBLIC_LAYERS)
    if unknown:
        from flashpoint.errors import ConfigError

        raise ConfigError(
            f"unknown layer(s) {', '.join(sorted(unknown))}; choose from {', '.join(PUBLIC_LAYERS)}"
        )
    needed: set[str] = set()
    todo = [n for n, (_, adds) in STAGE_TABLE.items() if adds & wanted]
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        requires, _ = STAGE_TABLE[name]
        todo.extend(n for n, (_, adds) in STAGE_TABLE.items() if adds & requires)
    if needed & {"actors", "quantities", "quotes", "events"}:
        needed.add("deepen")
        needed.add("mentions")
    return [n for n in STAGE_TABLE if n in needed]


def build_pipeline(services: Services, layers: Iterable[str] = PUBLIC_LAYERS) -> Pipeline:
    names = stages_for(layers)
    factories: dict[str, Callable[[], Stage]] = {
        "segment": lambda: SegmentStage(services.analyzer),
        "timexes": _timex_stage,
        "mentions": lambda: _mentions_stage(services),
        "actors": lambda: _actors_stage(services),
        "places": lambda: _places_stage(services),
        "quantities": _quantities_stage,
        "quotes": lambda: _quotes_stage(services),
        "events": lambda: _events_stage(services),
    }
    built: dict[str, Stage] = {n: factories[n]() for n in names if n != "deepen"}
    stages: list[Stage] = []
    for n in names:
        if n == "deepen":
            needs = tuple(s.needs for s in built.values() if isinstance(s, DocStage) and s.needs is not None)
            stages.append(DeepenStage(services.analyzer, needs))
        else:
            stages.append(built[n])
    label = services.pipeline_label() if "segment" in names else "text-only"
    return Pipeline(stages, batch_size=services.settings.batch_size, label=label)
