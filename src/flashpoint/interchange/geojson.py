"""GeoJSON export: a FeatureCollection of Point features, one per row that has coordinates.

Properties: ``id``, ``category``, ``mode``, ``actors`` and ``recipients`` (lists of ``{code, sector, text}``),
``status``, ``date`` (the row's date label), ``date_start``, ``date_end``, ``fatalities`` (``{low, high}``),
``place`` and ``source``. Rows without coordinates are left out and counted (``WriteResult.left_out``).
The file is written feature by feature, so any number of rows can be exported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flashpoint.corpus.rows import EventRow, Party
from flashpoint.interchange.common import WriteResult


def write_geojson(rows: Iterable[EventRow], path: Path) -> WriteResult:
    """Write the rows with coordinates as GeoJSON Point features; count the others."""
    written = left_out = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write('{"type": "FeatureCollection", "features": [\n')
        for row in rows:
            if row.lat is None or row.lon is None:
                left_out += 1
                continue
            if written:
                handle.write(",\n")
            handle.write(json.dumps(feature(row), ensure_ascii=False, allow_nan=False))
            written += 1
        handle.write("\n]}\n")
    return WriteResult(written, left_out)


def feature(row: EventRow) -> dict[str, Any]:
    """The GeoJSON Feature of a row with coordinates (GeoJSON order: longitude, latitude)."""
    return {
        "type": "Feature",
        "id": row.id,
        "geometry": {"type": "Point", "coordinates": [row.lon, row.lat]},
        "properties": {
            "id": row.id,
            "category": row.category,
            "mode": row.mode,
            "actors": [_party(p) for p in row.actors],
            "recipients": [_party(p) for p in row.recipients],
            "status": row.status,
            "date": row.date,
            "date_start": row.date_start.isoformat() if row.date_start else None,
            "date_end": row.date_end.isoformat() if row.date_end else None,
            "fatalities": {"low": row.fatalities_low, "high": row.fatalities_high},
            "place": row.place_name,
            "source": row.source,
        },
    }


def _party(party: Party) -> dict[str, str | None]:
    return {"code": party.code, "sector": party.sector, "text": party.text}
