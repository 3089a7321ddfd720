"""Quotes and their attribution: quote marks, speakers, cues, outlets, media, groups and continuations."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.annotate.quotes import QuoteCandidate, find_quotes, load_lexicon, needs_parse, quote_spans
from flashpoint.records import Sentence

Analyze = Callable[..., tuple[Sentence, ...]]

PARSE = [pytest.param(True, id="parsed"), pytest.param(False, id="tagged")]


def _quotes(analyze: Analyze, text: str, parse: bool) -> list[QuoteCandidate]:
    return find_quotes(text, analyze(text, parse=parse, ner=parse))


def _one(quotes: list[QuoteCandidate], fragment: str) -> QuoteCandidate:
    found = [q for q in quotes if fragment in q.text]
    assert len(found) == 1, f"{fragment!r} in {[q.text for q in quotes]}"
    return found[0]


def _check(q: QuoteCandidate, text: str, expected: dict[str, Any]) -> None:
    assert text[q.start : q.end] == q.text
    got = {
        "text": q.text,
        "kind": q.kind,
        "speaker": q.speaker.text if q.speaker else None,
        "speaker_kind": q.speaker_kind,
        "appositive": q.speaker_appositive.text if q.speaker_appositive else None,
        "cue": q.cue,
        "outlet": q.outlet,
        "medium": q.medium,
        "date": q.date_mention.text if q.date_mention else None,
        "continues": q.continues,
    }
    for mention in (q.speaker, q.cue_mention, q.outlet_mention, q.date_mention, q.speaker_appositive):
        if mention is not None:
            assert text[mention.start : mention.end] == mention.text
    assert {k: got[k] for k in expected} == expected


#: (article, a fragment of the quote under test, the fields expected for it)
CASES: list[tuple[str, str, dict[str, Any]]] = [
    # "Q," X said. / "Q," said X. / X said: "Q" / X said "Q" / X said that "Q"
    (
        '"We will respond," Asif said.',
        "respond",
        {
            "text": "We will respond",
            "kind": "direct",
            "speaker": "Asif",
            "speaker_kind": "name",
            "cue": "said",
        },
    ),
    (
        '"We will respond to any attack," said Khawaja Asif.',
        "respond",
        {"kind": "direct", "speaker": "Khawaja Asif", "speaker_kind": "name", "cue": "said"},
    ),
    (
        'Khawaja Asif said: "We will respond to any attack."',
        "respond",
        {
            "text": "We will respond to any attack.",
            "kind": "direct",
            "speaker": "Khawaja Asif",
            "cue": "said",
        },
    ),
    (
        'Khawaja Asif said "Pakistan will respond to any attack."',
        "respond",
        {"kind": "direct", "speaker": "Khawaja Asif", "cue": "said"},
    ),
    (
        'Khawaja Asif said that "Pakistan will respond to any attack."',
        "respond",
        {"kind": "partial", "speaker": "Khawaja Asif", "cue": "said"},
    ),
    # a quote that spans sentences
    (
        '"The talks have failed. There is nothing left to discuss," Asif added.',
        "failed",
        {
            "text": "The talks have failed. There is nothing left to discuss",
            "speaker": "Asif",
            "cue": "added",
        },
    ),
    # outlets and media
    (
        '"The border will stay closed," a Pakistani official told Reuters.',
        "border",
        {"speaker": "a Pakistani official", "speaker_kind": "nominal", "cue": "told", "outlet": "Reuters"},
    ),
    (
        '"No decision has been taken," a senior official told Reuters on condition of anonymity.',
        "decision",
        {"speaker": "a senior official", "outlet": "Reuters", "medium": None, "date": None},
    ),
    (
        '"Pakistan will not tolerate attacks," the Foreign Office said in a statement.',
        "tolerate",
        {"speaker": "the Foreign Office", "cue": "said", "medium": "statement", "outlet": None},
    ),
    (
        '"Our forces are ready," Mujahid wrote on X.',
        "ready",
        {"speaker": "Mujahid", "cue": "wrote", "medium": "post on X"},
    ),
    (
        '"Peace is our priority," the ministry posted on X.',
        "Peace",
        {"speaker": "the ministry", "cue": "posted", "medium": "post on X"},
    ),
    (
        '"The strikes violated our airspace," Mujahid said in a post on X, formerly Twitter.',
        "airspace",
        {"speaker": "Mujahid", "cue": "said", "medium": "post on X"},
    ),
    (
        '"We will defend every inch of our land," Sharif said in a televised address.',
        "inch",
        {"speaker": "Sharif", "medium": "televised address"},
    ),
    (
        '"The talks are over," Asif said at a press conference in Islamabad.',
        "over",
        {"speaker": "Asif", "medium": "press conference", "outlet": None},
    ),
    (
        '"We have closed Torkham," the official told reporters.',
        "Torkham",
        {"speaker": "the official", "cue": "told", "outlet": None, "medium": None},
    ),
    (
        '"We are ready for talks," Mujahid told a news conference in Kabul.',
        "talks",
        {"speaker": "Mujahid", "cue": "told", "outlet": None, "medium": "press conference"},
    ),
    (
        '"Pakistan must stop the strikes," Muttaqi said in an interview with Al Jazeera.',
        "strikes",
        {"speaker": "Muttaqi", "outlet": "Al Jazeera", "medium": "interview"},
    ),
    (
        'Asif told Geo News in an interview: "The negotiations are over."',
        "negotiations",
        {"kind": "direct", "speaker": "Asif", "cue": "told", "outlet": "Geo News", "medium": "interview"},
    ),
    (
        '"We did not do it," Mujahid was quoted as saying by the state-run Bakhtar news agency.',
        "did not",
        {"speaker": "Mujahid", "cue": "quoted", "outlet": "the state-run Bakhtar news agency"},
    ),
    (
        '"The crossing will reopen on Monday," according to a TV channel.',
        "crossing",
        {"speaker": None, "cue": "according to", "outlet": "a TV channel"},
    ),
    (
        'According to Mujahid, "the ceasefire is holding."',
        "ceasefire",
        {"kind": "direct", "speaker": "Mujahid", "cue": "According to", "outlet": None},
    ),
    (
        '"The crossing is closed," Geo News reported.',
        "crossing",
        {"speaker": None, "cue": "reported", "outlet": "Geo News"},
    ),
    (
        '"We will retaliate," state media quoted Mujahid as saying.',
        "retaliate",
        {"speaker": "Mujahid", "outlet": "state media"},
    ),
    # dates in the attribution clause
    (
        '"We are ready," Mujahid said late on Saturday.',
        "ready",
        {"speaker": "Mujahid", "date": "late on Saturday"},
    ),
    (
        'Asif told reporters in Sialkot on Friday: "There is open war."',
        "open war",
        {"kind": "direct", "speaker": "Asif", "cue": "told", "date": "on Friday"},
    ),
    # pronoun, nominal, appositions, relative clauses
    (
        '"We will respond with full force," he added.',
        "force",
        {"speaker": "he", "speaker_kind": "pronoun", "cue": "added"},
    ),
    (
        '"The strikes were a violation of our sovereignty," the ministry said.',
        "violation",
        {"speaker": "the ministry", "speaker_kind": "nominal"},
    ),
    (
        '"The strikes killed civilians," said Zabihullah Mujahid, the Taliban\'s chief spokesman.',
        "civilians",
        {
            "speaker": "Zabihullah Mujahid",
            "appositive": "the Taliban's chief spokesman",
            "speaker_kind": "name",
        },
    ),
    (
        '"We will respond," Zabihullah Mujahid, the Taliban\'s chief spokesman, said on Sunday.',
        "respond",
        {"speaker": "Zabihullah Mujahid", "appositive": "the Taliban's chief spokesman", "date": "on Sunday"},
    ),
    (
        '"Talks are the only way," Pakistan\'s defence minister, Khawaja Asif, said.',
        "Talks",
        {"speaker": "Khawaja Asif", "appositive": "Pakistan's defence minister", "speaker_kind": "name"},
    ),
    (
        '"Open war is an option," Pakistan\'s defence minister Khawaja Asif said.',
        "Open war",
        {"speaker": "Pakistan's defence minister Khawaja Asif", "speaker_kind": "name", "appositive": None},
    ),
    (
        '"The army is on alert," a senior Taliban official, who asked not to be named, said.',
        "alert",
        {"speaker": "a senior Taliban official", "speaker_kind": "nominal"},
    ),
    (
        '"Why would we attack our brothers?" he asked.',
        "brothers",
        {"text": "Why would we attack our brothers?", "speaker": "he", "cue": "asked"},
    ),
    # partial quotes
    (
        'Islamabad dismissed the claims as "baseless".',
        "baseless",
        {"text": "baseless", "kind": "partial", "speaker": "Islamabad", "cue": "dismissed"},
    ),
    (
        'Mujahid called the strikes "a violation of sovereignty".',
        "violation",
        {"kind": "partial", "speaker": "Mujahid", "cue": "called"},
    ),
    (
        'Officials in Kabul distinguish between "good" and "bad" militants.',
        "good",
        {"kind": "partial", "speaker": None, "cue": None, "continues": False},
    ),
    (
        'The strikes were "a clear violation," the ministry said.',
        "clear",
        {"text": "a clear violation", "kind": "partial", "speaker": "the ministry", "cue": "said"},
    ),
    (
        'Mujahid said the Taliban would "not allow anyone to use Afghan soil" against Pakistan.',
        "Afghan soil",
        {"kind": "partial", "speaker": "Mujahid", "cue": "said"},
    ),
    (
        'Kabul wanted "a dignified solution" and would "not allow attacks from its soil", Mujahid wrote.',
        "dignified",
        {"kind": "partial", "speaker": "Mujahid", "cue": "wrote"},
    ),
    (
        "Pakistan says Afghan talks 'failed'",
        "failed",
        {"text": "failed", "kind": "partial", "speaker": "Pakistan", "cue": "says"},
    ),
    (
        'Pakistan and Afghanistan meet again as minister warns of "open war"',
        "open war",
        {"kind": "partial", "speaker": "minister", "cue": "warns"},
    ),
    (
        'UNAMA called on both sides to protect civilians and said it was "gravely concerned" by the reports.',
        "gravely",
        {"kind": "partial", "speaker": "UNAMA", "cue": "said"},
    ),
    # quote marks
    (
        "“We will respond,” Asif said.",
        "respond",
        {"text": "We will respond", "speaker": "Asif", "cue": "said"},
    ),
    (
        "‘We will respond,’ Asif said.",
        "respond",
        {"text": "We will respond", "speaker": "Asif", "cue": "said"},
    ),
    (
        "“They called it ‘a violation of sovereignty’,” Asif said.",
        "They called",
        {"text": "They called it ‘a violation of sovereignty’", "speaker": "Asif", "kind": "direct"},
    ),
    (
        "«We will respond», Asif said.",
        "respond",
        {"text": "We will respond", "speaker": "Asif"},
    ),
    (
        "‘The Afghans’ rights must be respected,’ the UN said.",
        "rights",
        {"text": "The Afghans’ rights must be respected", "speaker": "the UN"},
    ),
    (
        "\"Pakistan's army won't stop,\" he said.",
        "army",
        {"text": "Pakistan's army won't stop", "speaker": "he"},
    ),
    # headlines and live blogs
    (
        '21:40 - Asif: "The negotiations are over"',
        "negotiations",
        {"kind": "direct", "speaker": "Asif", "cue": None},
    ),
]


@pytest.mark.parametrize("parse", PARSE)
@pytest.mark.parametrize(("text", "fragment", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_attribution(
    analyze: Analyze, parse: bool, text: str, fragment: str, expected: dict[str, Any]
) -> None:
    quotes = _quotes(analyze, text, parse)
    _check(_one(quotes, fragment), text, expected)


@pytest.mark.parametrize("parse", PARSE)
def test_quoted_names_without_speaker_are_skipped(analyze: Analyze, parse: bool) -> None:
    text = (
        'Pakistan has fought the so-called "Islamic State" since the "Operation Azm-e-Istehkam" began. '
        'Mujahid called the plan "Operation Failure".'
    )
    quotes = _quotes(analyze, text, parse)
    assert len(quote_spans(text)) == 3
    (q,) = quotes
    _check(q, text, {"text": "Operation Failure", "kind": "partial", "speaker": "Mujahid", "cue": "called"})


@pytest.mark.parametrize("parse", PARSE)
def test_split_quote_is_one_group(analyze: Analyze, parse: bool) -> None:
    text = '"We want peace," Mujahid said, "but we will defend our soil."'
    first, second = _quotes(analyze, text, parse)
    assert (first.text, second.text) == ("We want peace", "but we will defend our soil.")
    assert first.group is not None
    assert first.group == second.group
    for q in (first, second):
        _check(q, text, {"speaker": "Mujahid", "cue": "said", "kind": "direct", "continues": False})


@pytest.mark.parametrize("parse", PARSE)
def test_separate_quotes_have_no_group(analyze: Analyze, parse: bool) -> None:
    text = '"We want peace," Mujahid said. "We will defend our soil," he added.'
    first, second = _quotes(analyze, text, parse)
    assert first.group is None
    assert second.group is None
    _check(second, text, {"speaker": "he", "cue": "added", "continues": False})


@pytest.mark.parametrize("parse", PARSE)
def test_participle_takes_the_main_subject(analyze: Analyze, parse: bool) -> None:
    text = '"We will respond," he said, adding: "Our patience has limits."'
    second = _one(_quotes(analyze, text, parse), "patience")
    _check(second, text, {"kind": "direct", "speaker": "he", "cue": "adding"})


@pytest.mark.parametrize("parse", PARSE)
def test_continuation_keeps_speaker_and_outlet(analyze: Analyze, parse: bool) -> None:
    text = '"The talks have failed," Asif told Geo News.\n\n"We gave them every chance."'
    quotes = _quotes(analyze, text, parse)
    _check(quotes[0], text, {"speaker": "Asif", "outlet": "Geo News", "continues": False})
    _check(quotes[1], text, {"speaker": "Asif", "cue": "told", "outlet": "Geo News", "continues": True})
    assert quotes[1].speaker == quotes[0].speaker


@pytest.mark.parametrize("parse", PARSE)
def test_continuation_of_reported_speech(analyze: Analyze, parse: bool) -> None:
    text = (
        "Defence Minister Khawaja Asif said the talks had failed.\n\n"
        '"We gave them every chance. They chose the militants."'
    )
    (q,) = _quotes(analyze, text, parse)
    _check(
        q,
        text,
        {"kind": "direct", "speaker": "Defence Minister Khawaja Asif", "cue": "said", "continues": True},
    )


@pytest.mark.parametrize("parse", PARSE)
def test_continuation_within_a_paragraph(analyze: Analyze, parse: bool) -> None:
    text = '"Verifiable action is needed," the official said. "Everything else is secondary."'
    second = _one(_quotes(analyze, text, parse), "secondary")
    _check(
        second, text, {"text": "Everything else is secondary.", "speaker": "the official", "continues": True}
    )


@pytest.mark.parametrize("parse", PARSE)
def test_no_antecedent_no_continuation(analyze: Analyze, parse: bool) -> None:
    text = 'The border was quiet on Sunday.\n\n"Everything else is secondary."'
    (q,) = _quotes(analyze, text, parse)
    _check(q, text, {"kind": "direct", "speaker": None, "cue": None, "continues": False})


@pytest.mark.parametrize("parse", PARSE)
def test_colon_at_the_end_of_the_previous_paragraph(analyze: Analyze, parse: bool) -> None:
    text = 'Mujahid said on Sunday:\n\n"We will not allow our soil to be used against anyone."'
    (q,) = _quotes(analyze, text, parse)
    _check(
        q,
        text,
        {"kind": "direct", "speaker": "Mujahid", "cue": "said", "date": "on Sunday", "continues": False},
    )


@pytest.mark.parametrize("parse", PARSE)
def test_outlet_carried_from_earlier_attribution_of_same_speaker(analyze: Analyze, parse: bool) -> None:
    text = (
        "A Pakistani security official who asked not to be named told Reuters that talks had stalled. "
        '"Everything else is secondary," the official said.'
    )
    (q,) = _quotes(analyze, text, parse)
    _check(q, text, {"speaker": "the official", "outlet": "Reuters", "continues": False})


@pytest.mark.parametrize("parse", PARSE)
def test_medium_carried_from_press_conference(analyze: Analyze, parse: bool) -> None:
    text = (
        "In Kabul, Taliban spokesman Zabihullah Mujahid told a press conference that nine fighters had died. "
        "He said the operations were a response to airstrikes.\n\n"
        '"Our forces are ready to defend the country," Mujahid said.'
    )
    (q,) = _quotes(analyze, text, parse)
    _check(q, text, {"speaker": "Mujahid", "medium": "press conference"})


@pytest.mark.parametrize("parse", PARSE)
def test_document_subject_takes_the_issuer(analyze: Analyze, parse: bool) -> None:
    text = (
        "The ministry said in a statement that the strikes were illegal. "
        '"Such acts will not go unanswered," the statement said.'
    )
    (q,) = _quotes(analyze, text, parse)
    _check(q, text, {"speaker": "The ministry", "medium": "statement", "cue": "said"})


@pytest.mark.parametrize("parse", PARSE)
def test_multi_paragraph_quote_convention(analyze: Analyze, parse: bool) -> None:
    text = (
        'Mujahid said in a statement: "We will not be intimidated by the strikes.\n\n'
        '"We will defend our people and our land."\n\nThe ministry declined to comment.'
    )
    first, second = _quotes(analyze, text, parse)
    assert first.text == "We will not be intimidated by the strikes."
    assert second.text == "We will defend our people and our land."
    assert first.group is not None
    assert first.group == second.group
    for q in (first, second):
        _check(q, text, {"kind": "direct", "speaker": "Mujahid", "medium": "statement", "continues": False})


@pytest.mark.parametrize("parse", PARSE)
def test_multi_paragraph_quote_without_attribution_continues(analyze: Analyze, parse: bool) -> None:
    text = (
        '"The attack was unprovoked," the army said. "Our forces responded in self-defence.\n\n'
        '"The people of Pakistan will not allow any aggression."'
    )
    quotes = _quotes(analyze, text, parse)
    assert [q.text for q in quotes] == [
        "The attack was unprovoked",
        "Our forces responded in self-defence.",
        "The people of Pakistan will not allow any aggression.",
    ]
    assert quotes[0].group is None
    assert quotes[1].group == quotes[2].group is not None
    for q in quotes[1:]:
        _check(q, text, {"speaker": "the army", "cue": "said", "continues": True})


@pytest.mark.parametrize("parse", PARSE)
def test_unbalanced_mark_stops_at_paragraph(analyze: Analyze, parse: bool) -> None:
    text = (
        'Asif said Pakistan would "respond with force.\n\n'
        'The Taliban denied the claims. "Talks will continue," Mujahid said.'
    )
    quotes = _quotes(analyze, text, parse)
    assert [q.text for q in quotes] == ["respond with force.", "Talks will continue"]
    _check(quotes[0], text, {"kind": "partial", "speaker": "Asif"})
    _check(quotes[1], text, {"speaker": "Mujahid", "continues": False})


@pytest.mark.parametrize("parse", PARSE)
def test_apostrophes_are_not_quotes(analyze: Analyze, parse: bool) -> None:
    text = (
        "Pakistan’s army said the Taliban’s fighters don’t respect the ceasefire. "
        "The Taliban' s spokesman said they'd rock 'n' roll like in the '90s and beat 'em. "
        "The Afghans’ rights matter, officials said."
    )
    assert quote_spans(text) == []
    assert _quotes(analyze, text, parse) == []


def test_quote_spans_marks() -> None:
    cases = {
        '"A," b "C."': ["A", "C."],
        "“A” and ‘B’ and «C» and ‹D›": ["A", "B", "C", "D"],
        "He said “they called it ‘unfair’ again”.": ["they called it ‘unfair’ again"],
        'A 12" gun fired.': [],
        'He said "" and "  ".': [],
        "Headline: Kabul says Pakistan 'violated' airspace": ["violated"],
        "He shouted 'Stop!' twice.": ["Stop!"],
        "(“Enough,” he said.)": ["Enough"],
        "He said—“no”—twice.": ["no"],
    }
    for text, expected in cases.items():
        assert [text[a:b] for a, b in quote_spans(text)] == expected, text


def test_quote_spans_across_paragraphs() -> None:
    text = '"First part.\n\n"Second part."\n\nNo quote here.\n\n"Open and never closed\n\nPlain.'
    assert [text[a:b] for a, b in quote_spans(text)] == [
        "First part.",
        "Second part.",
        "Open and never closed",
    ]
    # a straight single quote left open is an apostrophe, not a quote to the end of the paragraph
    assert quote_spans("The '90s and 'twas and 'tis were fine.\n\nNext.") == []


def test_wrapped_lines_do_not_break_a_quote() -> None:
    text = (
        'The minister said "the talks have failed and Pakistan will now consider all of its\n'
        'options including a military response" on Sunday.'
    )
    ((a, b),) = quote_spans(text)
    assert text[a:b].startswith("the talks")
    assert text[a:b].endswith("military response")


def test_needs_parse(analyze: Analyze) -> None:
    text = (
        "Officials said the border was closed.\n\n"
        "Trucks waited at Torkham.\n\n"
        "Mujahid said on Sunday:\n\n"
        '"We will respond."\n\n'
        "The Afghans’ rights matter."
    )
    sents = analyze(text, parse=False, ner=False)
    assert [needs_parse(s, text) for s in sents] == [False, False, True, True, True]
    # a speech verb right after a closing mark attributes that quote
    after = 'The talks failed. "Why?"\nHe asked that reporters wait.'
    last = analyze(after, parse=False, ner=False)[-1]
    assert last.text.startswith("He asked")
    assert needs_parse(last, after)


def test_lexicon_loads_every_inflection() -> None:
    lex = load_lexicon()
    for form in ("said", "says", "told", "wrote", "emphasised", "emphasized", "acknowledged", "according"):
        assert form in lex.cues or form == "according"
    assert lex.cues["dismissed"] == "judgement"
    assert lex.cues["reported"] == "report"
    assert next(label for label, _ in lex.media) == "post on X"
    assert lex.date_re.search("said late on Friday night") is not None


def test_without_sentences_quotes_are_still_found() -> None:
    text = '"We will respond," Asif said.'
    (q,) = find_quotes(text, [])
    assert (q.text, q.kind, q.speaker) == ("We will respond", "direct", None)


_ALPHABET = [*list("ab cd.,;:!?\n\"'“”‘’«»-"), "said", " he said", "Asif", " told Reuters", "\n\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=60).map("".join))
def test_quote_spans_properties(text: str) -> None:
    spans = quote_spans(text)
    for a, b in spans:
        assert 0 <= a < b <= len(text)
        assert text[a:b].strip() == text[a:b]
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join), st.booleans())
def test_find_quotes_properties(analyze: Analyze, text: str, parse: bool) -> None:
    quotes = find_quotes(text, analyze(text, parse=parse, ner=parse))
    assert {(q.start, q.end) for q in quotes} <= set(quote_spans(text))
    for q in quotes:
        assert text[q.start : q.end] == q.text
        for m in (q.speaker, q.cue_mention, q.outlet_mention, q.date_mention, q.speaker_appositive):
            assert m is None or text[m.start : m.end] == m.text
