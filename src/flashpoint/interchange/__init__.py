"""Import and export of analyst formats: pure functions from files to event rows and from rows to files.

Importers (:data:`FORMATS`) stream :class:`~flashpoint.corpus.rows.EventRow` records from a file:

    read_acled_csv(path)      ACLED CSV export                      (:mod:`.acled`)
    read_ucdp_csv(path)       UCDP GED CSV                          (:mod:`.ucdp`)
    read_gdelt(path)          GDELT 2.0 / 1.0 event export (TSV)    (:mod:`.gdelt`)
    read_plover_jsonl(path)   PLOVER JSONL (the project's export)   (:mod:`.plover`)

Bad input, by design:

* a file whose header or shape is wrong (missing required columns, a GDELT line with neither 61 nor 57/58
  columns, a JSONL file whose first line is not a JSON object) raises :class:`~flashpoint.errors.FormatError`
  with one line naming the file and the problem, before any row is yielded;
* a single bad row (unreadable date, unknown event type, wrong number of fields, ...) is left out, and when
  the caller passes a list as ``skipped=`` the reader appends ``(line_number, reason)`` to it as it goes.
  Line numbers are the file's physical lines (1-based; the first line of a multi-line CSV record).
  :class:`ImportResult` wraps this: iterate it for the rows, then read its ``skipped``.

Exporters (:data:`EXPORTS`) write every row they are given (the caller filters) and return a
:class:`WriteResult`:

    write_plover_jsonl(rows, path)   PLOVER JSONL; read_plover_jsonl gives back equal rows
    write_acled_csv(rows, path)      ACLED columns; what is lost is listed in :mod:`.acled`
    write_geojson(rows, path)        Point features; rows without coordinates are counted in ``left_out``
    write_parquet(rows, folder)      Parquet partitioned by year/month; read_parquet gives back equal rows

The mapping tables are data: ``flashpoint/resources/interchange/*.tsv``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flashpoint.corpus.rows import EventRow
from flashpoint.errors import FormatError
from flashpoint.interchange.acled import read_acled_csv, write_acled_csv
from flashpoint.interchange.common import Reader, Skip, Writer, WriteResult
from flashpoint.interchange.gdelt import GDELT_COLUMNS, read_gdelt
from flashpoint.interchange.geojson import write_geojson
from flashpoint.interchange.parquet import read_parquet, write_parquet
from flashpoint.interchange.plover import read_plover_jsonl, write_plover_jsonl
from flashpoint.interchange.ucdp import read_ucdp_csv

#: Importers by format name.
FORMATS: dict[str, Reader] = {
    "acled": read_acled_csv,
    "ucdp": read_ucdp_csv,
    "gdelt": read_gdelt,
    "plover": read_plover_jsonl,
}
#: Exporters by format name (``parquet`` writes a folder, the others a file).
EXPORTS: dict[str, Writer] = {
    "plover": write_plover_jsonl,
    "acled": write_acled_csv,
    "geojson": write_geojson,
    "parquet": write_parquet,
}

_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})


def detect_format(path: Path) -> str:
    """The import format of a file, from its name and first line: "plover" for ``.jsonl``/``.ndjson`` (or a
    first line that is a JSON object), "gdelt" for 57, 58 or 61 tab-separated columns, "acled" or "ucdp" by
    the CSV header's columns. Raises FormatError when it is none of them."""
    if path.suffix.lower() in _JSONL_SUFFIXES:
        return "plover"
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"{path}: cannot read the file to detect its format: {exc}") from exc
    line = first.rstrip("\r\n")
    if not line.strip():
        raise FormatError(f"{path}: empty first line, cannot detect the format")
    if line.lstrip().startswith("{"):
        return "plover"
    if line.count("\t") + 1 in GDELT_COLUMNS:
        return "gdelt"
    header = {h.strip() for h in next(csv.reader([line]))}
    if {"event_id_cnty", "event_type", "sub_event_type"} <= header:
        return "acled"
    if {"type_of_violence", "side_a", "side_b"} <= header:
        return "ucdp"
    raise FormatError(
        f"{path}: unknown format: not PLOVER JSONL, not a GDELT export (57, 58 or 61 tab-separated columns), "
        "not an ACLED or UCDP GED CSV header"
    )


@dataclass
class ImportResult:
    """One import: iterate for the rows (streamed); ``skipped`` fills with ``(line, reason)`` as it goes."""

    path: Path
    format: str
    skipped: list[Skip] = field(default_factory=list)

    def __iter__(self) -> Iterator[EventRow]:
        return FORMATS[self.format](self.path, skipped=self.skipped)


def open_import(path: Path, fmt: str | None = None) -> ImportResult:
    """An import of ``path`` in format ``fmt`` (detected when None); FormatError for an unknown name."""
    name = fmt or detect_format(path)
    if name not in FORMATS:
        raise FormatError(f"{path}: unknown import format {name!r} (known: {', '.join(FORMATS)})")
    return ImportResult(path, name)


__all__ = [
    "EXPORTS",
    "FORMATS",
    "ImportResult",
    "Reader",
    "Skip",
    "WriteResult",
    "Writer",
    "detect_format",
    "open_import",
    "read_acled_csv",
    "read_gdelt",
    "read_parquet",
    "read_plover_jsonl",
    "read_ucdp_csv",
    "write_acled_csv",
    "write_geojson",
    "write_parquet",
    "write_plover_jsonl",
]
