"""Dictionary mentions: longest match, case rules for names and titles, capitals in datelines, offsets."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pytest

from flashpoint.actors.directory import SurfaceForm, default_directory
from flashpoint.annotate.analyzer import Analyzer
from flashpoint.annotate.mentions import Candidate, Lexicon, MentionMatcher, Reading, by_sentence
from flashpoint.geo.gazetteer import default_gazetteer
from flashpoint.records import Sentence

Analyze = Callable[..., tuple[Sentence, ...]]
Find = Callable[[str], list[Candidate]]


@pytest.fixture(scope="session")
def matcher(analyzer: Analyzer) -> MentionMatcher:
    """The matcher over the bundled directory and gazetteer, as the pipeline builds it."""
    return MentionMatcher(analyzer.nlp, Lexicon(default_directory(), default_gazetteer()))


def _candidates(matcher: MentionMatcher, analyze: Analyze, text: str) -> list[Candidate]:
    out = [c for s in analyze(text, parse=False, ner=False) for c in matcher.candidates(s)]
    for c in out:
        assert text[c.start : c.end] == c.text, c
    return out


@pytest.fixture
def find(matcher: MentionMatcher, analyze: Analyze) -> Find:
    """``find(text)``: every candidate of the text (offsets checked)."""
    return lambda text: _candidates(matcher, analyze, text)


def by_text(cands: list[Candidate], text: str) -> Candidate:
    found = [c for c in cands if c.text == text]
    assert len(found) == 1, f"{text!r} in {[c.text for c in cands]}"
    return found[0]


# -- a small lexicon of our own, to test the mechanism apart from the data -----------------------------------


class FakeDirectory:
    def __init__(self, forms: Iterable[SurfaceForm]) -> None:
        self.forms = list(forms)

    def surface_forms(self) -> Iterable[SurfaceForm]:
        return self.forms

    def forms_for(self, text: str) -> tuple[SurfaceForm, ...]:
        return tuple(
            f for f in self.forms if f.text == text or (not f.case_sensitive and f.text == text.lower())
        )


@dataclass
class FakeGazetteer:
    names: dict[str, str]

    def surface_forms(self) -> Iterable[tuple[str, str]]:
        return self.names.items()

    def candidates(self, text: str) -> list[str]:
        return [self.names[text]] if text in self.names else []


FAKE_FORMS = [
    SurfaceForm("Pakistan", "PAK", "country", True),
    SurfaceForm("Tehreek-e-Taliban Pakistan", "ttp", "entry", True),
    SurfaceForm("Taliban", "taliban", "entry", True),
    SurfaceForm("Pakistani Taliban", "ttp", "entry", True),
    SurfaceForm("Pakistani", "PAK", "demonym", True),
    SurfaceForm("interior minister", "interior_minister", "title", False),
    SurfaceForm("minister", "minister", "title", False),
    SurfaceForm("Islamabad", "PAK", "capital", True),
]


@pytest.fixture(scope="session")
def fake_matcher(analyzer: Analyzer) -> MentionMatcher:
    gazetteer = FakeGazetteer(
        {"Islamabad": "g:islamabad", "Bajaur": "g:bajaur", "Mohmand Agency": "g:mohmand"}
    )
    return MentionMatcher(analyzer.nlp, Lexicon(FakeDirectory(FAKE_FORMS), gazetteer))


@pytest.fixture
def fake_find(fake_matcher: MentionMatcher, analyze: Analyze) -> Find:
    return lambda text: _candidates(fake_matcher, analyze, text)


def test_longest_match_wins_with_a_lexicon_of_our_own(fake_find: Find) -> None:
    cands = fake_find("The Tehreek-e-Taliban Pakistan and the Pakistani Taliban are one group.")
    assert [c.text for c in cands] == ["Tehreek-e-Taliban Pakistan", "Pakistani Taliban"]
    assert [r.target for c in cands for r in c.readings] == ["ttp", "ttp"]


def test_a_longer_title_wins_over_its_last_word(fake_find: Find) -> None:
    cands = fake_find("The interior minister met the minister of state.")
    assert [(c.text, c.readings[0].target) for c in cands] == [
        ("interior minister", "interior_minister"),
        ("minister", "minister"),
    ]


def test_readings_of_the_directory_and_the_gazetteer_are_merged(fake_find: Find) -> None:
    c = by_text(fake_find("Islamabad and Bajaur were named."), "Islamabad")
    assert c.kinds() == {"capital", "place"}
    assert c.first("capital") == Reading("capital", "PAK")
    assert c.first("place") == Reading("place", "Islamabad")
    assert c.first("entry") is None
    assert not c.ambiguous


def test_multiword_gazetteer_names_match(fake_find: Find) -> None:
    cands = fake_find("Curfew was imposed in Mohmand Agency and Bajaur.")
    assert [c.text for c in cands] == ["Mohmand Agency", "Bajaur"]
    assert all(c.kinds() == {"place"} for c in cands)


def test_names_are_case_sensitive_with_a_lexicon_of_our_own(fake_find: Find) -> None:
    assert fake_find("the taliban and pakistan were not named in capitals") == []


def test_titles_match_in_any_case_with_a_lexicon_of_our_own(fake_find: Find) -> None:
    cands = fake_find("The Interior Minister, the INTERIOR MINISTER and the interior minister met.")
    assert [c.text for c in cands] == ["Interior Minister", "INTERIOR MINISTER", "interior minister"]
    assert {c.readings for c in cands} == {(Reading("title", "interior_minister"),)}


# -- the bundled dictionaries --------------------------------------------------------------------------------


def test_longest_match_wins(find: Find) -> None:
    text = (
        "The Tehreek-e-Taliban Pakistan claimed the attack, Pakistan's Inter-Services Public Relations said."
    )
    cands = find(text)
    ttp = by_text(cands, "Tehreek-e-Taliban Pakistan")
    assert ttp.kinds() == {"entry"}
    assert ttp.first("entry") == Reading("entry", "ttp")
    assert [c.start for c in cands if c.text == "Pakistan"] == [text.index("Pakistan's")]
    assert by_text(cands, "Inter-Services Public Relations").first("entry") is not None


@pytest.mark.parametrize(
    ("text", "span", "kind"),
    [
        ("The Islamic Emirate of Afghanistan rejected the claim.", "Islamic Emirate of Afghanistan", "entry"),
        ("The Pakistan-Afghanistan border was closed on Sunday.", "Pakistan-Afghanistan border", "place"),
        ("Afghan Taliban leaders met in Kandahar.", "Afghan Taliban", "entry"),
        ("Traffic through the Torkham border crossing resumed.", "Torkham border crossing", "place"),
    ],
)
def test_a_longer_name_hides_the_names_inside_it(find: Find, text: str, span: str, kind: str) -> None:
    cands = find(text)
    c = by_text(cands, span)
    assert kind in c.kinds()
    inner = [d for d in cands if c.start <= d.start < c.end and d is not c]
    assert inner == []


def test_names_match_case_sensitively(find: Find) -> None:
    text = "Asif and asif; Kabul and kabul; Torkham and torkham."
    cands = find(text)
    assert [c.text for c in cands] == ["Asif", "Kabul", "Torkham"]
    assert by_text(cands, "Asif").first("short_form") == Reading("short_form", "khawaja-asif")
    assert by_text(cands, "Kabul").kinds() >= {"capital", "place"}


@pytest.mark.parametrize(
    "title", ["defence minister", "Defence Minister", "DEFENCE MINISTER", "Defence minister"]
)
def test_titles_match_in_any_case(find: Find, title: str) -> None:
    c = by_text(find(f"Pakistan's {title} spoke on Saturday."), title)
    assert c.first("title") == Reading("title", "defence_minister")


@pytest.mark.parametrize("noun", ["troops", "Troops", "TROOPS", "refugees", "Refugees"])
def test_people_nouns_match_in_any_case(find: Find, noun: str) -> None:
    c = by_text(find(f"Afghan {noun} gathered near the crossing."), noun)
    assert c.first("title") is not None


@pytest.mark.parametrize(
    ("dateline", "kind", "target"),
    [
        ("ISLAMABAD", "capital", "PAK"),
        ("KABUL", "capital", "AFG"),
        ("DOHA", "capital", "QAT"),
        ("PESHAWAR", "place", "Peshawar"),
        ("QUETTA", "place", "Quetta"),
    ],
)
def test_all_caps_datelines_are_looked_up_in_title_case(
    find: Find, dateline: str, kind: str, target: str
) -> None:
    text = f"{dateline}, Oct 26 (Reuters) - Officials said the crossing would stay shut."
    c = by_text(find(text), dateline)
    assert (c.start, c.end) == (0, len(dateline))
    assert Reading(kind, target) in c.readings


def test_acronyms_in_capitals_keep_their_own_reading(find: Find) -> None:
    cands = find("The ISPR said TTP fighters attacked a post.")
    assert by_text(cands, "TTP").first("entry") == Reading("entry", "ttp")
    assert by_text(cands, "ISPR").first("entry") is not None


def test_multiword_all_caps_dateline(find: Find) -> None:
    c = by_text(find("NEW DELHI, Oct 26 (Reuters) - India said it was watching."), "NEW DELHI")
    assert c.start == 0


def test_candidates_are_in_text_order_and_never_overlap(find: Find) -> None:
    text = (
        "KABUL, Oct 26 (Reuters) - Afghanistan's Taliban government said Pakistani drones struck Paktika "
        "province, and Zabihullah Mujahid told reporters that the Pakistani Taliban were not in Afghanistan."
    )
    cands = find(text)
    assert [c.start for c in cands] == sorted(c.start for c in cands)
    for a, b in itertools.pairwise(cands):
        assert a.end <= b.start
    assert [c.text for c in cands if c.first("entry")] == [
        "Reuters",
        "Taliban",
        "Zabihullah Mujahid",
        "Pakistani Taliban",
    ]


def test_by_sentence_groups_candidates(find: Find) -> None:
    cands = find("Kabul rejected the claim. Islamabad said the talks were over. Nothing else was said.")
    groups = by_sentence(cands)
    assert {k: [c.text for c in v] for k, v in groups.items()} == {0: ["Kabul"], 1: ["Islamabad"]}
    assert all(c.sentence == k for k, v in groups.items() for c in v)
