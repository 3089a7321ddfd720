"""People counts: numbers, qualifiers, vague counts, casualty types, and what is not a count of people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.annotate.quantities import find_quantities, load_lexicon, needs_parse, parse_lexicon
from flashpoint.errors import ResourceError
from flashpoint.records import Quantity, Sentence

Analyze = Callable[..., tuple[Sentence, ...]]

Expected = tuple[str, int | None, int | None, str, str | None]

#: sentence -> the counts it holds, as (text, low, high, type, qualifier), in order
CASES: list[tuple[str, list[Expected]]] = [
    # exact numbers, digits and words
    ("Five soldiers were killed in the attack.", [("Five soldiers", 5, 5, "dead", None)]),
    ("Militants killed 12 policemen in Bannu.", [("12 policemen", 12, 12, "dead", None)]),
    ("The raid left 2,000 people homeless.", [("2,000 people", 2000, 2000, "displaced", None)]),
    (
        "The blast killed twenty-three people in the market.",
        [("twenty-three people", 23, 23, "dead", None)],
    ),
    ("Police arrested a dozen suspects overnight.", [("a dozen suspects", 12, 12, "arrested", None)]),
    (
        "Officials said two million Afghans have been deported.",
        [("two million Afghans", 2000000, 2000000, "displaced", None)],
    ),
    (
        "About 1.2 million refugees remain in the country.",
        [("About 1.2 million refugees", 1200000, 1200000, "displaced", "about")],
    ),
    ("Some 2.3m Afghans were sent back.", [("Some 2.3m Afghans", 2300000, 2300000, "displaced", "about")]),
    (
        "Two hundred and fifty people fled the village.",
        [("Two hundred and fifty people", 250, 250, "displaced", None)],
    ),
    (
        "Nearly 2 lakh Afghans were repatriated.",
        [("Nearly 2 lakh Afghans", None, 199999, "displaced", "nearly")],
    ),
    (
        "The 1,000 Afghans stranded at Torkham were sent back.",
        [("1,000 Afghans", 1000, 1000, "displaced", None)],
    ),
    # qualifiers
    ("At least 12 soldiers were killed.", [("At least 12 soldiers", 12, None, "dead", "at least")]),
    ("No fewer than 30 civilians died.", [("No fewer than 30 civilians", 30, None, "dead", "at least")]),
    ("A minimum of 8 workers were injured.", [("A minimum of 8 workers", 8, None, "injured", "at least")]),
    ("More than 40 people were wounded.", [("More than 40 people", 41, None, "injured", "more than")]),
    ("Over 40 militants were arrested.", [("Over 40 militants", 41, None, "arrested", "more than")]),
    ("Police killed over 40 militants.", [("over 40 militants", 41, None, "dead", "more than")]),
    # the particle of a phrasal verb is no qualifier
    ("The rebels handed over three prisoners.", [("three prisoners", 3, 3, "other", None)]),
    ("Nearly 40 people died in the floods.", [("Nearly 40 people", None, 39, "dead", "nearly")]),
    ("Almost 40 villagers were displaced.", [("Almost 40 villagers", None, 39, "displaced", "nearly")]),
    ("Close to 40 fighters were killed.", [("Close to 40 fighters", None, 39, "dead", "nearly")]),
    ("Just under 40 students were hurt.", [("Just under 40 students", None, 39, "injured", "nearly")]),
    ("Up to 40 passengers were injured.", [("Up to 40 passengers", None, 40, "injured", "up to")]),
    ("As many as 40 migrants died at sea.", [("As many as 40 migrants", None, 40, "dead", "up to")]),
    ("About 50 residents fled the fighting.", [("About 50 residents", 50, 50, "displaced", "about")]),
    ("Around 50 people were detained.", [("Around 50 people", 50, 50, "arrested", "about")]),
    ("Roughly 50 soldiers were captured.", [("Roughly 50 soldiers", 50, 50, "arrested", "about")]),
    ("An estimated 50 civilians were killed.", [("An estimated 50 civilians", 50, 50, "dead", "about")]),
    ("Approximately 50 troops were wounded.", [("Approximately 50 troops", 50, 50, "injured", "about")]),
    (
        "More than two million Afghans have been deported.",
        [("More than two million Afghans", 2000001, None, "displaced", "more than")],
    ),
    (
        "Nearly 1.5 million Afghans have returned since 2023.",
        [("Nearly 1.5 million Afghans", None, 1499999, "displaced", "nearly")],
    ),
    ("More than a dozen people were hurt.", [("More than a dozen people", 13, None, "injured", "more than")]),
    # ranges
    ("Between 20 and 30 soldiers were killed.", [("Between 20 and 30 soldiers", 20, 30, "dead", "between")]),
    ("Officials said 20 to 30 militants were killed.", [("20 to 30 militants", 20, 30, "dead", "between")]),
    ("Between 20-30 people were injured.", [("Between 20-30 people", 20, 30, "injured", "between")]),
    ("Two or three civilians were wounded.", [("Two or three civilians", 2, 3, "injured", "between")]),
    # vague counts
    ("Dozens of people were killed in the blast.", [("Dozens of people", 24, None, "dead", "vague")]),
    ("Scores of protesters were arrested.", [("Scores of protesters", 40, None, "arrested", "vague")]),
    ("Hundreds of residents fled.", [("Hundreds of residents", 200, None, "displaced", "vague")]),
    ("Thousands of Afghans were deported.", [("Thousands of Afghans", 2000, None, "displaced", "vague")]),
    (
        "Tens of thousands of people fled their homes.",
        [("Tens of thousands of people", 20000, None, "displaced", "vague")],
    ),
    (
        "Hundreds of thousands of refugees were expelled.",
        [("Hundreds of thousands of refugees", 200000, None, "displaced", "vague")],
    ),
    ("Millions of Afghans face hunger.", [("Millions of Afghans", 2000000, None, "other", "vague")]),
    ("Several soldiers were hurt.", [("Several soldiers", 3, None, "injured", "vague")]),
    ("A few militants were captured.", [("A few militants", 2, None, "arrested", "vague")]),
    (
        "A handful of police officers were injured.",
        [("A handful of police officers", 2, None, "injured", "vague")],
    ),
    (
        "Several hundred migrants were stranded.",
        [("Several hundred migrants", 300, None, "displaced", "vague")],
    ),
    ("Dozens were wounded.", [("Dozens", 24, None, "injured", "vague")]),
    # bare counts governed by a casualty word
    (
        "Gunmen killed 12 and injured 30 in the attack.",
        [("12", 12, 12, "dead", None), ("30", 30, 30, "injured", None)],
    ),
    (
        "The attack killed 12, injuring 30.",
        [("12", 12, 12, "dead", None), ("30", 30, 30, "injured", None)],
    ),
    ("Officials said 12 were killed.", [("12", 12, 12, "dead", None)]),
    ("Seven died on the way to hospital.", [("Seven", 7, 7, "dead", None)]),
    ("The death toll rose to 23 on Sunday.", [("23", 23, 23, "dead", None)]),
    ("The death toll stood at 12.", [("12", 12, 12, "dead", None)]),
    ("The toll rose from 12 to 23 overnight.", [("23", 23, 23, "dead", None)]),
    ("Clashes left 23 dead.", [("23", 23, 23, "dead", None)]),
    (
        "At least 40 dead and scores injured.",
        [("At least 40", 40, None, "dead", "at least"), ("scores", 40, None, "injured", "vague")],
    ),
    ("Three of them were taken into custody.", [("Three of them", 3, 3, "arrested", None)]),
    (
        "The clashes left at least 23 Pakistani soldiers dead.",
        [("at least 23 Pakistani soldiers", 23, None, "dead", "at least")],
    ),
    # singular counts
    ("A soldier was killed in the clash.", [("A soldier", 1, 1, "dead", None)]),
    ("A 12-year-old boy was killed by shelling.", [("A 12-year-old boy", 1, 1, "dead", None)]),
    (
        "A policeman was martyred and two others were injured.",
        [("A policeman", 1, 1, "dead", None), ("two others", 2, 2, "injured", None)],
    ),
    ("One civilian died in the shelling.", [("One civilian", 1, 1, "dead", None)]),
    # types from nouns and from the clause
    ("The strikes caused 23 deaths.", [("23 deaths", 23, 23, "dead", None)]),
    ("The fighting caused 40 casualties.", [("40 casualties", 40, 40, "other", None)]),
    ("The blast claimed 16 lives.", [("16 lives", 16, 16, "dead", None)]),
    (
        "Pakistan hosts about 3 million Afghan refugees.",
        [("about 3 million Afghan refugees", 3000000, 3000000, "displaced", "about")],
    ),
    (
        "Over 2,000 people crossed the border on Friday.",
        [("Over 2,000 people", 2001, None, "other", "more than")],
    ),
    (
        "Twelve people, including 3 children, were killed.",
        [("Twelve people", 12, 12, "dead", None), ("3 children", 3, 3, "dead", None)],
    ),
    (
        "More than 50 people were injured, 10 of them critically.",
        [("More than 50 people", 51, None, "injured", "more than"), ("10 of them", 10, 10, "injured", None)],
    ),
    (
        "Two soldiers and three civilians were killed in cross-border fire.",
        [("Two soldiers", 2, 2, "dead", None), ("three civilians", 3, 3, "dead", None)],
    ),
    (
        "Police detained 15 suspects after the blast killed four people.",
        [("15 suspects", 15, 15, "arrested", None), ("four people", 4, 4, "dead", None)],
    ),
    (
        "Three soldiers were killed and 12 militants were later arrested.",
        [("Three soldiers", 3, 3, "dead", None), ("12 militants", 12, 12, "arrested", None)],
    ),
    ("Security forces neutralised 19 terrorists.", [("19 terrorists", 19, 19, "dead", None)]),
    ("1,000 Afghans were deported on Saturday.", [("1,000 Afghans", 1000, 1000, "displaced", None)]),
    ("Seven militants were sentenced to death.", [("Seven militants", 7, 7, "other", None)]),
    # the subject of an active casualty verb is the agent, not the victim
    (
        "Two gunmen killed a policeman in Peshawar.",
        [("Two gunmen", 2, 2, "other", None), ("a policeman", 1, 1, "dead", None)],
    ),
    ("A Taliban spokesman said a man was arrested.", [("a man", 1, 1, "arrested", None)]),
    ("Shelling killed or wounded 50 people.", [("50 people", 50, 50, "other", None)]),
    (
        "Up to 100 protesters gathered in the city where 24 people were killed last year.",
        [("Up to 100 protesters", None, 100, "other", "up to"), ("24 people", 24, 24, "dead", None)],
    ),
    (
        "Pakistan has expelled more than 800,000 Afghans since late 2023, including 160,000 this year.",
        [
            ("more than 800,000 Afghans", 800001, None, "displaced", "more than"),
            ("160,000", 160000, 160000, "displaced", None),
        ],
    ),
]

#: sentences with numbers that count no people
NEGATIVES = [
    "The talks began on October 12 in Istanbul.",
    "In 2021 Taliban fighters seized Kabul.",
    "Since 2022, Pakistan has tightened its border.",
    "A 12-year-old ceasefire collapsed.",
    "Inflation rose 12% last year and 12 percent in the cities.",
    "The project costs $12 million and Rs 500 million.",
    "The 2,600-kilometre border is fenced.",
    "Nearly 2,000 kilometres of the border is fenced.",
    "The 9/11 attacks changed the region.",
    "Three rounds of talks failed to produce a deal.",
    "Pakistan closed two crossings for 48 hours.",
    "Under Article 51 of the charter, Pakistan may respond.",
    "One of the largest crossings was closed.",
    "The meeting started at 10:30 and ended at 12 p.m.",
    "Call 0300 1234567 for details.",
    "The soldier said one civilian was a witness.",
    "A spokesman said the talks would resume.",
    "He was aged 45 when he took office in 2021.",
    "Torkham has been closed for 12 days, leaving thousands of trucks stranded.",
    "Pakistan Closes Two Crossings As Talks Collapse In Istanbul",
    "The Taliban's 1996-2001 rule ended.",
    "The 11-member delegation met at 3 a.m. on 9 October.",
    "The two countries share a 2,600km border.",
    "Around 80 percent of those deported were women and children.",
    "Dozens of trucks and hundreds of containers were stuck at Chaman.",
    "The commission, a body linked to the UN, met in Geneva.",
    "Ahmad, 35, was arrested at the border.",
    "Qatar and Turkey mediated two rounds, and a third was planned for next week.",
]


def _found(analyze: Analyze, text: str, parse: bool) -> list[Quantity]:
    return [q for s in analyze(text, parse=parse, ner=parse) for q in find_quantities(s)]


def _as_tuples(found: list[Quantity]) -> list[Expected]:
    return [(q.text, q.low, q.high, q.type, q.qualifier) for q in found]


@pytest.mark.slow
@pytest.mark.parametrize("parse", [True, False], ids=["parsed", "tagged"])
@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_counts(analyze: Analyze, text: str, expected: list[Expected], parse: bool) -> None:
    found = _found(analyze, text, parse)
    assert _as_tuples(found) == expected
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.sentence == 0


@pytest.mark.slow
@pytest.mark.parametrize("parse", [True, False], ids=["parsed", "tagged"])
@pytest.mark.parametrize("text", NEGATIVES, ids=[t[:40] for t in NEGATIVES])
def test_not_counts_of_people(analyze: Analyze, text: str, parse: bool) -> None:
    assert _found(analyze, text, parse) == []


@pytest.mark.slow
def test_offsets_and_sentence_index_in_a_longer_text(analyze: Analyze) -> None:
    text = (
        "KABUL, Oct 26 (Reuters) - Talks in Istanbul collapsed on Saturday.\n\n"
        "Pakistan said at least 23 soldiers were killed. The Taliban said nine Afghan troops died.\n"
        "More than 1,000 Afghans were deported from Karachi, officials said."
    )
    sentences = analyze(text)
    found = [q for s in sentences for q in find_quantities(s)]
    assert [(q.text, q.type) for q in found] == [
        ("at least 23 soldiers", "dead"),
        ("nine Afghan troops", "dead"),
        ("More than 1,000 Afghans", "displaced"),
    ]
    assert all(text[q.start : q.end] == q.text for q in found)
    by_sentence = {s.index: s for s in sentences}
    for q in found:
        s = by_sentence[q.sentence]
        assert s.start <= q.start < q.end <= s.end


# -- property: offsets slice the text for generated sentences ---------------------------------------------

_NUMBERS = st.sampled_from(
    [
        ("12", 12),
        ("2,000", 2000),
        ("five", 5),
        ("twenty-three", 23),
        ("1.5 million", 1500000),
        ("a dozen", 12),
    ]
)
_QUALIFIERS = st.sampled_from(["", "at least ", "more than ", "nearly ", "up to ", "about "])
_NOUNS = st.sampled_from(["people", "soldiers", "civilians", "Afghans", "police officers", "children"])
_VERBS = st.sampled_from(
    [
        ("were killed", "dead"),
        ("were wounded", "injured"),
        ("were arrested", "arrested"),
        ("fled", "displaced"),
    ]
)
_PREFIXES = st.sampled_from(["", "Officials said ", "On Sunday, ", "In Kabul, the ministry said "])


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(_PREFIXES, _QUALIFIERS, _NUMBERS, _NOUNS, _VERBS, st.booleans())
def test_generated_counts_slice_the_text(
    analyze: Analyze,
    prefix: str,
    qualifier: str,
    number: tuple[str, int],
    noun: str,
    verb: tuple[str, str],
    parse: bool,
) -> None:
    phrase = f"{qualifier}{number[0]} {noun}"
    text = f"Background first. {prefix}{phrase} {verb[0]} near the border."
    if not prefix:
        text = f"Background first. {phrase[0].upper()}{phrase[1:]} {verb[0]} near the border."
    found = _found(analyze, text, parse)
    assert len(found) == 1
    q = found[0]
    assert text[q.start : q.end] == q.text
    assert q.text.lower() == phrase.lower()
    assert q.type == verb[1]
    assert q.sentence == 1
    assert (
        number[1] in {q.low, q.high}
        or (q.low is not None and q.low == number[1] + 1)
        or (q.high is not None and q.high == number[1] - 1)
    )


_WORDS = st.sampled_from(
    [
        "12",
        "2,000",
        "1.5",
        "million",
        "a",
        "an",
        "one",
        "of",
        "the",
        "them",
        "twenty",
        "-",
        "three",
        "and",
        "between",
        "to",
        "at",
        "least",
        "more",
        "than",
        "nearly",
        "up",
        "dozens",
        "hundreds",
        "thousands",
        "several",
        "few",
        "soldiers",
        "soldier",
        "Afghans",
        "people",
        "killed",
        "were",
        "died",
        "injuring",
        "toll",
        "rose",
        "from",
        "including",
        ",",
        ".",
        "2021",
        "October",
        "year",
        "old",
        "%",
        "$",
        "Article",
    ]
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=25), st.booleans())
def test_any_word_salad_gives_well_formed_counts(analyze: Analyze, words: list[str], parse: bool) -> None:
    text = " ".join(words)
    for q in _found(analyze, text, parse):
        assert text[q.start : q.end] == q.text
        assert q.low is not None or q.high is not None
        assert q.low is None or q.high is None or q.low <= q.high
        assert q.low is None or q.low >= 0


# -- needs_parse --------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "At least 12 soldiers were killed.",
        "Dozens were wounded in the blast.",
        "Militants killed five.",
        "More than 1,000 Afghans were deported.",
    ],
)
def test_needs_parse_for_casualty_sentences(analyze: Analyze, text: str) -> None:
    assert all(needs_parse(s) for s in analyze(text, parse=False, ner=False))


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The talks collapsed after the mediators left.",
        "Soldiers were killed in the attack.",
        "Pakistan and Afghanistan agreed to a ceasefire in Doha.",
    ],
)
def test_no_parse_without_numbers(analyze: Analyze, text: str) -> None:
    assert not any(needs_parse(s) for s in analyze(text, parse=False, ner=False))


# -- the lexicon ------------------------------------------------------------------------------------------


def test_lexicon_loads_once_and_is_consistent() -> None:
    lex = load_lexicon()
    assert load_lexicon() is lex
    assert lex.units["five"] == 5
    assert lex.scales["million"] == 1_000_000
    assert lex.qualifiers[("at", "least")].bound == "min"
    assert {"soldiers", "refugees", "people"} <= lex.people
    assert lex.default_type["refugees"] == "displaced"
    # every typed noun is a people noun
    assert set(lex.default_type) <= lex.people
    assert set(lex.fixed_type) <= lex.people


def _minimal_lexicon(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "numbers": {"units": {"one": 1}, "tens": {}, "scales": {}, "abbreviations": {}, "articles": ["a"]},
        "vague": {"words": {}, "plurals": {}},
        "qualifiers": [{"label": "at least", "bound": "min", "phrases": ["at least"]}],
        "ranges": {"openers": [], "joiners": [], "change_verbs": []},
        "people": {"nouns": ["people"], "default_type": {}, "fixed_type": {}},
        "triggers": {"dead": ["killed"]},
        "not_triggers": {"phrases": []},
        "triggers_agentive": {"verbs": ["killed"]},
        "links": {"after": [], "before": [], "nested": [], "toll_verbs": []},
        "window": {"barriers": []},
        "not_counts": {
            "before": [],
            "after": [],
            "year_min": 1900,
            "year_max": 2100,
            "year_before": [],
            "months": [],
            "time_words": [],
            "one_of": [],
        },
    }
    data.update(changes)
    return data


def test_minimal_lexicon_builds() -> None:
    lex = parse_lexicon(_minimal_lexicon())
    assert lex.trigger_words == {"killed"}


@pytest.mark.parametrize(
    "changes",
    [
        {"triggers": {"exploded": ["blew up"]}},
        {"qualifiers": [{"label": "x", "bound": "sideways", "phrases": ["x"]}]},
        {"numbers": {"units": {"one": "1"}, "tens": {}, "scales": {}, "abbreviations": {}, "articles": []}},
        {"window": {"barriers": "but"}},
        {"people": {"nouns": ["people"]}},
        {"not_counts": {}},
    ],
)
def test_malformed_lexicon_is_a_resource_error(changes: dict[str, Any]) -> None:
    with pytest.raises(ResourceError):
        parse_lexicon(_minimal_lexicon(**changes))
