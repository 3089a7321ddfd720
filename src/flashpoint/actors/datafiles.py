"""Reads and validates the actor directory's data files (countries.tsv and the TOML files) into records.

Every problem is a :class:`~flashpoint.errors.ResourceError` naming the file and line: a malformed row or
TOML document, an unknown field, sector, country code or title key, a bad or out-of-order date, a duplicate
key, or one text that points unambiguously at two different targets (a form shared by several targets must
be flagged "~" in all of them but at most one, its default reading).
"""

from __future__ import annotations

import calendar
import functools
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from typing import Any, Final, cast, get_args

from flashpoint.actors.directory import (
    SECTORS,
    SPECIAL_CODES,
    ActorDirectory,
    Country,
    Entry,
    EntryKind,
    Role,
    Title,
    TitleKind,
    fold,
)
from flashpoint.errors import ResourceError

#: The data files: the countries table, the titles, then one TOML file per entry kind with its table name.
COUNTRIES_FILE: Final = "countries.tsv"
TITLES_FILE: Final = "titles.toml"
ENTRY_FILES: Final[tuple[tuple[str, EntryKind], ...]] = (
    ("organs.toml", "organ"),
    ("groups.toml", "group"),
    ("people.toml", "person"),
    ("igos.toml", "igo"),
    ("outlets.toml", "outlet"),
)
COUNTRY_COLUMNS: Final = (
    "iso3", "iso2", "name", "aliases", "demonyms", "plurals", "capital", "capital_aliases",
)  # fmt: skip

_KEY = re.compile(r"[a-z0-9][a-z0-9._-]*")
_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ENTRY_FIELDS = frozenset(
    {"key", "name", "aliases", "short_forms", "code", "sector", "roles", "note", "domains"}
)
_ROLE_FIELDS = frozenset({"code", "sector", "office", "start", "end", "titles", "secondary"})
_TITLE_FIELDS = frozenset({"key", "kind", "sector", "office", "words", "inherit_sector", "code"})
_FLAG = "~"
_KEY_LINE = re.compile(r'^[ \t]*key[ \t]*=[ \t]*"([^"\n]*)"[ \t]*$', re.MULTILINE)


def read_directory() -> ActorDirectory:
    """Read every bundled data file and build the directory."""
    return build_directory({name: read_resource(name) for name in _file_names()})


def read_resource(name: str) -> str:
    """The text of one data file of the ``flashpoint/resources/actors`` folder."""
    path = resources.files("flashpoint").joinpath("resources", "actors", name)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"actor directory file {name} cannot be read: {exc}") from exc


def build_directory(texts: Mapping[str, str]) -> ActorDirectory:
    """Parse and validate the data files given as texts by file name (tests pass small fakes)."""
    countries = parse_countries(texts[COUNTRIES_FILE], COUNTRIES_FILE)
    codes = frozenset(c.iso3 for c in countries) | SPECIAL_CODES
    titles, honorifics = parse_titles(texts[TITLES_FILE], TITLES_FILE, codes)
    title_keys = frozenset(t.key for t in titles)
    entries: list[Entry] = []
    origin: dict[str, str] = {}
    for name, kind in ENTRY_FILES:
        for entry, where in parse_entries(texts[name], name, kind, codes, title_keys):
            if entry.key in origin:
                raise ResourceError(f"{where}: duplicate key {entry.key!r} (first at {origin[entry.key]})")
            origin[entry.key] = where
            entries.append(entry)
    check_collisions(_form_origins(countries, titles, entries, texts))
    return ActorDirectory(countries, titles, entries, honorifics)


# -- countries.tsv -----------------------------------------------------------------------------------


def parse_countries(text: str, file: str) -> list[Country]:
    """The rows of the countries table (comment lines start with "#"; the first other line is the header)."""
    countries: list[Country] = []
    seen: set[str] = set()
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        where = f"{file}:{number}"
        if not header_seen:
            if tuple(cells) != COUNTRY_COLUMNS:
                raise ResourceError(f"{where}: expected the header {' '.join(COUNTRY_COLUMNS)}")
            header_seen = True
            continue
        if len(cells) != len(COUNTRY_COLUMNS):
            expected = len(COUNTRY_COLUMNS)
            raise ResourceError(f"{where}: expected {expected} tab-separated columns, got {len(cells)}")
        iso3, iso2, name, aliases, demonyms, plurals, capital, capital_aliases = (c.strip() for c in cells)
        if not re.fullmatch(r"[A-Z]{3}", iso3) or not re.fullmatch(r"[A-Z]{2}", iso2):
            raise ResourceError(f"{where}: bad ISO codes {iso3!r}, {iso2!r}")
        if iso3 in seen:
            raise ResourceError(f"{where}: duplicate country {iso3}")
        seen.add(iso3)
        flagged: set[str] = set()
        name_text = _unflag(name, flagged, where)
        capitals = _split(capital, flagged, where)
        if len(capitals) > 1:
            raise ResourceError(f"{where}: one capital expected, put the others in capital_aliases")
        countries.append(
            Country(
                iso3=iso3,
                iso2=iso2,
                name=name_text,
                aliases=tuple(a for a in _split(aliases, flagged, where) if a != name_text),
                demonyms=_split(demonyms, flagged, where),
                plurals=_split(plurals, flagged, where),
                capital=capitals[0] if capitals else None,
                capital_aliases=_split(capital_aliases, flagged, where),
                ambiguous=frozenset(flagged),
            )
        )
    if not countries:
        raise ResourceError(f"{file}: no countries")
    return countries


def _forms(table: Mapping[str, Any], field: str, flagged: set[str], where: str) -> tuple[str, ...]:
    return tuple(
        _unflag(text, flagged, where) for text in _strings(table.get(field, []), f"{where}: {field}")
    )


def _split(cell: str, flagged: set[str], where: str) -> tuple[str, ...]:
    return tuple(_unflag(part, flagged, where) for part in cell.split("|") if part.strip()) if cell else ()


def _unflag(text: str, flagged: set[str], where: str) -> str:
    """``text`` without its "~" marker (recorded in ``flagged``); empty or padded forms are errors."""
    is_flagged = text.startswith(_FLAG)
    clean = text[1:] if is_flagged else text
    if not clean or clean != clean.strip() or _FLAG in clean:
        raise ResourceError(f"{where}: malformed form {text!r}")
    if is_flagged:
        flagged.add(clean)
    return clean


# -- titles.toml -------------------------------------------------------------------------------------


def parse_titles(text: str, file: str, codes: frozenset[str]) -> tuple[list[Title], tuple[str, ...]]:
    """The titles and the honorifics of titles.toml."""
    document = _load_toml(text, file)
    unknown = set(document) - {"title", "honorifics"}
    if unknown:
        raise ResourceError(f"{file}: unknown top-level keys {sorted(unknown)}")
    honorifics = _strings(document.get("honorifics", []), f"{file}: honorifics")
    titles: list[Title] = []
    seen: set[str] = set()
    for table in _tables(document, "title", file):
        key = _key(table, file, text)
        where = _where(file, text, key)
        _check_fields(table, _TITLE_FIELDS, where)
        if key in seen:
            raise ResourceError(f"{where}: duplicate title key {key!r}")
        seen.add(key)
        kind = table.get("kind")
        if kind not in get_args(TitleKind):
            raise ResourceError(f"{where}: kind must be one of {get_args(TitleKind)}, not {kind!r}")
        code = _optional_string(table, "code", where)
        if code is not None and code not in codes:
            raise ResourceError(f"{where}: unknown code {code!r}")
        flagged: set[str] = set()
        words = tuple(_unflag(w, flagged, where) for w in _strings(table.get("words"), f"{where}: words"))
        if not words:
            raise ResourceError(f"{where}: a title needs words")
        inherit = table.get("inherit_sector", False)
        if not isinstance(inherit, bool):
            raise ResourceError(f"{where}: inherit_sector must be true or false")
        titles.append(
            Title(
                key=key,
                words=words,
                sector=_sector(table.get("sector"), where),
                office=_optional_string(table, "office", where),
                kind=cast(TitleKind, kind),
                inherit_sector=inherit,
                code=code,
                ambiguous=frozenset(flagged),
            )
        )
    return titles, honorifics


# -- entry files -------------------------------------------------------------------------------------


def parse_entries(
    text: str, file: str, kind: EntryKind, codes: frozenset[str], title_keys: frozenset[str]
) -> Iterator[tuple[Entry, str]]:
    """The entries of one TOML file, each with its "file:line"."""
    document = _load_toml(text, file)
    unknown = set(document) - {kind}
    if unknown:
        raise ResourceError(f"{file}: unknown top-level keys {sorted(unknown)} (expected [[{kind}]] tables)")
    for table in _tables(document, kind, file):
        key = _key(table, file, text)
        where = _where(file, text, key)
        _check_fields(table, _ENTRY_FIELDS, where)
        if "domains" in table and kind != "outlet":
            raise ResourceError(f"{where}: only outlets have domains")
        name = table.get("name")
        if not isinstance(name, str) or not name.strip() or name != name.strip() or name.startswith(_FLAG):
            raise ResourceError(f"{where}: a name (a non-empty string without '~') is required")
        flagged: set[str] = set()
        aliases = _forms(table, "aliases", flagged, where)
        short_forms = _forms(table, "short_forms", flagged, where)
        note = _optional_string(table, "note", where)
        entry = Entry(
            key=key,
            kind=kind,
            name=name,
            aliases=tuple(a for a in aliases if a != name),
            short_forms=short_forms,
            roles=_roles(table, where, kind, codes, title_keys),
            ambiguous=frozenset(flagged),
            note=note,
            domains=tuple(d.casefold() for d in _strings(table.get("domains", []), f"{where}: domains")),
        )
        yield entry, where


def _roles(
    table: Mapping[str, Any], where: str, kind: EntryKind, codes: frozenset[str], title_keys: frozenset[str]
) -> tuple[Role, ...]:
    if "roles" in table and ("code" in table or "sector" in table):
        raise ResourceError(f"{where}: give either code/sector or roles, not both")
    if "roles" in table:
        raw = table["roles"]
        if not isinstance(raw, list) or not raw or not all(isinstance(r, dict) for r in raw):
            raise ResourceError(f"{where}: roles must be a non-empty list of tables")
        return tuple(_role(cast(dict[str, Any], r), where, codes, title_keys) for r in raw)
    default_sector = "JRN" if kind == "outlet" else None
    shorthand = {"code": table.get("code"), "sector": table.get("sector", default_sector)}
    return (_role(shorthand, where, codes, title_keys),)


def _role(raw: dict[str, Any], where: str, codes: frozenset[str], title_keys: frozenset[str]) -> Role:
    _check_fields(raw, _ROLE_FIELDS, where)
    code = raw.get("code")
    if not isinstance(code, str) or code not in codes:
        others = ", ".join(sorted(SPECIAL_CODES))
        raise ResourceError(f"{where}: unknown actor code {code!r} (an ISO3 country code or one of {others})")
    start = _day(raw.get("start"), where, last=False)
    end = _day(raw.get("end"), where, last=True)
    if start is not None and end is not None and end < start:
        raise ResourceError(f"{where}: role dates out of order ({start} after {end})")
    titles = _strings(raw.get("titles", []), f"{where}: titles")
    for key in titles:
        if key not in title_keys:
            raise ResourceError(f"{where}: unknown title key {key!r}")
    secondary = raw.get("secondary", False)
    if not isinstance(secondary, bool):
        raise ResourceError(f"{where}: secondary must be true or false")
    return Role(
        code=code,
        sector=_sector(raw.get("sector"), where),
        office=_optional_string(raw, "office", where),
        start=start,
        end=end,
        titles=titles,
        secondary=secondary,
    )


def _day(value: object, where: str, *, last: bool) -> date | None:
    """A role date: a TOML date, or "YYYY-MM-DD", "YYYY-MM" or "YYYY" (the first or, for an end, last day)."""
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    match = _DAY.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ResourceError(f"{where}: bad date {value!r} (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 12, 31) if last else date(year, 1, 1)
        if day is None:
            return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
        return date(year, month, day)
    except ValueError as exc:
        raise ResourceError(f"{where}: bad date {value!r}: {exc}") from exc


# -- collisions --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormOrigin:
    """One occurrence of a matchable form in the data, for the collision check."""

    text: str
    target: tuple[str, str]  # ("country", iso3), ("entry", key) or ("title", key)
    flagged: bool
    where: str


def check_collisions(origins: Iterable[FormOrigin]) -> None:
    """Refuse a text (ignoring case) that points at two targets without being flagged "~" in all but one.

    Short forms are not checked: they only apply after their entry's full name appeared in the document.
    """
    by_text: defaultdict[str, dict[tuple[str, str], FormOrigin]] = defaultdict(dict)
    for origin in origins:
        targets = by_text[fold(origin.text)]
        known = targets.get(origin.target)
        if known is None or (known.flagged and not origin.flagged):
            targets[origin.target] = origin
    for targets in by_text.values():
        clear = [o for o in targets.values() if not o.flagged]
        if len(targets) > 1 and len(clear) > 1:
            places = "; ".join(f"{o.target[0]} {o.target[1]} at {o.where}" for o in clear)
            raise ResourceError(
                f"{clear[-1].where}: {clear[-1].text!r} points at several targets ({places}); "
                f"flag all but one with '~'"
            )


def _form_origins(
    countries: Iterable[Country], titles: Iterable[Title], entries: Iterable[Entry], texts: Mapping[str, str]
) -> Iterator[FormOrigin]:
    rows = _country_lines(texts[COUNTRIES_FILE])
    for c in countries:
        where = f"{COUNTRIES_FILE}:{rows.get(c.iso3, 0)}"
        capitals = (c.capital, *c.capital_aliases) if c.capital else c.capital_aliases
        forms = (c.name, *c.aliases, *c.demonyms, *c.plurals, *capitals)
        # A country's own forms may repeat ("US" is an alias and a demonym); a flag on any occurrence counts.
        for text in forms:
            yield FormOrigin(text, ("country", c.iso3), text in c.ambiguous, where)
    for t in titles:
        where = _where(TITLES_FILE, texts[TITLES_FILE], t.key)
        for text in t.words:
            yield FormOrigin(text, ("title", t.key), text in t.ambiguous, where)
    files = {kind: name for name, kind in ENTRY_FILES}
    for e in entries:
        where = _where(files[e.kind], texts[files[e.kind]], e.key)
        for text in (e.name, *e.aliases):
            yield FormOrigin(text, ("entry", e.key), text in e.ambiguous, where)


def _country_lines(text: str) -> dict[str, int]:
    return {
        line.split("\t", 1)[0]: number
        for number, line in enumerate(text.splitlines(), start=1)
        if line and not line.startswith("#")
    }


# -- TOML helpers ------------------------------------------------------------------------------------


def _file_names() -> tuple[str, ...]:
    return (COUNTRIES_FILE, TITLES_FILE, *(name for name, _ in ENTRY_FILES))


def _load_toml(text: str, file: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{file}: malformed TOML: {exc}") from exc


def _tables(document: Mapping[str, Any], name: str, file: str) -> list[dict[str, Any]]:
    tables = document.get(name, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ResourceError(f"{file}: {name} must be an array of tables ([[{name}]])")
    return cast(list[dict[str, Any]], tables)


def _key(table: Mapping[str, Any], file: str, text: str) -> str:
    key = table.get("key")
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        where = _where(file, text, key if isinstance(key, str) else None)
        raise ResourceError(f"{where}: bad or missing key {key!r} (lowercase letters, digits, '.', '_', '-')")
    return key


def _where(file: str, text: str, key: str | None) -> str:
    """ "file:line" of the ``key = "..."`` line that opens an entry (the file alone if it is not found)."""
    line = _key_lines(text).get(key) if key is not None else None
    return f"{file}:{line}" if line else file


@functools.lru_cache(maxsize=16)
def _key_lines(text: str) -> dict[str, int]:
    """The line number of every ``key = "..."`` line of a TOML text (one pass over the text)."""
    lines: dict[str, int] = {}
    line, pos = 1, 0
    for match in _KEY_LINE.finditer(text):
        line += text.count("\n", pos, match.start())
        pos = match.start()
        lines[match.group(1)] = line
    return lines


def _check_fields(table: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise ResourceError(f"{where}: unknown fields {sorted(unknown)}")


def _sector(value: object, where: str) -> str:
    if not isinstance(value, str) or value not in SECTORS:
        raise ResourceError(f"{where}: unknown sector {value!r}")
    return value


def _optional_string(table: Mapping[str, Any], field: str, where: str) -> str | None:
    value = table.get(field)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ResourceError(f"{where}: {field} must be a non-empty string")
    return value


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ResourceError(f"{where} must be a list of non-empty strings")
    return tuple(cast(list[str], value))
