"""UCDP Georeferenced Event Dataset (GED) CSV files: read them into event rows.

Every GED event is organised violence with at least one death, so every row is an ASSAULT; the
``type_of_violence`` (1 state-based, 2 non-state, 3 one-sided) is kept in ``precision_codes``. Only a core set
of columns is required, so that GED versions that renamed the conflict and dyad ids (``conflict_new_id`` or
``conflict_dset_id``, ...) are all read.

Parties: a side named "Government of X" is X's GOV (X from ``gwnoa``/``gwnob`` through
``resources/interchange/gw_iso3.tsv``, else from the name); any other side is REB of the event's country
(``country_id``, a Gleditsch-Ward number, else ``country``). In one-sided violence ``side_a`` acts on the
civilians (CVL of the event's country); in state-based and non-state violence both sides use force and both
are actors, as the text coder codes clashes.

Figures: ``low``/``high`` are the fatality range, ``best`` is a "dead" size with qualifier "best" and the
deaths of side a, side b, civilians and unknown are in ``notes``. Dates: ``date_start``..``date_end``, with
``date_prec`` (1 day, 2 a few days, 3 a week, 4 a month, 5 longer) making a day, week, month or year
precision. Place: ``where_coordinates`` (name), ``adm_1``, coordinates, ``where_prec`` (1 site, 2 city,
3 district, 4 province, 5 region, 6 country, 7 region: air or sea) as the resolution. ``date_prec``,
``where_prec`` and ``event_clarity`` are kept verbatim in ``precision_codes``. ``source_office`` is the source
(and, split at ";", the outlets), ``source_original`` the event text, the first ``source_date`` the reported
day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from flashpoint.corpus.rows import EventRow, Party, SizeRow
from flashpoint.interchange.common import (
    RowError,
    Skip,
    blank,
    checked,
    coordinates,
    csv_records,
    date_label,
    guarded,
    iso3_from_gw,
    iso3_from_name,
    optional_int,
    parse_day,
)

#: The columns a file must have to be read as UCDP GED.
REQUIRED: tuple[str, ...] = (
    "id", "type_of_violence", "side_a", "side_b", "country", "date_start", "date_end", "low", "best", "high",
)  # fmt: skip

_VIOLENCE = {"1": "state-based", "2": "non-state", "3": "one-sided"}
_DATE_PRECISION = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
_RESOLUTION = {
    "1": "site", "2": "city", "3": "district", "4": "province", "5": "region", "6": "country", "7": "region",
}  # fmt: skip
_GOVERNMENT = "Government of "


def read_ucdp_csv(path: Path, *, skipped: list[Skip] | None = None) -> Iterator[EventRow]:
    """The event rows of a UCDP GED CSV file (see the module docstring for the mapping)."""
    records = csv_records(path, "UCDP GED", REQUIRED)
    yield from guarded(records, lambda rec: _row(checked(rec)), skipped)


def _row(rec: dict[str, str]) -> EventRow:
    event_id = rec["id"].strip()
    if not event_id:
        raise RowError("empty id")
    violence = rec["type_of_violence"].strip()
    if violence not in _VIOLENCE:
        raise RowError(f"unknown type_of_violence {violence!r}")
    start, end = parse_day(rec["date_start"]), parse_day(rec["date_end"])
    if end < start:
        raise RowError(f"date_end {end} before date_start {start}")
    date_prec = rec.get("date_prec", "").strip()
    precision = _DATE_PRECISION.get(date_prec) or ("day" if start == end else "week")
    country = iso3_from_gw(rec.get("country_id", "")) or iso3_from_name(rec["country"])
    side_a = _side(rec["side_a"], rec.get("gwnoa", ""), country)
    if violence == "3":
        actors: tuple[Party, ...] = (side_a,)
        recipients: tuple[Party, ...] = (Party(country, "CVL", rec["side_b"].strip() or "Civilians"),)
    else:
        actors, recipients = (side_a, _side(rec["side_b"], rec.get("gwnob", ""), country)), ()
    low, best, high = (optional_int(rec[k], k) for k in ("low", "best", "high"))
    if low is not None and high is not None and low > high:
        raise RowError(f"low {low} above high {high}")
    lat, lon = coordinates(rec.get("latitude", ""), rec.get("longitude", ""))
    where_prec = rec.get("where_prec", "").strip()
    codes = (
        ("type_of_violence", violence),
        *(
            (k, rec[k].strip())
            for k in ("date_prec", "where_prec", "event_clarity")
            if rec.get(k, "").strip()
        ),
    )
    office = blank(rec.get("source_office"))
    deaths = " ".join(
        f"{k}={rec[k].strip()}"
        for k in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
        if rec.get(k, "").strip()
    )
    headline = blank(rec.get("source_headline"))
    notes = "; ".join(x for x in (deaths, f"headline: {headline}" if headline else "") if x)
    return EventRow(
        id=f"ucdp:{event_id}",
        origin="ucdp",
        category="ASSAULT",
        actors=actors,
        recipients=recipients,
        date=date_label(start, precision),
        date_precision=precision,
        date_start=start,
        date_end=end,
        place_name=blank(rec.get("where_coordinates")),
        place_country=country,
        admin1=blank(rec.get("adm_1")),
        lat=lat,
        lon=lon,
        place_resolution=_RESOLUTION.get(where_prec),
        fatalities_low=low,
        fatalities_high=high,
        sizes=(SizeRow("dead", best, best, "best"),) if best is not None else (),
        dataset_id=event_id,
        source=office,
        source_outlets=tuple(o.strip() for o in office.split(";") if o.strip()) if office else (),
        reported=_first_day(rec.get("source_date", "")),
        event_text=blank(rec.get("source_original")),
        precision_codes=codes,
        notes=notes or None,
    )


def _side(name: str, gw: str, country: str | None) -> Party:
    text = name.strip()
    if not text:
        raise RowError("empty side name")
    if text.startswith(_GOVERNMENT):
        return Party(iso3_from_gw(gw) or iso3_from_name(text[len(_GOVERNMENT) :]), "GOV", text)
    return Party(country, "REB", text)


def _first_day(value: str) -> dt.date | None:
    for part in value.replace('"', "").split(";"):
        try:
            return parse_day(part)
        except RowError:
            continue
    return None
