"""Date expressions: found with exact offsets, normalised against the publication date, never invented."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.annotate.timex_grammar import load_lexicon
from flashpoint.annotate.timexes import (
    DateSpec,
    TimexCandidate,
    detect_timexes,
    find_timexes,
    infer_published,
    normalise_timexes,
)
from flashpoint.records import Timex

WED = dt.date(2025, 10, 29)  # a Wednesday
SUN = dt.date(2025, 10, 26)  # a Sunday
JAN = dt.date(2026, 1, 5)  # a Monday in January: "last month" and "December 30" fall in the year before
D = dt.date.fromisoformat


def the(text: str, published: dt.date | None, expression: str) -> Timex:
    """The one timex of ``text`` whose text is ``expression``."""
    found = [t for t in find_timexes(text, published) if t.text == expression]
    assert len(found) == 1, (expression, [t.text for t in find_timexes(text, published)])
    return found[0]


#: publication | sentence with the [expression] | value | precision | first..last day | kind
#: ("=": the value's day; "2025-10-11..10-20": the last day in the same year as the first)
CASES = """
# explicit dates
WED | Talks began on [September 14, 2025] in Doha. | 2025-09-14 | day | = | point
WED | Talks began on [14 September 2025]. | 2025-09-14 | day | = | point
WED | Talks began on [Sept. 14, 2025]. | 2025-09-14 | day | = | point
WED | It was signed on [the 14th of September]. | 2025-09-14 | day | = | point
WED | Data as of [2025-10-21] show a rise. | 2025-10-21 | day | = | point
WED | The notice dated [29/10/2025] was read out. | 2025-10-29 | day | = | point
WED | The notice dated [03/04/2025] was read out. | 2025-04-03 | day | = | point
WED | The notice dated [10/29/2025] was read out. | 2025-10-29 | day | = | point
WED | Deportations surged in [September 2025]. | 2025-09 | month | 2025-09-01..09-30 | point
WED | The group was founded in [2007]. | 2007 | year | 2007-01-01..12-31 | point
WED | The Durand Line was drawn in [1893]. | 1893 | year | 1893-01-01..12-31 | point
WED | Since the [2021] takeover, ties have soured. | 2021 | year | 2021-01-01..12-31 | point
WED | It was the deadliest attack of [the year 2024]. | 2024 | year | 2024-01-01..12-31 | point
WED | The [2024-25] budget cut trade. | 2024 | year | 2024-01-01..2025-12-31 | range
# parts of a period
WED | Clashes erupted in [mid-October]. | 2025-10 | month | 2025-10-11..10-20 | point
WED | The truce was agreed in [early October]. | 2025-10 | month | 2025-10-01..10-10 | point
WED | Fighting flared in [late 2024]. | 2024 | year | 2024-09-01..12-31 | point
WED | He left at [the end of September]. | 2025-09 | month | 2025-09-21..09-30 | point
WED | Talks resume [the first week of November]. | 2025-11 | month | 2025-11-01..11-07 | point
WED | The plan covers [the second half of 2025]. | 2025 | year | 2025-07-01..12-31 | point
WED | Aid fell sharply in [mid-2024]. | 2024 | year | 2024-05-01..08-31 | point
# yearless dates: the most recent not after publication, the next one in a forward-looking clause
WED | The border was closed on [August 30]. | 2025-08-30 | day | = | point
WED | Police said on [Oct. 12] that two men died. | 2025-10-12 | day | = | point
WED | The envoys met in [December]. | 2024-12 | month | 2024-12-01..12-31 | point
WED | The two sides will meet on [November 6]. | 2025-11-06 | day | = | point
WED | The talks, scheduled for [Nov. 6], were moved. | 2025-11-06 | day | = | point
WED | The deadline is [October 31] for all Afghans. | 2025-10-31 | day | = | point
WED | The ministers met [last October]. | 2024-10 | month | 2024-10-01..10-31 | point
WED | Elections are due [next March]. | 2026-03 | month | 2026-03-01..03-31 | point
JAN | The strike took place on [December 30]. | 2025-12-30 | day | = | point
JAN | The border reopened on [January 2]. | 2026-01-02 | day | = | point
# weekdays
WED | Talks collapsed on [Saturday]. | 2025-10-25 | day | = | point
WED | [Saturday]'s talks collapsed. | 2025-10-25 | day | = | point
WED | Shelling began late on [Sunday]. | 2025-10-26 | day | = | point
WED | A drone struck on [Tuesday morning]. | 2025-10-28 | day | = | point
WED | Officials met on [Wednesday]. | 2025-10-29 | day | = | point
WED | Pakistan will respond on [Saturday]. | 2025-11-01 | day | = | point
WED | The envoys are expected to meet on [Wednesday]. | 2025-11-05 | day | = | point
WED | On [Thursday], the delegations will meet. | 2025-10-30 | day | = | point
WED | He spoke [last Wednesday]. | 2025-10-22 | day | = | point
WED | They meet [next Monday]. | 2025-11-03 | day | = | point
SUN | Talks resumed on [Sunday]. | 2025-10-26 | day | = | point
# relative to the publication date
WED | The army said [today] that it had retaliated. | 2025-10-29 | day | = | point
WED | The strike hit [tonight]. | 2025-10-29 | day | = | point
WED | The ministry said [this morning] it was ready. | 2025-10-29 | day | = | point
WED | Three soldiers died [yesterday]. | 2025-10-28 | day | = | point
WED | Envoys met [yesterday morning]. | 2025-10-28 | day | = | point
WED | Shots were fired [last night]. | 2025-10-28 | day | = | point
WED | It began [the day before yesterday]. | 2025-10-27 | day | = | point
WED | Talks resume [tomorrow]. | 2025-10-30 | day | = | point
WED | The crossing closed [two days ago]. | 2025-10-27 | day | = | duration_ago
WED | The crossing closed [48 hours ago]. | 2025-10-27 | day | = | duration_ago
WED | The talks began [three weeks ago]. | 2025-W41 | week | 2025-10-06..10-12 | duration_ago
WED | The ceasefire began [a month ago]. | 2025-09 | month | 2025-09-01..09-30 | duration_ago
WED | The Taliban seized power [a decade ago]. | 2015 | year | 2015-01-01..12-31 | duration_ago
WED | Clashes broke out [last week]. | 2025-W43 | week | 2025-10-20..10-26 | point
WED | Clashes broke out [this week]. | 2025-W44 | week | 2025-10-27..11-02 | point
WED | Talks resume [next week]. | 2025-W45 | week | 2025-11-03..11-09 | point
WED | Talks stalled [earlier this week]. | 2025-W44 | week | 2025-10-27..10-29 | point
WED | Trade fell [last month]. | 2025-09 | month | 2025-09-01..09-30 | point
WED | Trade fell [earlier this month]. | 2025-10 | month | 2025-10-01..10-29 | point
WED | Trade rose [this month]. | 2025-10 | month | 2025-10-01..10-31 | point
WED | Trade may rise [next month]. | 2025-11 | month | 2025-11-01..11-30 | point
WED | Trade fell [last year]. | 2024 | year | 2024-01-01..12-31 | point
WED | Trade fell [this year]. | 2025 | year | 2025-01-01..12-31 | point
WED | Trade may recover [next year]. | 2026 | year | 2026-01-01..12-31 | point
WED | Trade fell [earlier this year]. | 2025 | year | 2025-01-01..10-29 | point
WED | It is due by [the end of the month]. | 2025-10 | month | 2025-10-21..10-31 | point
WED | Clashes went on over [the weekend]. | 2025-W43 | week | 2025-10-25..10-26 | point
WED | Clashes went on [last weekend]. | 2025-W43 | week | 2025-10-25..10-26 | point
SUN | Clashes went on [last weekend]. | 2025-W42 | week | 2025-10-18..10-19 | point
JAN | Trade fell [last month]. | 2025-12 | month | 2025-12-01..12-31 | point
JAN | Trade fell [last year]. | 2025 | year | 2025-01-01..12-31 | point
JAN | Clashes broke out [last week]. | 2026-W01 | week | 2025-12-29..2026-01-04 | point
# since / until / ranges
WED | Over a million were deported [since 2022]. | 2022 | year | 2022-01-01..2025-10-29 | since
WED | It has been shut [since October 2023]. | 2023-10 | month | 2023-10-01..2025-10-29 | since
WED | Exports fell [since the start of the year]. | 2025-01 | month | 2025-01-01..10-29 | since
WED | The crossing has been shut [since Saturday]. | 2025-10-25 | day | 2025-10-25..10-29 | since
WED | The talks ran from [October 9 to 11]. | 2025-10-09 | day | 2025-10-09..10-11 | range
WED | Talks ran between [October 9 and 11]. | 2025-10-09 | day | 2025-10-09..10-11 | range
WED | The talks ran [October 9-10] in Doha. | 2025-10-09 | day | 2025-10-09..10-10 | range
WED | Talks ran [9–11 October 2025]. | 2025-10-09 | day | 2025-10-09..10-11 | range
WED | Talks ran [October 30 to November 2]. | 2025-10-30 | day | 2025-10-30..11-02 | range
JAN | Talks ran from [Dec 30 to Jan 2]. | 2025-12-30 | day | 2025-12-30..2026-01-02 | range
WED | Talks ran from [Monday to Wednesday]. | 2025-10-27 | day | 2025-10-27..10-29 | range
WED | Deportations ran between [2020 and 2022]. | 2020 | year | 2020-01-01..2022-12-31 | range
WED | The border will stay shut [until Friday]. | 2025-10-31 | day | 2025-10-29..10-31 | until
WED | The border stayed shut [until Friday], when it reopened. | 2025-10-24 | day | = | until
WED | Visas last [till the end of the month]. | 2025-10 | month | 2025-10-21..10-31 | until
WED | The ban will last [through December]. | 2025-12 | month | 2025-10-29..12-31 | until
WED | Schools would remain closed [until Wednesday]. | 2025-11-05 | day | 2025-10-29..11-05 | until
WED | The next round will be held on [Saturday]. | 2025-11-01 | day | = | point
WED | They agreed in Istanbul to meet again on [Thursday]. | 2025-10-30 | day | = | point
WED | They agreed to a truce on [Sunday]. | 2025-10-26 | day | = | point
WED | Aid will be cut by [the end of the year]. | 2025-12 | month | 2025-12-01..12-31 | point
"""
PUBLISHED = {"WED": WED, "SUN": SUN, "JAN": JAN}


def _cases() -> list[tuple[str, ...]]:
    rows = [line for line in CASES.strip().splitlines() if not line.startswith("#")]
    return [tuple(cell.strip() for cell in row.split("|")) for row in rows]


@pytest.mark.parametrize(("pub", "marked", "value", "precision", "days", "kind"), _cases())
def test_cases(pub: str, marked: str, value: str, precision: str, days: str, kind: str) -> None:
    sentence = marked.replace("[", "").replace("]", "")
    expression = marked[marked.index("[") + 1 : marked.index("]")]
    t = the(sentence, PUBLISHED[pub], expression)
    assert t.start == marked.index("[")
    lo, _, hi = days.partition("..")
    first, last = (D(value), D(value)) if days == "=" else (D(lo), D(hi if len(hi) == 10 else lo[:5] + hi))
    assert (t.value, t.precision, t.range_start, t.range_end, t.kind) == (value, precision, first, last, kind)


def test_anchored_says_whether_the_value_needed_the_publication_date() -> None:
    text = "On September 14, 2025 and on Saturday and since 2022 and on August 30."
    got = {t.text: t.anchored for t in find_timexes(text, WED)}
    assert got == {"September 14, 2025": False, "Saturday": True, "since 2022": False, "August 30": True}


def test_same_weekday_as_publication_is_the_publication_day_or_a_week_later() -> None:
    assert the("Officials met on Wednesday.", WED, "Wednesday").value == "2025-10-29"
    assert the("Officials will meet on Wednesday.", WED, "Wednesday").value == "2025-11-05"
    assert the("They met last Wednesday.", WED, "last Wednesday").value == "2025-10-22"


def test_the_nearest_cue_decides_the_direction() -> None:
    text = "Pakistan, which will host the talks, said on Monday it was ready."
    assert the(text, WED, "Monday").value == "2025-10-27"
    text = "Officials said the delegations will meet on Monday."
    assert the(text, WED, "Monday").value == "2025-11-03"


def test_a_cue_in_the_previous_sentence_does_not_count() -> None:
    text = "Talks will resume. The army struck on Friday."
    assert the(text, WED, "Friday").value == "2025-10-24"


def test_and_pairs_are_two_points_unless_between() -> None:
    text = "Drones struck on Oct. 11 and 12, officials said."
    got = [(t.text, t.value, t.kind) for t in find_timexes(text, WED)]
    assert got == [("Oct. 11", "2025-10-11", "point"), ("12", "2025-10-12", "point")]
    (t,) = find_timexes("Drones struck between Oct. 11 and 12.", WED)
    assert (t.text, t.kind, t.range_start, t.range_end) == (
        "Oct. 11 and 12",
        "range",
        D("2025-10-11"),
        D("2025-10-12"),
    )
    assert [t.text for t in find_timexes("It happened on October 9 and 11 people died.", WED)] == [
        "October 9"
    ]


def test_reference_dates_count_from_the_previous_date() -> None:
    text = "The clashes began on October 12. The previous day, envoys met. Two days later, talks resumed."
    got = {t.text: t.value for t in find_timexes(text, WED)}
    assert got == {
        "October 12": "2025-10-12",
        "The previous day": "2025-10-11",
        "Two days later": "2025-10-13",
    }
    # no earlier date: backward references count from publication, forward ones stay open
    got = {
        t.text: t.value for t in find_timexes("The day before, envoys met. A day later, talks began.", WED)
    }
    assert got == {"The day before": "2025-10-28", "A day later": "2025-10-29"}
    assert [t.value for t in find_timexes("A day later, talks began.", WED)] == [None]


def test_earlier_in_the_week_is_the_week_of_the_story() -> None:
    text = "The fighting began late on Saturday, after air strikes earlier in the week."
    got = {t.text: (t.value, t.range_start, t.range_end) for t in find_timexes(text, WED)}
    assert got["earlier in the week"] == ("2025-W43", D("2025-10-20"), D("2025-10-25"))
    t = the("Air strikes hit Kabul earlier in the week.", WED, "earlier in the week")
    assert (t.value, t.range_start, t.range_end) == ("2025-W44", D("2025-10-27"), D("2025-10-29"))


def test_the_day_before_an_event_is_not_a_date() -> None:
    assert find_timexes("Envoys met the day before the talks opened.", WED) == ()


@pytest.mark.parametrize(
    "text",
    [
        "The blast happened at 3 pm local time.",
        "The truce will last for two weeks.",
        "A 48-hour ceasefire was agreed.",
        "The victim, aged 25, was a 25-year-old driver.",
        "More than 2,000 people crossed a 1,600 km border.",
        "The 9/11 attacks changed the region.",
        "COVID-19 closed the crossing.",
        "Pakistan won the match 3-2 after scoring 10:30 into the game.",
        "Officials counted 2025 people at the camp.",
        "It cost $2025 and 1.5 million rupees.",
        "The Aurat March drew thousands.",
        "Black Friday sales fell. The Friday Times reported it.",
        "It may rain; they march on.",
        "Losses mounted in recent weeks and in the past few days.",
        "Security Council resolution 2593 was cited.",
        "In the 1990s, the border was open.",
        "The crossing stayed closed until further notice.",
    ],
)
def test_non_dates_are_not_emitted(text: str) -> None:
    assert find_timexes(text, WED) == ()


def test_without_publication_date_only_explicit_dates_get_values() -> None:
    text = "On September 14, 2025, and on Saturday, and last week, and on August 30, and since 2022."
    got = {t.text: (t.value, t.precision, t.anchored, t.range_start) for t in find_timexes(text, None)}
    assert got["September 14, 2025"] == ("2025-09-14", "day", False, D("2025-09-14"))
    assert got["Saturday"] == (None, None, True, None)
    assert got["last week"] == (None, None, True, None)
    assert got["August 30"] == (None, None, True, None)
    since = the(text, None, "since 2022")
    assert (since.value, since.range_start, since.range_end) == ("2022", D("2022-01-01"), D("2022-12-31"))


def test_leading_preposition_is_left_out_but_since_and_until_are_kept() -> None:
    text = "On Saturday, in 2024 and since 2022, until Friday, from 2019 to 2021, late on Sunday."
    assert [(t.text, t.kind) for t in find_timexes(text, WED)] == [
        ("Saturday", "point"),
        ("2024", "point"),
        ("since 2022", "since"),
        ("until Friday", "until"),
        ("2019 to 2021", "range"),
        ("Sunday", "point"),
    ]


def test_offsets_are_exact_on_unicode_text() -> None:
    text = (
        "Ḥaqqānī 🚀 — “Talks”: Oct.\u00a026 · 14\u2009September\u00a02025 — أفغانستان since 2022 — 2025‑10 "
    )
    found = find_timexes(text, WED)
    assert [t.text for t in found] == ["Oct.\u00a026", "14\u2009September\u00a02025", "since 2022"]
    assert all(text[t.start : t.end] == t.text for t in found)


def test_longest_expression_wins() -> None:
    text = "The envoy arrived on Saturday, October 25, 2025 for the talks."
    assert [t.text for t in find_timexes(text, WED)] == ["Saturday, October 25, 2025"]


def test_candidates_carry_structure_before_anchoring() -> None:
    (c,) = detect_timexes("They will meet on November 6.")
    assert c == TimexCandidate(
        18, 28, "November 6", "point", DateSpec("calendar", month=11, day=6), None, True
    )
    (t,) = normalise_timexes([c], WED, "They will meet on November 6.")
    assert t.value == "2025-11-06"


def test_normalise_refuses_candidates_of_another_text() -> None:
    (c,) = detect_timexes("They met on November 6.")
    with pytest.raises(ValueError, match="does not slice"):
        normalise_timexes([c], WED, "Something else entirely.")


# -- the publication date ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "reason"),
    [
        (
            "Talks collapse\nISLAMABAD, Oct 26 (Reuters) - Pakistan said talks held in May 2025 failed.",
            "2025-10-26",
            "inferred from the dateline 'Oct 26' and the year 2025 in the text",
        ),
        (
            "KABUL, October 26, 2025 — The Taliban said on Saturday ...",
            "2025-10-26",
            "inferred from the dateline 'October 26, 2025'",
        ),
        (
            "Peshawar, Oct 26: Police said 12 died in 2025 so far.",
            "2025-10-26",
            "inferred from the dateline 'Oct 26'",
        ),
        (
            "Border reopens\nPublished on: 26 Oct 2025\nTraders cheered.\nUpdated: 27 Oct 2025",
            "2025-10-26",
            "read from the line 'Published on: 26 Oct 2025'",
        ),
        (
            "Border reopens\nUpdated: 27 Oct 2025 09:00 PKT\nTraders cheered.",
            "2025-10-27",
            "read from the line",
        ),
        ("Border reopens\nOctober 26, 2025 10:15 PKT\nTraders cheered.", "2025-10-26", "at the top"),
        (
            "Talks were held on October 19, 2025. The truce signed on October 25, 2025 held. "
            "The next round will be held on November 6, 2025.",
            "2025-10-25",
            "inferred from the latest date in the text, 'October 25, 2025'",
        ),
    ],
)
def test_infer_published(text: str, day: str, reason: str) -> None:
    got, why = infer_published(text, detect_timexes(text))
    assert got == D(day)
    assert reason in why


def test_yearless_dateline_year_fits_the_weekday_of_its_first_sentence() -> None:
    text = (
        "PARACHINAR, Pakistan, Oct 28 - Forces exchanged fire, officials said on Tuesday.\n\n"
        "Dozens were killed in fighting between November 2024 and January."
    )
    day, why = infer_published(text, detect_timexes(text))
    assert day == D("2025-10-28")  # a Tuesday; Oct 28, 2024 was a Monday
    assert why == (
        "inferred from the dateline 'Oct 28' in 2025: the text names 2024, and 2025 fits 'Tuesday' after it"
    )


def test_since_years_do_not_date_a_dateline() -> None:
    text = "PESHAWAR, Oct 21 (Reuters) - Officials said on Tuesday that a man who lived here since 1990 left."
    assert infer_published(text, detect_timexes(text)) == (
        None,
        "the date 'Oct 21' has no year and the text gives none",
    )


def test_infer_published_gives_up_with_a_reason() -> None:
    text = "KABUL, Oct 26 (AP) — no year is given anywhere."
    assert infer_published(text, detect_timexes(text)) == (
        None,
        "the date 'Oct 26' has no year and the text gives none",
    )
    text = "Nothing here is a date, though talks went on last week."
    got, why = infer_published(text, detect_timexes(text))
    assert got is None
    assert why == "no dateline, publication line or explicit date in the text"


def test_inferred_date_anchors_the_rest() -> None:
    text = "ISLAMABAD, Oct 26 (Reuters) - Talks held in 2025 collapsed on Saturday, officials said."
    candidates = detect_timexes(text)
    published, _ = infer_published(text, candidates)
    got = {t.text: t.value for t in normalise_timexes(candidates, published, text)}
    assert got == {"Oct 26": "2025-10-26", "2025": "2025", "Saturday": "2025-10-25"}


# -- the lexicon and the invariants ------------------------------------------------------------------


def test_long_texts_give_the_same_expressions_in_every_copy() -> None:
    paragraph = (
        "ISLAMABAD, Oct 26 (Reuters) - Pakistan said on Sunday that talks had failed, days after the "
        "ceasefire of October 19. The Torkham crossing, sealed since October 12, will reopen next week. "
        "More than 2,000 Afghans were deported since 2023, officials said over the weekend.\n\n"
    )
    one = find_timexes(paragraph, SUN)
    assert [t.text for t in one][:3] == ["Oct 26", "Sunday", "October 19"]
    assert len(one) == 7
    copies = 1500  # about 400,000 characters
    many = find_timexes(paragraph * copies, SUN)
    shifted = [
        replace(t, start=t.start + k * len(paragraph), end=t.end + k * len(paragraph))
        for k in range(copies)
        for t in one
    ]
    assert list(many) == shifted


def test_lexicon_is_complete() -> None:
    lex = load_lexicon()
    assert sorted(set(lex.months.values())) == list(range(1, 13))
    assert sorted(set(lex.weekdays.values())) == list(range(7))
    assert set(lex.part_phrases.values()) <= set(lex.month_parts) | set(lex.year_parts)


PHRASES = [
    "on Saturday",
    "since 2022",
    "Oct. 11 and 12",
    "from October 9 to 11",
    "between 2020 and 2022",
    "mid-October",
    "the day before",
    "two days ago",
    "last week",
    "September 14, 2025",
    "29/10/2025",
    "2024-25",
    "until Friday",
    "the end of the month",
    "will meet on November 6",
    "ISLAMABAD, Oct 26 (Reuters) -",
    "in March",
    "2,000",
    "9/11",
    "\n",
    "—",
    "laſt week",  # the long s and the Kelvin sign fold to "s" and "k" in Unicode case-insensitive matching
    "yeſterday",
    "the weeK before",
]


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=12)), max_size=14),
    published=st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))),
)
def test_offsets_slice_the_text_and_never_overlap(parts: list[str], published: dt.date | None) -> None:
    text = " ".join(parts)
    found = find_timexes(text, published)
    end = -1
    for t in found:
        assert text[t.start : t.end] == t.text
        assert t.start >= end
        end = t.end
        assert (t.value is None) == (t.precision is None) == (t.range_start is None) == (t.range_end is None)
        if t.range_start is not None and t.range_end is not None:
            assert t.range_start <= t.range_end
    _, why = infer_published(text, detect_timexes(text))
    assert why
