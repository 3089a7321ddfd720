"""ACLED CSV exports: read them into event rows, write event rows in their columns.

Reading. ``event_type``/``sub_event_type`` give the PLOVER category, mode and contexts through
``resources/interchange/acled_plover.tsv`` (the pair is kept in ``pattern`` as ``"acled:<type>/<sub type>"``).
An *Armed clash* is two sides using force: both are actors, as the text coder codes clashes; every other event
has ``actor1`` (and ``assoc_actor_1``) as actors and ``actor2`` (and ``assoc_actor_2``) as recipients. A
party's country is read from its name ("Military Forces of Pakistan (2018-)", "Civilians (Afghanistan)"),
else, for actor types 2-7, it is the event's country; its sector from the name ("Government of", "Military
Forces of", "Police Forces of") else from ``inter1``/``inter2`` (numeric or text form) through
``acled_inter.tsv``.
``time_precision`` 1/2/3 make a day, the week around ``event_date`` (date-3 .. date+3) or its month;
``geo_precision`` 1/2/3 a city, district or province resolution. ``fatalities`` is both the low and the high
figure, ``timestamp`` (upload time) the ``reported`` day; an empty ``actor1`` (in files not made by ACLED)
makes no actors, and ``time_precision``, ``geo_precision`` and
``source_scale`` are kept verbatim in ``precision_codes``.

Writing. Every ACLED column is written; the event type comes from ``pattern`` when it names an ACLED type,
else from the category, mode and contexts (the best-matching line of the table, its ``mode`` or one of its
``export_modes``; an ASSAULT on civilians is *Violence against civilians*, one without recipients a *Battle*;
a category ACLED has no type for is *Strategic developments/Other*). Unknown fatalities are left empty.
Lost on a round trip (``read_acled_csv(write_acled_csv(rows))``): ``id`` becomes ``"acled:" + dataset_id``
(or the id), ``origin`` becomes "acled", and these fields are not carried: status, claimants, sizes,
article_id, source_outlets, event_text, start/end, trigger, quad_code, event_scale, comment, related,
place_resolution beyond ACLED's three levels, a year precision (written as a month), parties' codes and
sectors that ACLED's actor types cannot say, the category of events ACLED has no type for (CONSULT, ACCUSE,
REQUEST ... come back as OTHER), date spans other than a day, a 7-day week or a month (written as the week
around their middle), and where an Armed clash's two sides part (the second side
starts at the first actor of another country or sector). ACLED's region, admin2, admin3 and tags are not
read; disorder_type, interaction and civilian_targeting are derived.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from flashpoint.corpus.rows import EventRow, Party
from flashpoint.interchange.common import (
    RowError,
    Skip,
    WriteResult,
    blank,
    checked,
    coordinates,
    country_name,
    csv_records,
    date_label,
    guarded,
    iso3_from_name,
    iso3_from_numeric,
    month_span,
    numeric_from_iso3,
    optional_int,
    parse_day,
    read_table,
    split_list,
)

#: The columns of an ACLED export, in their order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
#: The columns a file must have to be read as ACLED.
REQUIRED: tuple[str, ...] = (
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country",
    "fatalities",
)  # fmt: skip

_PRECISION_DAY = {"1": "day", "2": "week", "3": "month"}
_RESOLUTION = {"1": "city", "2": "district", "3": "province"}
_GEO_PRECISION = {"site": "1", "city": "1", "district": "2", "province": "3", "region": "3", "country": "3"}
_STATE = re.compile(r"^(Government|Military Forces|Police Forces) of (.+?)(?:\s*\(\d{4}\s*-\s*\d{0,4}\).*)?$")
_STATE_SECTOR = {"Government": "GOV", "Military Forces": "MIL", "Police Forces": "COP"}
_TRAILING_COUNTRY = re.compile(r"\(([^()]+)\)\s*$")
_PATTERN = "acled:"


@cache
def _types() -> dict[tuple[str, str], dict[str, str]]:
    return {(r["event_type"], r["sub_event_type"]): r for r in read_table("acled_plover.tsv")}


@cache
def _inter() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for row in read_table("acled_inter.tsv"):
        table[row["inter"]] = row
        table[row["name"].casefold()] = row
    return table


def read_acled_csv(path: Path, *, skipped: list[Skip] | None = None) -> Iterator[EventRow]:
    """The event rows of an ACLED CSV export (see the module docstring for the mapping)."""
    records = csv_records(path, "ACLED", REQUIRED)
    yield from guarded(records, lambda rec: _row(checked(rec)), skipped)


def _row(rec: dict[str, str]) -> EventRow:
    event_id = rec["event_id_cnty"].strip()
    if not event_id:
        raise RowError("empty event_id_cnty")
    event_type, sub_type = rec["event_type"].strip(), rec["sub_event_type"].strip()
    coding = _types().get((event_type, sub_type))
    if coding is None:
        raise RowError(f"unknown event type {event_type!r} / {sub_type!r}")
    day = parse_day(rec["event_date"])
    time_precision = rec.get("time_precision", "").strip() or "1"
    precision = _PRECISION_DAY.get(time_precision)
    if precision is None:
        raise RowError(f"unknown time_precision {time_precision!r}")
    if precision == "day":
        start, end = day, day
    elif precision == "week":
        start, end = day - dt.timedelta(days=3), day + dt.timedelta(days=3)
    else:
        start, end = month_span(day)
    country = iso3_from_numeric(rec.get("iso", "")) or iso3_from_name(rec["country"])
    side1 = _parties(rec["actor1"], rec.get("assoc_actor_1", ""), rec.get("inter1", ""), country)
    side2 = _parties(rec["actor2"], rec.get("assoc_actor_2", ""), rec.get("inter2", ""), country)
    clash = sub_type == "Armed clash"
    actors, recipients = (side1 + side2, ()) if clash else (side1, side2)
    fatalities = optional_int(rec["fatalities"], "fatalities")
    if fatalities is not None and fatalities < 0:
        raise RowError(f"negative fatalities {fatalities}")
    lat, lon = coordinates(rec.get("latitude", ""), rec.get("longitude", ""))
    geo_precision = rec.get("geo_precision", "").strip()
    codes = tuple(
        (name, rec[name].strip())
        for name in ("time_precision", "geo_precision", "source_scale")
        if rec.get(name, "").strip()
    )
    return EventRow(
        id=f"acled:{event_id}",
        origin="acled",
        category=coding["category"],
        mode=coding["mode"] or None,
        contexts=split_list(coding["contexts"]),
        actors=actors,
        recipients=recipients,
        date=date_label(day if precision == "week" else start, precision),
        date_precision=precision,
        date_start=start,
        date_end=end,
        place_name=blank(rec.get("location")),
        place_country=country,
        admin1=blank(rec.get("admin1")),
        lat=lat,
        lon=lon,
        place_resolution=_RESOLUTION.get(geo_precision),
        fatalities_low=fatalities,
        fatalities_high=fatalities,
        dataset_id=event_id,
        source=blank(rec.get("source")),
        reported=_timestamp_day(rec.get("timestamp", "")),
        pattern=f"{_PATTERN}{event_type}/{sub_type}",
        precision_codes=codes,
        notes=blank(rec.get("notes")),
    )


def _parties(name: str, associates: str, inter: str, country: str | None) -> tuple[Party, ...]:
    main = name.strip()
    if not main:
        return ()
    kind = _inter().get(inter.strip().casefold())
    if inter.strip() and inter.strip() != "0" and kind is None:
        raise RowError(f"unknown actor type {inter!r}")
    local = kind is not None and kind["inter"] in {"2", "3", "4", "5", "6", "7"}
    default_sector = kind["sector"] if kind else None
    names = [main, *(a.strip() for a in associates.split(";") if a.strip())]
    return tuple(_party(n, default_sector, country if local else None) for n in names)


def _party(name: str, sector: str | None, fallback_country: str | None) -> Party:
    state = _STATE.match(name)
    if state:
        return Party(iso3_from_name(state.group(2)), _STATE_SECTOR[state.group(1)], name)
    trailing = _TRAILING_COUNTRY.search(name)
    code = iso3_from_name(trailing.group(1)) if trailing else None
    return Party(code or fallback_country, sector, name)


def _timestamp_day(value: str) -> dt.date | None:
    text = value.strip()
    if not text:
        return None
    if not text.removeprefix("-").isdigit():
        raise RowError(f"timestamp is not a Unix time: {value!r}")
    return dt.datetime.fromtimestamp(int(text), tz=dt.UTC).date()


# -------------------------------------------------------------------------------------------- export


def write_acled_csv(rows: Iterable[EventRow], path: Path) -> WriteResult:
    """Write the rows as an ACLED CSV export (see the module docstring for what is lost)."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACLED_COLUMNS)
        for row in rows:
            writer.writerow([_cells(row).get(c, "") for c in ACLED_COLUMNS])
            count += 1
    return WriteResult(count)


def _cells(row: EventRow) -> dict[str, str]:
    coding = _acled_type(row)
    codes = dict(row.precision_codes)
    precision = row.date_precision or "day"
    time_precision = codes.get("time_precision") or {"day": "1", "week": "2"}.get(precision, "3")
    event_day = row.date_start
    if event_day is not None and time_precision == "2" and row.date_end is not None:
        event_day += (row.date_end - event_day) // 2
    if coding["sub_event_type"] == "Armed clash" and not row.recipients:
        side1, side2 = _split_sides(row.actors)
    else:
        side1, side2 = row.actors, row.recipients
    inter1, inter2 = _inter_code(side1, row), _inter_code(side2, row)
    fatalities = row.fatalities_low if row.fatalities_low is not None else row.fatalities_high
    civilian = coding["event_type"] != "Protests" and any(p.sector == "CVL" for p in row.recipients)
    return {
        "event_id_cnty": row.dataset_id or row.id,
        "event_date": event_day.isoformat() if event_day else "",
        "year": str(event_day.year) if event_day else "",
        "time_precision": time_precision,
        "disorder_type": coding["disorder_type"],
        "event_type": coding["event_type"],
        "sub_event_type": coding["sub_event_type"],
        "actor1": side1[0].text if side1 else "",
        "assoc_actor_1": "; ".join(p.text for p in side1[1:]),
        "inter1": inter1,
        "actor2": side2[0].text if side2 else "",
        "assoc_actor_2": "; ".join(p.text for p in side2[1:]),
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": numeric_from_iso3(row.place_country) or "" if row.place_country else "",
        "country": (country_name(row.place_country) or row.place_country) if row.place_country else "",
        "admin1": row.admin1 or "",
        "location": row.place_name or "",
        "latitude": repr(row.lat) if row.lat is not None else "",
        "longitude": repr(row.lon) if row.lon is not None else "",
        "geo_precision": codes.get("geo_precision") or _GEO_PRECISION.get(row.place_resolution or "", ""),
        "source": row.source or "",
        "source_scale": codes.get("source_scale", ""),
        "notes": row.notes or "",
        "fatalities": str(fatalities) if fatalities is not None else "",
        "timestamp": str(int(dt.datetime(*row.reported.timetuple()[:3], tzinfo=dt.UTC).timestamp()))
        if row.reported
        else "",
    }


def _acled_type(row: EventRow) -> dict[str, str]:
    types = _types()
    if row.pattern and row.pattern.startswith(_PATTERN):
        event_type, _, sub_type = row.pattern[len(_PATTERN) :].partition("/")
        if (event_type, sub_type) in types:
            return types[(event_type, sub_type)]
    best: dict[str, str] | None = None
    best_score = -99
    for line in types.values():
        if line["category"] != row.category:
            continue
        contexts = set(split_list(line["contexts"]))
        modes = {line["mode"] or None, *split_list(line["export_modes"])}
        score = 4 * (row.mode in modes) + ((2 if contexts <= set(row.contexts) else -2) if contexts else 0)
        if score > best_score:
            best, best_score = line, score
    if best is None:
        return types[("Strategic developments", "Other")]
    civilians = any(p.sector == "CVL" for p in row.recipients)
    if best["event_type"] == "Battles" and civilians:
        return types[("Violence against civilians", "Attack")]
    if best["event_type"] == "Violence against civilians" and not civilians and not row.recipients:
        return types[("Battles", "Armed clash")]  # force with no one on the receiving end: a clash
    return best


def _split_sides(actors: tuple[Party, ...]) -> tuple[tuple[Party, ...], tuple[Party, ...]]:
    if not actors:
        return (), ()
    first = actors[0]
    for i, party in enumerate(actors[1:], start=1):
        if (party.code, party.sector) != (first.code, first.sector):
            return actors[:i], actors[i:]
    return actors, ()


@cache
def _sector_inter() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in read_table("acled_inter.tsv"):
        for sector in split_list(row["export_sectors"]):
            table.setdefault(sector, row["inter"])
    return table


def _inter_code(side: tuple[Party, ...], row: EventRow) -> str:
    if not side or side[0].sector is None:
        return ""
    sector = side[0].sector
    if sector == "CVL" and row.category == "PROTEST" and side is not row.recipients:
        return "5" if row.mode == "riot" else "6"
    return _sector_inter().get(sector, "")


def _interaction(inter1: str, inter2: str) -> str:
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return ""
    return codes[0] + (codes[1] if len(codes) > 1 else "0")
