"""Finding trigger words in a parsed sentence: word form look-up in the books, then the pattern's
constraints checked on the parse (particle, direct object, preposition, modifier, "of" phrase)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashpoint.events.patterns import Pattern, PatternBooks
from flashpoint.events.syntax import noun_forms_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_NOUN_TAGS = frozenset({"NN", "NNS"})
_PROPER = frozenset({"NNP", "NNPS"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """A token of a sentence that fired a pattern (``i`` is the token index in the sentence doc)."""

    i: int
    pattern: Pattern


def _matches(words: frozenset[str], token: Token) -> bool:
    return bool(noun_forms_of(token.text) & words)


def _joined(t: Token) -> str:
    """A hyphenated modifier as written ("open-ended", "full-scale"), which the tokenizer splits."""
    words = list(t.subtree)
    return "".join(w.text_with_ws for w in words).strip().lower()


def _named(o: Token, pacts: frozenset[str]) -> list[Token]:
    """An object and, when it is a pact noun, its compound: "the ceasefire agreement" is the ceasefire too."""
    if o.lower_ not in pacts:
        return [o]
    return [o, *(c for c in o.children if c.dep_ == "compound")]


def _goods(o: Token, measures: frozenset[str]) -> list[Token]:
    """What an object names: when it is a noun of measure, number or group with an "of" phrase, the head of
    that phrase ("700 kg of medicine", "truckloads of aid", "dozens of prisoners", "a team of inspectors" are
    the medicine, the aid, the prisoners, the inspectors), else the object itself."""
    if o.lower_ not in measures:
        return [o]
    members = [
        g for c in o.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
    ]
    return members or [o]


def satisfies(
    p: Pattern, t: Token, measures: frozenset[str] = frozenset(), pacts: frozenset[str] = frozenset()
) -> bool:
    """Whether token ``t`` meets every constraint of pattern ``p`` (``measures``: nouns of measure or number
    that an object constraint looks through to their "of" phrase; ``pacts``: nouns of a pact whose compound
    an object constraint also sees)."""
    children = list(t.children)
    if p.unless:
        near = [*children, *(o for c in children if c.dep_ in ("prep", "agent") for o in c.children)]
        if any(_matches(p.unless, c) for c in near):
            return False
    # "pulled back", "stepped down": the particle is often parsed as an adverb
    if p.prt and not any(c.dep_ in ("prt", "advmod") and c.lower_ in p.prt for c in children):
        return False
    if p.dobj:
        objs = [c for c in children if c.dep_ in ("dobj", "nsubjpass", "attr")]
        objs += [o for c in children if c.dep_ == "prt" for o in c.children if o.dep_ == "dobj"]
        if t.dep_ in ("acl", "relcl") and t.tag_ == "VBN":
            objs.append(t.head)
        objs = [n for o in objs for g in _goods(o, measures) for n in _named(g, pacts)]
        if not any(_matches(p.dobj, o) or any(_matches(p.dobj, k) for k in o.conjuncts) for o in objs):
            return False
    if p.prep:
        preps = [c for c in children if c.dep_ in ("prep", "agent", "dative", "prt")]
        if p.kind == "noun" and t.dep_ == "dobj":
            # the parser often hangs the noun's phrase on the verb: "opened a hearing on Monday into ..."
            preps += [c for c in t.head.children if c.dep_ == "prep" and c.i > t.i]
        if not any(c.lower_ in p.prep for c in preps):
            return False
    if p.modifier and not any(
        c.dep_ in ("compound", "amod", "nmod", "npadvmod", "acomp")
        and (_matches(p.modifier, c) or _joined(c) in p.modifier)
        for c in children
    ):
        return False
    if p.of:
        ofs = [
            o
            for c in children
            if c.dep_ == "prep" and c.lower_ == "of"
            for o in c.children
            if o.dep_ == "pobj"
        ]
        if not any(_matches(p.of, o) for o in ofs):
            return False
    return True


def find_triggers(
    doc: Doc,
    books: PatternBooks,
    skip: Callable[[Token], bool] | None = None,
    intent: Callable[[Token], bool] | None = None,
    measures: frozenset[str] = frozenset(),
    pacts: frozenset[str] = frozenset(),
) -> list[Trigger]:
    """Every token of ``doc`` that fires a pattern, with the most constrained pattern it meets."""
    out: list[Trigger] = []
    for t in doc:
        tag = str(t.tag_)
        if tag.startswith("VB"):
            kinds: tuple[str, ...] = ("verb", "noun") if tag == "VBG" else ("verb",)
        elif tag in _NOUN_TAGS:
            kinds = ("noun", "verb") if t.lower_.endswith("ing") else ("noun",)
        elif tag in _PROPER and t.is_title and t.i > 0 and doc[0].is_upper is False and _headline_case(doc):
            kinds = ("noun", "verb")
        else:
            continue
        if skip is not None and skip(t):
            continue
        if tag in ("VBN", "VBG") and t.dep_ in ("amod", "compound"):
            continue  # an adjective use: "the disputed border", "Indian-backed militants"
        if tag in ("VBN", "VBD") and any(c.dep_ == "det" for c in t.children):
            continue  # a participle used as a noun: "evacuated the wounded", "among the injured"
        for kind in kinds:
            if (
                kind == "noun"
                and tag.startswith("VB")
                and t.dep_ not in ("nsubj", "dobj", "pobj", "nsubjpass")
            ):
                continue
            chosen = next(
                (
                    p
                    for p in books.lookup(t.lower_, kind)  # type: ignore[arg-type]
                    if satisfies(p, t, measures, pacts)
                    and (not p.intent_only or (intent is not None and intent(t)))
                ),
                None,
            )
            if chosen is not None and chosen.reciprocal and kind == "verb" and _passive(t):
                chosen = None  # "would be met with force" is no meeting
            if chosen is not None:
                out.append(Trigger(t.i, chosen))
                break
    return out


def _passive(t: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)


def _headline_case(doc: Doc) -> bool:
    """A title-cased line ("Pakistan Launches Strikes On Kabul"): most words capitalised."""
    words = [t for t in doc if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(1 for t in words if t.is_title) >= 0.8 * len(words)
