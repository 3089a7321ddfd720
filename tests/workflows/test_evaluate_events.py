"""Event scoring: matching gold events to coded events, attribute accuracy, PLOVER primary events."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from flashpoint.annotate.registry import Services
from flashpoint.records import (
    AnnotatedDoc,
    Article,
    DocumentResult,
    EntityRef,
    Event,
    EventPlace,
    EventSize,
    EventStatus,
    Mention,
)
from flashpoint.workflows.evaluate import Report, evaluate_gold, score_document, summarise
from flashpoint.workflows.evaluate_events import (
    EventScore,
    GoldEvent,
    codes_agree,
    locate,
    match_events,
    rough_sentences,
    score_events,
)
from flashpoint.workflows.evaluate_plover import (
    GOLD_FILE,
    NO_EVENT,
    PloverEventScore,
    evaluate_plover,
    event_word_spans,
    gold_category,
    markup_spans,
    primary_event,
    score_plover_events,
)

SAMPLE_SENTENCES = (
    "Pakistan and Afghanistan held talks in Istanbul on Saturday.",
    "Pakistani jets struck Kabul, killing 12 people, and Kabul accused Islamabad of aggression.",
    "Asif warned that fighting would resume if the talks failed.",
    "Fighting has not resumed at Torkham.",
)
TEXT = " ".join(SAMPLE_SENTENCES)
SENTENCES = [(TEXT.index(x), TEXT.index(x) + len(x)) for x in SAMPLE_SENTENCES]


def test_the_sample_sentences_are_the_rough_split() -> None:
    assert rough_sentences(TEXT) == SENTENCES
    assert [TEXT[a:b].split()[0] for a, b in SENTENCES] == ["Pakistan", "Pakistani", "Asif", "Fighting"]


def mention(needle: str, occurrence: int = 1, text: str = TEXT) -> Mention:
    loc = locate(text, needle, occurrence)
    assert loc is not None, needle
    return Mention(needle, *loc)


def ref(code: str, sector: str = "GOV") -> EntityRef:
    return EntityRef(code, sector, code, None, None)


def event(
    category: str,
    trigger: str,
    occurrence: int = 1,
    *,
    actor: tuple[str, ...] = (),
    recipient: tuple[str, ...] = (),
    status: EventStatus = "asserted",
    mode: str | None = None,
    date: str | None = None,
    place: str | None = None,
    dead: int | None = None,
    text: str = TEXT,
) -> Event:
    m = mention(trigger, occurrence, text)
    where = None
    if place is not None:
        p = mention(place, 1, text)
        where = EventPlace("p1", place, p.text, p.start, p.end, None, None, None, "city")
    size = () if dead is None else (EventSize("dead", dead, None, None, str(dead), 0, 0),)
    return Event(
        id=f"e-{category}-{m.start}",
        category=category,
        mode=mode,
        contexts=(),
        actor=tuple(ref(c) for c in actor),
        recipient=tuple(ref(c) for c in recipient),
        status=status,
        claimant=(),
        trigger=m,
        pattern="test",
        sentence=0,
        start=m.start,
        end=m.end,
        event_text=m.text,
        date=date,
        date_precision="day" if date else None,
        date_source="sentence" if date else "none",
        place=where,
        size=size,
        source_outlets=(),
        quad_code=0,
        event_scale=0.0,
    )


def gold(category: str, trigger: str, occurrence: int = 1, **attrs: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "trigger": trigger,
        "occurrence": occurrence,
        "category": category,
        "mode": None,
        "actor": [],
        "recipient": [],
        "status": "asserted",
        "claimant": [],
        "date": None,
        "date_precision": None,
        "place": None,
        "dead": None,
        "injured": None,
    }
    return {**base, **attrs}


def scored(events: list[Event], gold_items: list[dict[str, Any]]) -> EventScore:
    score = EventScore()
    score_events(score, "doc.txt", TEXT, events, gold_items, SENTENCES)
    return score


# -- matching ------------------------------------------------------------------------------------------


def located(item: dict[str, Any]) -> GoldEvent:
    span = locate(TEXT, item["trigger"], item["occurrence"])
    assert span is not None
    sentence = next(i for i, (a, b) in enumerate(SENTENCES) if a <= span[0] < b)
    return GoldEvent(item, span, sentence)


def test_matching_is_one_to_one_by_sentence_and_category_overlap_first() -> None:
    struck, killing = event("ASSAULT", "struck"), event("ASSAULT", "killing")
    accused = event("ACCUSE", "accused")
    talks = event("CONSULT", "talks", 2)  # a CONSULT in another sentence than the gold one
    predicted = [(1, struck), (1, killing), (1, accused), (2, talks)]
    g = [
        located(gold("ASSAULT", "killing")),  # listed first, but "struck" must go to the gold "struck"
        located(gold("ASSAULT", "struck")),
        located(gold("ASSAULT", "Pakistani jets")),  # a third ASSAULT: no coded event is left for it
        located(gold("CONSULT", "talks")),
    ]
    assert match_events(g, predicted) == [(0, 1), (1, 0)]


def test_without_overlap_the_nearest_trigger_of_the_sentence_matches() -> None:
    struck, accused = event("ASSAULT", "struck"), event("ACCUSE", "accused")
    g = [located(gold("ASSAULT", "killing")), located(gold("ACCUSE", "aggression"))]
    assert match_events(g, [(1, struck), (1, accused)]) == [(0, 0), (1, 1)]
    # a wrong category never matches, even at the same trigger
    assert match_events([located(gold("COERCE", "struck"))], [(1, struck)]) == []


# -- recall, precision and attributes ------------------------------------------------------------------


def test_recall_precision_per_category() -> None:
    score = scored(
        [
            event("CONSULT", "talks", actor=("PAK", "AFG")),
            event("ASSAULT", "struck", actor=("PAK",), recipient=("AFG",)),
            event("SUPPORT", "accused"),  # wrong category
        ],
        [
            gold("CONSULT", "talks", actor=["PAK GOV", "AFG GOV"]),
            gold("ASSAULT", "struck", actor=["PAK MIL"], recipient=["AFG GOV"]),
            gold("ACCUSE", "accused", actor=["AFG GOV"], recipient=["PAK GOV"]),
        ],
    )
    j = score.to_json()
    assert (j["documents"], j["gold"], j["predicted"], j["matched"]) == (1, 3, 3, 2)
    assert (j["recall"], j["precision"]) == (0.667, 0.667)
    assert j["per_category"]["ACCUSE"] == {
        "gold": 1,
        "predicted": 0,
        "matched": 0,
        "recall": 0.0,
        "precision": 0.0,
    }
    assert j["per_category"]["SUPPORT"]["predicted"] == 1
    assert j["per_category"]["ASSAULT"]["recall"] == 1.0
    (miss,) = score.misses
    assert miss == "doc.txt: missed ACCUSE 'accused' (sentence has ASSAULT(struck), SUPPORT(accused))"
    assert score.extras == ["doc.txt: not in gold: SUPPORT 'accused' asserted - -> -"]
    assert j["attributes"]["actor_code"] == {"right": 2, "total": 2, "accuracy": 1.0}
    assert j["attributes"]["recipient_code"]["right"] == 2  # empty gold, empty prediction: right


def test_country_codes_are_a_subset_test() -> None:
    assert codes_agree(["PAK GOV"], [ref("PAK", "MIL"), ref("AFG")])  # sector does not matter
    assert not codes_agree(["PAK GOV", "AFG GOV"], [ref("PAK")])
    assert codes_agree([], [])
    assert not codes_agree([], [ref("AFG")])  # a recipient the gold does not have


def test_attributes_of_matched_events() -> None:
    coded = [
        event(
            "ASSAULT",
            "struck",
            actor=("PAK",),
            recipient=("PAK",),
            mode="aerial",
            date="2025-10-25",
            place="Kabul",
            dead=12,
        ),
        event("CONSULT", "talks", status="alleged", date="2025-10-24", place="Istanbul"),
    ]
    gold_items = [
        gold(
            "ASSAULT",
            "struck",
            actor=["PAK MIL"],
            recipient=["AFG GOV"],
            mode="aerial",
            date="2025-10-25",
            place="Kabul",
            dead=12,
        ),
        gold("CONSULT", "talks", date="2025-10-25", place="in Istanbul"),
    ]
    score = scored(coded, gold_items)
    a = {name: (t.right, t.total) for name, t in score.attributes.items()}
    assert a == {
        "actor_code": (2, 2),
        "recipient_code": (1, 2),
        "status": (1, 2),
        "mode": (2, 2),
        "date": (1, 2),
        "place": (2, 2),  # "Istanbul" is inside the gold "in Istanbul"
        "dead": (2, 2),  # no count in the gold and none coded is right
        "injured": (2, 2),
    }
    assert score.status_confusion == {("asserted", "asserted"): 1, ("asserted", "alleged"): 1}
    assert score.to_json()["status_confusion"] == {"asserted": {"alleged": 1, "asserted": 1}}
    assert any("recipient gold ['AFG GOV'] got PAK GOV" in w for w in score.wrong)
    assert any("date gold 2025-10-25 got 2025-10-24" in w for w in score.wrong)


def test_place_and_dead_count_mismatches() -> None:
    coded = [event("ASSAULT", "struck", place="Istanbul", dead=11)]
    score = scored(coded, [gold("ASSAULT", "struck", place="Kabul", dead=12)])
    assert (score.attributes["place"].right, score.attributes["dead"].right) == (0, 0)
    unplaced = scored([event("ASSAULT", "struck")], [gold("ASSAULT", "struck", place="Kabul")])
    assert unplaced.attributes["place"].right == 0


def test_a_gold_trigger_missing_from_the_text_is_a_miss() -> None:
    score = scored([], [gold("AID", "airlift")])
    assert (score.gold["AID"], score.matched["AID"]) == (1, 0)
    assert score.misses == ["doc.txt: gold trigger not in the text: 'airlift'"]


# -- violence from non-facts ---------------------------------------------------------------------------


def test_violence_from_non_facts() -> None:
    gold_items = [
        gold("ASSAULT", "struck"),
        gold("THREATEN", "warned"),
        gold("ASSAULT", "fighting", status="hypothetical"),
        gold("ASSAULT", "Fighting", status="negated"),
    ]
    bad = [
        event("ASSAULT", "warned"),  # at the trigger of a THREATEN
        event("ASSAULT", "Fighting"),  # "Fighting has not resumed" coded as a fact
    ]
    good = [
        event("ASSAULT", "struck"),  # a real strike
        event("ASSAULT", "fighting", status="hypothetical"),  # the non-fact kept as one
        event("COERCE", "Fighting", status="negated"),
    ]
    score = scored(bad + good, gold_items)
    assert score.to_json()["violence_from_non_facts"] == 2
    assert any(
        "ASSAULT 'warned' (asserted) from gold THREATEN 'warned'" in v for v in score.non_fact_violence
    )
    assert any("from gold ASSAULT 'Fighting' (negated)" in v for v in score.non_fact_violence)
    # a real attack in a sentence that also has a non-fact is not counted once it matches a factual gold
    mixed = "Jets struck Kabul and officials said fighting would resume."
    items = [gold("ASSAULT", "struck"), gold("ASSAULT", "fighting", status="future")]
    s = EventScore()
    score_events(s, "m", mixed, [event("ASSAULT", "struck", text=mixed)], items)
    assert s.non_fact_violence == []
    s = EventScore()
    score_events(s, "m", mixed, [event("ASSAULT", "fighting", text=mixed)], items)
    assert len(s.non_fact_violence) == 1
    # a non-fact that is no violence (talks due to resume) does not make a coded attack one
    due = "Troops fired on the post, killing four, hours before talks were due to resume."
    items = [gold("ASSAULT", "fired"), gold("CONSULT", "talks", status="future")]
    s = EventScore()
    coded = [event("ASSAULT", "fired", text=due), event("ASSAULT", "killing", text=due)]
    score_events(s, "d", due, coded, items)
    assert (s.matched["ASSAULT"], s.non_fact_violence) == (1, [])
    # a future crackdown coded as an attack
    drive = "A new phase of the drive, targeting card holders, would begin next month."
    s = EventScore()
    score_events(
        s, "d", drive, [event("ASSAULT", "targeting", text=drive)], [gold("COERCE", "begin", status="future")]
    )
    assert len(s.non_fact_violence) == 1


# -- in the gold-article report ------------------------------------------------------------------------


def result(events: tuple[Event, ...]) -> DocumentResult:
    article = Article("0123", TEXT, "doc.txt", None, None, None, dt.date(2025, 10, 25), "given", "en")
    return DocumentResult(article=article, events=events)


def test_report_scores_events_only_for_gold_with_an_events_list() -> None:
    report = Report()
    score_document(result((event("ASSAULT", "struck"),)), {"file": "a.txt"}, report, SENTENCES)
    assert report.events.documents == 0
    assert "events" not in report.to_json()
    score_document(
        result((event("ASSAULT", "struck"),)),
        {"file": "b.txt", "events": [gold("ASSAULT", "struck"), gold("ACCUSE", "accused")]},
        report,
        SENTENCES,
    )
    other = Report()
    score_document(result(()), {"file": "c.txt", "events": [gold("CONSULT", "talks")]}, other)
    total = summarise([report, other])
    j = total.to_json(details=True)["events"]
    assert (j["documents"], j["gold"], j["predicted"], j["matched"]) == (2, 3, 1, 1)
    assert j["per_category"]["CONSULT"]["gold"] == 1
    assert len(j["misses"]) == 2
    assert "misses" not in total.to_json()["events"]


# -- PLOVER records ------------------------------------------------------------------------------------


def test_markup_spans_nested_tags_and_literal_parentheses() -> None:
    markup = (
        "The (SRC: Union) (UN) (EVT: warned (SRC/TAR: Ruritania)) and (TAR: Elbonia) (EVT: agreed) (to) talk."
    )
    plain, spans = markup_spans(markup)
    assert plain == "The Union (UN) warned Ruritania and Elbonia agreed (to) talk."
    assert [plain[a:b] for a, b in spans] == ["warned Ruritania", "agreed"]
    _, targets = markup_spans(markup, "TAR")
    assert [plain[a:b] for a, b in targets] == ["Ruritania", "Elbonia"]


def test_event_words_are_aligned_with_a_text_that_differs() -> None:
    text = "Ruritania has sharply condemned the raid on Elbonia."
    markup = "(SRC: Ruritania) (EVT: condemned) the raid on (TAR: Elbonia)."  # "has sharply" left out
    assert [text[a:b] for a, b in event_word_spans(text, markup)] == ["condemned"]


def plover_doc(text: str, events: tuple[Event, ...]) -> AnnotatedDoc:
    article = Article("p", text, None, None, None, None, dt.date(2000, 1, 1), "given", "en")
    return AnnotatedDoc(article=article, events=events)


PTEXT = "Japan praised the deal, then Japanese officials condemned Ruritania over the raid."
PMARKUP = (
    "(SRC: Japan) praised the deal, then Japanese officials (EVT: condemned) (TAR: Ruritania) over the raid."
)


def precord(label: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"T-{label}",
        "event": label,
        "text": PTEXT,
        "textInfo": {"markup": PMARKUP},
        "source": [{"actorText": "Japan", "code": "JAP"}],
        "target": [{"actorText": "Ruritania", "code": "RUR"}],
        **extra,
    }


def test_primary_event_is_at_the_marked_words_else_the_first() -> None:
    praise = event("SUPPORT", "praised", text=PTEXT)
    condemn = event("ACCUSE", "condemned", text=PTEXT)
    marked = event_word_spans(PTEXT, PMARKUP)
    assert primary_event([condemn, praise], marked) is condemn
    assert primary_event([condemn, praise], []) is praise
    assert primary_event([], marked) is None


def test_plover_record_scoring() -> None:
    assert [gold_category({"event": x}) for x in ("DEMAND", "FIGHT", "INVESTIGATE", "DOCUMENT", "AID")] == [
        "REQUEST",
        "ASSAULT",
        "ACCUSE",
        None,
        "AID",
    ]
    praise = event("SUPPORT", "praised", actor=("JPN",), text=PTEXT)
    condemn = event("ACCUSE", "condemned", actor=("JPN",), recipient=("ELB",), text=PTEXT)
    score = PloverEventScore()
    # DISAPPROVE is ACCUSE; the legacy code JAP is JPN; the recipient is wrong
    score_plover_events(score, precord("DISAPPROVE"), plover_doc(PTEXT, (praise, condemn)))
    # the primary event is the ACCUSE at the marked word, but the gold says REQUEST
    score_plover_events(score, precord("DEMAND"), plover_doc(PTEXT, (praise, condemn)))
    # no event at all
    score_plover_events(score, precord("FIGHT", target=""), plover_doc(PTEXT, ()))
    score_plover_events(score, precord("DOCUMENT"), plover_doc(PTEXT, ()))  # skipped
    j = score.to_json(details=True)
    assert j["records"] == 3
    assert j["category_accuracy"] == 0.333
    assert j["any_event_has_gold_category"] == 0.333
    assert j["actor_code"] == {"right": 2, "total": 3, "accuracy": 0.667}
    assert j["actor_code_when_category_right"] == {"right": 1, "total": 1, "accuracy": 1.0}
    assert j["recipient_code"] == {"right": 0, "total": 2, "accuracy": 0.0}
    assert j["confusion"] == {"ACCUSE": {"ACCUSE": 1}, "ASSAULT": {NO_EVENT: 1}, "REQUEST": {"ACCUSE": 1}}
    assert j["per_category"]["ACCUSE"] == {
        "gold": 1,
        "predicted": 2,
        "correct": 1,
        "precision": 0.5,
        "recall": 1.0,
    }
    assert any("gold REQUEST got ACCUSE 'condemned'" in m for m in j["misses"])
    assert any("target gold RUR got ELB" in m for m in j["misses"])


# -- the real pipeline ---------------------------------------------------------------------------------

ARTICLE = (
    "Pakistan and Afghanistan resume talks\n\n"
    "Pakistani and Afghan delegations held talks in Istanbul on Saturday, officials said. "
    "Pakistani troops shelled Afghan border posts near Torkham on Friday, killing three soldiers. "
    "Pakistan accused Afghanistan of sheltering militants.\n"
)


@pytest.mark.slow
def test_gold_articles_through_the_real_pipeline(tmp_path: Path, services: Services) -> None:
    articles, gold_dir = tmp_path / "articles", tmp_path / "gold"
    articles.mkdir()
    gold_dir.mkdir()
    (articles / "one.txt").write_text(ARTICLE, encoding="utf-8")
    events = [
        gold("CONSULT", "held talks", actor=["PAK GOV", "AFG GOV"], date="2025-10-25", place="Istanbul"),
        gold(
            "ASSAULT",
            "shelled",
            mode="heavy-weapons",
            actor=["PAK MIL"],
            recipient=["AFG MIL"],
            date="2025-10-24",
            place="Torkham",
            dead=3,
        ),
        gold("ACCUSE", "accused", actor=["PAK GOV"], recipient=["AFG GOV"], date="2025-10-26"),
    ]
    doc = {"file": "one.txt", "cli_published": "2025-10-26", "published": "2025-10-26", "events": events}
    (gold_dir / "one.json").write_text(json.dumps(doc), encoding="utf-8")
    (gold_dir / "two.json").write_text(json.dumps({**doc, "events": []}), encoding="utf-8")
    del doc["events"]
    (gold_dir / "three.json").write_text(json.dumps(doc), encoding="utf-8")  # no events list: not scored

    report = evaluate_gold(articles, None, settings=services.settings, services=services)
    assert report.documents == 3
    j = report.to_json()["events"]
    assert j["documents"] == 2
    assert j["gold"] == 3
    # two event-scored copies of the same article: everything coded in "two" is outside the gold
    assert j["predicted"] % 2 == 0
    assert j["matched"] <= j["predicted"] // 2
    # the plain statements of the sample are coded, with their countries
    assert j["per_category"]["ASSAULT"]["matched"] == 1
    assert j["per_category"]["ACCUSE"]["matched"] == 1
    assert j["attributes"]["actor_code"]["right"] >= 2
    assert j["violence_from_non_facts"] == 0


PLOVER_SAMPLE = """[
{"id": "TEAM-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "documentation",},
{
    "id": "TEAM-FIGHT-0001",
    "source": [{"actorText": "Pakistani troops", "code": "PAK", "sector": "MIL"}],
    "target": [{"actorText": "Afghan", "code": "AFG", "sector": "MIL"}],
    "event": "FIGHT",
    "text": "Pakistani troops shelled Afghan border posts on Friday.",
    "textInfo": {"markup": "(SRC: Pakistani troops) (EVT: shelled) (TAR: Afghan) border posts on Friday."},
},
{
    "id": "TEAM-DISAPPROVE-0001",
    "source": [{"actorText": "Pakistan", "code": "PAK"}],
    "target": [{"actorText": "Afghanistan", "code": "AFG"}],
    "event": "DISAPPROVE",
    "text": "Pakistan accused Afghanistan of sheltering militants.",
    "textInfo": {"markup": "(SRC: Pakistan) (EVT: accused) (TAR: Afghanistan) of sheltering militants."},
},
]"""


@pytest.mark.slow
def test_plover_events_through_the_real_pipeline(tmp_path: Path, services: Services) -> None:
    (tmp_path / GOLD_FILE).write_text(PLOVER_SAMPLE, encoding="utf-8")
    actors, events = evaluate_plover(tmp_path, settings=services.settings, services=services)
    assert actors.spans == 4
    j = events.to_json()
    assert j["records"] == 2
    assert set(j["confusion"]) == {"ASSAULT", "ACCUSE"}  # FIGHT and DISAPPROVE read as PLOVER 2 labels
    assert j["category_accuracy"] == 1.0
    assert j["actor_code"]["accuracy"] == 1.0
