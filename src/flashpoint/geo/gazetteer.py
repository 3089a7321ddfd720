"""The offline gazetteer: place names to geocoded places, with disambiguation and a stop list.

Disambiguation (:meth:`Gazetteer.resolve`) ranks the places that carry a name by these keys, in order:

1. ``prefer``: places of the asked-for resolution first ("Kabul province" asks for a province; the level
   word is read by :func:`split_level` when the whole text is not itself a name, as "Model Town" is).
2. context: places in any of ``context_countries`` (the countries the article mentions) first.
3. ``near``: places within ``NEAR_KM`` of the given point first.
4. settlement over its unit: with no ``prefer``, a district or province gives way to a town of the same
   name in the same country ("Kabul", "Bannu", "Khost" are the towns; "Kurram" has no town, so the district),
   and the town ranks with the better source tier of the two (so "Hangu" is the Pakistani town and district,
   not the larger Chinese city).
5. match: the place's own name or a curated alias before a GeoNames alternate spelling.
6. source: curated rows of the focus region (``supplement.tsv``) first, then countries, then GeoNames cities
   of 250,000 people or more, then ISO 3166-2 provinces, then other GeoNames places. So "Punjab" is the
   Pakistani province unless the context says India, "Khyber" is the district, not Khyber Pakhtunkhwa.
7. population, larger first ("Hyderabad" is the Indian city unless the context says Pakistan).
8. focus: the order of the focus countries in ``gazetteer.toml`` (Pakistan first), for places that tie on
   all the above, such as two provinces named "Punjab".
9. distance to ``near``, then the key (a stable order).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Final

from flashpoint.geo.assemble import NAME, GazetteerData, assemble, surface_variants
from flashpoint.geo.names import fold
from flashpoint.geo.place import GazetteerPlace, PlaceSource, distance_km
from flashpoint.geo.sources import load_not_places
from flashpoint.records import Resolution

__all__ = ["Gazetteer", "GazetteerPlace", "default_gazetteer", "split_level"]

NEAR_KM: Final = 300.0
BIG_CITY: Final = 250_000
SETTLEMENT_MIN_POPULATION: Final = 10_000
_SOURCE_TIER: Final[dict[PlaceSource, int]] = {"supplement": 0, "country": 1, "pycountry": 3, "geonames": 4}

# Level words after a name ("Kunar province", "Torkham border crossing") and before it ("the city of X").
_SUFFIX_LEVELS: Final[dict[str, Resolution]] = {
    "province": "province",
    "provinces": "province",
    "state": "province",
    "district": "district",
    "districts": "district",
    "tribal district": "district",
    "agency": "district",
    "tribal agency": "district",
    "tehsil": "district",
    "subdivision": "district",
    "city": "city",
    "town": "city",
    "border town": "city",
    "village": "site",
    "border crossing": "site",
    "border crossing point": "site",
    "crossing point": "site",
    "crossing": "site",
    "border point": "site",
    "border post": "site",
    "border terminal": "site",
    "border": "site",
    "gate": "site",
    "pass": "site",
    "camp": "site",
    "refugee camp": "site",
    "airport": "site",
    "air base": "site",
    "airbase": "site",
    "valley": "region",
    "region": "region",
    "area": "region",
    "areas": "region",
}
_PREFIX_LEVELS: Final[dict[str, Resolution]] = {
    "city of": "city",
    "town of": "city",
    "village of": "site",
    "province of": "province",
    "state of": "province",
    "district of": "district",
}
_SUFFIX_RE = re.compile(
    r"^(?P<name>.+?)[\s,]+(?P<level>"
    + "|".join(sorted((re.escape(k) for k in _SUFFIX_LEVELS), key=len, reverse=True))
    + r")$",
    re.IGNORECASE,
)
_PREFIX_RE = re.compile(
    r"^(?:the\s+)?(?P<level>"
    + "|".join(sorted((re.escape(k) for k in _PREFIX_LEVELS), key=len, reverse=True))
    + r")\s+(?P<name>.+)$",
    re.IGNORECASE,
)
_THE = re.compile(r"^the\s+", re.IGNORECASE)


def split_level(text: str) -> tuple[str, Resolution | None]:
    """Split a level word off a place phrase: "Kunar province" -> ("Kunar", "province").

    Reads suffixes (province, district, agency, city, town, valley, crossing, border crossing, border, pass,
    camp, airport, ...) and prefixes ("the city of X", "province of X"); a leading "the" is dropped.
    Returns ``(text, None)`` when there is no level word.
    """
    phrase = " ".join(text.split())
    m = _PREFIX_RE.match(phrase)
    if m:
        return m.group("name"), _PREFIX_LEVELS[m.group("level").lower()]
    phrase = _THE.sub("", phrase)
    m = _SUFFIX_RE.match(phrase)
    if m:
        return _THE.sub("", m.group("name")), _SUFFIX_LEVELS[" ".join(m.group("level").lower().split())]
    return phrase, None


class StopList:
    """Names that are places somewhere but ordinary words or person names in news.

    A text is a stop word when (rules in this order):
    - it is an acronym (all capitals): only when ``not_places.txt`` lists it in capitals;
    - its folded form is an English stop word of spaCy (``of``, ``along``, ``us``) or is listed in
      ``not_places.txt`` (common English words that are also towns: Split, Nice, Mobile, Reading, Police;
      honorifics and given names: Hazrat, Khwaja, Ali, Khan);
    - it has fewer than three letters.
    """

    def __init__(self, entries: frozenset[str], stop_words: frozenset[str]) -> None:
        self._acronyms = frozenset(e for e in entries if e.isupper() and len(e) > 1)
        self._keys = frozenset(fold(e) for e in entries if e not in self._acronyms) | stop_words

    def __contains__(self, text: object) -> bool:
        if not isinstance(text, str):
            return False
        stripped = text.strip()
        letters = [c for c in stripped if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            return stripped in self._acronyms
        key = fold(stripped)
        return len(letters) < 3 or key in self._keys


def _spacy_stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(fold(w) for w in STOP_WORDS)


class Gazetteer:
    """Place names to places: countries, GeoNames cities, ISO 3166-2 provinces and curated focus places."""

    def __init__(self, data: GazetteerData, stoplist: StopList) -> None:
        self._places = data.places
        self._index = data.index
        self._names = data.names
        self._surface: tuple[tuple[str, str], ...] | None = None
        self._stop = stoplist
        self._focus = {iso3: i for i, iso3 in enumerate(data.focus)}

    @classmethod
    def load(cls) -> Gazetteer:
        """Build a gazetteer from the bundled data (1-3 s of CPU); prefer :func:`default_gazetteer`."""
        return cls(assemble(), StopList(load_not_places(), _spacy_stop_words()))

    def __len__(self) -> int:
        return len(self._places)

    def __contains__(self, key: object) -> bool:
        return key in self._places

    def places(self) -> Iterator[GazetteerPlace]:
        """Every place, in a stable order."""
        return iter(self._places.values())

    def surface_forms(self, *, include_stopwords: bool = False) -> Iterator[tuple[str, str]]:
        """(text as news writes it, place key) pairs for a case-sensitive phrase matcher.

        Names, their ASCII spellings and connector variants ("Mazar-e-Sharif", "Mazar-e Sharif"), curated
        aliases and GeoNames alternate spellings; built on the first call. Forms that are stop words
        (:meth:`is_stopword`) are left out unless ``include_stopwords``.
        """
        if self._surface is None:
            pairs: list[tuple[str, str]] = []
            for key, names in self._names.items():
                seen: set[str] = set()
                for form, rank in names:
                    for variant in surface_variants(form) if rank == NAME else (form,):
                        if variant not in seen:
                            seen.add(variant)
                            pairs.append((variant, key))
            self._surface = tuple(pairs)
        stop = self._stop
        return (pair for pair in self._surface if include_stopwords or pair[0] not in stop)

    def get(self, key: str) -> GazetteerPlace:
        """The place with this key (KeyError if there is none)."""
        return self._places[key]

    def country(self, iso3: str) -> GazetteerPlace:
        """The country with this ISO 3166-1 alpha-3 code (KeyError if unknown)."""
        return self._places[f"country:{iso3.upper()}"]

    def is_stopword(self, text: str) -> bool:
        """Whether ``text`` is an ordinary word or a person name rather than a place (see StopList)."""
        return text in self._stop

    def _matches(self, text: str) -> tuple[tuple[str, int], ...]:
        entries = self._index.get(fold(text))
        return tuple(entries.items()) if entries else ()

    def candidates(self, text: str) -> list[GazetteerPlace]:
        """Every place that has ``text`` as a name or alias, best first with no context."""
        return [place for place, _ in self._ranked(self._matches(text), (), None, None)]

    def resolve(
        self,
        text: str,
        *,
        context_countries: Sequence[str] = (),
        near: tuple[float, float] | None = None,
        prefer: Resolution | None = None,
    ) -> GazetteerPlace | None:
        """The place ``text`` most likely names, or None (see the module docstring for the order)."""
        matches = self._matches(text)
        if not matches:
            name, level = split_level(text)
            if level is None or name == text:
                return None
            matches = self._matches(name)
            prefer = prefer or level
        if not matches:
            return None
        ranked = self._ranked(matches, tuple(c.upper() for c in context_countries), near, prefer)
        return ranked[0][0] if ranked else None

    def _ranked(
        self,
        matches: tuple[tuple[str, int], ...],
        context: tuple[str, ...],
        near: tuple[float, float] | None,
        prefer: Resolution | None,
    ) -> list[tuple[GazetteerPlace, int]]:
        found = [(self._places[key], rank) for key, rank in matches]
        tiers = {p.key: _tier(p) for p, _ in found}
        ranks = {p.key: rank for p, rank in found}
        shadowed: set[str] = set()
        if prefer is None:
            # A town and the district or province of the same name in the same country are one candidate:
            # the town stands for both, with the better source tier and match rank of the group.
            towns: dict[str | None, GazetteerPlace] = {}
            for p, rank in sorted(found, key=lambda item: -item[0].population):
                if (
                    rank == NAME
                    and p.resolution == "city"
                    and (p.population >= SETTLEMENT_MIN_POPULATION or p.source == "supplement")
                ):
                    towns.setdefault(p.country, p)  # the largest town of each country
            for p, rank in found:
                town = towns.get(p.country) if p.country else None
                if town is not None and p.resolution in ("district", "province"):
                    shadowed.add(p.key)
                    tiers[town.key] = min(tiers[town.key], tiers[p.key])
                    ranks[town.key] = min(ranks[town.key], rank)
        focus = self._focus

        def order(
            item: tuple[GazetteerPlace, int],
        ) -> tuple[int, int, int, int, int, int, int, int, float, str]:
            place, _ = item
            point = place.point
            distance = distance_km(point, near) if near is not None and point is not None else float("inf")
            return (
                0 if prefer is None or place.resolution == prefer else 1,
                0 if not context or place.country in context else 1,
                0 if near is None or distance <= NEAR_KM else 1,
                1 if place.key in shadowed else 0,
                ranks[place.key],
                tiers[place.key],
                -place.population,
                focus.get(place.country or "", len(focus)),
                distance,
                place.key,
            )

        return sorted(found, key=order)


def _tier(place: GazetteerPlace) -> int:
    if place.source == "geonames" and place.population >= BIG_CITY:
        return 2
    return _SOURCE_TIER[place.source]


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the bundled data, built once per process."""
    return Gazetteer.load()
