"""Input documents from files and folders: each one a RawDocument, or a Failure with a one-line reason.

Formats (by extension, case-insensitive): ``.txt`` (decoded by :mod:`flashpoint.io.decoding`),
``.html``/``.htm`` (main text and metadata by :mod:`flashpoint.io.html`), ``.json`` and ``.jsonl``
(records, by :mod:`flashpoint.io.jsonrecords`). Every bad input becomes a ``Failure`` in place of the
document and the batch goes on; nothing is raised out of the iterators for a bad file. A ``published``
date given by the caller wins over the one in a document's metadata (``published_source="given"``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from flashpoint.errors import (
    DocumentError,
    EmptyDocumentError,
    LanguageError,
    ReadError,
    TooLargeError,
)
from flashpoint.io.decoding import decode_bytes
from flashpoint.io.html import declared_charset, extract_html
from flashpoint.io.jsonrecords import document_from_record, jsonl_lines, parse_json, records_from_json
from flashpoint.io.language import judge_language
from flashpoint.io.sizes import human_size
from flashpoint.records import Article, Failure, RawDocument
from flashpoint.settings import Settings

#: The extensions flashpoint reads, in the order a reason lists them.
SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
_SUPPORTED_AND = ", ".join(SUPPORTED_SUFFIXES[:-1]) + " and " + SUPPORTED_SUFFIXES[-1]
_SUPPORTED_OR = ", ".join(SUPPORTED_SUFFIXES[:-1]) + " or " + SUPPORTED_SUFFIXES[-1]
_ID_CHARS = 16
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def iter_paths(paths: Sequence[str | Path]) -> Iterator[Path | Failure]:
    """The files to read: files as given, directories recursively (sorted, hidden entries skipped).

    A missing path, a file of an unsupported kind and a directory without any supported file each
    become a Failure. A file reached twice is read once.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        source = str(given)
        try:
            if path.is_dir():
                found, errors = _walk(path)
                yield from errors
                if not found and not errors:
                    yield Failure(source, ReadError.stage, f"the folder holds no {_SUPPORTED_OR} file")
                for file in found:
                    if _first_visit(file, seen):
                        yield file
            elif path.is_file():
                if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                    kind = f"'{path.suffix}'" if path.suffix else "without an extension"
                    yield Failure(
                        source,
                        ReadError.stage,
                        f"unsupported file type {kind}: flashpoint reads {_SUPPORTED_AND} files",
                    )
                elif _first_visit(path, seen):
                    yield path
            elif path.exists():
                yield Failure(source, ReadError.stage, "not a regular file or a folder")
            else:
                yield Failure(source, ReadError.stage, "no such file or folder")
        except OSError as exc:
            yield Failure(source, ReadError.stage, f"cannot open: {_os_reason(exc)}")


def read_documents(
    paths: Sequence[str | Path], *, published: dt.date | None = None, settings: Settings
) -> Iterator[RawDocument | Failure]:
    """Every document under ``paths``, one at a time (a ``.jsonl`` file is read line by line).

    ``published`` (the CLI's ``--published``) applies to every document and wins over metadata.
    """
    for item in iter_paths(paths):
        if isinstance(item, Failure):
            yield item
            continue
        try:
            for doc in _read_file(item, published, settings):
                if isinstance(doc, RawDocument) and published is not None:
                    doc = replace(doc, published=published, published_source="given")
                elif isinstance(doc, RawDocument) and doc.published is None and doc.url:
                    day = date_from_url(doc.url)
                    if day is not None:
                        doc = replace(doc, published=day, published_source="metadata")
                yield doc
        except DocumentError as exc:
            yield Failure(exc.source or str(item), exc.stage, exc.reason)
        except OSError as exc:
            yield Failure(str(item), ReadError.stage, f"cannot read: {_os_reason(exc)}")


def make_article(raw: RawDocument, settings: Settings) -> Article:
    """Check and normalise the text of ``raw`` and detect its language; raises DocumentError subclasses.

    The text is kept as read (see :func:`normalise_text`) so that offsets slice it; the id is the first 16
    hex digits of the SHA-256 of that text, so the same text always has the same id. ``language``
    is "en" for a text judged English, the detected code for one judged not English (kept only when
    ``settings.require_english`` is off), and None for a text too short to judge.
    """
    source = source_of(raw)
    if len(raw.text) > settings.max_text_chars:
        raise TooLargeError(
            f"text is {len(raw.text):,} characters, over the {settings.max_text_chars:,}-character limit "
            "(FLASHPOINT_MAX_TEXT_CHARS)",
            source,
        )
    text = normalise_text(raw.text)
    stripped = len(text.strip())
    if not stripped:
        raise EmptyDocumentError("text is empty" if not raw.text else "text is only whitespace", source)
    if stripped < settings.min_text_chars:
        raise EmptyDocumentError(
            f"text is only {stripped} characters, under the {settings.min_text_chars}-character minimum "
            "(FLASHPOINT_MIN_TEXT_CHARS)",
            source,
        )
    verdict = judge_language(text)
    if verdict.english is False and settings.require_english:
        raise LanguageError(f"text is in {verdict.describe()}, not English", source)
    language = "en" if verdict.english else (verdict.code if verdict.english is False else None)
    return Article(
        id=content_id(text),
        text=text,
        path=raw.path,
        title=raw.title,
        url=raw.url,
        publisher=raw.publisher,
        published=raw.published,
        published_source=raw.published_source if raw.published is not None else "unknown",
        language=language,
        record=raw.record,
    )


def read_articles(
    paths: Sequence[str | Path], *, published: dt.date | None = None, settings: Settings
) -> Iterator[Article | Failure]:
    """:func:`read_documents` then :func:`make_article`: checked articles, or a Failure for each bad one."""
    for doc in read_documents(paths, published=published, settings=settings):
        if isinstance(doc, Failure):
            yield doc
            continue
        try:
            yield make_article(doc, settings)
        except DocumentError as exc:
            yield Failure(exc.source or source_of(doc), exc.stage, exc.reason)


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/-]|\.html?|$)")


def date_from_url(url: str) -> dt.date | None:
    """The date news sites write into article URLs ("/2025/10/28/..."), when there is a valid one."""
    m = _URL_DATE.search(url)
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def normalise_text(text: str) -> str:
    """The text as read, with lone surrogates (from JSON escapes) replaced one for one.

    Nothing else changes: offsets in the output must slice the file's own text, so line breaks, outer
    whitespace and Unicode composition are kept as they are.
    """
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


def content_id(text: str) -> str:
    """The id of a text: the first 16 hex digits of its SHA-256 (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_ID_CHARS]


def source_of(raw: RawDocument) -> str:
    """Where a document came from, as a Failure names it: ``path``, ``path#record`` or ``<text>``."""
    base = raw.path or "<text>"
    return base if raw.record is None else f"{base}#{raw.record}"


# -- one file ---------------------------------------------------------------------------------------


def _read_file(path: Path, published: dt.date | None, settings: Settings) -> Iterator[RawDocument | Failure]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path, published, settings)
        return
    data = _read_bytes(path, settings)
    source = str(path)
    if suffix == ".json":
        yield from _read_json(data, source, published)
    elif suffix in (".html", ".htm"):
        page = extract_html(decode_bytes(data, declared=declared_charset(data)))
        if len(page.text) < settings.min_text_chars:
            raise EmptyDocumentError(
                f"no article text found in the HTML (only {len(page.text)} characters besides navigation "
                "and boilerplate)"
            )
        yield RawDocument(
            text=page.text,
            path=source,
            title=page.title,
            url=page.url,
            publisher=page.publisher,
            published=page.published,
            published_source="metadata" if page.published is not None else "unknown",
        )
    else:
        text = decode_bytes(data)
        if not text or text.isspace():
            raise EmptyDocumentError("the file holds only whitespace" if text else "the file holds no text")
        yield RawDocument(text=text, path=source)


def _read_bytes(path: Path, settings: Settings) -> bytes:
    """The bytes of a file, checked against the size limit before (and while) reading."""
    limit = settings.max_file_bytes
    size = path.stat().st_size
    if size > limit:
        raise TooLargeError(_too_large(size, limit))
    if size == 0:
        raise EmptyDocumentError("empty file")
    with path.open("rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:  # the file grew after stat
        raise TooLargeError(_too_large(len(data), limit))
    if not data:
        raise EmptyDocumentError("empty file")
    return data


def _read_json(data: bytes, source: str, published: dt.date | None) -> Iterator[RawDocument | Failure]:
    for record, value in records_from_json(parse_json(decode_bytes(data))):
        where = source if record is None else f"{source}#{record}"
        try:
            yield document_from_record(value, path=source, record=record, read_published=published is None)
        except DocumentError as exc:
            yield Failure(where, exc.stage, exc.reason)


def _read_jsonl(path: Path, published: dt.date | None, settings: Settings) -> Iterator[RawDocument | Failure]:
    source = str(path)
    if path.stat().st_size == 0:
        raise EmptyDocumentError("empty file")
    with path.open("rb") as stream:
        for number, line in jsonl_lines(stream, max_text_chars=settings.max_text_chars):
            where = f"{source}#{number}"
            try:
                if isinstance(line, DocumentError):
                    raise line
                value = parse_json(line, line=number)
                yield document_from_record(
                    value, path=source, record=number, read_published=published is None
                )
            except DocumentError as exc:
                yield Failure(where, exc.stage, exc.reason)


# -- helpers ----------------------------------------------------------------------------------------


def _walk(folder: Path) -> tuple[list[Path], list[Failure]]:
    """Supported, non-hidden files under ``folder`` in sorted order, and the folders that cannot be read."""
    found: list[Path] = []
    errors: list[Failure] = []

    def on_error(exc: OSError) -> None:
        errors.append(
            Failure(str(exc.filename or folder), ReadError.stage, f"cannot open: {_os_reason(exc)}")
        )

    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(root)
        found.extend(
            base / name
            for name in files
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES
        )
    found.sort()
    return found, errors


def _first_visit(path: Path, seen: set[Path]) -> bool:
    try:
        key = path.resolve()
    except OSError:
        key = path.absolute()
    if key in seen:
        return False
    seen.add(key)
    return True


def _too_large(size: int, limit: int) -> str:
    return f"file is {human_size(size)}, over the {human_size(limit)} limit (FLASHPOINT_MAX_FILE_BYTES)"


def _os_reason(exc: OSError) -> str:
    """``permission denied``: the operating system's reason, without the path (the Failure names it)."""
    return (exc.strerror or type(exc).__name__).lower()
