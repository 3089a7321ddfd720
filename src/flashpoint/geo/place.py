"""The gazetteer's place record and the great-circle distance between two points."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from flashpoint.records import Resolution

PlaceSource = Literal["geonames", "pycountry", "supplement", "country"]

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True, slots=True)
class GazetteerPlace:
    """One place the gazetteer knows, with a representative point when it has one.

    ``key`` is stable across runs: ``geonames:<id>``, ``country:<ISO3>``, ``iso3166-2:<code>`` or
    ``fp:<slug>`` (a curated place of the focus region). ``kind`` says what the place is beyond its
    resolution: "city", "country", "province", "district", "crossing", "valley", "region", ...
    """

    key: str
    name: str
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166-1 alpha-3
    resolution: Resolution
    population: int
    admin1: str | None
    source: PlaceSource
    kind: str = ""

    @property
    def point(self) -> tuple[float, float] | None:
        if self.lat is None or self.lon is None:
            return None
        return (self.lat, self.lon)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
