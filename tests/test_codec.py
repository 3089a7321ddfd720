"""The output contract: results validate against docs/schema and carry exactly the contract's names."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from flashpoint import __version__
from flashpoint.annotate.registry import Services
from flashpoint.codec import dumps, failure_json, result_json
from flashpoint.records import (
    ActorEntity,
    Article,
    DocumentResult,
    Failure,
    Mention,
    PlaceEntity,
    Quantity,
    Quote,
    Timex,
)
from flashpoint.settings import Settings
from flashpoint.workflows.extract import extract_paths, extract_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "docs" / "schema" / "document-result.schema.json"

#: The names of the output contract (issue 2), object by object.
CONTRACT: dict[str, frozenset[str]] = {
    "result": frozenset({"document", "events", "quotes", "entities", "timexes"}),
    "document": frozenset(
        {"id", "path", "title", "url", "publisher", "published", "published_source", "language"}
    ),
    "quote": frozenset({"id", "text", "start", "end", "speaker", "cue", "outlet", "date"}),
    "entity": frozenset(
        {
            "id",
            "kind",
            "name",
            "code",
            "sector",
            "office",
            "identifier_text",
            "lat",
            "lon",
            "country",
            "resolution",
            "mentions",
        }
    ),
    "timex": frozenset({"start", "end", "text", "value", "precision", "range_start", "range_end"}),
    "entity_ref": frozenset({"code", "sector", "entity_text", "identifier_text", "office"}),
    "mention": frozenset({"text", "start", "end"}),
    "event": frozenset(
        {
            "id",
            "date",
            "actor",
            "recipient",
            "event",
            "mode",
            "context",
            "event_loc",
            "event_text",
            "quad_code",
            "event_scale",
            "text_info",
            "size",
            "comment",
            "status",
            "claimant",
            "trigger",
            "pattern",
        }
    ),
}

TEXTS = {
    "quotes": (
        "Pakistan warns Kabul over militant attacks\n\n"
        "ISLAMABAD, Oct 25 (Reuters) - Pakistan's Defence Minister Khawaja Asif said on Saturday that talks "
        "in Istanbul were Kabul's last chance. “If no agreement is reached, we have an open war,” Asif told "
        "reporters. Taliban spokesman Zabihullah Mujahid rejected the claims as ‘baseless’."
    ),
    "casualties": (
        "At least 12 civilians were killed and more than 40 injured in strikes on Urgun and Barmal districts "
        "of Paktika province late on Friday, officials said. Hundreds of families fled towards Sharana. "
        "The Afghan defence ministry said on Saturday that the strikes had been carried out by Pakistani "
        "drones, a claim Islamabad denied."
    ),
    "no-date": (
        "UNHCR said more than two million Afghans have returned from Iran and Pakistan since the start of "
        "the year, and warned that the winter would be hard for families arriving at Torkham and "
        "Spin Boldak with nothing."
    ),
}


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def errors(data: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(data)]


def objects(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object of a result with the contract name of its kind."""
    yield "result", data
    yield "document", data["document"]
    for q in data["quotes"]:
        yield "quote", q
        if q["speaker"] is not None:
            yield "entity_ref", q["speaker"]
    for e in data["entities"]:
        yield "entity", e
        for m in e["mentions"]:
            yield "mention", m
    for t in data["timexes"]:
        yield "timex", t
    for ev in data["events"]:
        yield "event", ev
        for ref in (*ev["actor"], *ev["recipient"], *ev["claimant"]):
            yield "entity_ref", ref


def schema_node(kind: str) -> dict[str, Any]:
    """The part of the schema that describes one kind of object of the contract."""
    s = schema()
    node: dict[str, Any] = {
        "result": s,
        "document": s["properties"]["document"],
        "quote": s["properties"]["quotes"]["items"],
        "entity": s["properties"]["entities"]["items"],
        "timex": s["properties"]["timexes"]["items"],
        "entity_ref": s["$defs"]["entity_ref"],
        "mention": s["$defs"]["mention"],
        "event": s["properties"]["events"]["items"],
    }[kind]
    return node


def schema_properties(kind: str) -> set[str]:
    return set(schema_node(kind)["properties"])


def assert_contract(data: dict[str, Any]) -> None:
    assert errors(data) == []
    for kind, obj in objects(data):
        keys = set(obj)
        missing = CONTRACT[kind] - keys
        assert not missing, f"{kind} lacks contract names {sorted(missing)}"
        undocumented = keys - schema_properties(kind)
        assert not undocumented, f"{kind} has names the schema does not document: {sorted(undocumented)}"


@pytest.fixture(scope="session")
def codec_services() -> Services:
    return Services(Settings())


# -- the schema itself ------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("kind", sorted(CONTRACT))
def test_schema_requires_exactly_the_contract_names(kind: str) -> None:
    assert set(schema_node(kind)["required"]) == CONTRACT[kind]


def test_schema_rejects_what_the_contract_forbids() -> None:
    """The checks above mean something: a bad published date, kind or missing name fails validation."""
    article = Article("0" * 16, "x" * 30, None, None, None, None, None, "unknown", "en")
    good = result_json(DocumentResult(article=article))
    assert errors(good) == []
    bad_date = json.loads(dumps(good))
    bad_date["document"]["published"] = "25 October 2025"
    assert errors(bad_date)
    bad_source = json.loads(dumps(good))
    bad_source["document"]["published_source"] = "guessed"
    assert errors(bad_source)
    missing = json.loads(dumps(good))
    del missing["timexes"]
    assert errors(missing)


# -- results of real extraction ---------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_extracted_text_meets_the_contract(codec_services: Services, name: str) -> None:
    published = None if name == "no-date" else dt.date(2025, 10, 25)
    result = extract_text(
        TEXTS[name], settings=codec_services.settings, published=published, services=codec_services
    )
    data = result_json(result)
    assert_contract(data)
    if name == "casualties":
        statuses = {e["status"] for e in data["events"] if e["event"] == ["ASSAULT"]}
        assert statuses & {"alleged", "disputed"}
    assert data["document"]["extractor"] == f"flashpoint {__version__}"
    if published is None:
        assert data["document"]["published"] is None
        assert data["document"]["published_source"] == "unknown"
        assert data["document"]["notes"]  # says that relative dates stay unresolved
    else:
        assert data["document"]["published"] == "2025-10-25"
        assert data["document"]["published_source"] == "given"
    assert {e["kind"] for e in data["entities"]} == {"actor", "place"}


@pytest.mark.slow
def test_every_sample_meets_the_contract(codec_services: Services) -> None:
    outs = list(extract_paths([ROOT / "samples"], settings=codec_services.settings, services=codec_services))
    assert len(outs) >= 5
    for out in outs:
        assert not isinstance(out, Failure), out
        data = result_json(out)
        assert_contract(data)
        # through text and back: what the CLI writes is what validates
        assert json.loads(dumps(data)) == data


@pytest.mark.slow
def test_quote_speakers_point_at_entities(codec_services: Services) -> None:
    result = extract_text(
        TEXTS["quotes"],
        settings=codec_services.settings,
        published=dt.date(2025, 10, 25),
        services=codec_services,
    )
    data = result_json(result)
    ids = {e["id"] for e in data["entities"]}
    speakers = [q["speaker"] for q in data["quotes"] if q["speaker"] is not None]
    assert speakers
    for sp in speakers:
        assert sp["entity_id"] is None or sp["entity_id"] in ids


# -- hand-made records: every field and every null -------------------------------------------------


def full_result() -> DocumentResult:
    text = "Khawaja Asif said in Torkham on Saturday: “At least 12 soldiers were killed.”"
    article = Article(
        id="abcdef0123456789",
        text=text,
        path="in/a.json",
        title="Asif’s warning in Türkiye",
        url="https://news.example/2025/10/25/asif",
        publisher="News Example",
        published=dt.date(2025, 10, 25),
        published_source="metadata",
        language="en",
        record=3,
    )
    asif = ActorEntity(
        "a1",
        "Khawaja Asif",
        "PAK",
        "GOV",
        "Minister of Defence",
        "Khawaja Asif",
        (Mention("Khawaja Asif", 0, 12),),
        "pak.asif",
        "person",
    )
    torkham = PlaceEntity(
        "p1", "Torkham", "fp:torkham", 34.1, 71.1, "PAK", "site", (Mention("Torkham", 21, 28),)
    )
    border = PlaceEntity("p2", "the border", None, None, None, None, "region", (Mention("Khawaja", 0, 7),))
    timex = Timex(
        32, 40, "Saturday", "2025-10-25", "day", dt.date(2025, 10, 25), dt.date(2025, 10, 25), anchored=True
    )
    unresolved = Timex(32, 40, "Saturday", None, None, None, None)
    qty = Quantity(43, 54, "At least 12", 12, None, "dead", "at least", 0)
    quote = Quote(
        "q1",
        "At least 12 soldiers were killed.",
        43,
        76,
        asif.ref(asif.mentions[0]),
        "said",
        None,
        "statement",
        "2025-10-25",
        speaker_mention=asif.mentions[0],
        cue_mention=Mention("said", 13, 17),
        group="g1",
    )
    anonymous = Quote("q2", "baseless", 0, 8, None, None, None, None, None, kind="partial")
    return DocumentResult(
        article=article,
        actors=(asif,),
        places=(torkham, border),
        timexes=(timex, unresolved),
        quantities=(qty,),
        quotes=(quote, anonymous),
        notes=("publication date from metadata",),
        pipeline="en_core_web_sm-3.8.0",
    )


def test_hand_made_result_meets_the_contract() -> None:
    data = result_json(full_result())
    assert_contract(data)
    doc = data["document"]
    assert (doc["published"], doc["published_source"], doc["record"]) == ("2025-10-25", "metadata", 3)
    q1, q2 = data["quotes"]
    assert q1["speaker"] == {
        "code": "PAK",
        "sector": "GOV",
        "entity_text": "Khawaja Asif",
        "identifier_text": "Khawaja Asif",
        "office": "Minister of Defence",
        "entity_id": "a1",
    }
    assert q1["speaker_mention"] == {"text": "Khawaja Asif", "start": 0, "end": 12}
    assert (q1["medium"], q1["group"], q1["kind"]) == ("statement", "g1", "direct")
    assert (q2["speaker"], q2["speaker_mention"], q2["cue_mention"], q2["kind"]) == (
        None,
        None,
        None,
        "partial",
    )
    actor, place, vague = data["entities"]
    assert (actor["kind"], actor["lat"], actor["country"], actor["resolution"]) == ("actor", None, None, None)
    assert (place["kind"], place["sector"], place["lat"], place["resolution"]) == (
        "place",
        None,
        34.1,
        "site",
    )
    assert (vague["lat"], vague["lon"], vague["country"]) == (None, None, None)
    t1, t2 = data["timexes"]
    assert (t1["range_start"], t1["range_end"], t1["anchored"]) == ("2025-10-25", "2025-10-25", True)
    assert (t2["value"], t2["precision"], t2["range_start"]) == (None, None, None)
    assert data["quantities"][0] == {
        "start": 43,
        "end": 54,
        "text": "At least 12",
        "low": 12,
        "high": None,
        "type": "dead",
        "qualifier": "at least",
        "sentence": 0,
    }


def test_dumps_keeps_non_ascii_and_round_trips() -> None:
    data = result_json(full_result())
    line = dumps(data)
    assert "\n" not in line  # one line per document in JSON Lines
    assert '"title": "Asif’s warning in Türkiye"' in line  # non-ASCII stays readable, not \u-escaped
    assert "\\u" not in line
    assert json.loads(line) == data
    assert json.loads(dumps(data, indent=2)) == data


def test_failure_json() -> None:
    assert failure_json(Failure("in/x.jsonl#4", "parse", "record has no 'text' field")) == {
        "source": "in/x.jsonl#4",
        "stage": "parse",
        "reason": "record has no 'text' field",
    }
