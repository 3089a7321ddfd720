"""Evidence offsets: every item of a document result slices the text it claims (``text[start:end]``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.annotate.registry import Services
from flashpoint.codec import result_json
from flashpoint.io.readers import SUPPORTED_SUFFIXES
from flashpoint.records import DocumentResult, Failure, Mention
from flashpoint.settings import Settings
from flashpoint.workflows.extract import extract_paths, extract_text

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (ROOT / "tests" / "fixtures" / "articles", ROOT / "samples")
PUBLISHED = dt.date(2025, 10, 25)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def offset_services() -> Services:
    # Generated texts are English news prose, but a short one may be judged too uncertain: do not refuse it.
    return Services(Settings(require_english=False))


# -- what an offset check looks at ------------------------------------------------------------------


def spans(result: DocumentResult) -> Iterator[tuple[str, int, int, str]]:
    """``(what, start, end, claimed text)`` for every evidence span of a result."""
    for a in result.actors:
        for m in a.mentions:
            yield f"actor {a.name}", m.start, m.end, m.text
    for p in result.places:
        for m in p.mentions:
            yield f"place {p.name}", m.start, m.end, m.text
    for q in result.quotes:
        yield f"quote {q.id}", q.start, q.end, q.text
        for label, mention in (("speaker", q.speaker_mention), ("cue", q.cue_mention)):
            if mention is not None:
                yield f"quote {q.id} {label}", mention.start, mention.end, mention.text
    for t in result.timexes:
        yield "timex", t.start, t.end, t.text
    for n in result.quantities:
        yield "quantity", n.start, n.end, n.text
    for e in result.events:
        yield f"event {e.id}", e.start, e.end, e.event_text
        yield f"event {e.id} trigger", e.trigger.start, e.trigger.end, e.trigger.text
        if e.place is not None:
            yield f"event {e.id} place", e.place.start, e.place.end, e.place.text
        for q in e.size:
            yield f"event {e.id} size", q.start, q.end, q.text


def json_spans(data: dict[str, Any]) -> Iterator[tuple[str, int, int, str]]:
    """The same spans read from the JSON form (the contract), so the codec cannot shift them."""
    for e in data["entities"]:
        for m in e["mentions"]:
            yield f"{e['kind']} {e['name']}", m["start"], m["end"], m["text"]
    for q in data["quotes"]:
        yield f"quote {q['id']}", q["start"], q["end"], q["text"]
        for key in ("speaker_mention", "cue_mention"):
            if q[key] is not None:
                yield f"quote {q['id']} {key}", q[key]["start"], q[key]["end"], q[key]["text"]
    for key in ("timexes", "quantities"):
        for item in data[key]:
            yield key, item["start"], item["end"], item["text"]
    for e in data["events"]:
        info = e["text_info"]
        yield f"event {e['id']}", info["start"], info["end"], e["event_text"]
        yield f"event {e['id']} trigger", e["trigger"]["start"], e["trigger"]["end"], e["trigger"]["text"]
        if e["event_loc"] is not None:
            loc = e["event_loc"]
            yield f"event {e['id']} place", loc["start"], loc["end"], loc["text"]
        for q in e["size_detail"]:
            yield f"event {e['id']} size", q["start"], q["end"], q["text"]


def bad_offsets(text: str, items: Iterator[tuple[str, int, int, str]]) -> list[str]:
    bad = []
    for what, start, end, claimed in items:
        if not (0 <= start <= end <= len(text)) or text[start:end] != claimed:
            bad.append(f"{what}: [{start}:{end}] is {text[start:end]!r}, claims {claimed!r}")
    return bad


def assert_offsets(result: DocumentResult) -> None:
    text = result.article.text
    assert bad_offsets(text, spans(result)) == []
    assert bad_offsets(text, json_spans(result_json(result))) == []


# -- generated news-like texts ----------------------------------------------------------------------

NAMES = [
    "Khawaja Asif",
    "Zabihullah Mujahid",
    "Mullah Mohammad Yaqoob",
    "Ishaq Dar",
    "Hakan Fidan",
    "Mevlüt Çavuşoğlu",
    "Enayatullah Khwarazmi",
    "Amina Idris",
    "Sher Afzal Khan",
    "Abdul Ghani Baradar",
]
TITLES = [
    "Defence Minister",
    "Taliban spokesman",
    "Pakistan's foreign minister",
    "the Afghan defence minister",
    "a senior Pakistani security official,",
    "Turkish Foreign Minister",
    "Qatar’s minister of state",
    "the ISPR’s director general",
]
SUBJECTS = [
    "Islamabad",
    "Kabul",
    "The foreign ministry",
    "The Taliban government",
    "Pakistan’s military",
    "The spokesman",
    "Afghan officials",
    "UNHCR",
]
PLACES = [
    "Torkham",
    "Chaman",
    "Spin Boldak",
    "Kabul",
    "Peshawar",
    "Khost",
    "Paktika",
    "Kurram",
    "Doha",
    "Istanbul",
    "Quetta",
    "North Waziristan",
    "Türkiye",
]
DATES = [
    "on Saturday",
    "last week",
    "on Oct. 12",
    "on 9 October 2025",
    "two days ago",
    "since 2021",
    "between Oct. 12 and 15",
    "yesterday evening",
    "earlier this month",
    "in January",
    "on Thursday night",
]
COUNTS = [
    "at least 12",
    "more than 40",
    "dozens of",
    "hundreds of",
    "five",
    "23",
    "between 20 and 30",
    "more than two million",
    "several",
    "1,200",
    "a dozen",
]
PEOPLE = ["civilians", "soldiers", "Afghan refugees", "militants", "people", "children", "border guards"]
FATES = ["were killed", "were wounded", "were arrested", "were deported", "were stranded", "died"]
QUOTES = [
    "We will respond to any aggression",
    "The border will remain closed until further notice",
    "This is an internal matter of Pakistan",
    "Talks have failed — there is nothing more to say",
    "Our patience has limits…",
    "They call it ‘self-defence’, we call it aggression",
    "No one should test us",
    "We want peace, but not at any price",
]
MARKS = [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»")]
CUES = ["said", "told Reuters", "wrote on X", "added", "warned", "said in a televised address"]
SPACES = [" ", " ", " ", "\u00a0"]

pick = st.sampled_from


@st.composite
def quoted(draw: st.DrawFn) -> str:
    opening, closing = draw(pick(MARKS))
    return f"{opening}{draw(pick(QUOTES))}{closing}"


@st.composite
def sentence(draw: st.DrawFn) -> str:
    name, title, place, date = draw(pick(NAMES)), draw(pick(TITLES)), draw(pick(PLACES)), draw(pick(DATES))
    subject, cue = draw(pick(SUBJECTS)), draw(pick(CUES))
    opening, closing = draw(pick(MARKS))
    words = draw(pick(QUOTES))
    count, people, fate = draw(pick(COUNTS)), draw(pick(PEOPLE)), draw(pick(FATES))
    templates = [
        f"{title} {name} {cue} {date} that {count} {people} {fate} near {place}.",
        f"{opening}{words},{closing} {name} {cue}.",
        f"{opening}{words},{closing} {cue} {title} {name} {date}.",
        f"{name}, {title} {cue}: {opening}{words}.{closing}",
        f"{count.capitalize()} {people} {fate} in {place} {date}, officials said.",
        f"{subject} rejected the claims {date}, calling them {opening}baseless{closing}.",
        f"{subject} said {count} {people} {fate} in {place} — a figure {name} disputed.",
        f"According to {name}, the crossing at {place} has been shut {date} (officials say {count} {people} "
        f"{fate}).",
        f"{place.upper()}, {date.removeprefix('on ')} – {subject} {cue} {opening}{words}{closing} 🇵🇰.",
        f"{subject} accused {draw(pick(SUBJECTS))} of shelling {place} {date}, killing {count} {people}.",
        f"{name} and {draw(pick(NAMES))} will meet in {place} {date} to discuss the ceasefire.",
    ]
    return draw(pick(templates))


@st.composite
def article(draw: st.DrawFn) -> str:
    headline = f"{draw(pick(SUBJECTS))} {draw(pick(['warns', 'denies', 'says']))} {draw(quoted())}"
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        sents = draw(st.lists(sentence(), min_size=1, max_size=4))
        paragraphs.append(draw(pick(SPACES)).join(sents))
    return headline + "\n\n" + "\n\n".join(paragraphs) + draw(pick(["", "\n", "  \n"]))


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=article())
def test_generated_texts_offsets_slice_their_text(offset_services: Services, text: str) -> None:
    result = extract_text(
        text, settings=offset_services.settings, published=PUBLISHED, services=offset_services
    )
    assert result.article.text == text  # offsets are into the text as given
    assert_offsets(result)


def test_generated_texts_yield_items_of_every_layer(offset_services: Services) -> None:
    """A guard against a vacuous property: the templates do produce every kind of span."""
    text = (
        "Islamabad warns “No one should test us”\n\n"
        "Defence Minister Khawaja Asif said on Saturday that at least 12 soldiers were killed near Torkham. "
        "“We will respond to any aggression,” Khawaja Asif told Reuters."
    )
    result = extract_text(
        text, settings=offset_services.settings, published=PUBLISHED, services=offset_services
    )
    kinds = {what.split()[0] for what, *_ in spans(result)}
    assert {"actor", "place", "quote", "timex", "quantity", "event"} <= kinds
    assert any(e.place is not None and e.size for e in result.events)
    assert any(q.speaker_mention is not None and q.cue_mention is not None for q in result.quotes)
    assert_offsets(result)


def test_a_shifted_span_is_caught() -> None:
    """The checker itself: a mention one character off is reported."""
    text = "Kabul rejected the claims."
    good = Mention("Kabul", 0, 5)
    shifted = Mention("Kabul", 1, 6)
    assert bad_offsets(text, iter([("actor", good.start, good.end, good.text)])) == []
    assert bad_offsets(text, iter([("actor", shifted.start, shifted.end, shifted.text)])) != []
    assert bad_offsets(text, iter([("actor", 20, 40, "x")])) != []


# -- the team's articles ----------------------------------------------------------------------------


def corpus_files() -> list[Path]:
    return sorted(p for folder in CORPORA for p in folder.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES)


@pytest.fixture(scope="session")
def corpus_results(offset_services: Services) -> dict[str, list[DocumentResult | Failure]]:
    by_file: dict[str, list[DocumentResult | Failure]] = {}
    for out in extract_paths(corpus_files(), settings=offset_services.settings, services=offset_services):
        source = out.source.split("#")[0] if isinstance(out, Failure) else out.article.path
        by_file.setdefault(str(source), []).append(out)
    return by_file


def test_corpus_is_there() -> None:
    names = {p.name for p in corpus_files()}
    assert len(names) >= 15
    assert {".txt", ".html", ".json", ".jsonl"} <= {Path(n).suffix for n in names}


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_article_offsets_slice_their_text(
    corpus_results: dict[str, list[DocumentResult | Failure]], path: Path
) -> None:
    outs = corpus_results.get(str(path), [])
    assert outs, f"no result for {path.name}"
    for out in outs:
        assert not isinstance(out, Failure), out
        assert out.actors
        assert out.timexes
        assert_offsets(out)
