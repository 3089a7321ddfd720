"""The pattern books: trigger words of the 16 PLOVER categories, read from ``resources/events/books``.

A book is one TOML file per category (format in ``resources/events/books/README.md``): verb patterns and
noun patterns, each a base form (``lemma``) with optional constraints (particle, direct object, preposition,
modifier, "of" phrase), the role slots where the actor and the recipient are found, and what the trigger does
to an event in its complement (``embeds``: claim, denial, threat, intent, request).

The model's lemmatizer never runs (it is slow and needs the attribute ruler), so the books are compiled the
other way round: every inflected form of every lemma (regular rules plus ``irregular_verbs.tsv``) maps to its
patterns, and a token is looked up by its lower-case form.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from flashpoint.errors import ResourceError

Kind = Literal["verb", "noun"]
Embeds = Literal["claim", "denial", "threat", "intent", "request"]

CATEGORIES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
#: Categories of material conflict: never coded from a negated, hypothetical, threatened or planned action.
VIOLENT = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "PROTEST"})

DEFAULT_ACTOR = {"verb": ("nsubj", "agent"), "noun": ("poss", "amod", "compound", "by")}
DEFAULT_RECIPIENT = {"verb": ("dobj",), "noun": ("on", "against", "at")}
ROLE_SLOTS = frozenset({"nsubj", "dobj", "dative", "agent", "poss", "amod", "compound", "xcomp_subj"})
_KEYS = frozenset(
    {
        "lemma",
        "mode",
        "context",
        "prt",
        "dobj",
        "prep",
        "modifier",
        "of",
        "actor",
        "recipient",
        "reciprocal",
        "embeds",
        "note",
        "id",
        "intent_only",
        "unless",
    }
)
_EMBEDS = frozenset({"claim", "denial", "threat", "intent", "request"})


@dataclass(frozen=True, slots=True)
class Pattern:
    """One trigger of a pattern book."""

    id: str
    category: str
    kind: Kind
    lemma: str
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    prt: frozenset[str] = frozenset()
    dobj: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    modifier: frozenset[str] = frozenset()
    of: frozenset[str] = frozenset()
    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    reciprocal: bool = False
    embeds: Embeds | None = None
    #: fires only on a stated intention: a modal ("will respond"), "ready to", "the right to", a vow
    intent_only: bool = False
    #: does not fire when one of these words is a dependent of the trigger or the object of one of its
    #: prepositions ("a request for comment", "pressed ahead with", "pulled the bodies out")
    unless: frozenset[str] = frozenset()

    @property
    def constraints(self) -> int:
        """How narrow the pattern is: the most constrained pattern of a token wins."""
        n = sum(1 for c in (self.prt, self.dobj, self.prep, self.modifier, self.of) if c)
        return n + (1 if self.intent_only else 0)


@dataclass(frozen=True, slots=True)
class Book:
    category: str
    quad_code: int
    score: float
    modes: Mapping[str, float]

    def scale(self, mode: str | None) -> float:
        return self.modes.get(mode, self.score) if mode else self.score


@dataclass(frozen=True)
class PatternBooks:
    """All books, compiled to look-up tables from word form to patterns."""

    books: Mapping[str, Book]
    verbs: Mapping[str, tuple[Pattern, ...]]  # inflected form -> patterns
    nouns: Mapping[str, tuple[Pattern, ...]]

    def lookup(self, form: str, kind: Kind) -> tuple[Pattern, ...]:
        table = self.verbs if kind == "verb" else self.nouns
        return table.get(form.lower(), ())

    def __len__(self) -> int:
        return len({p.id for ps in (*self.verbs.values(), *self.nouns.values()) for p in ps})


# -- inflection ------------------------------------------------------------------------------------------

_VOWELS = set("aeiou")


def verb_forms(lemma: str, irregular: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Every form of a regular or irregular verb: base, -s, past, participle, -ing (and spelling variants)."""
    forms = {lemma}
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma in irregular:
        forms.update(irregular[lemma])
    else:
        if lemma.endswith("e"):
            forms.add(lemma + "d")
        elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
            forms.add(lemma[:-1] + "ied")
        else:
            forms.add(lemma + "ed")
    if lemma.endswith("ie"):
        forms.add(lemma[:-2] + "ying")
    elif lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        forms.add(lemma[:-1] + "ing")
    else:
        forms.add(lemma + "ing")
    # doubled final consonant (ban -> banned, shell -> shelling? no: only after a single short vowel)
    if (
        len(lemma) >= 3
        and lemma[-1] not in _VOWELS | {"w", "x", "y"}
        and lemma[-2] in _VOWELS
        and lemma[-3] not in _VOWELS
    ):
        double = lemma + lemma[-1]
        forms.update({double + "ing"})
        if lemma not in irregular:
            forms.add(double + "ed")
    if lemma.endswith("l") and not lemma.endswith("ll"):  # British: travelled, labelled
        forms.update({lemma + "led", lemma + "ling"})
    return forms


def noun_forms(lemma: str) -> set[str]:
    forms = {lemma}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    return forms


# -- reading ---------------------------------------------------------------------------------------------


def _words(raw: object, where: str) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise ResourceError(f"{where}: expected a list of words")
    return frozenset(w.lower() for w in raw)


def _slots(raw: object, default: tuple[str, ...], where: str) -> tuple[str, ...]:
    if raw is None:
        return default
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise ResourceError(f"{where}: roles must be a list of slot names")
    for w in raw:
        if w not in ROLE_SLOTS and not (w.isalpha() and w.islower()):
            raise ResourceError(f"{where}: unknown role slot {w!r}")
    return tuple(raw)


def parse_book(text: str, file: str) -> tuple[Book, list[Pattern]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{file}: {exc}") from exc
    category = data.get("category")
    if category not in CATEGORIES:
        raise ResourceError(f"{file}: unknown category {category!r}")
    modes = {str(k): float(v) for k, v in data.get("modes", {}).items()}
    book = Book(category, int(data["quad_code"]), float(data["score"]), modes)
    patterns: list[Pattern] = []
    for kind in ("verb", "noun"):
        for n, raw in enumerate(data.get(kind, [])):
            where = f"{file}: {kind} #{n + 1}"
            patterns.append(_pattern(raw, kind, category, modes, where))
    return book, patterns


def _pattern(
    raw: dict[str, Any], kind: Kind, category: str, modes: Mapping[str, float], where: str
) -> Pattern:
    unknown = set(raw) - _KEYS
    if unknown:
        raise ResourceError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    lemma = raw.get("lemma")
    if not isinstance(lemma, str) or not lemma or lemma != lemma.lower() or " " in lemma:
        raise ResourceError(f"{where}: lemma must be one lower-case word, got {lemma!r}")
    mode = raw.get("mode") or None
    if mode is not None and mode not in modes:
        raise ResourceError(f"{where}: mode {mode!r} is not a mode of {category}")
    embeds = raw.get("embeds")
    if embeds is not None and embeds not in _EMBEDS:
        raise ResourceError(f"{where}: embeds must be one of {', '.join(sorted(_EMBEDS))}")
    p = Pattern(
        id="",
        category=category,
        kind=kind,
        lemma=lemma,
        mode=mode,
        contexts=tuple(_words(raw.get("context"), where)),
        prt=_words(raw.get("prt"), where),
        dobj=_words(raw.get("dobj"), where),
        prep=_words(raw.get("prep"), where),
        modifier=_words(raw.get("modifier"), where),
        of=_words(raw.get("of"), where),
        actor=_slots(raw.get("actor"), DEFAULT_ACTOR[kind], where),
        recipient=_slots(raw.get("recipient"), DEFAULT_RECIPIENT[kind], where),
        reciprocal=bool(raw.get("reciprocal", False)),
        embeds=embeds,
        intent_only=bool(raw.get("intent_only", False)),
        unless=_words(raw.get("unless"), where),
    )
    ident = raw.get("id") or _default_id(p)
    return Pattern(**{**{f: getattr(p, f) for f in p.__slots__}, "id": str(ident)})


def _default_id(p: Pattern) -> str:
    parts = [p.category.lower(), p.kind, p.lemma] + (["intent"] if p.intent_only else [])
    for key, c in (("prt", p.prt), ("dobj", p.dobj), ("prep", p.prep), ("mod", p.modifier), ("of", p.of)):
        if c:
            parts.append(f"{key}:" + "+".join(sorted(c)))
    return ".".join(parts)


def parse_irregular(text: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(text.splitlines()):
        if not line.strip() or line.startswith("#") or (n == 0 and line.startswith("lemma")):
            continue
        cells = line.split("\t")
        if len(cells) < 3:
            raise ResourceError(f"irregular_verbs.tsv line {n + 1}: expected lemma, past, participle")
        forms = {f.strip().lower() for c in cells[1:3] for f in c.split("|") if f.strip()}
        out[cells[0].strip().lower()] = tuple(sorted(forms))
    return out


def compile_books(texts: Mapping[str, str], irregular_text: str = "") -> PatternBooks:
    """Build the look-up tables from book texts (file name -> TOML text)."""
    irregular = parse_irregular(irregular_text) if irregular_text else {}
    books: dict[str, Book] = {}
    verbs: dict[str, list[Pattern]] = {}
    nouns: dict[str, list[Pattern]] = {}
    for file, text in sorted(texts.items()):
        book, patterns = parse_book(text, file)
        if book.category in books:
            raise ResourceError(f"{file}: a second book for {book.category}")
        books[book.category] = book
        for p in patterns:
            if p.kind == "verb":
                for form in verb_forms(p.lemma, irregular):
                    verbs.setdefault(form, []).append(p)
            else:
                for form in noun_forms(p.lemma):
                    nouns.setdefault(form, []).append(p)
    return PatternBooks(
        books=books,
        verbs={k: _ordered(v) for k, v in verbs.items()},
        nouns={k: _ordered(v) for k, v in nouns.items()},
    )


def _ordered(patterns: Iterable[Pattern]) -> tuple[Pattern, ...]:
    unique = {p.id: p for p in patterns}
    return tuple(sorted(unique.values(), key=lambda p: (-p.constraints, p.id)))


@cache
def default_books() -> PatternBooks:
    """The books shipped in ``flashpoint/resources/events/books``."""
    folder = resources.files("flashpoint").joinpath("resources", "events", "books")
    texts: dict[str, str] = {}
    irregular = ""
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            texts[entry.name] = entry.read_text(encoding="utf-8")
        elif entry.name == "irregular_verbs.tsv":
            irregular = entry.read_text(encoding="utf-8")
    if not texts:
        raise ResourceError("no pattern books in flashpoint/resources/events/books")
    return compile_books(texts, irregular)
