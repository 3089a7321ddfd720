"""Near-copies of one story: 64-bit SimHash fingerprints and an index that finds them in near constant time.

Ten sites running one agency story are one source, not ten. A text's fingerprint is the SimHash of its body:

1. the body: lines that read like body text (at least ``min_line_words`` words, ending like a sentence, not a
   "Read more" or "Reporting by" line) — a republished story differs mostly in its headline, byline and tail,
   which are dropped (if no line qualifies, the whole text is used);
2. normalised: lower case, apostrophes dropped, other punctuation made a space, whitespace collapsed;
3. word 5-gram shingles, each hashed with ``blake2b(digest_size=8)`` (stable across runs and machines, unlike
   Python's ``hash``);
4. a weighted bit vote: every shingle occurrence votes +1 for each bit set in its hash and -1 for each bit
   clear; the fingerprint's bit is set where the vote is positive.

Two texts are near-copies when their fingerprints are within Hamming distance ``max_distance`` (3 of 64 bits,
from ``resources/corpus/incidents.toml``). A text of fewer than ``min_words`` body words has no fingerprint
(:func:`fingerprint` returns ``None``): too little to tell a copy from a different short item.

:class:`CopyIndex` buckets fingerprints by their four 16-bit bands: two fingerprints within distance 3 differ
in at most 3 bits, so at least one of the four bands is equal (pigeonhole); a lookup compares only the
documents sharing a band.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from flashpoint.errors import ResourceError
from flashpoint.io.bundled import bundled_toml

BITS = 64
MASK = (1 << BITS) - 1
BAND_BITS = 16

_APOSTROPHES = re.compile(r"['’‘`]")
_PUNCT = re.compile(r"[^\w\s]|_")
_SENTENCE_END = re.compile(r"[.!?…]['\"’”)\]]*$")


@dataclass(frozen=True, slots=True)
class CopySettings:
    """The near-copy thresholds (the ``[nearcopy]`` table of ``resources/corpus/incidents.toml``)."""

    max_distance: int = 3
    shingle: int = 5
    min_words: int = 40
    min_line_words: int = 8
    boilerplate_prefixes: tuple[str, ...] = ()


def parse_copy_settings(data: dict[str, Any]) -> CopySettings:
    """The ``[nearcopy]`` table of an already parsed TOML document."""
    t = data.get("nearcopy", {})
    try:
        s = CopySettings(
            max_distance=int(t.get("max_distance", 3)),
            shingle=int(t.get("shingle", 5)),
            min_words=int(t.get("min_words", 40)),
            min_line_words=int(t.get("min_line_words", 8)),
            boilerplate_prefixes=tuple(str(p).lower() for p in t.get("boilerplate_prefixes", [])),
        )
    except (TypeError, ValueError) as exc:
        raise ResourceError(f"corpus/incidents.toml [nearcopy]: {exc}") from exc
    if not 0 <= s.max_distance <= BITS or s.shingle < 1:
        raise ResourceError("corpus/incidents.toml [nearcopy]: max_distance or shingle out of range")
    return s


@cache
def default_copy_settings() -> CopySettings:
    return parse_copy_settings(bundled_toml("corpus", "incidents.toml"))


def normalise(text: str) -> list[str]:
    """The words of ``text``: lower case, apostrophes dropped, other punctuation a space."""
    text = _APOSTROPHES.sub("", text.lower())
    return _PUNCT.sub(" ", text).split()


def body_words(text: str, settings: CopySettings | None = None) -> list[str]:
    """The normalised words of the body lines of ``text`` (all of it when no line reads like body text)."""
    s = settings or default_copy_settings()
    words: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not _SENTENCE_END.search(stripped):
            continue
        lw = normalise(stripped)
        if len(lw) < s.min_line_words:
            continue
        joined = " ".join(lw)
        if any(joined.startswith(p) for p in s.boilerplate_prefixes):
            continue
        words.extend(lw)
    return words or normalise(text)


def _shingles(words: list[str], n: int) -> Iterator[str]:
    if len(words) <= n:
        if words:
            yield " ".join(words)
        return
    for i in range(len(words) - n + 1):
        yield " ".join(words[i : i + n])


def _hash64(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")


def simhash_words(words: list[str], shingle: int = 5) -> int:
    """The 64-bit SimHash of word ``shingle``-grams (unsigned; 0 for no words)."""
    votes = [0] * BITS
    for sh, weight in Counter(_shingles(words, shingle)).items():
        h = _hash64(sh)
        for bit in range(BITS):
            votes[bit] += weight if (h >> bit) & 1 else -weight
    out = 0
    for bit, v in enumerate(votes):
        if v > 0:
            out |= 1 << bit
    return out


def simhash(text: str, settings: CopySettings | None = None) -> int:
    """The 64-bit SimHash of the body of ``text`` (an unsigned int), whatever its length."""
    s = settings or default_copy_settings()
    return simhash_words(body_words(text, s), s.shingle)


def fingerprint(text: str, settings: CopySettings | None = None) -> int | None:
    """The SimHash of ``text``, or ``None`` when its body has fewer than ``min_words`` words."""
    s = settings or default_copy_settings()
    words = body_words(text, s)
    if len(words) < s.min_words:
        return None
    return simhash_words(words, s.shingle)


def hamming(a: int, b: int) -> int:
    """The number of bits in which two 64-bit fingerprints differ."""
    return ((a ^ b) & MASK).bit_count()


def bands(h: int) -> tuple[int, int, int, int]:
    """The four 16-bit bands of a fingerprint, lowest first."""
    return (h & 0xFFFF, (h >> 16) & 0xFFFF, (h >> 32) & 0xFFFF, (h >> 48) & 0xFFFF)


def _order(published: dt.date | None, doc_id: str) -> tuple[bool, dt.date, str]:
    """Earliest first; documents without a date after dated ones; then the lowest id."""
    return (published is None, published or dt.date.min, doc_id)


class CopyIndex:
    """Fingerprints of the documents seen so far, bucketed by band.

    ``add(doc_id, fingerprint, published)`` records a document and returns its copy group (the group of the
    earliest existing near-copy, or its own id); ``find(fingerprint)`` returns the earliest (then lowest-id)
    indexed document within ``max_distance``, or ``None``. A ``None`` fingerprint (a short text) is never
    indexed and never found. ``max_distance`` above 3 would need more bands than four to stay exact, so it is
    refused.
    """

    def __init__(self, max_distance: int | None = None) -> None:
        d = default_copy_settings().max_distance if max_distance is None else max_distance
        if not 0 <= d <= 3:
            raise ValueError("CopyIndex finds near-copies up to Hamming distance 3 (four 16-bit bands)")
        self.max_distance = d
        self._buckets: dict[tuple[int, int], list[str]] = {}
        self._docs: dict[str, tuple[int, dt.date | None]] = {}
        self._groups: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._docs

    def find(self, h: int | None, exclude: str | None = None) -> str | None:
        """The earliest indexed document within ``max_distance`` of ``h`` (not ``exclude``), or ``None``."""
        if h is None:
            return None
        best: tuple[bool, dt.date, str] | None = None
        seen: set[str] = set()
        for i, band in enumerate(bands(h)):
            for doc in self._buckets.get((i, band), ()):
                if doc in seen or doc == exclude:
                    continue
                seen.add(doc)
                other, published = self._docs[doc]
                if hamming(h, other) <= self.max_distance:
                    key = _order(published, doc)
                    if best is None or key < best:
                        best = key
        return None if best is None else best[2]

    def add(self, doc_id: str, h: int | None, published: dt.date | None = None) -> str:
        """Index a document; its copy group: that of its earliest near-copy already indexed, else its id.

        Adding a document again returns its recorded group and changes nothing."""
        if doc_id in self._groups:
            return self._groups[doc_id]
        match = self.find(h)
        group = self._groups[match] if match is not None else doc_id
        self._groups[doc_id] = group
        if h is not None:
            self._docs[doc_id] = (h & MASK, published)
            for i, band in enumerate(bands(h)):
                self._buckets.setdefault((i, band), []).append(doc_id)
        return group

    def group(self, doc_id: str) -> str | None:
        """The copy group recorded for ``doc_id`` by :meth:`add`, or ``None`` if never added."""
        return self._groups.get(doc_id)
