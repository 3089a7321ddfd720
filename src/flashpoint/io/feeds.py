"""RSS and Atom feeds: their entries as :class:`FeedEntry` records, and telling a feed from a page.

feedparser reads RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom. An entry's date is its publication date, else
its update or creation date, read from the feed's own text so that the day is the one the outlet
gave (a 01:00 +05:00 time stays on its local day); feedparser's UTC reading is the fallback. The
summary is plain text: feedparser's sanitised HTML with the tags taken out.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import io
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from flashpoint.errors import MalformedError
from flashpoint.io.fetch import FetchedPage

_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
_XML_TYPES = frozenset({"application/xml", "text/xml", "text/html", "text/plain", "application/octet-stream"})
# Whatever may come before the root element: BOM, whitespace, the XML declaration, processing
# instructions (xml-stylesheet), comments and a DOCTYPE.
_PROLOGUE = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S | re.I)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|[A-Za-z_][\w.-]*:RDF|RDF)[\s>/]")
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|hr)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: the article's link and what the feed says about it."""

    url: str
    title: str | None
    published: dt.date | None
    summary: str | None
    feed_url: str
    entry_id: str  # the guid/id, else the link


def parse_feed(data: bytes, feed_url: str) -> tuple[FeedEntry, ...]:
    """The entries of the feed in ``data`` (in feed order); entries without a link are skipped.

    Raises MalformedError when ``data`` is not a feed: feedparser recognises no feed format in it, or
    it is broken XML without a feed title or any usable entry. A feed with no entries gives ``()``.
    """
    import feedparser

    parsed: Any = feedparser.parse(
        io.BytesIO(data), response_headers={"content-location": feed_url}, sanitize_html=True
    )
    entries = list(parsed.entries)
    feed_title = _text(parsed.feed.get("title"))
    found: list[FeedEntry] = []
    for entry in entries:
        link = _text(entry.get("link"))
        if not link:
            continue
        url = urljoin(feed_url, link)
        found.append(
            FeedEntry(
                url=url,
                title=_plain(entry.get("title")),
                published=_entry_date(entry),
                summary=_plain(entry.get("summary")),
                feed_url=feed_url,
                entry_id=_text(entry.get("id")) or url,
            )
        )
    if not found and (not parsed.get("version") or (parsed.get("bozo") and not feed_title)):
        problem = parsed.get("bozo_exception")
        detail = f" ({_one_line(str(problem))})" if problem is not None else ""
        raise MalformedError(f"not an RSS or Atom feed{detail}", source=feed_url)
    return tuple(found)


def looks_like_feed(page: FetchedPage) -> bool:
    """Whether a fetched page is a feed: a feed content type, or a generic XML (or mislabelled)
    response whose root element is ``<rss>``, ``<feed>`` or ``<rdf:RDF>``."""
    media = page.content_type or ""
    if media in _FEED_TYPES:
        return True
    if media and media not in _XML_TYPES and not media.endswith("+xml"):
        return False
    head = page.body[:4096].removeprefix(b"\xef\xbb\xbf")
    start = _PROLOGUE.match(head)
    return _FEED_ROOT.match(head, start.end() if start else 0) is not None


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published", "updated", "created"):
        raw = _text(entry.get(key))
        if raw:
            day = _local_date(raw)
            if day is not None:
                return day
        parsed = entry.get(f"{key}_parsed")
        if isinstance(parsed, time.struct_time):
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _local_date(raw: str) -> dt.date | None:
    """The day of an RFC 822 or ISO 8601 date-time, in the offset it was written with."""
    try:
        return email.utils.parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.datetime.fromisoformat(raw).date()
    except ValueError:
        return None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _plain(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    return _text(_SPACE.sub(" ", html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", text)))))


def _one_line(text: str) -> str:
    return " ".join(text.split())
