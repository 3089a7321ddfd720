"""The actor directory: countries, titles, organs, groups, people, IGOs and outlets, with dated roles.

The directory is read once per process from the data files in ``flashpoint/resources/actors`` (see
:mod:`flashpoint.actors.datafiles`) and is read-only. It answers look-ups ("which country is *Afghan*?",
"which title is *defense minister*?", "who was Pakistan's defence minister on 2025-10-25?") and lists every
surface form the resolver should match, each with its target, whether it is case-sensitive and whether it is
ambiguous (the resolver then requires context before using it).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal
from urllib.parse import urlsplit

#: PLOVER sectors (see docs of the PLOVER ontology).
SECTORS = frozenset(
    {
        "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
        "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
    }
)  # fmt: skip
#: Actor codes that are not countries: international and non-governmental organisations, transnational
#: militant groups (as in the PLOVER gold standard records).
SPECIAL_CODES = frozenset({"IGO", "NGO", "IMG"})

EntryKind = Literal["organ", "group", "person", "igo", "outlet"]
TitleKind = Literal["person", "body", "people"]
FormKind = Literal["country", "capital", "demonym", "plural", "entry", "short_form", "title"]


@dataclass(frozen=True, slots=True)
class Role:
    """A role an entry holds from ``start`` to ``end`` (both inclusive; None means open)."""

    code: str
    sector: str
    office: str | None = None
    start: date | None = None
    end: date | None = None
    #: keys of the generic titles this office is an instance of ("Secretary of State" is a foreign minister)
    titles: tuple[str, ...] = ()
    #: a concurrent role that is not preferred when several are valid (a party post held while a minister)
    secondary: bool = False

    def valid_on(self, day: date) -> bool:
        """Whether the role was held on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """A named actor: an organ, a group, a person, an international organisation or a news outlet."""

    key: str
    kind: EntryKind
    name: str
    aliases: tuple[str, ...]
    short_forms: tuple[str, ...]
    roles: tuple[Role, ...]
    #: the names, aliases and short forms that need context (flagged "~" in the data)
    ambiguous: frozenset[str] = frozenset()
    note: str | None = None
    #: web domains of an outlet ("dawn.com", "bbc.com/urdu")
    domains: tuple[str, ...] = ()

    def roles_on(self, day: date) -> tuple[Role, ...]:
        """Every role valid on ``day``."""
        return tuple(r for r in self.roles if r.valid_on(day))

    def role_on(self, day: date | None) -> Role | None:
        """The role valid on ``day`` (None: the latest role); the primary, most recent one if several."""
        if day is None:
            current = [r for r in self.roles if r.end is None]
            if current:
                return max(current, key=lambda r: (not r.secondary, r.start or date.min))
            if not self.roles:
                return None
            return max(self.roles, key=lambda r: (r.end or date.max, not r.secondary, r.start or date.min))
        valid = self.roles_on(day)
        if not valid:
            return None
        return max(valid, key=lambda r: (not r.secondary, r.start or date.min))


@dataclass(frozen=True, slots=True)
class Country:
    """A country or territory with the names, adjectives, people nouns and capitals that stand for it."""

    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    plurals: tuple[str, ...]
    capital: str | None
    capital_aliases: tuple[str, ...]
    #: the forms that need context (flagged "~" in the data: "Georgia", "Jordan", "Congolese", "Washington")
    ambiguous: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Title:
    """A generic word naming an office holder, a body or a collective of people, attached to an actor."""

    key: str
    words: tuple[str, ...]
    sector: str
    office: str | None
    kind: TitleKind
    #: take the sector of the organ, group or IGO the title attaches to ("army spokesman" is MIL)
    inherit_sector: bool = False
    #: a fixed actor code for nouns naming non-state bodies ("aid agencies" NGO)
    code: str | None = None
    ambiguous: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class SurfaceForm:
    """A string the resolver should match, and what it points at.

    ``target`` is an ISO3 code (kinds country, capital, demonym, plural), an entry key (entry, short_form) or
    a title key (title). A ``short_form`` identifies its entry only after the entry's full name appeared in
    the same document. ``ambiguous`` forms need context (another reading exists).
    """

    text: str
    target: str
    kind: FormKind
    case_sensitive: bool
    ambiguous: bool = False


def fold(text: str) -> str:
    """The case- and spacing-insensitive key of ``text`` (curly apostrophes made straight)."""
    return " ".join(text.replace("’", "'").split()).casefold()


def is_abbreviation(word: str) -> bool:
    """Whether a title word is an abbreviation to match case-sensitively ("PM", "MoFA", "MPs")."""
    return sum(c.isupper() for c in word) >= 2


def _lookup_key(text: str, *, hyphens: bool = False) -> str:
    """``fold(text)`` without a leading article or a trailing possessive ("the Afghan's" -> "afghan")."""
    key = fold(text)
    if hyphens:
        key = " ".join(key.replace("-", " ").split())
    if key.startswith("the "):
        key = key[4:]
    for suffix in ("'s", "'"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    return key


def _sentence_initial(text: str) -> str | None:
    """The capitalised variant of a case-sensitive form in lower case ("al-Qaeda" -> "Al-Qaeda")."""
    if text[:1].islower():
        return text[:1].upper() + text[1:]
    return None


class ActorDirectory:
    """A read-only directory of countries, titles and named actors with indexes for look-ups."""

    __slots__ = (
        "_by_domain",
        "_countries",
        "_country_index",
        "_entries",
        "_form_index",
        "_forms",
        "_holders",
        "_honorifics",
        "_title_index",
        "_titles",
    )

    def __init__(
        self,
        countries: Iterable[Country],
        titles: Iterable[Title],
        entries: Iterable[Entry],
        honorifics: Iterable[str] = (),
    ) -> None:
        self._countries: Mapping[str, Country] = MappingProxyType({c.iso3: c for c in countries})
        self._titles: Mapping[str, Title] = MappingProxyType({t.key: t for t in titles})
        self._entries: Mapping[str, Entry] = MappingProxyType({e.key: e for e in entries})
        self._honorifics = frozenset(honorifics)
        self._forms = tuple(self._build_forms())
        self._form_index = self._index_forms(self._forms)
        self._country_index = self._index_countries()
        self._title_index = {
            _lookup_key(word, hyphens=True): title for title in self._titles.values() for word in title.words
        }
        self._holders = self._index_holders()
        self._by_domain = {
            domain.casefold().removeprefix("www."): entry
            for entry in self._entries.values()
            for domain in entry.domains
        }

    @classmethod
    def load(cls) -> ActorDirectory:
        """Read and validate the bundled data files (raises ResourceError when one is malformed)."""
        # Imported here: the reader builds the records defined in this module.
        from flashpoint.actors.datafiles import read_directory

        return read_directory()

    # -- countries -----------------------------------------------------------------------------------

    @property
    def countries(self) -> Mapping[str, Country]:
        """Every country, by ISO 3166 alpha-3 code."""
        return self._countries

    def country(self, iso3: str) -> Country:
        """The country with this alpha-3 code (KeyError if unknown)."""
        try:
            return self._countries[iso3.upper()]
        except KeyError:
            raise KeyError(f"unknown country code {iso3!r}") from None

    def country_for(self, text: str) -> Country | None:
        """The country a name, alias, demonym, people noun or capital stands for (case-insensitive).

        A form shared by several countries gives its default reading (the one country where it is not
        flagged ambiguous), or None when there is none ("Congo", "Korean").
        """
        candidates = self._country_index.get(_lookup_key(text))
        if not candidates:
            return None
        if len(candidates) == 1:
            return self._countries[next(iter(candidates))]
        clear = [iso3 for iso3, ambiguous in candidates.items() if not ambiguous]
        return self._countries[clear[0]] if len(clear) == 1 else None

    # -- named entries -------------------------------------------------------------------------------

    def entry(self, key: str) -> Entry:
        """The entry with this key (KeyError if unknown)."""
        try:
            return self._entries[key]
        except KeyError:
            raise KeyError(f"unknown actor directory key {key!r}") from None

    def entries(self, kind: EntryKind | None = None) -> Iterator[Entry]:
        """Every entry, or those of one kind, in data-file order."""
        return (e for e in self._entries.values() if kind is None or e.kind == kind)

    def holders(self, code: str, office: str, day: date | None) -> list[Entry]:
        """The people who held ``office`` for ``code`` on ``day`` (None: the current holders).

        ``office`` matches a role's office, or the office of a generic title the role is an instance of
        (``holders("USA", "Minister of Foreign Affairs", d)`` finds the Secretary of State). Exact office
        matches come first, then the most recently appointed.
        """
        found: list[tuple[bool, date, Entry]] = []
        seen: set[str] = set()
        for entry, role, exact in self._holders.get((code.upper(), fold(office)), ()):
            if entry.key in seen or not (role.end is None if day is None else role.valid_on(day)):
                continue
            seen.add(entry.key)
            found.append((exact, role.start or date.min, entry))
        found.sort(key=lambda item: (not item[0], -item[1].toordinal()))
        return [entry for _, _, entry in found]

    def outlet_for_url(self, url: str) -> Entry | None:
        """The outlet that publishes under the host (and first path segment) of ``url``."""
        parts = urlsplit(url if "//" in url else "//" + url)
        host = (parts.hostname or "").removeprefix("www.")
        segment = parts.path.strip("/").split("/", 1)[0].casefold()
        if segment and (found := self._by_domain.get(f"{host}/{segment}")):
            return found
        labels = host.split(".")
        for i in range(len(labels) - 1):
            if found := self._by_domain.get(".".join(labels[i:])):
                return found
        return None

    # -- titles --------------------------------------------------------------------------------------

    def titles(self) -> Iterator[Title]:
        """Every generic title, organ word and sector noun."""
        return iter(self._titles.values())

    def title(self, key: str) -> Title:
        """The title with this key (KeyError if unknown)."""
        try:
            return self._titles[key]
        except KeyError:
            raise KeyError(f"unknown title key {key!r}") from None

    def title_for(self, text: str) -> Title | None:
        """The title a phrase names, ignoring case, hyphens and a leading article ("Defense Minister")."""
        return self._title_index.get(_lookup_key(text, hyphens=True))

    @property
    def honorifics(self) -> frozenset[str]:
        """Words that precede personal names ("Mullah", "Sheikh"): strip them before a name look-up."""
        return self._honorifics

    # -- surface forms -------------------------------------------------------------------------------

    def surface_forms(self) -> Iterator[SurfaceForm]:
        """Every string the resolver should match, each once per target."""
        return iter(self._forms)

    def forms_for(self, text: str) -> tuple[SurfaceForm, ...]:
        """The surface forms ``text`` matches exactly (respecting each form's case sensitivity)."""
        normal = " ".join(text.replace("’", "'").split())
        return tuple(
            form
            for form in self._form_index.get(fold(text), ())
            if not form.case_sensitive or form.text.replace("’", "'") == normal
        )

    # -- index building ------------------------------------------------------------------------------

    def _build_forms(self) -> Iterator[SurfaceForm]:
        seen: set[tuple[str, str, str]] = set()
        namespaces = {"entry": "entry", "short_form": "entry", "title": "title"}

        def emit(text: str, target: str, kind: FormKind, flagged: frozenset[str]) -> Iterator[SurfaceForm]:
            namespace = namespaces.get(kind, "country")
            cased = True if kind != "title" else is_abbreviation(text)
            variants = [text]
            if cased and (initial := _sentence_initial(text)):
                variants.append(initial)
            for variant in variants:
                marker = (variant if cased else fold(variant), namespace, target)
                if marker in seen:
                    continue
                seen.add(marker)
                yield SurfaceForm(variant, target, kind, cased, text in flagged)

        for c in self._countries.values():
            for text in (c.name, *c.aliases):
                yield from emit(text, c.iso3, "country", c.ambiguous)
            for text in c.demonyms:
                yield from emit(text, c.iso3, "demonym", c.ambiguous)
            for text in c.plurals:
                yield from emit(text, c.iso3, "plural", c.ambiguous)
            for text in (c.capital, *c.capital_aliases) if c.capital else c.capital_aliases:
                yield from emit(text, c.iso3, "capital", c.ambiguous)
        for e in self._entries.values():
            for text in (e.name, *e.aliases):
                yield from emit(text, e.key, "entry", e.ambiguous)
            for text in e.short_forms:
                yield from emit(text, e.key, "short_form", e.ambiguous)
        for t in self._titles.values():
            for text in t.words:
                yield from emit(text, t.key, "title", t.ambiguous)

    @staticmethod
    def _index_forms(forms: Iterable[SurfaceForm]) -> dict[str, tuple[SurfaceForm, ...]]:
        index: defaultdict[str, list[SurfaceForm]] = defaultdict(list)
        for form in forms:
            index[fold(form.text)].append(form)
        return {key: tuple(value) for key, value in index.items()}

    def _index_countries(self) -> dict[str, dict[str, bool]]:
        index: defaultdict[str, dict[str, bool]] = defaultdict(dict)
        for c in self._countries.values():
            texts = (c.name, *c.aliases, *c.demonyms, *c.plurals, *c.capital_aliases)
            for text in (*texts, c.capital) if c.capital else texts:
                key = _lookup_key(text)
                index[key][c.iso3] = index[key].get(c.iso3, False) or text in c.ambiguous
        return dict(index)

    def _index_holders(self) -> dict[tuple[str, str], tuple[tuple[Entry, Role, bool], ...]]:
        index: defaultdict[tuple[str, str], list[tuple[Entry, Role, bool]]] = defaultdict(list)
        for entry in self._entries.values():
            if entry.kind != "person":
                continue
            for role in entry.roles:
                offices: dict[str, bool] = {}
                if role.office:
                    offices[fold(role.office)] = True
                for key in role.titles:
                    title = self._titles.get(key)
                    if title is not None and title.office:
                        offices.setdefault(fold(title.office), False)
                for office, exact in offices.items():
                    index[(role.code, office)].append((entry, role, exact))
        return {key: tuple(value) for key, value in index.items()}


@functools.cache
def default_directory() -> ActorDirectory:
    """The directory of the bundled data files, loaded once per process."""
    return ActorDirectory.load()
