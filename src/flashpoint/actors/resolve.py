"""Actor resolution: from dictionary candidates and tags to the document's actor entities.

A mention is a short noun phrase read left to right::

    [the] [senior|former|...]* [OWNER ['s]] [noun]{0,2} [TITLE]* [of|for|from|in [the] OWNER] [NAME]

OWNER is a country, a capital, a demonym, a directory organisation or (before a title) a town or district
("Pakistan's", "Afghan", "Taliban", "Kandahar governor"); TITLE an office, an organ or a people noun
("defence minister", "foreign ministry", "troops"); NAME a directory person or a run of proper nouns.
The phrase decides code and sector:

* a directory person (or the single holder of the office that day) is that person, with the role held
  on the publication date;
* OWNER + organ ("Pakistan's foreign ministry") is the organ of that country;
* OWNER + people noun ("Afghan refugees", "Pakistani troops") is that country's sector; nationals in a
  sentence about deportation or return are refugees and migrants (REF);
* OWNER + person title without a directory holder is an unnamed or unlisted official of that country;
* a country or capital alone that is not in a locative context ("Islamabad warned") is its government;
* later short forms join the entity they name: a surname, "the spokesman", "the ministry", "the army";
* a title with no owner and no antecedent ("civilians were killed", "the federal government") takes the
  country the context gives: the nearest country or place in the sentence, else in the two sentences
  before, else the country the article mentions most;
* appositions ("Khawaja Asif, Pakistan's defence minister,") join the name and the title; an acronym in
  brackets after a mention ("Afghanistan Cricket Board (ACB)") names the same entity later;
* a head of state's surname alone ("Putin offered") is that person; a listed person's name before
  "administration", "government" or "regime" ("the Bush administration") is the government of their country;
* a country after "anti-"/"pro-" or before a currency ("US $5 million") is no actor and no clue to anyone's
  country, nor is a place inside a person's own name ("Judge Manuel Rivera"); a country before "-led",
  "-backed", "-mediated" acts ("the US-led war").

The closed word lists of this grammar are data: ``resources/lexicon/actor_grammar.toml``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from flashpoint.actors.directory import ActorDirectory, Role, Title
from flashpoint.annotate.mentions import Candidate, Reading, by_sentence
from flashpoint.errors import ResourceError
from flashpoint.records import ActorEntity, AnnotatedDoc, Mention, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from flashpoint.geo.gazetteer import Gazetteer

_RECENCY = 6  # sentences within which "the spokesman" / "the ministry" find their antecedent
_CONTEXT_SENTENCES = 2  # sentences back in which a bare title looks for its country
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_NAME_TAGS = frozenset({"NNP", "NNPS"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_COUNTRYISH = ("country", "capital", "demonym", "plural")
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})


@dataclass(frozen=True, slots=True)
class Grammar:
    """The closed word lists of the phrase grammar (see the data file's header)."""

    determiners: frozenset[str]
    indefinites: frozenset[str]
    office_prefixes: frozenset[str]
    modifiers: frozenset[str]
    owner_links: frozenset[str]
    name_particles: frozenset[str]
    locative: frozenset[str]
    locative_fillers: frozenset[str]
    place_heads: frozenset[str]
    border_nouns: frozenset[str]
    place_levels: frozenset[str]
    displacement_cues: tuple[str, ...]
    national_nouns: frozenset[str]
    recipient_verbs: frozenset[str]
    organisation_heads: frozenset[str]
    force_nouns: frozenset[str]
    stance_prefixes: frozenset[str]
    currency_words: frozenset[str]
    head_offices: frozenset[str]
    collective_nouns: frozenset[str]
    agent_participles: frozenset[str]
    ngo_heads: frozenset[str]
    ethnic_markers: frozenset[str]
    ethnic_heads: frozenset[str]
    ethnonyms: frozenset[str]
    residence_participles: frozenset[str]


@cache
def grammar() -> Grammar:
    """The grammar word lists, read once from package data."""
    path = resources.files("flashpoint") / "resources" / "lexicon" / "actor_grammar.toml"
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        sets = {
            k: frozenset(w.lower() for w in v)
            for k, v in data.items()
            if k not in {"displacement_cues", "recipient_verbs"}
        }
        verbs = frozenset(form for v in data["recipient_verbs"] for form in _verb_forms(v))
        return Grammar(displacement_cues=tuple(data["displacement_cues"]), recipient_verbs=verbs, **sets)
    except (OSError, tomllib.TOMLDecodeError, TypeError, KeyError) as exc:
        raise ResourceError(f"actor_grammar.toml: {exc}") from exc


@dataclass(frozen=True, slots=True)
class DatedName:
    """A form that named another country up to a day ("Juba" was Sudan's until 2011-07-08)."""

    text: str
    code: str
    until: dt.date
    certain: bool


@cache
def dated_names() -> dict[str, DatedName]:
    """The dated names by form, read once from package data (``resources/actors/dated_names.toml``)."""
    path = resources.files("flashpoint") / "resources" / "actors" / "dated_names.toml"
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        out = {}
        for raw in data["name"]:
            until = raw["until"]
            if not isinstance(until, dt.date) or not re.fullmatch(r"[A-Z]{3}", raw["code"]):
                raise TypeError(f"{raw['text']}: until must be a date and code an ISO3 code")
            out[raw["text"]] = DatedName(raw["text"], raw["code"], until, bool(raw.get("certain", False)))
        return out
    except (OSError, tomllib.TOMLDecodeError, TypeError, KeyError) as exc:
        raise ResourceError(f"dated_names.toml: {exc}") from exc


def as_of(c: Candidate, day: dt.date | None) -> Candidate:
    """The candidate read on ``day``: a name that named another country then ("Juba" before South Sudan's
    independence) has that country as its one national reading."""
    dated = dated_names().get(c.text)
    if dated is None or day is None or day > dated.until:
        return c
    national = [r for r in c.readings if r.kind in _COUNTRYISH]
    if not national:
        return c
    kind = national[0].kind
    ambiguous = False if dated.certain else national[0].ambiguous
    others = tuple(r for r in c.readings if r.kind not in _COUNTRYISH)
    readings = (Reading(kind, dated.code, ambiguous), *others)
    return Candidate(c.sentence, c.i, c.j, c.start, c.end, c.text, readings)


def _verb_forms(entry: str) -> tuple[str, ...]:
    """'sell|sold' gives sell, sells, selling, sold: a base form, its regular inflections, irregulars."""
    base, *irregular = entry.lower().split("|")
    stem = base[:-1] if base.endswith("e") and not base.endswith("ee") else base
    third = (
        base + "es"
        if base.endswith(("s", "sh", "ch", "x", "o"))
        else (base[:-1] + "ies" if base.endswith("y") and base[-2:-1] not in "aeiou" else base + "s")
    )
    past = (
        base + "d"
        if base.endswith("e")
        else (base[:-1] + "ied" if base.endswith("y") and base[-2:-1] not in "aeiou" else base + "ed")
    )
    return (base, third, stem + "ing", past, *irregular)


@dataclass(frozen=True, slots=True)
class Resolved:
    """What one mention resolves to, before mentions are grouped into entities."""

    key: str  # grouping key: directory key, or a composed key
    name: str
    code: str | None
    sector: str | None
    office: str | None
    identifier_text: str | None
    kind: str  # person, body, people, government, group, organ, igo, outlet
    directory_id: str | None = None


@dataclass(frozen=True, slots=True)
class _Owner:
    """What an owner candidate stands for: a country (code), an organisation (entry key) or a place."""

    cand: Candidate
    code: str | None
    sector: str | None
    kind: str  # country | capital | entry | place
    key: str | None = None


@dataclass(slots=True)
class _Phrase:
    sentence: Sentence
    i: int
    j: int
    det: str | None = None
    mods: list[str] = field(default_factory=list)
    prefix: list[str] = field(default_factory=list)
    owner: _Owner | None = None
    owner_possessive: bool = False
    titles: list[tuple[Candidate, Title]] = field(default_factory=list)
    post_owner: _Owner | None = None
    post_titles: list[tuple[Candidate, Title]] = field(default_factory=list)
    head_end: int = 0  # end of the last title (a place after "in" is left to the place stage)
    name: tuple[int, int] | None = None  # token range of a name
    name_entry: Candidate | None = None  # directory person standing as the name
    short_form: Candidate | None = None

    @property
    def empty(self) -> bool:
        return not (
            self.owner or self.titles or self.name or self.name_entry or self.short_form or self.post_owner
        )

    @property
    def all_titles(self) -> list[Title]:
        return [t for _, t in self.titles] + [t for _, t in self.post_titles]


def _mention(s: Sentence, i: int, j: int) -> Mention:
    span = s.doc[i:j]
    start = s.start + span.start_char
    return Mention(span.text, start, start + len(span.text))


def is_dateline(c: Candidate, s: Sentence | None = None) -> bool:
    """A place name in capitals ("ISLAMABAD, Oct 25 (Reuters) -"), or the country after one ("PESHAWAR,
    Pakistan (AP) -"), is a dateline, not an actor."""
    words = c.text.replace(" ", "")
    if (
        words.isalpha()
        and words.isupper()
        and len(words) > 3
        and c.i <= 4
        and c.first("capital", "country", "place")
    ):
        return True
    if s is None or c.i < 2 or c.first("country") is None:
        return False
    before = s.doc[c.i - 2 : c.i]
    return (
        before[1].text == "," and before[0].text.isupper() and len(before[0].text) > 3 and before[0].is_alpha
    )


_BRACKETED = re.compile(r"(\s?)\(([A-Za-z]{2,8})\)")


def _is_acronym(text: str) -> bool:
    """ACB, MoRR, MoFA: 2 to 8 letters, capital first, at least two capitals."""
    return (
        2 <= len(text) <= 8 and text.isalpha() and text[0].isupper() and sum(ch.isupper() for ch in text) >= 2
    )


def is_noun_modifier(s: Sentence, c: Candidate) -> bool:
    """A city's name before a common noun ("the Doha ceasefire", "Kabul airport") names a place.

    A country's name in that position names its state ("US mediation", "Pakistan cricket board").
    """
    doc = s.doc
    if c.j >= len(doc) or c.first("country") is not None:
        return False
    nxt = doc[c.j]
    return nxt.tag_ in {"NN", "NNS"} and nxt.is_lower and nxt.is_alpha


def is_stance(doc: Doc, c: Candidate) -> bool:
    """A country after "anti-" or "pro-" ("an anti-Syria journalist", "pro-Iranian militias") names an
    attitude, not an actor, an owner or a place."""
    prefixes = grammar().stance_prefixes
    if c.i >= 1 and doc[c.i - 1].lower_.rstrip("-–") in prefixes and doc[c.i - 1].lower_[-1:] in {"-", "–"}:
        return True  # "Pro-" as one token
    return c.i >= 2 and doc[c.i - 1].text in {"-", "–"} and doc[c.i - 2].lower_ in prefixes


def is_currency(doc: Doc, c: Candidate) -> bool:
    """A country before a currency sign or name ("US $50 million", "U.S. dollars") names the currency."""
    return c.j < len(doc) and doc[c.j].lower_ in grammar().currency_words


def not_a_party(doc: Doc, c: Candidate) -> bool:
    """A country that names an attitude or a currency: neither an actor nor a clue to anyone's country."""
    return is_stance(doc, c) or is_currency(doc, c)


def is_locative(s: Sentence, i: int, j: int) -> bool:
    """True when tokens [i, j) of the sentence name a place rather than an actor.

    With a parse: the object of a locative preposition, or the modifier of a border noun. Without: the
    word before (skipping fillers such as "the northern") is a locative preposition, or a border noun
    follows ("Pakistan-Afghanistan border").
    """
    g = grammar()
    doc = s.doc
    if j + 1 < len(doc) and doc[j].text in {"-", "–"} and doc[j + 1].lower_ in g.agent_participles:
        return False  # "the US-led war", "Qatar-mediated talks": the country acts
    k = i - 1
    while k >= 0 and doc[k].lower_ in g.locative_fillers:
        k -= 1
    prev = doc[k].lower_ if k >= 0 else ""
    m = j
    while m < len(doc) and (doc[m].text in {"-", "–", "—", "and", "/"} or doc[m].tag_ in _NAME_TAGS):
        m += 1
    if m < len(doc) and doc[m].lower_ in g.border_nouns:
        return True
    if s.parsed:
        head = doc[j - 1]
        while i <= head.head.i < j and head.head.i != head.i:
            head = head.head
        if head.dep_ == "pobj":
            prep = head.head.lower_
            if prep == "to" and head.head.head.lower_ == "according":
                return False  # "according to the US government": a source, not a destination
            if prep == "to" and head.head.head.lower_ in g.recipient_verbs:
                return False  # "sold arms to Pakistan", "wrote to Kabul": a recipient, not a destination
            if prep == "between":
                return head.head.head.lower_ in g.border_nouns
            if prep == "of":
                return head.head.head.lower_ in g.place_heads
            return prep in g.locative
        if head.dep_ in {"nsubj", "nsubjpass", "dobj", "poss", "agent", "conj", "appos", "ROOT"}:
            if head.dep_ == "conj":
                return _is_locative_conj(s, head.i)
            return head.dep_ == "dobj" and head.head.lower_ in g.locative
    if prev == "between" or (prev == "to" and k >= 1 and doc[k - 1].lower_ == "according"):
        return False  # "according to the US government": a source, not a destination
    return prev in g.locative


def _is_locative_conj(s: Sentence, i: int) -> bool:
    """A conjunct ("in Kabul and Kandahar") shares the role of its first conjunct."""
    first = s.doc[i]
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.i == i:
        return False
    return is_locative(s, first.i, first.i + 1)


class _Context:
    """Where a document is: the countries its sentences name, for titles that name no country."""

    def __init__(self, resolver: ActorResolver, doc: AnnotatedDoc, per_sentence: dict[int, list[Candidate]]):
        self.resolver = resolver
        counts: Counter[str] = Counter()
        for c in (c for cands in per_sentence.values() for c in cands):
            for r in c.readings:
                if r.kind in _COUNTRYISH and not r.ambiguous:
                    counts[r.target] += 1
        self.countries = counts
        self.ranked = [code for code, _ in counts.most_common()]
        self.dominant = self.ranked[0] if self.ranked else None
        self._place_cache: dict[str, str | None] = {}
        self._ents: dict[int, list[tuple[int, int, str]]] = {}
        self.sentence_candidates = per_sentence
        self._starts: dict[int, dict[int, Candidate]] = {}
        self.texts = {s.index: s.doc.text.lower() for s in doc.sentences}
        # nationality words, without those that say whose weapons or forces act ("Pakistani strikes killed
        # civilians" says nothing of the civilians' nationality)
        forces = resolver.g.force_nouns
        words = {s.index: s.doc for s in doc.sentences}
        self.nationality: dict[int, list[tuple[int, str]]] = {
            idx: [
                (c.i, r.target)
                for c in cands
                for r in c.readings
                if r.kind in {"demonym", "plural"}
                and not (idx in words and c.j < len(words[idx]) and words[idx][c.j].lower_ in forces)
                and not (idx in words and not_a_party(words[idx], c))
            ]
            for idx, cands in per_sentence.items()
        }
        self.by_sentence: dict[int, list[tuple[int, str]]] = {}
        for idx, cands in per_sentence.items():
            found = []
            for c in cands:
                if idx in words and not_a_party(words[idx], c):
                    continue
                code = self.country_of(c)
                if code is not None:
                    found.append((c.i, code))
            self.by_sentence[idx] = found

    def candidate_at(self, sentence: int, i: int) -> Candidate | None:
        """The candidate of a sentence that starts at token ``i``."""
        starts = self._starts.get(sentence)
        if starts is None:
            starts = self._starts[sentence] = {c.i: c for c in self.sentence_candidates.get(sentence, [])}
        return starts.get(i)

    def coordinated_with_country(self, s: Sentence, c: Candidate) -> bool:
        """Whether a name is listed with an unambiguous country ("the Emirates and Saudi Arabia", "Congo and
        Costa Rica"): the list says it is a country too."""
        doc = s.doc
        cands = self.sentence_candidates.get(s.index, [])
        link = {"and", "or", ",", "&"}

        def plain_country(x: Candidate) -> bool:
            return any(r.kind == "country" and not r.ambiguous for r in x.readings)

        for other in cands:
            if other is c or not plain_country(other):
                continue
            gap = doc[c.j : other.i] if other.i >= c.j else doc[other.j : c.i]
            words = [t.lower_ for t in gap if t.lower_ != "the"]
            if words and len(words) <= 2 and all(w in link for w in words):
                return True
        return False

    def ents(self, s: Sentence) -> list[tuple[int, int, str]]:
        """The recogniser's entities of a sentence as (start, end, label), read once."""
        found = self._ents.get(s.index)
        if found is None:
            found = [(e.start, e.end, e.label_) for e in s.doc.ents] if s.has_ner else []
            self._ents[s.index] = found
        return found

    def country_of(self, c: Candidate) -> str | None:
        for r in c.readings:
            if r.kind in _COUNTRYISH and not r.ambiguous:
                return r.target
        place = c.first("place")
        return self.place_country(place.target) if place is not None else None

    def place_country(self, name: str) -> str | None:
        if name not in self._place_cache:
            gaz = self.resolver.gazetteer
            place = gaz.resolve(name, context_countries=self.ranked) if gaz is not None else None
            self._place_cache[name] = place.country if place is not None else None
        return self._place_cache[name]

    def nearest(
        self,
        sentence: int,
        token: int,
        near_only: bool = False,
        people: bool = False,
        skip: tuple[int, int] | None = None,
    ) -> str | None:
        """The country nearest to a token: before it in its sentence, after it, then earlier sentences.

        For people ("returnees", "civilians") a nationality word in the sentence ("Afghan") comes first.
        Tokens in ``skip`` (a person's own name: "Judge Alejandro Rivera" is no clue to Uruguay) are no
        clue.
        """
        if people:
            nat = self.nationality.get(sentence, [])
            if nat:
                return min(nat, key=lambda x: abs(x[0] - token))[1]
        here = self.by_sentence.get(sentence, [])
        if skip is not None:
            here = [(i, code) for i, code in here if not skip[0] <= i < skip[1]]
        before = [code for i, code in here if i < token]
        if before:
            return before[-1]
        after = [code for i, code in here if i > token]
        if after:
            return after[0]
        for back in range(1, _CONTEXT_SENTENCES + 1):
            prev = self.by_sentence.get(sentence - back, [])
            if prev:
                return prev[-1][1]
        return None if near_only else self.dominant


class ActorResolver:
    """Resolves a document's candidates into actor entities (one resolver per process)."""

    def __init__(self, directory: ActorDirectory, gazetteer: Gazetteer | None = None) -> None:
        self.d = directory
        self.gazetteer = gazetteer
        self.g = grammar()
        self._honorifics = frozenset(h.lower().rstrip(".") for h in directory.honorifics)

    # -- public ---------------------------------------------------------------------------------
    def resolve(self, doc: AnnotatedDoc) -> tuple[ActorEntity, ...]:
        day = doc.article.published
        per_sentence = by_sentence(doc.candidates)
        per_sentence = {k: [as_of(c, day) for c in cs] for k, cs in per_sentence.items()}
        ctx = _Context(self, doc, per_sentence)
        state = _DocState(doc.article.id)
        for s in doc.sentences:
            cands = per_sentence.get(s.index, [])
            phrases = self._phrases(s, cands, day, ctx)
            self._interpret(s, phrases, day, state, ctx)
            self._organisations(s, phrases, cands, ctx, state)
            self._acronyms(s, cands, state)
        return state.entities()

    # -- phrase grammar -------------------------------------------------------------------------
    def _phrases(
        self, s: Sentence, cands: Sequence[Candidate], day: dt.date | None, ctx: _Context
    ) -> list[_Phrase]:
        g = self.g
        doc = s.doc
        n = len(doc)
        at: dict[int, Candidate] = {c.i: c for c in cands}
        covered: set[int] = {k for c in cands for k in range(c.i, c.j)}
        # tokens a longer name may run over: a surname that is a listed person's short form, or a town's
        # name ("Naqeebullah Afridi", "Asif Mehmood")
        soft = {k for c in cands if c.kinds() <= {"short_form", "place"} for k in range(c.i, c.j)}
        place_only = {k for c in cands if c.kinds() == {"place"} for k in range(c.i, c.j)}
        hard = covered - soft
        out: list[_Phrase] = []
        i = 0
        while i < n:
            ph = _Phrase(s, i, i)
            k = i
            if doc[k].lower_ in g.determiners and k + 1 < n:
                ph.det = doc[k].lower_
                k += 1
            k = self._modifiers(doc, k, ph, at)
            # a name that runs over a listed short form or a town name is someone else's name
            run_end = self._name_run(s, k, hard)
            longer_name = k in soft and run_end > k + 1
            c = None if longer_name else at.get(k)
            owner = self._owner(c, day, ctx, s) if c is not None else None
            if owner is not None:
                ph.owner = owner
                k = owner.cand.j
                if k < n and doc[k].text in _POSSESSIVE:
                    ph.owner_possessive = True
                    k += 1
                k = self._modifiers(doc, k, ph, at)
                inner = self._owner(at[k], day, ctx, s) if k in at else None
                if inner is not None and inner.kind == "entry" and owner.kind in {"country", "capital"}:
                    ph.owner = owner = inner  # "Afghanistan's Taliban government": the inner owner is meant
                    k = self._modifiers(doc, inner.cand.j, ph, at)
                if owner.kind == "place":
                    while k < n and doc[k].lower_ in g.place_levels and k not in at:
                        k += 1
                k = self._compound_nouns(doc, k, ph, at)
                if owner.kind == "place" and not (at.get(k) and at[k].first("title")):
                    i += 1  # a place is an owner only before a title ("Kandahar governor")
                    continue
            elif c is None:
                k = self._compound_nouns(doc, k, ph, at)
            # titles
            while True:
                k2 = self._modifiers(doc, k, ph, at, prefix_only=True)
                c = at.get(k2)
                r = c.first("title") if c is not None else None
                if c is None or r is None or (c.j - c.i == 1 and doc[c.i].tag_.startswith("VB")):
                    break  # "a blast wounded three": a verb, not the noun "the wounded"
                ph.titles.append((c, self.d.title(r.target)))
                k = c.j
            ph.head_end = k
            if ph.titles and doc[k - 1].lower_ in g.collective_nouns and k < n and doc[k].lower_ == "of":
                i += 1  # "a group of Moroccan diplomats": the people after "of" are meant
                continue
            if (
                ph.titles
                and doc[k - 1].lower_ in g.place_heads
                and ((k < n and doc[k].lower_ == "of") or is_locative(s, ph.i, k))
            ):
                i += 1  # "from the Afghan side of the border", "on the Pakistani side": a place, not a party
                continue
            # "Senior Superintendent of Police (Operations) Sajjad Khan Marwat": a bracketed qualifier
            if ph.titles and k + 2 < n and doc[k].text == "(":
                close = next((m for m in range(k + 1, min(k + 5, n)) if doc[m].text == ")"), None)
                if close is not None and close + 1 < n and doc[close + 1].tag_ in _NAME_TAGS:
                    k = close + 1
            # "of/for/from/in [the] OWNER [TITLE]": "spokesman for the foreign ministry", "officials of X"
            if (ph.titles or ph.owner) and k < n and doc[k].lower_ in g.owner_links:
                k = self._post_owner(s, k, ph, at, day, ctx)
            # name: a directory person, or a run of proper nouns
            run_end = self._name_run(s, k, hard)
            c = at.get(k) if not (k in soft and run_end > k + 1) else None
            if c is not None:
                r = c.first("entry")
                if r is not None and self.d.entry(r.target).kind == "person":
                    ph.name_entry = c
                    k = c.j
                elif c.first("short_form") is not None and (ph.titles or ph.owner is None):
                    ph.short_form = c
                    k = c.j
            if ph.name_entry is None and ph.short_form is None:
                end = self._name_run(s, k, hard)
                if end > k and all(m in place_only for m in range(k, end)):
                    end = k  # a town's name standing alone is a place, whatever the recogniser says
                if end > k and (ph.titles or ph.owner is not None or self._is_person(ctx, s, k, end)):
                    ph.name = (k, end)
                    k = end
            ph.j = k
            if ph.empty or k == i or self._unsupported(ph, ctx, day) or self._attributive(ph, at, k):
                i += 1
                continue
            ph.j = k
            if not ph.head_end or ph.head_end < ph.i:
                ph.head_end = k
            out.append(ph)
            i = k
        return out

    def _owner(self, c: Candidate, day: dt.date | None, ctx: _Context, s: Sentence) -> _Owner | None:
        """What ``c`` stands for as an owner, or None (datelines, people, ambiguous names out of context)."""
        if is_dateline(c, s) or not_a_party(s.doc, c):
            return None
        prev = s.doc[c.i - 1] if c.i > 0 else None
        in_name = prev is not None and prev.tag_ in _NAME_TAGS and prev.is_title  # "George Washington"
        nxt = ctx.candidate_at(s.index, c.j)
        nxt_title = self.d.title(t.target) if nxt is not None and (t := nxt.first("title")) else None
        national = [r for r in c.readings if r.kind in _COUNTRYISH]
        listed = r_listed = None
        for r in c.readings:
            if r.kind in _COUNTRYISH and r.ambiguous and not in_name and r_listed is None:
                if listed is None:
                    listed = ctx.coordinated_with_country(s, c)
                r_listed = r if listed else None
            if r.kind in _COUNTRYISH and not (
                r.ambiguous and (ctx.countries[r.target] < 1 or in_name) and r is not r_listed
            ):
                return _Owner(c, r.target, "GOV", "capital" if r.kind == "capital" else "country")
            if (
                r.kind == "demonym"
                and len(national) == 1
                and nxt_title is not None
                and nxt_title.kind == "body"
                and nxt_title.sector in _STATE_SECTORS
            ):
                # "the Macedonian army": an ambiguous adjective before an organ of state names the state
                return _Owner(c, r.target, "GOV", "country")
            if r.kind in {"entry", "short_form"} and nxt_title is not None and _is_government(nxt_title):
                # "the Bush administration", "the Assad regime": the government of the person's country
                code = self._person_country(r.target, day)
                if code is not None:
                    return _Owner(c, code, "GOV", "country")
            if r.kind == "entry":
                e = self.d.entry(r.target)
                if e.kind == "person":
                    return None
                role = e.role_on(day)
                if r.ambiguous and (role is None or role.code not in ctx.countries):
                    continue  # "Foreign Office" in a Pakistani story is not Britain's
                if role is None:
                    return _Owner(c, None, None, "entry", r.target)
                return _Owner(c, role.code, role.sector, "entry", r.target)
        place = c.first("place")
        if place is not None and c.kinds() == {"place"} and not is_locative(s, c.i, c.j):
            code = ctx.place_country(place.target)
            if code is not None:
                return _Owner(c, code, None, "place")
        return None

    def _person_country(self, key: str, day: dt.date | None) -> str | None:
        """The country a listed person served, on ``day`` or in the role nearest to it (None: no person)."""
        e = self.d.entry(key)
        if e.kind != "person" or not e.roles:
            return None
        role = e.role_on(day) or min(e.roles, key=lambda r: _distance(r, day))
        return role.code if role.code not in {"IGO", "NGO", "IMG"} else None

    def _post_owner(
        self, s: Sentence, k: int, ph: _Phrase, at: dict[int, Candidate], day: dt.date | None, ctx: _Context
    ) -> int:
        """Read "of/for/from/in [the] OWNER [TITLE]*" after a title; returns where the phrase ends."""
        doc = s.doc
        n = len(doc)
        link = doc[k].lower_
        k2 = k + 1
        if k2 < n and doc[k2].lower_ in self.g.determiners:
            k2 += 1
        k2 = self._modifiers(doc, k2, ph, at, record=False)
        c = at.get(k2)
        if c is not None and c.j < n and doc[c.j].text in {"-", "–"}:
            return k  # "of the Pakistan-Afghanistan Joint Chamber": a longer name
        owner2: _Owner | None = None
        if c is not None:
            owner2 = self._owner(c, day, ctx, s) if c.kinds() != {"place"} else None
            place = c.first("place")
            if owner2 is None and place is not None and link in {"of", "in", "from"}:
                code = ctx.place_country(place.target)
                owner2 = _Owner(c, code, None, "place") if code is not None else None
        post_titles: list[tuple[Candidate, Title]] = []
        if owner2 is not None:
            k2 = owner2.cand.j
            if k2 < n and doc[k2].text in _POSSESSIVE:
                k2 += 1
            c = at.get(k2)
        while c is not None and (rt := c.first("title")) is not None:
            post_titles.append((c, self.d.title(rt.target)))
            k2 = c.j
            c = at.get(k2)
        if (
            link == "in"
            and not post_titles
            and (owner2 is None or not ph.titles or ph.titles[-1][1].kind == "body")
        ):
            return k  # "in" only links people to where they are: "civilians in Kabul"
        if (owner2 is not None or post_titles) and ph.titles:
            ph.post_owner = owner2
            ph.post_titles = post_titles
            return k2
        return k

    @staticmethod
    def _attributive(ph: _Phrase, at: dict[int, Candidate], k: int) -> bool:
        """A title used as an adjective with no owner ("a military operation", "police station"), or one
        naming both sides at once ("the two armies", "both governments"), is no mention of one actor."""
        if ph.owner is not None or ph.name or ph.name_entry or ph.short_form or not ph.titles:
            return False
        doc = ph.sentence.doc
        if any(m in {"two", "both"} for m in ph.mods) or ph.det == "both":
            return True
        nxt = doc[k] if k < len(doc) else None
        return nxt is not None and k not in at and nxt.tag_ in {"NN", "NNS"} and nxt.is_lower

    def _unsupported(self, ph: _Phrase, ctx: _Context, day: dt.date | None) -> bool:
        """A lone ambiguous form ("Jordan", "IS", "general") is no mention without an actor context; but a
        definite anaphor ("the group") may stand alone, and so may the name of an organisation of the
        countries the article is about ("khawarij" in a story about Pakistan)."""
        parts: list[Candidate | None] = [
            ph.owner.cand if ph.owner else None,
            ph.post_owner.cand if ph.post_owner else None,
            ph.name_entry,
            ph.short_form,
        ]
        parts += [c for c, _ in ph.titles + ph.post_titles]
        present = [c for c in parts if c is not None]
        n = len(present) + (1 if ph.name else 0)
        if n != 1 or not present or not present[0].ambiguous:
            return False
        c = present[0]
        if ph.det in {"the", "this", "that"} and c.first("title") is not None:
            return False
        if c.first("title") is not None and self._place_after(ph.sentence, ph.j, ctx, {"in", "at"}):
            return False  # "rival militias in Beirut": a group placed by a locative
        national = c.first(*_COUNTRYISH)
        if national is not None and ctx.countries[national.target] >= 1:
            return False  # "Washington warned" in a story that names the United States
        entry = c.first("entry")
        if entry is not None:
            role = self.d.entry(entry.target).role_on(day)
            return role is None or role.code not in ctx.ranked[:3]
        return True

    def _modifiers(
        self,
        doc: Doc,
        k: int,
        ph: _Phrase,
        at: dict[int, Candidate],
        prefix_only: bool = False,
        record: bool = True,
    ) -> int:
        g = self.g
        n = len(doc)
        while k < n and k not in at:
            w = doc[k].lower_
            if w in g.office_prefixes:
                if record:
                    ph.prefix.append(w)
            elif w.rstrip(".") in self._honorifics and doc[k].text[:1].isupper():
                pass  # "Mullah", "Sheikh", "Dr.": not part of the name we look up
            elif (
                not prefix_only
                and w in g.modifiers
                and doc[k].tag_ in {"JJ", "JJS", "NN", "CD", "VBN", "RB", "FW"}
            ):
                if record:
                    ph.mods.append(w)
            else:
                break
            k += 1
        return k

    @staticmethod
    def _compound_nouns(doc: Doc, k: int, ph: _Phrase, at: dict[int, Candidate]) -> int:
        """Skip up to two common nouns before a title: "Pakistani security official", "customs officials"."""
        for width in (1, 2):
            if k + width < len(doc) and all(
                doc[m].tag_ in {"NN", "NNS", "JJ"} and doc[m].is_lower and m not in at
                for m in range(k, k + width)
            ):
                c = at.get(k + width)
                if c is not None and c.first("title") is not None:
                    ph.mods.extend(doc[m].lower_ for m in range(k, k + width))
                    return k + width
        return k

    def _name_run(self, s: Sentence, k: int, hard: set[int]) -> int:
        """End of a run of proper nouns from ``k`` (over particles and hyphens); ``k`` if none."""
        doc = s.doc
        n = len(doc)
        end = k
        m = k
        while m < n:
            t = doc[m]
            if m in hard:
                break
            if t.tag_ in _NAME_TAGS and t.text[:1].isupper() and t.is_alpha:
                m += 1
                end = m
            elif (
                end > k
                and m + 1 < n
                and (t.lower_ in self.g.name_particles or (t.text == "-" and not t.whitespace_))
                and doc[m + 1].tag_ in _NAME_TAGS
            ):
                m += 1
            else:
                break
        return end

    @staticmethod
    def _is_person(ctx: _Context, s: Sentence, i: int, j: int) -> bool:
        """A bare run of proper nouns is a person only when the entity recogniser says so."""
        return any(label == "PERSON" and start < j and i < end for start, end, label in ctx.ents(s))

    # -- interpretation -------------------------------------------------------------------------
    def _interpret(
        self, s: Sentence, phrases: list[_Phrase], day: dt.date | None, state: _DocState, ctx: _Context
    ) -> None:
        """Resolve the phrases of a sentence in order (each one sees the ones before) into ``state``."""
        resolved: list[tuple[_Phrase, Resolved | None]] = []
        self._share_heads(s, phrases)
        for ph in phrases:
            res, span = self._interpret_one(s, ph, day, state, ctx)
            if res is not None and span is not None and res.kind == "people":
                res, span = self._ethnic(s, ph, res, span, ctx)
            if res is not None and span is not None:
                res = state.add(res, span, s.index, ph)
            resolved.append((ph, res))
        self._describe_from_apposition(s, resolved, state, ctx)
        # appositions: NAME , [age ,] [the] OWNER TITLE ,  /  OWNER TITLE , NAME
        for (pa, ra), (pb, rb) in pairwise(resolved):
            if ra is None or rb is None:
                continue
            gap = [t.text for t in s.doc[pa.j : pb.i]]
            if not (gap == [","] or (len(gap) == 3 and gap[0] == gap[2] == "," and gap[1].isdigit())):
                continue
            a_named = bool(pa.name or pa.name_entry) and not pa.titles and ra.kind == "person"
            b_named = bool(pb.name or pb.name_entry) and not pb.titles and rb.kind == "person"
            if a_named and pb.titles and not (pb.name or pb.name_entry):
                self._appose(state, titled=rb, named=ra, title_phrase=pb)
            elif b_named and pa.titles and not (pa.name or pa.name_entry):
                self._appose(state, titled=ra, named=rb, title_phrase=pa)

    def _ethnic(
        self, s: Sentence, ph: _Phrase, res: Resolved, span: Mention, ctx: _Context
    ) -> tuple[Resolved, Mention]:
        """Ethnic groups are not nationalities: people named by a nationality word are of another country
        when the phrase marks them as an ethnic group living there.

        * a country adjective before an ethnonym ("Bosnian Serbs", "Afghan Tajiks"): that country;
        * "ethnic X", "the X population/minority/community": the country of a place the phrase puts them in
          ("ethnic Albanians in south Serbia", "the Afghan community in Karachi"), else of the one place
          the sentence names other than the nationality's own country, else the nationality's;
        * an ethnonym with "of" a place ("the Albanians of southern Serbia"): that place's country.
        """
        o = ph.owner
        if o is None or o.kind != "country" or ph.owner_possessive or o.code is None:
            return res, span
        if o.cand.first("demonym", "plural") is None:
            return res, span
        g = self.g
        doc = s.doc
        own = o.code
        cands = ctx.sentence_candidates.get(s.index, [])
        ethnonym = o.cand.text.lower() in g.ethnonyms
        if ethnonym:
            before = next((c for c in cands if c.j == o.cand.i and c is not o.cand), None)
            if before is not None:
                code = next((r.target for r in before.readings if r.kind in {"demonym", "country"}), own)
                if code != own:
                    text = doc.text[before.start - s.start : span.end - s.start]
                    return self._people(code, res.sector, res.office), Mention(text, before.start, span.end)
        heads = {doc[c.j - 1].lower_ for c, _ in ph.titles}
        marker = o.cand.i > 0 and doc[o.cand.i - 1].lower_ in g.ethnic_markers
        marked = marker or bool(heads & g.ethnic_heads)
        if not (marked or ethnonym):
            return res, span
        home: str | None = None
        if marked and ph.post_owner is not None and ph.post_owner.code not in {None, own}:
            home = ph.post_owner.code
        if home is None:
            home = self._place_after(s, ph.j, ctx, {"in", "of"} if marked else {"of"})
        if home is None and marked:
            taken = range(ph.i, ph.j)
            codes: set[str] = set()
            for c in cands:
                if c.i in taken or c.first("demonym", "plural"):
                    continue
                placed = c.kinds() == {"place"} or (
                    c.first("country", "capital") is not None and is_locative(s, c.i, c.j)
                )
                where = ctx.country_of(c) if placed else None
                if where is not None:
                    codes.add(where)
            codes.discard(own)
            home = codes.pop() if len(codes) == 1 else None
        if home is None or home == own:
            return res, span
        return self._people(home, res.sector, res.office), span

    @staticmethod
    def _subject_verb_end(s: Sentence, ph: _Phrase) -> int:
        """After a subject and its verb group ("prisoners rioted", "civilians were killed"): where the
        verb's complements start; the phrase end when the phrase is no subject followed by its verb."""
        doc = s.doc
        if not s.parsed or ph.j >= len(doc):
            return ph.j
        head = doc[ph.j - 1]
        verb = head.head
        if head.dep_ not in {"nsubj", "nsubjpass"} or verb.i < ph.j or verb.i > ph.j + 3:
            return ph.j
        if any(not doc[m].tag_.startswith(("VB", "RB", "MD")) for m in range(ph.j, verb.i + 1)):
            return ph.j
        return verb.i + 1

    def _place_after(self, s: Sentence, k: int, ctx: _Context, links: set[str]) -> str | None:
        """The country of a place right after a people phrase: "[living|operating] in|of [the] [south] X",
        "at a jail in X" (over common nouns and "in"/"of"/"at", never over another preposition or a border
        noun: "troops at the border with X" are not placed in X)."""
        doc = s.doc
        n = len(doc)
        if k < n and doc[k].lower_ in self.g.residence_participles:
            k += 1
        if k >= n or doc[k].lower_ not in links:
            return None
        k += 1
        for _ in range(6):
            c = ctx.candidate_at(s.index, k)
            if c is not None:
                return ctx.country_of(c) if not c.first("demonym", "plural", "title") else None
            if k >= n or not (doc[k].is_lower and doc[k].is_alpha) or doc[k].lower_ in self.g.border_nouns:
                return None
            if doc[k].tag_ in {"IN", "TO", "CC"} and doc[k].lower_ not in {"in", "of", "at"}:
                return None
            if doc[k].tag_.startswith(("VB", "PRP", "W", "RB", "MD")):
                return None
            k += 1
        return None

    def _describe_from_apposition(
        self, s: Sentence, resolved: list[tuple[_Phrase, Resolved | None]], state: _DocState, ctx: _Context
    ) -> None:
        """An unlisted person described in apposition ("Saleem Shinwari, a customs agent at Torkham") takes
        the country of the place or nationality named there, and the sector of a title there (else CVL)."""
        if not s.parsed:
            return
        doc = s.doc
        cands = {c.i: c for c in ctx.sentence_candidates.get(s.index, [])}
        for ph, res in resolved:
            if res is None or res.kind != "person" or res.directory_id or ph.name is None:
                continue
            if res.code is not None and res.sector is not None:
                continue
            head = doc[ph.name[1] - 1]
            appos = [child for child in head.children if child.dep_ == "appos"]
            if not appos:
                continue
            idx = sorted(t.i for a in appos for t in a.subtree)
            code: str | None = None
            sector: str | None = None
            for i in idx:
                c = cands.get(i)
                if c is None:
                    continue
                code = code or ctx.country_of(c)
                title = c.first("title")
                if title is not None and sector is None:
                    sector = self.d.title(title.target).sector
            if code is not None or sector is not None:
                state.enrich(res.key, code, sector or "CVL")

    @staticmethod
    def _appose(state: _DocState, titled: Resolved, named: Resolved, title_phrase: _Phrase) -> None:
        if titled.kind == "person":
            state.merge(titled.key, named.key)
        elif titled.kind == "people" and title_phrase.sentence.doc[title_phrase.head_end - 1].tag_ == "NN":
            state.enrich(named.key, titled.code, titled.sector)  # "Sher Mohammad, a resident of Barmal,"

    @staticmethod
    def _share_heads(s: Sentence, phrases: list[_Phrase]) -> None:
        """'Pakistani and Afghan officials': a bare owner coordinated with a titled one shares its title."""
        doc = s.doc
        for a, b in zip(reversed(phrases[:-1]), reversed(phrases[1:]), strict=True):
            if a.owner is None or a.titles or a.name or a.name_entry:
                continue
            gap = [t.lower_ for t in doc[a.j : b.i]]
            if (
                gap in (["and"], ["or"], [","], [",", "and"])
                and b.owner is not None
                and (b.titles or b.post_titles)
            ):
                a.titles = list(b.titles)
                a.post_titles = list(b.post_titles)
                a.mods = list(b.mods)
                a.head_end = a.j

    def _interpret_one(
        self, s: Sentence, ph: _Phrase, day: dt.date | None, state: _DocState, ctx: _Context
    ) -> tuple[Resolved | None, Mention | None]:
        doc = s.doc
        # 1. a directory person named
        if ph.name_entry is not None:
            r = ph.name_entry.first("entry")
            assert r is not None
            res = self._entry(r.target, day, former="former" in ph.mods, titles=ph.all_titles)
            return res, _mention(s, ph.name_entry.i, ph.name_entry.j)
        if ph.short_form is not None:
            return self._short_form(s, ph, day, state, ctx)
        owner = ph.owner if ph.owner is not None and ph.owner.code is not None else ph.post_owner
        if owner is None and ph.owner is not None:
            owner = ph.owner
        titles = ph.all_titles
        name_span = _mention(s, *ph.name) if ph.name else None
        # 2. no title: a country or capital acting, an organisation, or a name
        if not titles:
            return self._untitled(s, ph, owner, name_span, day, state, ctx)
        head = titles[-1]
        head_tok = doc[(ph.titles or ph.post_titles)[-1][0].j - 1]
        plural = head_tok.tag_ in _PLURAL_TAGS
        code = owner.code if owner is not None else None
        owner_sector = owner.sector if owner is not None else None
        owner_kind = owner.kind if owner is not None else None
        office = self._office(ph, titles)
        # a people noun that needs context ("labour minister") says what the office is about, not whom
        pairs = ph.titles + ph.post_titles
        ruling = [t for c, t in pairs[:-1] if not (t.kind == "people" and c.ambiguous)] + [pairs[-1][1]]
        sector = self._sector(owner_sector, owner_kind, ruling)
        end = ph.j if ph.post_owner is None or ph.post_owner.kind != "place" else ph.head_end
        # "the spokesman" keeps its article (it is the whole mention); "the Pakistani army" drops it
        span = _mention(s, ph.i if ph.det is None or owner is None else ph.i + 1, max(end, ph.i + 1))
        if code is None and head.code is not None:
            code = head.code
        if code is None:
            # 3. no owner: a titled name, an anaphor ("the spokesman"), or the country the context gives
            if name_span is not None:
                known = state.by_surname(name_span.text)
                if known is not None:
                    return known, name_span
                code = ctx.nearest(s.index, ph.i, near_only=True, skip=ph.name)
                nm = name_span.text
                return Resolved(f"person:{code}:{nm}", nm, code, sector, office, nm, "person"), name_span
            if ph.det in {"the", "its", "their", "this", "that", "these", "those"} or (
                ph.det is None and ph.mods
            ):
                ante = state.antecedent(head, s.index)
                if ante is None and head.kind == "people" and not plural:
                    ante = state.antecedent_person(head_tok.lower_, s.index)  # "the official", "the source"
                if ante is not None:
                    return ante, span
            # "security forces in Guinea", "prisoners at a jail in Dili": a group placed by a locative is
            # of the place's country
            placed = self._place_after(s, ph.j, ctx, {"in", "at"})
            if placed is None and head.kind == "people":
                placed = self._place_after(s, self._subject_verb_end(s, ph), ctx, {"in", "at"})
            if (ph.titles or ph.post_titles)[-1][0].ambiguous and placed is None:
                return None, None  # "the group" with nothing to refer to
            code = placed or ctx.nearest(s.index, ph.i, people=head.kind == "people")
            if code is None:
                return None, None
            owner_kind = "context"
        # 4. owner + title
        if head.kind == "person":
            if name_span is not None:
                nm = name_span.text
                known = state.by_surname(nm)
                if known is not None and known.code in {code, None}:
                    return known, name_span
                return Resolved(f"person:{code}:{nm}", nm, code, sector, office, nm, "person"), name_span
            if (
                ph.det not in self.g.indefinites
                and not ph.mods
                and office
                and not plural
                and owner_kind != "context"
            ):
                holders = [
                    h
                    for h in self.d.holders(code, office, day)
                    if (hr := h.role_on(day)) is None or hr.sector == sector
                ]
                if len(holders) == 1:
                    return self._entry(holders[0].key, day), span
            label = f"{office or 'official'} ({self._country_name(code)})"
            return Resolved(
                f"anon:{code}:{sector}:{office}", label, code, sector, office, None, "person"
            ), span
        if head.kind == "body":
            if (
                owner_kind == "entry"
                and owner is not None
                and owner.key
                and (office is None or _is_government(head))
            ):
                return self._entry(owner.key, day), span
            group = self._group_members(owner, head, sector, day)
            if group is not None:
                return group, span
            if sector == "GOV" and (not office or _is_government(head)):
                return self._government(code), span
            place = self._country_name(code)
            label = f"{office} of {place}" if office else f"{self._sector_label(sector)} of {place}"
            return Resolved(
                f"body:{code}:{sector}:{office}", label, code, sector, office, label, "body"
            ), span
        # people
        group = self._group_members(owner, head, sector, day)
        if group is not None:
            return group, span
        if head_tok.lower_ in self.g.national_nouns:
            sector = self._nationals_sector(s, sector, ctx)
        return self._people(code, sector, None), span

    def _untitled(
        self,
        s: Sentence,
        ph: _Phrase,
        owner: _Owner | None,
        name_span: Mention | None,
        day: dt.date | None,
        state: _DocState,
        ctx: _Context,
    ) -> tuple[Resolved | None, Mention | None]:
        if name_span is not None:
            name = name_span.text
            if owner is not None and owner.code and name.split()[-1].lower() in self.g.organisation_heads:
                # "the Afghanistan Cricket Board": an organisation of that country the directory lacks
                assert ph.owner is not None
                assert ph.name is not None
                span = _mention(s, ph.owner.cand.i, ph.name[1])
                org = span.text
                return Resolved(f"org:{org}", org, owner.code, None, None, org, "organ"), span
            known = state.by_surname(name)
            if known is not None:
                return known, name_span
            if owner is not None and owner.kind == "country" and owner.cand.first("demonym") is not None:
                # "Afghan Abdul Kabir": an unlisted person of that country
                assert ph.name is not None
                span = _mention(s, owner.cand.i, ph.name[1])
                return Resolved(
                    f"person:{owner.code}:{name}", name, owner.code, None, None, name, "person"
                ), span
            if ph.name is not None and ph.name[1] - ph.name[0] > 1 and self._is_person(ctx, s, *ph.name):
                return Resolved(f"person:?:{name}", name, None, None, None, name, "person"), name_span
            return None, None
        if owner is None or ph.owner is None:
            return None, None
        oc = ph.owner.cand
        span = _mention(s, oc.i, oc.j)
        if owner.kind in {"country", "capital"}:
            people = oc.first("plural") is not None  # "a curfew on Palestinians": people are never a place
            if not people and (is_locative(s, oc.i, oc.j) or is_noun_modifier(s, oc)):
                return None, None
            if oc.first("demonym") is not None and not ph.owner_possessive:
                return None, None  # a bare adjective: "Afghan territory"
            if oc.first("plural") is not None:
                return self._people(owner.code, self._nationals_sector(s, "CVL", ctx), None), span
            return self._government(owner.code), span
        if owner.kind == "entry" and owner.key is not None:
            return self._entry(owner.key, day), span
        return None, None

    def _nationals_sector(self, s: Sentence, default: str | None, ctx: _Context) -> str | None:
        """Nationals in a passage (this sentence or the one before) about deportation, return or flight are
        refugees and migrants."""
        low = ctx.texts.get(s.index, "") + " " + ctx.texts.get(s.index - 1, "")
        return "REF" if any(cue in low for cue in self.g.displacement_cues) else default

    # -- organisations the directory does not list, and acronyms -------------------------------------
    def _organisations(
        self, s: Sentence, phrases: list[_Phrase], cands: list[Candidate], ctx: _Context, state: _DocState
    ) -> None:
        """An organisation the recogniser finds whose name holds a country is that country's
        ("Afghanistan Cricket Board"); the sector stays open. One with no country whose name is that of a
        civil-society body ("the Association of African Jurists", "the Third World Water Forum") is an NGO."""
        if not s.has_ner:
            return
        taken = {k for ph in phrases for k in range(ph.i, ph.j)}
        for ent in s.doc.ents if s.has_ner else ():
            if ent.label_ != "ORG" or any(k in taken for k in range(ent.start, ent.end)) or len(ent) < 2:
                continue
            inside = {k for c in cands if ent.start <= c.i < ent.end for k in range(c.i, c.j)}
            if ent.text.isupper() or not any(t.is_alpha and t.i not in inside for t in ent):
                continue  # a dateline ("ISTANBUL/ISLAMABAD") or a list of known names is no organisation
            codes = [
                ctx.country_of(c)
                for c in cands
                if ent.start <= c.i < ent.end and c.kinds() & set(_COUNTRYISH)
            ]
            codes = [c for c in codes if c]
            name = ent.text
            if codes:
                res = Resolved(f"org:{name}", name, codes[0], None, None, name, "organ")
            elif self._civil_society_name(ent):
                res = Resolved(f"org:{name}", name, "NGO", "SOC", None, name, "organ")
            else:
                continue
            ph = _Phrase(s, ent.start, ent.end)
            state.add(res, _mention(s, ent.start, ent.end), s.index, ph)

    def _civil_society_name(self, ent: Any) -> bool:
        """A name headed by an association, foundation, forum ... word: its last word, or the word before
        "of" ("Association of African Jurists")."""
        words = [t.lower_ for t in ent]
        heads = self.g.ngo_heads
        return words[-1] in heads or any(w in heads and nxt == "of" for w, nxt in pairwise(words))

    @staticmethod
    def _acronyms(s: Sentence, cands: list[Candidate], state: _DocState) -> None:
        """'Afghanistan Cricket Board (ACB)': the acronym names the mention it follows, here and later.

        A bracketed name the dictionaries know ("(AP)" after a dateline) is not an acronym of anything."""
        text = s.doc.text
        if "(" in text:
            known = [(c.start - s.start, c.end - s.start) for c in cands]
            for m in _BRACKETED.finditer(text):
                a, b = m.span(2)
                if _is_acronym(m.group(2)) and not any(x < b and a < y for x, y in known):
                    key = state.key_ending_at(s.start + m.start(1))
                    if key is not None:
                        state.define_acronym(m.group(2), key)
        for abbr in state.acronyms():
            for m in re.finditer(rf"\b{re.escape(abbr)}\b", text):
                start = s.start + m.start()
                state.add_mention(state.acronym(abbr) or "", Mention(abbr, start, start + len(abbr)), s.index)

    # -- helpers ----------------------------------------------------------------------------------
    def _group_members(
        self, owner: _Owner | None, head: Title, sector: str | None, day: dt.date | None
    ) -> Resolved | None:
        """The members of a named group are the group ("CODECO militiamen", "TTP fighters"), except the
        armed men of a group in power, who are its state's forces ("Taliban fighters" after 2021)."""
        if owner is None or owner.kind != "entry" or owner.key is None:
            return None
        ent = self._entry(owner.key, day)
        if ent.sector == "GOV" and head.kind == "body" and head.office:
            return None  # "the Taliban's defence ministry": an organ of the state the group runs
        in_power = ent.sector == "GOV" and head.sector in {"MIL", "REB", "UAF", "PRM"}
        if ent.sector == sector or (self.d.entry(owner.key).kind == "group" and not in_power):
            return ent
        return None

    def _short_form(
        self, s: Sentence, ph: _Phrase, day: dt.date | None, state: _DocState, ctx: _Context
    ) -> tuple[Resolved | None, Mention | None]:
        """A surname stands for a listed person once the document has named that person in full, after a
        title ("President Erdogan"), or when the person's country is one the article is about."""
        c = ph.short_form
        assert c is not None
        span = _mention(s, c.i, c.j)
        known = state.by_surname(c.text)
        if known is not None:
            return known, span
        r = c.first("short_form")
        if r is None:
            return None, None
        if state.knows(f"entry:{r.target}") or ph.titles:
            return self._entry(r.target, day), span
        role = self.d.entry(r.target).role_on(day)
        if not c.ambiguous and role is not None and ctx.countries[role.code] >= 2:
            return self._entry(r.target, day), span
        if not r.ambiguous and c.kinds() == {"short_form"} and role is not None and self._heads(role):
            return self._entry(r.target, day), span  # "Putin offered to negotiate": a head of state
        return None, None

    def _heads(self, role: Role) -> bool:
        """Whether a role heads a state or a government that day (its holder's surname names them alone)."""
        office = (role.office or "").lower()
        keys = {t.replace("_", " ") for t in role.titles}
        return role.sector == "GOV" and bool(({office} | keys) & self.g.head_offices)

    def _entry(
        self, key: str, day: dt.date | None, former: bool = False, titles: Sequence[Title] = ()
    ) -> Resolved:
        """A directory entry with the role it held on ``day``.

        A title written beside a person's name picks the role it names ("Russian President Boris Yeltsin"),
        even on a day the directory gives another; with no role that day, a person is a former official
        (ELI) after their last role and takes their first role before it.
        """
        e = self.d.entry(key)
        role = e.role_on(day)
        if titles and e.kind == "person" and (role is None or not _fits(role, titles)):
            named = [r for r in e.roles if _fits(r, titles)]
            if named:
                role = min(named, key=lambda r: _distance(r, day))
        code = role.code if role else None
        sector = role.sector if role else None
        office = role.office if role else None
        if role is None and e.roles:
            past = [r for r in e.roles if day is None or (r.start is None or r.start <= day)]
            first = past[-1] if past else e.roles[0]
            code, office = first.code, first.office
            sector = "ELI" if e.kind == "person" and past else first.sector
        elif former and e.kind == "person":
            sector = "ELI"
        return Resolved(f"entry:{key}", e.name, code, sector, office, e.name, e.kind, directory_id=key)

    def _government(self, code: str | None) -> Resolved:
        name = f"Government of {self._country_name(code)}"
        return Resolved(f"gov:{code}", name, code, "GOV", None, name, "government")

    def _people(self, code: str | None, sector: str | None, office: str | None) -> Resolved:
        label = f"{self._sector_label(sector)} ({self._country_name(code)})"
        return Resolved(f"people:{code}:{sector}", label, code, sector, office, None, "people")

    def _country_name(self, code: str | None) -> str:
        if code is None:
            return "unknown"
        country = self.d.countries.get(code)
        return country.name if country is not None else code

    @staticmethod
    def _sector_label(sector: str | None) -> str:
        return _SECTOR_LABELS.get(sector or "", sector or "actors")

    @staticmethod
    def _office(ph: _Phrase, titles: list[Title]) -> str | None:
        head = titles[-1]
        office = head.office
        if head.kind == "people":
            return None
        if office and ph.prefix and not office.lower().startswith(tuple(ph.prefix)):
            office = " ".join(p.capitalize() for p in ph.prefix) + " " + office
        bodies = [t for t in titles[:-1] if t.kind == "body" and t.office]
        if head.kind == "person" and bodies and office:
            office = f"{office} of the {bodies[-1].office}"
        return office

    @staticmethod
    def _sector(owner_sector: str | None, owner_kind: str | None, titles: list[Title]) -> str | None:
        """The head title's sector, or the sector of what it attaches to when the title inherits it."""
        head = titles[-1]
        default: str | None = head.sector
        sector = default
        # the organ or collective the head belongs to: "army spokesman", "rebel leaders"
        bodies = [
            t for t in titles[:-1] if t.kind == "body" or (t.kind == "people" and head.kind == "person")
        ]
        if head.inherit_sector:
            if bodies:
                sector = bodies[-1].sector
            elif owner_kind == "entry" and owner_sector is not None:
                sector = owner_sector
        elif bodies and sector == "GOV":
            sector = bodies[-1].sector
        if owner_kind == "entry" and owner_sector is not None:
            if owner_sector == "REB" and sector in {"MIL", "UAF", "GOV", None}:
                return "REB"
            if owner_sector == "GOV" and default in {"REB", "UAF", "MIL"}:
                return "MIL"
        return sector


def _fits(role: Role, titles: Sequence[Title]) -> bool:
    """Whether a role is the office one of the titles names."""
    keys = {t.key for t in titles}
    offices = [t.office.lower() for t in titles if t.office and t.kind == "person"]
    return bool(keys & set(role.titles)) or (
        role.office is not None and any(o in role.office.lower() for o in offices)
    )


def _distance(role: Role, day: dt.date | None) -> int:
    if day is None:
        return 0
    if role.start is not None and day < role.start:
        return (role.start - day).days
    if role.end is not None and day > role.end:
        return (day - role.end).days
    return 0


def _is_government(title: Title) -> bool:
    return title.key == "government"


_SECTOR_LABELS = {
    "GOV": "Government",
    "MIL": "Armed forces",
    "COP": "Police",
    "REB": "Armed group",
    "CVL": "Civilians",
    "REF": "Refugees and migrants",
    "SPY": "Intelligence",
    "LEG": "Legislature",
    "JUD": "Judiciary",
    "PTY": "Party",
    "JRN": "Media",
    "MED": "Health workers",
    "EDU": "Education",
    "BUS": "Business",
    "REL": "Religious figures",
    "OPP": "Opposition",
    "UAF": "Armed men",
    "PRM": "Paramilitary",
    "ELI": "Elites",
    "SOC": "Civil society",
    "LAB": "Labour",
    "AGR": "Agriculture",
    "CRM": "Criminals",
    "UNK": "Unidentified",
}


class _DocState:
    """Entities met so far in the document, in order, with their mentions."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self._res: dict[str, Resolved] = {}
        self._mentions: dict[str, list[Mention]] = {}
        self._order: list[str] = []
        self._last_seen: dict[str, int] = {}
        self._aliases: dict[str, str] = {}
        self._titles: dict[str, set[str]] = {}
        self._acronyms: dict[str, str] = {}

    def merge(self, from_key: str, into_key: str) -> None:
        """An apposition: the titled description and the name are one entity; the name wins."""
        from_key = self._aliases.get(from_key, from_key)
        into_key = self._aliases.get(into_key, into_key)
        if from_key == into_key or from_key not in self._res or into_key not in self._res:
            return
        titled = self._res[from_key]
        self.enrich(into_key, titled.code, titled.sector, titled.office)
        self._aliases[from_key] = into_key
        for old, new in list(self._aliases.items()):
            if new == from_key:
                self._aliases[old] = into_key
        self._mentions[into_key].extend(self._mentions.pop(from_key, []))
        self._titles.setdefault(into_key, set()).update(self._titles.pop(from_key, set()))
        self._last_seen[into_key] = max(self._last_seen.pop(from_key, -1), self._last_seen.get(into_key, -1))
        self._order.remove(from_key)
        del self._res[from_key]

    def enrich(self, key: str, code: str | None, sector: str | None, office: str | None = None) -> None:
        """Fill what an entity lacks (code, sector, office) from another description of it."""
        key = self._aliases.get(key, key)
        cur = self._res.get(key)
        if cur is None:
            return
        self._res[key] = Resolved(
            cur.key,
            cur.name,
            cur.code or code,
            cur.sector or sector,
            cur.office or office,
            cur.identifier_text,
            cur.kind,
            cur.directory_id,
        )

    def add(self, res: Resolved, span: Mention, sentence: int, ph: _Phrase) -> Resolved:
        """Record a mention of ``res``; returns the entity it joined."""
        key = self._aliases.get(res.key, res.key)
        if key not in self._res:
            self._res[key] = res
            self._mentions[key] = []
            self._order.append(key)
        elif key not in self._mentions:
            self._mentions[key] = []
            self._order.append(key)
        if res.kind == self._res[key].kind:
            self.enrich(key, res.code, res.sector, res.office)
        self.add_mention(key, span, sentence)
        for _, t in ph.titles + ph.post_titles:
            self._titles.setdefault(key, set()).update(t.words)
        return self._res[key]

    def add_mention(self, key: str, span: Mention, sentence: int) -> None:
        ms = self._mentions[key]
        if not any(m.start < span.end and span.start < m.end for ms2 in self._mentions.values() for m in ms2):
            ms.append(span)
        self._last_seen[key] = sentence

    def key_ending_at(self, end: int) -> str | None:
        for key, ms in self._mentions.items():
            if any(m.end == end for m in ms):
                return key
        return None

    def define_acronym(self, abbr: str, key: str) -> None:
        self._acronyms.setdefault(abbr, key)

    def acronyms(self) -> list[str]:
        return list(self._acronyms)

    def acronym(self, abbr: str) -> str | None:
        key = self._acronyms.get(abbr)
        return self._aliases.get(key, key) if key is not None else None

    def knows(self, key: str) -> bool:
        return key in self._mentions

    def by_surname(self, name: str) -> Resolved | None:
        """A person already met whose name ends with (or equals) ``name``."""
        low = name.lower()
        for key in reversed(self._order):
            r = self._res[key]
            if r.kind != "person" or not r.identifier_text:
                continue
            ident = r.identifier_text.lower()
            if ident == low or ident.endswith(" " + low) or ident.split()[-1] == low:
                return r
        return None

    def antecedent_person(self, word: str, sentence: int) -> Resolved | None:
        """The last person whose description used ``word`` ("official" for "a security official")."""
        best: Resolved | None = None
        best_seen = -1
        for key, seen in self._last_seen.items():
            r = self._res[key]
            if r.kind != "person" or sentence - seen > _RECENCY or seen > sentence:
                continue
            words = " ".join(self._titles.get(key, set())).lower().split() + (r.office or "").lower().split()
            if word in words and seen > best_seen:
                best, best_seen = r, seen
        return best

    def antecedent(self, title: Title, sentence: int) -> Resolved | None:
        """The most recent entity a definite description ("the spokesman", "the ministry") refers to."""
        t_office = (title.office or "").lower()
        words = {w.lower() for w in title.words}
        best: Resolved | None = None
        best_seen = -1
        for key, seen in self._last_seen.items():
            if sentence - seen > _RECENCY or seen > sentence:
                continue
            r = self._res[key]
            office = (r.office or "").lower()
            same_words = bool(words & self._titles.get(key, set()))
            if title.kind == "person":
                ok = r.kind == "person" and (same_words or (bool(t_office) and t_office in office))
            elif title.kind == "body":
                if _is_government(title):
                    ok = r.kind == "government"
                else:
                    ok = r.kind in {"body", "organ", "group", "igo"} and (
                        same_words
                        or (bool(t_office) and t_office in office)
                        or (r.kind == "group" and title.sector == r.sector == "REB")
                    )
            else:
                ok = r.kind in {"people", "group"} and r.sector == title.sector
            if ok and seen > best_seen:
                best, best_seen = r, seen
        return best

    def entities(self) -> tuple[ActorEntity, ...]:
        out = []
        keys = [k for k in self._order if self._mentions.get(k)]
        keys.sort(key=lambda k: min(m.start for m in self._mentions[k]))
        for n, key in enumerate(keys, 1):
            r = self._res[key]
            out.append(
                ActorEntity(
                    id=f"{self.doc_id}-a{n}",
                    name=r.name,
                    code=r.code,
                    sector=r.sector,
                    office=r.office,
                    identifier_text=r.identifier_text,
                    mentions=tuple(sorted(self._mentions[key], key=lambda m: m.start)),
                    directory_id=r.directory_id,
                    kind=r.kind,
                )
            )
        return tuple(out)
