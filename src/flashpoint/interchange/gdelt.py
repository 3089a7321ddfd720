"""GDELT event exports (tab-separated, no header): read them into event rows.

Both GDELT 2.0 (61 columns) and GDELT 1.0 (57 columns, 58 with SOURCEURL; its geography blocks lack the
ADM2Code; one file may mix both) are read; the first line decides the version and any other column count
there is a FormatError; a later line of the other version or of another count is skipped.

The CAMEO ``EventCode`` (else ``EventBaseCode``, else ``EventRootCode``) gives the PLOVER category, mode and
contexts through ``resources/interchange/cameo_plover.tsv``; codes that flashpoint does not code (neutral
statements, 010-014 and 017) are skipped with that reason. The code is kept in ``pattern`` as
``"cameo:<code>"``.

Actors: ``ActorNCountryCode`` (CAMEO country codes are ISO alpha-3; when it is not one, a CAMEO region such
as "AFR", the known group code such as "UNO") and ``ActorNType1Code`` through ``cameo_sectors.tsv``; the
name is ``ActorNName`` (else the actor code).

The action's geography makes the place: full name, country (FIPS 10-4 to ISO alpha-3 through GeoNames'
country table), ADM1 (the name's middle part), coordinates, and ``ActionGeo_Type`` (1 country, 2/5 state or
province, 3/4 city) as the resolution, kept verbatim in ``precision_codes``; type 0 means no place. ``Day`` is
the event's day, ``DATEADDED`` the reported day, ``SOURCEURL`` the source (its host the outlet),
``QuadClass`` the quad code, ``GoldsteinScale`` the event scale; mentions, sources, articles, tone and the
root flag go to ``notes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from flashpoint.corpus.rows import EventRow, Party
from flashpoint.errors import FormatError
from flashpoint.interchange.common import (
    RowError,
    Skip,
    blank,
    coordinates,
    guarded,
    is_iso3,
    iso3_from_fips,
    open_text,
    optional_float,
    optional_int,
    parse_day,
    read_table,
    split_list,
)

_ACTOR = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
    "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_EVENT = (
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
)  # fmt: skip


def _columns(adm2: bool, url: bool) -> tuple[str, ...]:
    geo = ("Type", "FullName", "CountryCode", "ADM1Code", *(("ADM2Code",) if adm2 else ()), "Lat", "Long",
           "FeatureID")  # fmt: skip
    return (
        ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
        + tuple(f"Actor1{c}" for c in _ACTOR)
        + tuple(f"Actor2{c}" for c in _ACTOR)
        + _EVENT
        + tuple(f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in geo)
        + ("DATEADDED",)
        + (("SOURCEURL",) if url else ())
    )


#: Column names by column count: GDELT 2.0, GDELT 1.0 with and without SOURCEURL.
GDELT_COLUMNS: dict[int, tuple[str, ...]] = {
    61: _columns(adm2=True, url=True),
    58: _columns(adm2=False, url=True),
    57: _columns(adm2=False, url=False),
}
_RESOLUTION = {"1": "country", "2": "province", "3": "city", "4": "city", "5": "province"}


@cache
def _cameo() -> dict[str, dict[str, str]]:
    return {row["cameo"]: row for row in read_table("cameo_plover.tsv")}


@cache
def _sectors() -> dict[str, str]:
    return {row["cameo_type"]: row["sector"] for row in read_table("cameo_sectors.tsv")}


def read_gdelt(path: Path, *, skipped: list[Skip] | None = None) -> Iterator[EventRow]:
    """The event rows of a GDELT 2.0 (or 1.0) event export (see the module docstring for the mapping)."""
    yield from guarded(_records(path), _row, skipped)


def _records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    columns: tuple[str, ...] | None = None
    with open_text(path, "GDELT") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            cells = line.split("\t")
            if columns is None:
                columns = GDELT_COLUMNS.get(len(cells))
                if columns is None:
                    raise FormatError(
                        f"{path}: not a GDELT event export: {len(cells)} tab-separated columns on line "
                        f"{number}, expected 61 (GDELT 2.0) or 57/58 (GDELT 1.0)"
                    )
            line_columns = GDELT_COLUMNS.get(len(cells))
            if line_columns is None or (len(line_columns) == 61) != (len(columns) == 61):
                yield number, {"\x00bad": f"{len(cells)} columns, the file's first line has {len(columns)}"}
                continue
            yield number, dict(zip(line_columns, cells, strict=True))
    if columns is None:
        raise FormatError(f"{path}: empty file, expected GDELT event records")


def _row(rec: dict[str, str]) -> EventRow:
    if "\x00bad" in rec:
        raise RowError(rec["\x00bad"])
    event_id = rec["GlobalEventID"].strip()
    if not event_id.isdigit():
        raise RowError(f"GlobalEventID is not a number: {event_id!r}")
    coding = _coding(rec)
    day = parse_day(rec["Day"])
    geo_type = rec["ActionGeo_Type"].strip()
    if geo_type in {"", "0"}:  # no geography: GDELT writes 0 for the type and the coordinates
        geo_type, lat, lon = "", None, None
    else:
        lat, lon = coordinates(rec["ActionGeo_Lat"], rec["ActionGeo_Long"])
    full_name = blank(rec["ActionGeo_FullName"])
    parts = [p.strip() for p in full_name.split(",")] if full_name else []
    admin1 = parts[-2] if geo_type in {"2", "3", "4", "5"} and len(parts) >= 2 else None
    url = blank(rec.get("SOURCEURL"))
    quad = optional_int(rec["QuadClass"], "QuadClass")
    notes = " ".join(
        f"{k}={rec[k].strip()}"
        for k in ("IsRootEvent", "NumMentions", "NumSources", "NumArticles", "AvgTone")
        if rec[k].strip()
    )
    added = rec["DATEADDED"].strip()
    return EventRow(
        id=f"gdelt:{event_id}",
        origin="gdelt",
        category=coding["category"],
        mode=coding["mode"] or None,
        contexts=split_list(coding["contexts"]),
        actors=_actor(rec, "Actor1"),
        recipients=_actor(rec, "Actor2"),
        date=day.isoformat(),
        date_precision="day",
        date_start=day,
        date_end=day,
        place_name=full_name,
        place_country=iso3_from_fips(rec["ActionGeo_CountryCode"]) if rec["ActionGeo_CountryCode"] else None,
        admin1=admin1,
        lat=lat,
        lon=lon,
        place_resolution=_RESOLUTION.get(geo_type),
        dataset_id=event_id,
        source=url,
        source_outlets=(urlsplit(url).hostname or "",) if url and urlsplit(url).hostname else (),
        reported=_added(added),
        pattern=f"cameo:{rec['EventCode'].strip()}",
        quad_code=quad,
        event_scale=optional_float(rec["GoldsteinScale"], "GoldsteinScale"),
        precision_codes=(("ActionGeo_Type", geo_type),) if geo_type else (),
        notes=notes or None,
    )


def _coding(rec: dict[str, str]) -> dict[str, str]:
    table = _cameo()
    for key in ("EventCode", "EventBaseCode", "EventRootCode"):
        code = rec[key].strip()
        if code in table:
            line = table[code]
            if not line["category"]:
                raise RowError(f"CAMEO {code} ({line['description']}) is not an event flashpoint codes")
            return line
    raise RowError(f"unknown CAMEO event code {rec['EventCode'].strip()!r}")


def _actor(rec: dict[str, str], who: str) -> tuple[Party, ...]:
    code = rec[f"{who}Code"].strip()
    if not code:
        return ()
    country = rec[f"{who}CountryCode"].strip()
    if not is_iso3(country):  # CAMEO regions ("AFR", "MEA") are not countries
        country = rec[f"{who}KnownGroupCode"].strip()
    sector = _sectors().get(rec[f"{who}Type1Code"].strip()) or None
    return (Party(country or None, sector, rec[f"{who}Name"].strip() or code),)


def _added(value: str) -> dt.date | None:
    if len(value) >= 8 and value[:8].isdigit():
        return parse_day(value[:8])
    if value:
        raise RowError(f"unreadable DATEADDED {value!r}")
    return None
