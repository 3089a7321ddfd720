"""Counts of people in a sentence, with their qualifier and casualty type ("at least 12 soldiers killed").

How a count is read (the words live in ``resources/lexicon/quantities.toml``):

1. A *core*: digits ("12", "2,000", "1.5 million", "2.3m", "2 lakh"), word numbers ("twenty-three", "two
   hundred and fifty", "a dozen"), fixed phrases ("a couple of"), or a vague count. A vague count gets a
   conventional lower bound and no upper bound: "a few" and "a handful" 2, "several" 3, "dozens" 24,
   "scores" 40, "hundreds" 200, "thousands" 2,000, "millions" 2,000,000; a vague word multiplies what follows
   ("several hundred" 300, "tens of thousands" 20,000, "hundreds of thousands" 200,000). Its qualifier is
   ``"vague"`` unless a qualifier word stands before it.
2. A range ("between 20 and 30", "20 to 30", "20-30", "two or three") gives ``low``/``high`` and the qualifier
   ``"between"``; "rose from 12 to 23" is the new figure 23, not a range.
3. A qualifier before the core sets the bounds: "at least 12" (12, None); "more than 40" (41, None);
   "nearly 40", "almost", "close to", "fewer than" (None, 39); "up to 40", "as many as" (None, 40); "about
   50", "some", "roughly", "an estimated" (50, 50). An exact number is (n, n) with no qualifier.
4. The count must be of people: its head noun is a people noun, a demonym plural ("1,000 Afghans") or an
   entity tagged NORP; or it has no noun and a casualty word governs it ("killing 12", "12 were killed",
   "the death toll rose to 23", "23 dead"); or it is "a"/"an"/"one" with a singular people noun governed by
   a casualty word ("a soldier was killed" is 1). Years, dates, clock times, ages ("a 12-year-old"),
   percentages, money, distances, identifiers ("Article 51"), "one of the" and counts of things ("three
   rounds of talks", "48 hours") are not counts of people.
5. The type comes from, in order: a noun that names the casualties ("23 deaths" dead, "40 casualties"
   other: "casualties" mixes dead and injured, as does "killed or wounded"); the count it is nested in
   ("12 people were killed, including 3 children": 3 dead; "1.5 million of them"); a casualty word right
   next to the count ("killing 12", "12 were later arrested", "the death toll rose to 23"); the casualty
   word that governs it in the dependency parse, when the sentence is parsed; the nearest casualty word in
   the same clause (ties go right); the default of the people noun ("2,000 refugees" displaced); else
   ``"other"``. The subject of an active casualty verb with an object is its agent and takes no type from
   it ("two gunmen killed a policeman": the gunmen are "other", the policeman dead).

Nested counts are all emitted: "12 people, including 3 children, were killed" gives 12 dead and 3 dead.
Sentences are read with their tags alone, or with their parse when the analyzer ran it
(:func:`needs_parse` says which sentences should be parsed).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

from flashpoint.errors import ResourceError
from flashpoint.records import Quantity, QuantityType, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

Bound = Literal["min", "above", "below", "max", "approx"]
Phrase = tuple[str, ...]

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_GLUED = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]+)$")
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "VBN", "VBG", "HYPH", "CD", "POS"})
_DETERMINER_TAGS = frozenset({"DT", "PRP$", "PDT"})
_PRONOUNS = frozenset({"them", "us", "whom", "those", "these"})
_HYPHENS = frozenset({"-", "–", "—"})
#: dependency relations by which a casualty word governs a count
_GOVERNED = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "npadvmod", "nummod", "appos", "pobj"})
#: relations climbed from a count towards the word that governs it
_CLIMB = frozenset({"conj", "appos", "nummod", "quantmod", "compound", "pobj", "prep", "amod", "advmod"})
#: prepositions climbed over ("including 3 children", "the deaths of 12", "the toll rose to 23")
_CLIMB_PREPS = frozenset({"of", "including", "among", "to", "at", "like", "besides", "excluding"})
_MODIFIER_DEPS = frozenset({"acl", "relcl", "amod"})
#: tags of an active verb form, and of the words that can start its object
_ACTIVE_TAGS = frozenset({"VBD", "VBZ", "VBP", "VBG", "VB"})
_OBJECT_START_TAGS = frozenset({"DT", "PDT", "CD", "PRP", "PRP$", "NN", "NNS", "NNP", "NNPS", "JJ"})
_ADVERB_TAGS = frozenset({"RB", "RBR", "RBS"})
#: relations through which a count reaches a verb whose subject may be a casualty word ("toll rose to 23")
_SUBJECT_LINKS = frozenset({"prep", "dobj", "attr"})
#: how far (in tokens) the nearest casualty word of the clause is looked for
_WINDOW = 12
_LINK_SPAN = 5
_MAX_AGE = 120
_TYPES: frozenset[str] = frozenset(get_args(QuantityType))


@dataclass(frozen=True, slots=True)
class QualifierRule:
    """A qualifier phrase's effect on the figure: its label and its bound (see the lexicon)."""

    label: str
    bound: Bound


@dataclass(frozen=True, slots=True)
class QuantityLexicon:
    """The quantities lexicon, read once from ``resources/lexicon/quantities.toml``."""

    units: Mapping[str, int]
    tens: Mapping[str, int]
    scales: Mapping[str, int]
    abbreviations: Mapping[str, int]
    articles: frozenset[str]
    exact_phrases: Mapping[Phrase, int]
    vague_words: Mapping[Phrase, int]
    vague_plurals: Mapping[str, int]
    qualifiers: Mapping[Phrase, QualifierRule]
    qualifier_max_len: int
    particle_verbs: frozenset[str]
    qualifiers_by_first: Mapping[str, tuple[Phrase, ...]]
    range_openers: frozenset[str]
    range_joiners: frozenset[str]
    change_verbs: frozenset[str]
    people: frozenset[str]
    default_type: Mapping[str, QuantityType]
    fixed_type: Mapping[str, QuantityType]
    # first word -> phrases, longest first; None: a phrase that is no casualty word ("sentenced to death")
    triggers: Mapping[str, tuple[tuple[Phrase, QuantityType | None], ...]]
    trigger_words: frozenset[str]
    trigger_first: frozenset[str]  # first words of the casualty words and phrases
    singular_words: frozenset[str]  # words before a singular people noun: "a", "an", "another"
    links_after: frozenset[str]
    agent_verbs: frozenset[str]
    links_before: frozenset[str]
    toll_verbs: frozenset[str]
    nested: frozenset[Phrase]
    nested_max_len: int
    nested_first: frozenset[str]
    barriers: frozenset[str]
    not_before: frozenset[str]
    not_after: frozenset[str]
    year_min: int
    year_max: int
    year_before: frozenset[str]
    months: frozenset[str]
    time_words: frozenset[str]
    one_of: frozenset[str]
    count_words: frozenset[str]  # words that can start or make a count: cheap pre-filter


def _phrase(text: str) -> Phrase:
    return tuple(text.split())


def _strings(table: Mapping[str, Any], key: str) -> frozenset[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ResourceError(f"quantities lexicon: {key!r} must be a list of strings")
    return frozenset(value)


def _numbers(table: Mapping[str, Any], key: str) -> dict[str, int]:
    value = table.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, int) for v in value.values()):
        raise ResourceError(f"quantities lexicon: {key!r} must map words to integers")
    return {str(k): int(v) for k, v in value.items()}


def _typed(table: Mapping[str, Any]) -> dict[str, QuantityType]:
    out: dict[str, QuantityType] = {}
    for kind in table:
        if kind not in _TYPES:
            raise ResourceError(f"quantities lexicon: unknown quantity type {kind!r}")
        for word in _strings(table, kind):
            out[word] = cast("QuantityType", kind)
    return out


@cache
def load_lexicon() -> QuantityLexicon:
    """Read and check the bundled quantities lexicon (once per process)."""
    resource = files("flashpoint") / "resources" / "lexicon" / "quantities.toml"
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ResourceError(f"cannot read the quantities lexicon: {exc}") from exc
    return parse_lexicon(data)


def parse_lexicon(data: Mapping[str, Any]) -> QuantityLexicon:
    """Check and build the lexicon from its parsed TOML; a missing or ill-typed entry is a ResourceError."""
    try:
        return _build_lexicon(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ResourceError(f"malformed quantities lexicon: {exc!r}") from exc


def _by_first(phrases: Iterable[Phrase]) -> dict[str, tuple[Phrase, ...]]:
    out: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        out.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _build_lexicon(data: Mapping[str, Any]) -> QuantityLexicon:
    numbers, vague, people, links, nc = (
        data["numbers"],
        data["vague"],
        data["people"],
        data["links"],
        data["not_counts"],
    )
    qualifiers: dict[Phrase, QualifierRule] = {}
    for group in data["qualifiers"]:
        bound = group["bound"]
        if bound not in get_args(Bound):
            raise ResourceError(f"quantities lexicon: unknown qualifier bound {bound!r}")
        rule = QualifierRule(str(group["label"]), bound)
        for text in _strings(group, "phrases"):
            qualifiers[_phrase(text)] = rule
    by_first: dict[str, list[tuple[Phrase, QuantityType | None]]] = {}
    not_triggers: dict[str, QuantityType | None] = dict.fromkeys(_strings(data["not_triggers"], "phrases"))
    for text, kind in (_typed(data["triggers"]) | not_triggers).items():
        phrase = _phrase(text)
        by_first.setdefault(phrase[0], []).append((phrase, kind))
    triggers = {k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in by_first.items()}
    units, tens, scales = _numbers(numbers, "units"), _numbers(numbers, "tens"), _numbers(numbers, "scales")
    vague_words = {_phrase(k): v for k, v in _numbers(vague, "words").items()}
    vague_plurals = _numbers(vague, "plurals")
    exact_phrases = {_phrase(k): v for k, v in _numbers(numbers, "phrases").items()}
    count_words = frozenset(
        {*units, *tens, *scales, *vague_plurals} | {p[0] for p in vague_words} | {p[0] for p in exact_phrases}
    )
    return QuantityLexicon(
        units=units,
        tens=tens,
        scales=scales,
        abbreviations=_numbers(numbers, "abbreviations"),
        articles=_strings(numbers, "articles"),
        exact_phrases=exact_phrases,
        vague_words=vague_words,
        vague_plurals=vague_plurals,
        qualifiers=qualifiers,
        qualifier_max_len=max((len(p) for p in qualifiers), default=0),
        particle_verbs=_strings(data.get("qualifier_particles", {}), "verbs"),
        qualifiers_by_first=_by_first(qualifiers),
        range_openers=_strings(data["ranges"], "openers"),
        range_joiners=_strings(data["ranges"], "joiners"),
        change_verbs=_strings(data["ranges"], "change_verbs"),
        people=_strings(people, "nouns"),
        default_type=_typed(people["default_type"]),
        fixed_type=_typed(people["fixed_type"]),
        triggers=triggers,
        trigger_words=frozenset(p[0][0] for v in triggers.values() for p in v if len(p[0]) == 1 and p[1]),
        trigger_first=frozenset(p[0][0] for v in triggers.values() for p in v if p[1]),
        singular_words=_strings(numbers, "articles") | _strings(numbers, "singular"),
        links_after=_strings(links, "after"),
        agent_verbs=_strings(data["triggers_agentive"], "verbs"),
        links_before=_strings(links, "before"),
        toll_verbs=_strings(links, "toll_verbs"),
        nested=frozenset(_phrase(p) for p in _strings(links, "nested")),
        nested_max_len=max((len(_phrase(p)) for p in _strings(links, "nested")), default=0),
        nested_first=frozenset(_phrase(p)[0] for p in _strings(links, "nested")),
        barriers=_strings(data["window"], "barriers"),
        not_before=_strings(nc, "before"),
        not_after=_strings(nc, "after"),
        year_min=int(nc["year_min"]),
        year_max=int(nc["year_max"]),
        year_before=_strings(nc, "year_before"),
        months=_strings(nc, "months"),
        time_words=_strings(nc, "time_words"),
        one_of=_strings(nc, "one_of"),
        count_words=count_words,
    )


# -- the cheap test --------------------------------------------------------------------------------------


def needs_parse(sentence: Sentence) -> bool:
    """True when the sentence has a number-like or vague count word and a people or casualty word."""
    lex = load_lexicon()
    has_number = has_people = False
    for tok in sentence.doc:
        word = tok.lower_
        if not has_number and (tok.like_num or word in lex.count_words):
            has_number = True
        if not has_people and (word in lex.people or word in lex.trigger_words or tok.tag_ == "NNPS"):
            has_people = True
        if has_number and has_people:
            return True
    return False


# -- reading the counts ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Core:
    """A number or vague count over tokens [start, end)."""

    start: int
    end: int
    value: float
    vague: bool = False


@dataclass(frozen=True, slots=True)
class _Count:
    """A count with its bounds, over tokens [start, end), before it is checked to be of people."""

    start: int
    end: int
    number: int  # the token that carries the figure (the anchor of a bare count)
    low: int | None
    high: int | None
    qualifier: str | None
    value: float
    left: int  # where the words before the count begin ("the toll rose from 12 to 23": at "from")


class _Reader:
    """The token-level view of one sentence that the rules below read."""

    def __init__(self, sentence: Sentence, lex: QuantityLexicon, words: list[str]) -> None:
        self.sentence = sentence
        self.doc: Doc = sentence.doc
        self.lex = lex
        self.words = words
        self.tags: list[str] = [t.tag_ for t in self.doc]
        self.n = len(self.words)
        self.trig: list[QuantityType | None] = self._mark_triggers()
        self._title_case: bool | None = None
        self.text: str = sentence.text

    def _mark_triggers(self) -> list[QuantityType | None]:
        """The casualty type of each token that is part of a casualty word or phrase."""
        words, n = self.words, self.n
        marks: list[QuantityType | None] = [None] * n
        i = 0
        while i < n:
            size = 1
            for phrase, kind in self.lex.triggers.get(words[i], ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    size = len(phrase)
                    marks[i : i + size] = [kind] * size  # None: a phrase that is no casualty word
                    break
            i += size
        return marks

    # -- cores ---------------------------------------------------------------------------------------
    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < self.n else ""

    def glued(self, i: int) -> bool:
        """True when token i is written right after token i-1, with no space."""
        return i > 0 and not self.doc[i - 1].whitespace_

    def core(self, i: int) -> _Core | None:
        """The number or vague count that starts at token i."""
        lex, w = self.lex, self.words[i]
        if not w[:1].isdigit() and w not in lex.count_words and w not in lex.articles:
            return None
        if _DIGITS.match(w):
            value = float(w.replace(",", ""))
            end = i + 1
            if self.word(end) in lex.abbreviations and self.glued(end):
                value *= lex.abbreviations[self.words[end]]
                end += 1
            value, end = self._scales(value, end)
            return _Core(i, end, value)
        glued = _GLUED.match(w)
        if glued and glued.group(2) in lex.abbreviations:
            value = float(glued.group(1).replace(",", "")) * lex.abbreviations[glued.group(2)]
            return _Core(i, i + 1, value)
        for phrase, number in lex.exact_phrases.items():
            if tuple(self.words[i : i + len(phrase)]) == phrase:
                return _Core(i, i + len(phrase), float(number))
        for phrase, number in lex.vague_words.items():
            if tuple(self.words[i : i + len(phrase)]) == phrase:
                end = i + len(phrase)
                scaled, end2 = self._scales(float(number), end)
                return _Core(i, end2, scaled, vague=True)
        if w in lex.vague_plurals:
            value, end = 2.0 * lex.vague_plurals[w], i + 1
            while self.word(end) == "of" and self.word(end + 1) in lex.vague_plurals:
                value *= lex.vague_plurals[self.words[end + 1]]
                end += 2
            return _Core(i, end, value, vague=True)
        if w in lex.articles and self.word(i + 1) in lex.scales:
            value, end = self._scales(1.0, i + 1)
            return self._words_after(_Core(i, end, value))
        if w in lex.units or w in lex.tens:
            return self._word_number(i)
        return None

    def _is_word_number(self, i: int) -> bool:
        return self.word(i) in self.lex.units or self.word(i) in self.lex.tens

    def _scales(self, value: float, end: int) -> tuple[float, int]:
        while self.word(end) in self.lex.scales:
            value *= self.lex.scales[self.words[end]]
            end += 1
        return value, end

    def _word_number(self, i: int) -> _Core | None:
        """Word numbers: "five", "twenty-three", "two hundred and fifty", "one million"."""
        lex = self.lex
        total, current, j, last = 0, 0, i, ""
        while j < self.n:
            w = self.words[j]
            if w in lex.units and last not in ("unit", "teen"):
                current += lex.units[w]
                last = "teen" if lex.units[w] >= 10 else "unit"
            elif w in lex.tens and last in ("", "scale"):
                current += lex.tens[w]
                last = "tens"
            elif w in lex.scales and last:
                scale = lex.scales[w]
                if scale >= 1000:
                    total += max(current, 1) * scale
                    current = 0
                else:
                    current = max(current, 1) * scale
                last = "scale"
            elif not (
                (w in _HYPHENS and last == "tens" and self.word(j + 1) in lex.units)
                or (w == "and" and last == "scale" and self._is_word_number(j + 1))
            ):
                break
            j += 1
        if j == i:
            return None
        return _Core(i, j, float(total + current))

    def _words_after(self, core: _Core) -> _Core:
        """Continue "a hundred" with "and fifty" ("a hundred and fifty")."""
        if self.word(core.end) == "and" and (
            self.word(core.end + 1) in self.lex.units or self.word(core.end + 1) in self.lex.tens
        ):
            rest = self._word_number(core.end + 1)
            if rest is not None and rest.value < 100:
                return _Core(core.start, rest.end, core.value + rest.value)
        return core

    # -- counts with qualifiers and ranges ------------------------------------------------------------
    def count(self, i: int, floor: int) -> _Count | None:
        core = self.core(i)
        if core is None or self._not_a_count(core):
            return None
        lex = self.lex
        start, end = core.start, core.end
        value, low, high, qualifier = core.value, None, None, None
        joiner = self.word(end)
        second = self.core(end + 1) if joiner in lex.range_joiners and end + 1 < self.n else None
        opener = self.word(start - 1) if start - 1 >= floor else ""
        is_range = (
            second is not None
            and not core.vague
            and not second.vague
            and second.value > core.value
            and (joiner != "and" or opener in lex.range_openers)
        )
        if second is not None and is_range:
            if opener == "from" and self.word(start - 2) in lex.change_verbs:
                # "the toll rose from 12 to 23": the figure is the new one
                start, end, value = second.start, second.end, second.value
                if not _integral(value):
                    return None
                return _Count(start, end, start, int(value), int(value), None, value, core.start - 1)
            if not (_integral(core.value) and _integral(second.value)):
                return None
            low, high, qualifier = int(core.value), int(second.value), "between"
            if opener in lex.range_openers:
                start -= 1
            return _Count(start, second.end, second.start, low, high, qualifier, second.value, start)
        if not _integral(value):
            return None
        figure = int(value)
        rule, qstart = self._qualifier(start, floor)
        if rule is None:
            low, high = (figure, None) if core.vague else (figure, figure)
            qualifier = "vague" if core.vague else None
        else:
            start, qualifier = qstart, rule.label
            low, high = _apply(rule.bound, figure, core.vague)
        return _Count(start, end, core.end - 1, low, high, qualifier, value, start)

    def _qualifier(self, start: int, floor: int) -> tuple[QualifierRule | None, int]:
        for size in range(min(self.lex.qualifier_max_len, start - floor), 0, -1):
            rule = self.lex.qualifiers.get(tuple(self.words[start - size : start]))
            if rule is not None:
                if size == 1 and self.word(start - 2) in self.lex.particle_verbs:
                    return None, start  # "handed over three soldiers": the verb's particle
                return rule, start - size
        return None, start

    def _not_a_count(self, core: _Core) -> bool:
        """Dates, clock times, ages, money, percentages, identifiers, compound modifiers."""
        lex = self.lex
        before, after = self.word(core.start - 1), self.word(core.end)
        if before in lex.not_before or after in lex.not_after:
            return True
        if self._is_month(core.start - 1) or self._is_month(core.end):
            return True
        if after in _HYPHENS and self.glued(core.end):
            nxt = self.word(core.end + 1)
            # "12-year-old", "2,600-kilometre": a compound modifier; "20-30" is a range
            return bool(nxt) and not _DIGITS.match(nxt) and nxt not in lex.units and nxt not in lex.tens
        return False

    def _is_month(self, i: int) -> bool:
        return 0 <= i < self.n and self.words[i] in self.lex.months and self.doc[i].text[:1].isupper()

    def nested(self, start: int) -> bool:
        """True when the count before token ``start`` is part of an earlier one ("including 3 children")."""
        for size in range(min(self.lex.nested_max_len, start), 0, -1):
            if tuple(self.words[start - size : start]) in self.lex.nested:
                return True
        return False

    def is_year(self, count: _Count) -> bool:
        text = self.words[count.number]
        return (
            len(text) == 4
            and text.isdigit()
            and self.lex.year_min <= int(text) <= self.lex.year_max
            and count.low == count.high
        )

    # -- what is counted -----------------------------------------------------------------------------
    def people_head(self, k: int) -> tuple[int | None, bool]:
        """The head noun of the phrase from token k: (index, is_people); (None, False) when none."""
        last_noun: int | None = None
        j = k
        while j < self.n and j - k < 8:
            tag, word = self.tags[j], self.words[j]
            if word in self.lex.time_words or word in self.lex.nested_first or self._is_month(j):
                break
            if tag in _NOUN_TAGS:
                if self.is_people(j):
                    while j + 1 < self.n and self.tags[j + 1] in _NOUN_TAGS and self.is_people(j + 1):
                        j += 1
                    return j, True
                if tag in _PLURAL_TAGS:
                    return j, False
                last_noun = j
            elif tag not in _MODIFIER_TAGS:
                break
            j += 1
        return last_noun, False

    def is_people(self, j: int) -> bool:
        word = self.words[j]
        if word in self.lex.people:
            return True
        if j > 0 and f"{self.words[j - 1]} {word}" in self.lex.people:
            return True
        return self._is_demonym(j)

    def _is_demonym(self, j: int) -> bool:
        """A nationality or group noun: tagged NORP by the recogniser, or a capitalised plural ("Afghans")."""
        tok = self.doc[j]
        if self.sentence.has_ner and tok.ent_type_ == "NORP":
            return True
        text = tok.text
        if not text.endswith("s") or len(text) < 4:
            return False
        return (
            text[0].isupper()
            and not text.isupper()
            and self.tags[j] in _NOUN_TAGS
            and j > 0
            and not self.title_case
        )

    @property
    def title_case(self) -> bool:
        """A headline in Title Case, where capitals say nothing about demonyms."""
        if self._title_case is None:
            words = [t.text for t in self.doc[1:] if t.is_alpha and len(t.text) > 3]
            caps = sum(1 for w in words if w[0].isupper())
            self._title_case = bool(words) and caps >= 0.6 * len(words)
        return self._title_case

    # -- the casualty type ---------------------------------------------------------------------------
    def parse_type(self, anchor: int) -> QuantityType | None:
        """The casualty word that governs the token ``anchor`` in the dependency parse."""
        if not self.sentence.parsed:
            return None
        tok = self.doc[anchor]
        for _ in range(6):
            head, dep = tok.head, tok.dep_
            kind = self.trig[head.i] if head.i != tok.i else None
            if kind and dep in _GOVERNED:
                if dep == "nsubj" and head.lower_ in self.lex.agent_verbs and head.tag_ in _ACTIVE_TAGS:
                    return None  # "two bombers killed 23 people": the subject is the agent
                return kind
            # "12 people killed in the attack", "soldiers who were martyred"
            for child in tok.children:
                if child.dep_ in _MODIFIER_DEPS and self.trig[child.i]:
                    return self.trig[child.i]
            if head.i == tok.i:
                return None
            if dep in _SUBJECT_LINKS:
                # "the death toll rose to 23", "the toll reached 23": a casualty word is the subject
                for child in head.children:
                    if child.dep_ in ("nsubj", "nsubjpass") and self.trig[child.i]:
                        return self.trig[child.i]
                if dep != "prep":
                    return None
            if dep not in _CLIMB or (dep == "pobj" and head.lower_ not in _CLIMB_PREPS):
                return None
            tok = head
        return None

    def adjacent_type(self, start: int, end: int) -> QuantityType | None:
        """A casualty word right before the count ("killing 12") or after it ("12 were killed")."""
        links, k, toll_verb = self.lex.links_before, start - 1, False
        while k >= 0 and start - k <= _LINK_SPAN and self.words[k] in links and not self.trig[k]:
            toll_verb = toll_verb or self.words[k] in self.lex.toll_verbs
            k -= 1
        if k >= 0 and self.trig[k]:
            return self.trig[k]
        if toll_verb:
            # "the death toll from Tuesday's strike has risen to 10": the subject stands further left
            left = self._nearest_left(k + 1)
            if left is not None:
                return left[1]
        links, k = self.lex.links_after, end
        while k < self.n and k - end < _LINK_SPAN and self.words[k] in links and not self.trig[k]:
            k += 1
        if k < self.n and self.trig[k] and not self.agentive(k):
            return self.trig[k]
        return None

    def agentive(self, k: int) -> bool:
        """True when token k is an active casualty verb with an object: a count before it is the agent.

        "Two bombers killed 23 people": the bombers did the killing; "two militants killed in a raid" died.
        """
        if self.words[k] not in self.lex.agent_verbs or self.tags[k] not in _ACTIVE_TAGS:
            return False
        j = k + 1
        while j < self.n and self.tags[j] in _ADVERB_TAGS:
            j += 1
        if j >= self.n:
            return False
        if self.tags[j] in _OBJECT_START_TAGS or self.words[j] in self.lex.count_words:
            return True
        return any(
            tuple(self.words[j : j + len(phrase)]) == phrase
            for phrase in self.lex.qualifiers_by_first.get(self.words[j], ())
        )

    def _nearest_left(self, start: int) -> tuple[int, QuantityType] | None:
        """The nearest casualty word before token ``start`` in its clause, with its distance."""
        for k in range(start - 1, max(-1, start - 1 - _WINDOW), -1):
            if self.words[k] in self.lex.barriers:
                return None
            kind = self.trig[k]
            if kind:
                return start - k, kind
        return None

    def window_type(self, start: int, end: int) -> QuantityType | None:
        """The nearest casualty word inside the count or in its clause; ties go to the right."""
        for k in range(start, end):
            if self.trig[k]:
                return self.trig[k]
        left = self._nearest_left(start)
        for k in range(end, min(self.n, end + _WINDOW)):
            if self.words[k] in self.lex.barriers or self.agentive(k):
                break
            kind = self.trig[k]
            if kind:
                if left is None or k - end + 1 <= left[0]:
                    return kind
                break
        return left[1] if left else None


def _integral(value: float) -> bool:
    return value == int(value) and value >= 0


def _apply(bound: Bound, figure: int, vague: bool) -> tuple[int | None, int | None]:
    if bound == "min":
        return figure, None
    if bound == "above":
        return figure + 1, None
    if bound == "below":
        return None, figure - 1
    if bound == "max":
        return None, figure
    return (figure, None) if vague else (figure, figure)


def find_quantities(sentence: Sentence) -> list[Quantity]:
    """Every count of people in the sentence, in order, with article offsets."""
    lex = load_lexicon()
    words: list[str] = [t.lower_ for t in sentence.doc]
    if not _maybe_counts(words, lex):
        return []
    reader = _Reader(sentence, lex, words)
    out: list[Quantity] = []
    floor = 0
    for i, word in enumerate(words):
        if i < floor or not (word[:1].isdigit() or word in lex.count_words or word in lex.singular_words):
            continue
        found = _read_at(reader, i, floor, out[-1] if out else None)
        if found is not None:
            out.append(found[0])
            floor = found[1]
    return out


def _maybe_counts(words: list[str], lex: QuantityLexicon) -> bool:
    """Cheap pre-filter: a digit or a count word, or an article with a casualty word ("a soldier died")."""
    if not lex.count_words.isdisjoint(words) or any(w[:1].isdigit() for w in words):
        return True
    return not lex.singular_words.isdisjoint(words) and not lex.trigger_first.isdisjoint(words)


def _read_at(reader: _Reader, i: int, floor: int, previous: Quantity | None) -> tuple[Quantity, int] | None:
    """The count of people that starts at token i (or whose number does), with the token after it."""
    count = reader.count(i, floor)
    if count is None:
        if reader.words[i] in reader.lex.singular_words:
            return _singular(reader, i)
        return None
    lex, words = reader.lex, reader.words
    end, head, people, pronoun = count.end, None, False, False
    if words[end : end + 1] == ["of"]:
        if words[count.number] in lex.one_of and count.low == 1 and count.high == 1:
            return None  # "one of the largest", "one of the soldiers"
        k = end + 1
        while k < reader.n and reader.tags[k] in _DETERMINER_TAGS and words[k] not in _PRONOUNS:
            k += 1
        if k < reader.n and words[k] in _PRONOUNS:
            end, pronoun = k + 1, True  # "three of them": a bare count
        else:
            head, people = reader.people_head(k)
            if not people:
                return None
    else:
        head, people = reader.people_head(end)
        if head is not None and not people:
            # "48 hours", "three rounds": not people, unless a casualty word stands in between
            if not any(reader.trig[k] for k in range(end, head)):
                return None
            head = None
    # "12 people, including 3 children", "2 million deported, 1.5 million of them this year"
    nested = previous.type if previous is not None and (pronoun or reader.nested(count.left)) else None
    if people and head is not None:
        end = head + 1
        if reader.is_year(count) and reader.word(count.start - 1) in lex.year_before:
            return None
        evidence = (
            lex.fixed_type.get(words[head])
            or nested
            or reader.adjacent_type(count.left, end)
            or reader.parse_type(head)
        )
        if count.value == 1 and evidence is None:
            return None  # "one soldier said": not a casualty count
        kind = evidence or reader.window_type(count.start, end) or lex.default_type.get(words[head], "other")
        return _quantity(reader, count.start, end, count, kind), end
    # a bare count: a casualty word must govern it
    if reader.is_year(count) or _age(reader, count):
        return None
    governed = nested or reader.adjacent_type(count.left, end) or reader.parse_type(count.number)
    if governed is None or (_identifier(reader, count.start) and not reader.adjacent_type(end, end)):
        return None
    return _quantity(reader, count.start, end, count, governed), end


def _age(reader: _Reader, count: _Count) -> bool:
    """A bare number between commas after a noun is an age: "Ahmad, 35, was arrested"."""
    start, end = count.start, count.end
    return (
        start >= 2
        and reader.words[start - 1] == ","
        and reader.word(end) == ","
        and reader.tags[start - 2] in _NOUN_TAGS
        and count.low == count.high
        and count.value < _MAX_AGE
    )


def _identifier(reader: _Reader, start: int) -> bool:
    """A bare number right after a proper noun is an identifier ("Article 51", "Resolution 2334")."""
    before = start - 1
    return (
        before >= 0
        and reader.tags[before] in ("NNP", "NNPS")
        and reader.words[before][:1].isalpha()
        and not reader.trig[before]
    )


def _singular(reader: _Reader, i: int) -> tuple[Quantity, int] | None:
    """ "a soldier was killed", "killing a policeman": one person, when a casualty word governs it."""
    head, people = reader.people_head(i + 1)
    if head is None or not people or reader.tags[head] in _PLURAL_TAGS:
        return None
    word = reader.words[head]
    if word in reader.lex.fixed_type:
        return None  # "a body linked to the UN", "a death": no count of one without a casualty verb
    kind = reader.parse_type(head) or reader.adjacent_type(i, head + 1)
    if kind is None:
        return None
    count = _Count(i, head + 1, head, 1, 1, None, 1.0, i)
    return _quantity(reader, i, head + 1, count, kind), head + 1


def _quantity(reader: _Reader, start: int, end: int, count: _Count, kind: QuantityType) -> Quantity:
    doc, base = reader.doc, reader.sentence.start
    first, last = doc[start], doc[end - 1]
    lo, hi = int(first.idx), int(last.idx) + len(last.text)
    return Quantity(
        start=base + lo,
        end=base + hi,
        text=reader.text[lo:hi],
        low=count.low,
        high=count.high,
        type=kind,
        qualifier=count.qualifier,
        sentence=reader.sentence.index,
    )
