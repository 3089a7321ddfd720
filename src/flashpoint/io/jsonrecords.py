"""Documents from JSON records: ``.json`` (one object or an array of objects) and ``.jsonl`` (one per line).

A record needs a string field ``text``; ``title``, ``url`` and ``publisher`` are optional strings and
``published`` an optional date (``YYYY-MM-DD``, or an ISO datetime whose date is taken as written, with
no time-zone shift). Other fields are ignored. JSON Lines are read line by line, each line held to
:func:`max_line_bytes`, so a file of any size streams.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import BinaryIO

from flashpoint.errors import DocumentError, EmptyDocumentError, EncodingError, MalformedError, TooLargeError
from flashpoint.io.decoding import check_not_binary, decode_bytes
from flashpoint.io.sizes import human_size
from flashpoint.records import RawDocument

#: Bytes a JSON line may take besides its text: title, URL, field names, other fields.
LINE_OVERHEAD_BYTES = 65_536
#: Bytes one character of text may take in JSON: ``\\uXXXX`` escapes are six.
BYTES_PER_CHAR = 6

_OPTIONAL_TEXT_FIELDS = ("title", "url", "publisher")
_SKIP_LINE_CHUNK = 1 << 20


def max_line_bytes(max_text_chars: int) -> int:
    """The most a JSON line may take when its text is within ``max_text_chars`` characters."""
    return max_text_chars * BYTES_PER_CHAR + LINE_OVERHEAD_BYTES


def json_kind(value: object) -> str:
    """``an array``, ``a string``, ... : what a JSON value is, for a reason a user reads."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "a number"


def parse_json(text: str, *, line: int | None = None) -> object:
    """``json.loads`` with its errors turned into MalformedError (``line``: the JSON Lines line number)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        msg = exc.msg.removesuffix(" at")  # "Invalid control character at" reads badly alone
        if line is not None:
            raise MalformedError(f"invalid JSON at column {exc.colno}: {msg}") from exc
        hint = " (one object per line is JSON Lines: name the file .jsonl)" if exc.msg == "Extra data" else ""
        raise MalformedError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {msg}{hint}") from exc
    except RecursionError as exc:
        raise MalformedError("invalid JSON: nested too deeply") from exc
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise MalformedError(f"invalid JSON: {exc}") from exc


def document_from_record(
    value: object, *, path: str, record: int | None, read_published: bool = True
) -> RawDocument:
    """A RawDocument from one JSON record; raises MalformedError or EmptyDocumentError."""
    if not isinstance(value, dict):
        raise MalformedError(f"record is {json_kind(value)}, not an object")
    if "text" not in value:
        raise MalformedError("record has no 'text' field")
    text = value["text"]
    if not isinstance(text, str):
        raise MalformedError(f"record's 'text' field is {json_kind(text)}, not a string")
    if not text or text.isspace():
        raise EmptyDocumentError("record's 'text' field is empty")
    optional = {name: _optional_text(value, name) for name in _OPTIONAL_TEXT_FIELDS}
    published = _published(value.get("published")) if read_published else None
    return RawDocument(
        text=text,
        path=path,
        title=optional["title"],
        url=optional["url"],
        publisher=optional["publisher"],
        published=published,
        published_source="metadata" if published is not None else "unknown",
        record=record,
    )


def records_from_json(value: object) -> Iterator[tuple[int | None, object]]:
    """The records of a parsed ``.json`` file with their 1-based index (None for a single object)."""
    if isinstance(value, dict):
        yield None, value
    elif isinstance(value, list):
        if not value:
            raise EmptyDocumentError("the JSON array holds no records")
        yield from enumerate(value, start=1)
    else:
        raise MalformedError(f"the JSON holds {json_kind(value)}, not an object or an array of objects")


def jsonl_lines(stream: BinaryIO, *, max_text_chars: int) -> Iterator[tuple[int, str | DocumentError]]:
    """``(line number, text)`` for each non-blank line, or ``(line number, error)`` for a line unfit to read.

    Raises a DocumentError for the whole file when its start shows it is not UTF-8 JSON Lines.
    """
    head = stream.read(64)
    check_not_binary(head)
    for bom, label in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if head.startswith(bom):
            raise EncodingError(f"JSON Lines must be UTF-8; this file is {label}")
    skip = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    stream.seek(skip)
    limit = max_line_bytes(max_text_chars)
    number = 0
    any_line = False
    while True:
        line = stream.readline(limit + 1)
        if not line:
            break
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(_SKIP_LINE_CHUNK)
            yield (
                number,
                TooLargeError(
                    f"the line is over {human_size(limit)}: too long for a record whose text fits the "
                    f"{max_text_chars:,}-character limit (FLASHPOINT_MAX_TEXT_CHARS)"
                ),
            )
            any_line = True
            continue
        if not line.strip():
            continue
        any_line = True
        try:
            yield number, decode_bytes(line)
        except DocumentError as exc:
            yield number, exc
    if not any_line:
        raise EmptyDocumentError("no records in the file (only blank lines)")


def _optional_text(record: dict[str, object], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedError(f"record's '{name}' field is {json_kind(value)}, not a string")
    return value.strip() or None


def _published(value: object) -> dt.date | None:
    """The date of a ``published`` field: ``YYYY-MM-DD`` or an ISO datetime (its date as written)."""
    if value is None or value == "":
        return None
    text = value.strip() if isinstance(value, str) else ""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return dt.datetime.fromisoformat(text).date()
        except ValueError:
            pass
    raise MalformedError(
        f"record's 'published' field {text[:40]!r} is not a date (YYYY-MM-DD or an ISO datetime)"
        if isinstance(value, str)
        else f"record's 'published' field is {json_kind(value)}, not a date string (YYYY-MM-DD)"
    )
