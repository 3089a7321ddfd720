"""Place-name normalisation: lookup keys, ASCII spellings, Latin-script checks and spelling-variant tests."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that NFKD does not decompose into an ASCII base plus combining marks.
_EXTRA_ASCII = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ŉ": "n",
        "ʻ": "",
        "ʼ": "",
        "ʿ": "",
        "ʾ": "",
        "‘": "",
        "’": "'",
        "`": "",
        "´": "",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
    }
)
# ASCII punctuation: separators become spaces, everything else is dropped ("D.I. Khan" -> "di khan").
_FOLD_TABLE = str.maketrans(dict.fromkeys("-_/,\t\n", " ") | dict.fromkeys("!\"#$%&'()*+.:;<=>?@[\\]^`{|}~"))
_NON_KEY = re.compile(r"[^0-9a-z ]")


@lru_cache(maxsize=1 << 18)
def ascii_form(text: str) -> str:
    """``text`` with diacritics and ayn/hamza marks removed, case kept: "Khōst" -> "Khost"."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_ASCII))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """The lookup key of a name: ASCII, lower case, no dots or apostrophes, hyphens as spaces.

    "Mazar-e-Sharif", "Mazar e Sharif" and "mazar-e sharif" share the key "mazar e sharif"; "D.I. Khan"
    becomes "di khan". A leading "the " is dropped ("the Durand Line" = "Durand Line").
    """
    key = ascii_form(text).casefold().translate(_FOLD_TABLE)
    if not key.isascii():
        key = _NON_KEY.sub("", key)
    key = " ".join(key.split())
    while key.startswith("the "):
        key = key[4:]
    return key


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is a Latin letter (with or without diacritics)."""
    if text.isascii():
        return True
    return all(not (ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN")) for ch in text)


_ALIAS_SHAPE = re.compile(r"^[A-Z][A-Za-z'’\- .]*[a-z.]$")


def usable_alias(text: str) -> bool:
    """Whether a GeoNames alternate name looks like a news spelling of a place.

    It must be ASCII (its diacritic-free form is what news prints; the primary name is indexed with and
    without diacritics anyway), start with a capital letter, end with a lowercase letter, hold no digits
    or brackets, and be 3 to 40 characters long: this drops codes ("KBL"), transliteration keys ("kabl"),
    numbered and bracketed variants ("Art Khvajeh (1)") and other scripts.
    """
    return 3 <= len(text) <= 40 and text.isascii() and _ALIAS_SHAPE.match(text) is not None


_SKELETON_MAP = str.maketrans({"c": "k", "q": "k", "w": "v", "y": "i", "x": "k", "z": "j", "h": None})
_VOWELS = re.compile(r"[aeiou]")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)
def skeleton(text: str) -> str:
    """A coarse consonant skeleton for comparing transliterations: "Cabool" and "Kabul" both give "kbl"."""
    key = fold(text).replace(" ", "").replace("ph", "f")
    if not key:
        return ""
    key = key.translate(_SKELETON_MAP)
    if not key:
        return ""
    head, tail = key[0], _VOWELS.sub("", key[1:])
    return _REPEATS.sub(r"\1", head + tail)


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


class SpellingTest:
    """Whether an alternate name is a spelling of ``name`` rather than another name (a former name, a
    neighbour, a title).

    True when one folded form is a whole-word part of the other ("Achin" in "Markaz-e Woluswali-ye
    Achin"), or when the consonant skeletons share enough letter pairs (Dice coefficient >= threshold):
    "Kaboul", "Cabul" and "Kabol" are kept for Kabul, "Montgomery" (the colonial name of Sahiwal) and
    "Laghman" (the province around Mehtar Lam) are not. Built once per name, called per alternate.
    """

    __slots__ = ("_folded", "_grams", "_padded", "_skeleton", "threshold")

    def __init__(self, name: str, threshold: float = 0.34) -> None:
        self._folded = fold(name)
        self._padded = f" {self._folded} "
        self._skeleton = skeleton(name)
        self._grams = _bigrams(self._skeleton)
        self.threshold = threshold

    def __call__(self, alias: str) -> bool:
        a = fold(alias)
        if not a or not self._folded:
            return False
        if a == self._folded or f" {a} " in self._padded or self._padded in f" {a} ":
            return True
        sa = skeleton(alias)
        if sa == self._skeleton:
            return True
        grams = _bigrams(sa)
        if not grams or not self._grams:
            return False
        return 2 * len(grams & self._grams) / (len(grams) + len(self._grams)) >= self.threshold


def is_spelling_variant(alias: str, name: str, threshold: float = 0.34) -> bool:
    """See :class:`SpellingTest` (a one-off comparison)."""
    return SpellingTest(name, threshold)(alias)
