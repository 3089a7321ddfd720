"""Parquet export and import, partitioned by the event's year and month (Hive layout ``year=2025/month=10``).

:func:`write_parquet` streams the rows into a temporary newline-delimited JSON file, then an in-memory DuckDB
connection reads it with typed columns (:data:`PARQUET_COLUMNS`: lists of structs for parties, sizes and
precision codes, DATE for days, DOUBLE for coordinates) and copies it to the folder, partitioned by
``year``/``month`` of ``date_start`` (rows without a date go to DuckDB's default partition). A ``seq``
column keeps the order of the rows, so :func:`read_parquet` gives back exactly the rows written, in order.
The folder must be new or empty: an export never deletes files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb

from flashpoint.corpus.rows import EventRow, Party, SizeRow
from flashpoint.errors import ConfigError, FormatError, StoreError
from flashpoint.interchange.common import WriteResult

_PARTY = "STRUCT(code VARCHAR, sector VARCHAR, text VARCHAR)[]"
#: The typed columns of the Parquet files: every EventRow field, in its order.
PARQUET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"),
    ("origin", "VARCHAR"),
    ("category", "VARCHAR"),
    ("mode", "VARCHAR"),
    ("contexts", "VARCHAR[]"),
    ("actors", _PARTY),
    ("recipients", _PARTY),
    ("status", "VARCHAR"),
    ("claimants", _PARTY),
    ("date", "VARCHAR"),
    ("date_precision", "VARCHAR"),
    ("date_start", "DATE"),
    ("date_end", "DATE"),
    ("place_name", "VARCHAR"),
    ("place_country", "VARCHAR"),
    ("admin1", "VARCHAR"),
    ("lat", "DOUBLE"),
    ("lon", "DOUBLE"),
    ("place_resolution", "VARCHAR"),
    ("fatalities_low", "BIGINT"),
    ("fatalities_high", "BIGINT"),
    ("sizes", "STRUCT(type VARCHAR, low BIGINT, high BIGINT, qualifier VARCHAR, text VARCHAR)[]"),
    ("article_id", "VARCHAR"),
    ("dataset_id", "VARCHAR"),
    ("source", "VARCHAR"),
    ("source_outlets", "VARCHAR[]"),
    ("reported", "DATE"),
    ("event_text", "VARCHAR"),
    ("start", "BIGINT"),
    ("end", "BIGINT"),
    ("trigger", "VARCHAR"),
    ("pattern", "VARCHAR"),
    ("quad_code", "INTEGER"),
    ("event_scale", "DOUBLE"),
    ("comment", "VARCHAR"),
    ("related", "VARCHAR[]"),
    ("precision_codes", "STRUCT(key VARCHAR, value VARCHAR)[]"),
    ("notes", "VARCHAR"),
)
_BATCH = 2000


def write_parquet(rows: Iterable[EventRow], folder: Path) -> WriteResult:
    """Write the rows as Parquet files under ``folder``, partitioned by year and month."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ConfigError(f"{folder}: the Parquet export folder must be new or empty")
    count = 0
    with tempfile.TemporaryDirectory(prefix="flashpoint-parquet-") as tmp:
        staging = Path(tmp) / "rows.jsonl"
        with staging.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(_flat(row, count), ensure_ascii=False, allow_nan=False))
                handle.write("\n")
                count += 1
        if count == 0:
            folder.mkdir(parents=True, exist_ok=True)
            return WriteResult(0)
        columns = ", ".join(
            f"{_literal(name)}: {_literal(kind)}" for name, kind in (("seq", "BIGINT"), *PARQUET_COLUMNS)
        )
        query = (
            f"COPY (SELECT *, year(date_start) AS year, month(date_start) AS month "
            f"FROM read_json({_literal(str(staging))}, format = 'newline_delimited', "
            f"columns = {{{columns}}})) "
            f"TO {_literal(str(folder))} (FORMAT PARQUET, PARTITION_BY (year, month))"
        )
        try:
            with duckdb.connect() as con:
                con.execute(query)
        except duckdb.Error as exc:
            raise StoreError(f"{folder}: cannot write the Parquet export: {exc}") from exc
    return WriteResult(count)


def read_parquet(folder: Path) -> Iterator[EventRow]:
    """The rows of a folder written by :func:`write_parquet`, in the order they were written."""
    if not folder.is_dir():
        raise FormatError(f"{folder}: not a folder of Parquet files")
    if not any(folder.rglob("*.parquet")):
        return
    names = ", ".join(_quote(name) for name, _ in PARQUET_COLUMNS)
    source = _literal(str(folder / "**" / "*.parquet"))
    query = f"SELECT {names} FROM read_parquet({source}, hive_partitioning = true) ORDER BY seq"
    try:
        with duckdb.connect() as con:
            cursor = con.execute(query)
            while batch := cursor.fetchmany(_BATCH):
                for values in batch:
                    yield _row(values)
    except duckdb.Error as exc:
        raise FormatError(f"{folder}: not a flashpoint Parquet export: {exc}") from exc


def _flat(row: EventRow, seq: int) -> dict[str, Any]:
    flat: dict[str, Any] = {"seq": seq}
    for field in dataclasses.fields(EventRow):
        flat[field.name] = _plain(getattr(row, field.name))
    flat["precision_codes"] = [{"key": k, "value": v} for k, v in row.precision_codes]
    return flat


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Party | SizeRow):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _row(values: tuple[Any, ...]) -> EventRow:
    fields: dict[str, Any] = {}
    for (name, _), value in zip(PARQUET_COLUMNS, values, strict=True):
        if name in {"actors", "recipients", "claimants"}:
            value = tuple(Party(**p) for p in value)
        elif name == "sizes":
            value = tuple(SizeRow(**s) for s in value)
        elif name == "precision_codes":
            value = tuple((p["key"], p["value"]) for p in value)
        elif isinstance(value, list):
            value = tuple(value)
        fields[name] = value
    return EventRow(**fields)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
