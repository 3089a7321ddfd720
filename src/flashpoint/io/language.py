"""Language identification of a document: py3langid with normalised probabilities on a sample of the text.

Policy (what :func:`judge_language` decides, and why):

- The classifier sees a *sample*: the whole text up to 2,400 characters, otherwise four 600-character
  windows spread evenly over it (start, quarter, middle, three quarters), so a long article costs the
  same as a short one (about 1.5 ms) and a quoted paragraph in another language cannot dominate.
- A text is judged *not English* only on strong evidence:
  - in Latin script: the top language is not English (nor an English-lexified creole that py3langid
    confuses with English, such as Nigerian Pidgin or Scots), its probability is at least
    :data:`REJECT_PROBABILITY` (0.90), and the sample holds at least :data:`MIN_LETTERS_LATIN` (40) letters;
  - in another script (Arabic, Cyrillic, Devanagari, ...): at least half of the sample's letters are not
    Latin, there are at least :data:`MIN_LETTERS_OTHER` (20) of them, and the top language is not English.
- Anything else passes: English articles that quote Urdu or Pashto words, datelines, lists of names and
  very short texts are never refused (their verdict is ``english=None`` when there is too little to judge).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

#: The top language must be at least this probable for a text to be refused as not English.
REJECT_PROBABILITY = 0.90
#: A Latin-script sample with fewer letters than this is too short to judge.
MIN_LETTERS_LATIN = 40
#: A sample in another script needs this many letters to be judged.
MIN_LETTERS_OTHER = 20
#: Labels that mean "English, or close enough for an English pipeline" (py3langid confuses them).
ENGLISH_LABELS = frozenset({"en", "pcm", "sco"})

_SAMPLE_WHOLE = 2_400
_WINDOW = 600
_WINDOWS = 4

_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True, slots=True)
class LanguageVerdict:
    """What the identifier makes of a text: the top language, and whether that means English."""

    code: str  # the identifier's label: ISO 639-1 where one exists, else ISO 639-3
    probability: float
    english: bool | None  # True: English or not surely another language; None: too little to tell
    letters: int  # letters in the sample (-1: not counted, the text is plainly English)
    latin_share: float  # share of those letters in Latin script

    @property
    def name(self) -> str:
        """The language's English name, e.g. "Urdu"."""
        return language_name(self.code)

    def describe(self) -> str:
        """``Urdu (ur, p=0.99)``."""
        return f"{self.name} ({self.code}, p={self.probability:.2f})"


@cache
def _identifier() -> Any:
    """The py3langid identifier with normalised probabilities, loaded once per process."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def sample_text(text: str) -> str:
    """The part of ``text`` the identifier reads (see the module docstring)."""
    if len(text) <= _SAMPLE_WHOLE:
        return text
    step = len(text) // _WINDOWS
    return "\n".join(text[i * step : i * step + _WINDOW] for i in range(_WINDOWS))


def detect_language(text: str) -> tuple[str, float]:
    """The most probable language of ``text`` (from a sample) and its probability, e.g. ``("ur", 0.99)``."""
    code, probability = _identifier().classify(sample_text(text))
    return str(code), float(probability)


def judge_language(text: str) -> LanguageVerdict:
    """Detect the language of ``text`` and decide whether it is English, by the policy of this module."""
    sample = sample_text(text)
    code, probability = _identifier().classify(sample)
    code, probability = str(code), float(probability)
    if code in ENGLISH_LABELS:  # the common case: no need to count letters
        return LanguageVerdict(code, probability, True, -1, 1.0)
    letters = len(_LETTER.findall(sample))
    latin = len(_LATIN_LETTER.findall(sample))
    latin_share = latin / letters if letters else 1.0
    english: bool | None
    if latin_share < 0.5 and letters - latin >= MIN_LETTERS_OTHER:
        english = False
    elif latin_share < 0.5 or letters < MIN_LETTERS_LATIN:
        english = None  # too little text to tell: passes
    else:
        english = probability < REJECT_PROBABILITY  # another language, but not surely: passes
    return LanguageVerdict(code, probability, english, letters, latin_share)


@cache
def language_name(code: str) -> str:
    """The English name of an ISO 639 code from pycountry ("ps" → "Pushto"), or the code if unknown."""
    import pycountry

    try:
        found = pycountry.languages.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code})
    except (KeyError, LookupError):
        found = None
    if found is None:
        return code
    return _PARENTHETICAL.sub("", str(found.name)).strip() or code
