"""The main text and metadata of a saved news web page, through trafilatura.

trafilatura drops navigation, advertising, share bars, related links and footers. flashpoint asks it for
no comments (reader comments are not reporting) and no tables, and for the metadata it finds in the
markup: title, canonical URL, site name (else host name) and publication date. The date is the page's
own claim (``article:published_time``, JSON-LD, ``<time>`` and the like); htmldate's "extensive search"
through the free text is off, so a date in the story is never mistaken for its publication date.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from flashpoint.errors import EmptyDocumentError, MalformedError

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.I)
_TAG = re.compile(r"<[A-Za-z!/?]")
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """What a page yields: its main text and the metadata found in its markup."""

    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first 4 KiB, if any."""
    found = _DECLARED_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def _quiet_third_party_logs() -> None:
    """trafilatura and its helpers log their own warnings ("discarding data: None"); flashpoint reports
    every problem itself, as one line per document, so theirs are silenced."""
    for name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def extract_html(markup: str) -> HtmlExtract:
    """Main text and metadata of ``markup``; raises MalformedError or EmptyDocumentError."""
    if not _TAG.search(markup[:65_536]):
        raise MalformedError("not HTML: no tags found in the file")
    import trafilatura

    _quiet_third_party_logs()
    try:
        found: Any = trafilatura.bare_extraction(
            markup,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except Exception as exc:  # third-party parser: any failure is a page we cannot use
        raise MalformedError(f"the HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    text = _clean(getattr(found, "text", None)) if found is not None else None
    if not text:
        raise EmptyDocumentError("no article text found in the HTML")
    return HtmlExtract(
        text=text,
        title=_clean(found.title),
        url=_clean(found.url),
        publisher=_clean(found.sitename) or _clean(found.hostname),
        published=_to_date(found.date),
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _to_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
