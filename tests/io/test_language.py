"""Language identification: other languages are refused by name; English that quotes them is not."""

from __future__ import annotations

import pytest
from language_samples import FRENCH, GERMAN, SPANISH, URDU

from flashpoint.io.language import detect_language, judge_language, language_name, sample_text

PASHTO = "د پاکستان او افغانستان ترمنځ په استانبول کې خبرې اترې ناکامې شوې او پوله لا هم تړلې ده."
ENGLISH_QUOTING = (
    'PESHAWAR: Elders of the Khyber jirga chanted "Zulm band karo" and "Pakhtunkhwa zindabad" on Tuesday. '
    'Defence Minister Khawaja Asif said: "ہم جواب دیں گے" (we will respond), after the talks in Istanbul '
    'collapsed, according to Dawn. Taliban spokesman Zabihullah Mujahid called it "د دښمنۍ خبرې".'
)
ENGLISH_NAMES = (
    "Tolo News reported Mawlawi Abdul Kabir and Mullah Yaqoob met in Kandahar with Sirajuddin Haqqani, "
    "Amir Khan Muttaqi and Zabihullah Mujahid."
)


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [(URDU, "ur", "Urdu"), (FRENCH, "fr", "French"), (GERMAN, "de", "German"), (SPANISH, "es", "Spanish")],
)
def test_other_languages_are_named(text: str, code: str, name: str) -> None:
    verdict = judge_language(text)
    assert verdict.english is False
    assert verdict.code == code
    assert verdict.probability >= 0.9
    assert verdict.describe().startswith(f"{name} ({code}, p=")
    assert detect_language(text)[0] == code


def test_pashto_in_arabic_script_is_not_english() -> None:
    verdict = judge_language(PASHTO)
    assert verdict.english is False
    assert verdict.latin_share < 0.1


@pytest.mark.parametrize(
    "text",
    [
        ENGLISH_QUOTING,
        ENGLISH_NAMES,
        "Torkham border closed. Traders stranded.",
        "BREAKING: PAKISTAN AIRSTRIKES HIT PAKTIKA, TALIBAN SAYS 10 CIVILIANS KILLED",
        "ISLAMABAD, Oct 27 (Reuters) - Talks collapse",
    ],
)
def test_english_with_foreign_words_names_or_little_text_passes(text: str) -> None:
    assert judge_language(text).english is not False


def test_too_little_text_is_not_judged() -> None:
    assert judge_language("Bonjour à tous").english is None
    assert judge_language("ہم جواب دیں گے").english is None


def test_long_text_is_sampled_in_windows() -> None:
    text = "x" * 10_000
    sample = sample_text(text)
    assert len(sample) < 3_000
    assert sample_text("short text") == "short text"


def test_a_long_english_article_with_a_foreign_paragraph_passes() -> None:
    english = (
        "Pakistan said on Sunday that it had closed the Chaman crossing after an exchange of fire with "
        "Afghan forces, and officials in Quetta said the closure would last until further notice. "
    ) * 30
    assert judge_language(english + URDU + english).english is True


def test_language_names_come_from_iso_639() -> None:
    assert language_name("ur") == "Urdu"
    assert language_name("sw") == "Swahili"  # "(macrolanguage)" is dropped
    assert language_name("pcm") == "Nigerian Pidgin"
    assert language_name("zz") == "zz"
