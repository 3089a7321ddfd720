"""Dictionary mentions: every string of the actor directory and the gazetteer found in the sentences.

A token index (first token -> patterns, longest first) over ~70,000 names gives *candidates*: token spans
with every reading the dictionaries allow ("Kabul" is a capital and a city). Names match case-sensitively,
titles and sector nouns in any case; a word in capitals ("ISLAMABAD, Oct 26") is looked up in title case.
Overlaps keep the longest span ("Tehreek-e-Taliban Pakistan" wins over "Pakistan"). The actor and place
stages decide between readings from the context.

The index is built without running spaCy's tokenizer on every name (that costs seconds): names made of
words and spaces are split on spaces, and only the names with other characters go through the tokenizer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from flashpoint.records import AnnotatedDoc, Sentence

if TYPE_CHECKING:
    from spacy.language import Language

_SIMPLE = re.compile(r"[^\W_]+(?: [^\W_]+)*")
_MIN_CAPS = 4


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a span: ``kind`` is country, capital, demonym, plural, entry, short_form, title
    or place; ``target`` is an ISO3 code, a directory key, a title key or (for places) the name."""

    kind: str
    target: str
    ambiguous: bool = False  # the form has other readings: accept it only in an actor context


@dataclass(frozen=True, slots=True)
class Candidate:
    """A dictionary match: tokens ``[i, j)`` of sentence ``sentence``; ``start``/``end`` in the article."""

    sentence: int
    i: int
    j: int
    start: int
    end: int
    text: str
    readings: tuple[Reading, ...]

    def kinds(self) -> set[str]:
        return {r.kind for r in self.readings}

    def first(self, *kinds: str) -> Reading | None:
        for r in self.readings:
            if r.kind in kinds:
                return r
        return None

    @property
    def ambiguous(self) -> bool:
        """Every reading of the span needs context ("IS", "Jordan", "general")."""
        return all(r.ambiguous for r in self.readings)


class DirectoryForms(Protocol):
    def surface_forms(self) -> Iterable[Any]: ...
    def forms_for(self, text: str) -> tuple[Any, ...]: ...


class PlaceNames(Protocol):
    def surface_forms(self) -> Iterable[tuple[str, str]]: ...
    def candidates(self, text: str) -> list[Any]: ...


class Lexicon:
    """The dictionaries behind the matcher: which strings to look for, and what a found string can be."""

    def __init__(self, directory: DirectoryForms, gazetteer: PlaceNames) -> None:
        self.directory = directory
        self.gazetteer = gazetteer
        self._cache: dict[tuple[str, bool], tuple[Reading, ...]] = {}

    def forms(self) -> tuple[set[str], set[str]]:
        """(case-sensitive forms, case-insensitive forms)."""
        exact: set[str] = set()
        lower: set[str] = set()
        for f in self.directory.surface_forms():
            (exact if f.case_sensitive else lower).add(f.text)
        exact.update(text for text, _ in self.gazetteer.surface_forms())
        return exact, lower

    def readings(self, form: str, case_sensitive: bool) -> tuple[Reading, ...]:
        key = (form, case_sensitive)
        found = self._cache.get(key)
        if found is None:
            out: list[Reading] = []
            for f in self.directory.forms_for(form):
                if bool(f.case_sensitive) == case_sensitive:
                    r = Reading(str(f.kind), str(f.target), bool(f.ambiguous))
                    if r not in out:
                        out.append(r)
            if case_sensitive and self.gazetteer.candidates(form):
                out.append(Reading("place", form))
            found = self._cache[key] = tuple(out)
        return found


class MentionMatcher:
    """Finds every dictionary form in a sentence; built once per process."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        exact, lower = lexicon.forms()
        self._exact = self._index(nlp, exact, lowercase=False)
        self._lower = self._index(nlp, lower, lowercase=True)

    @staticmethod
    def _index(
        nlp: Language, forms: Iterable[str], lowercase: bool
    ) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        index: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        forms = sorted({f.strip() for f in forms if f.strip()})
        hard = [f for f in forms if not _SIMPLE.fullmatch(f)]
        tokenizer: Any = nlp.tokenizer  # typed as a plain callable by spaCy
        tokenised = {f: tuple(t.text for t in doc) for f, doc in zip(hard, tokenizer.pipe(hard), strict=True)}
        for form in forms:
            toks = tokenised.get(form) or tuple(form.split(" "))
            if lowercase:
                toks = tuple(t.lower() for t in toks)
            index[toks[0]].append((toks, form))
        for patterns in index.values():
            patterns.sort(key=lambda p: -len(p[0]))
        return dict(index)

    def candidates(self, sentence: Sentence) -> list[Candidate]:
        doc = sentence.doc
        words = [t.text for t in doc]
        lows = [w.lower() for w in words]
        spans: dict[tuple[int, int], list[Reading]] = {}
        n = len(words)
        for i in range(n):
            for table, seq, cased in ((self._exact, words, True), (self._lower, lows, False)):
                patterns = table.get(seq[i])
                if (
                    patterns is None
                    and cased
                    and len(words[i]) >= 3
                    and words[i].isupper()
                    and words[i].isalpha()
                ):
                    # datelines and headlines in capitals: ISLAMABAD, NEW DELHI, SPIN BOLDAK
                    titled = [w.title() if w.isupper() else w for w in words[i : i + 6]]
                    for toks, form in table.get(titled[0], []):
                        if list(toks) == titled[: len(toks)] and (
                            len(toks) > 1 or len(words[i]) >= _MIN_CAPS
                        ):
                            self._add(spans, i, i + len(toks), form, cased)
                            break
                    continue
                if patterns is None:
                    continue
                for toks, form in patterns:
                    j = i + len(toks)
                    if j <= n and (j == i + 1 or tuple(seq[i:j]) == toks):
                        self._add(spans, i, j, form, cased)
        # longest first, then leftmost; drop spans that overlap a kept one
        kept: list[tuple[int, int]] = []
        taken: set[int] = set()
        for i, j in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if any(k in taken for k in range(i, j)):
                continue
            kept.append((i, j))
            taken.update(range(i, j))
        out = []
        for i, j in sorted(kept):
            span = doc[i:j]
            start = sentence.start + span.start_char
            out.append(
                Candidate(
                    sentence=sentence.index,
                    i=i,
                    j=j,
                    start=start,
                    end=start + len(span.text),
                    text=span.text,
                    readings=tuple(spans[(i, j)]),
                )
            )
        return out

    def _add(
        self, spans: dict[tuple[int, int], list[Reading]], i: int, j: int, form: str, cased: bool
    ) -> None:
        readings = self.lexicon.readings(form, cased)
        if not readings:
            return
        have = spans.setdefault((i, j), [])
        for r in readings:
            if r not in have:
                have.append(r)


def find_candidates(matcher: MentionMatcher, doc: AnnotatedDoc) -> tuple[Candidate, ...]:
    return tuple(c for s in doc.sentences for c in matcher.candidates(s))


def by_sentence(candidates: Sequence[Candidate]) -> dict[int, list[Candidate]]:
    out: dict[int, list[Candidate]] = defaultdict(list)
    for c in candidates:
        out[c.sentence].append(c)
    return out
