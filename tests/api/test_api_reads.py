"""The read endpoints over a hand-made store: events and their filters, cursor pages, incidents, documents,
quotes, entities, dyads, the change feed; errors are JSON with a one-line reason."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from api_client import Client, api_settings
from api_corpus import DAWN_TEXT, build_store, bundles, event_count, imported_rows

from flashpoint.api import create_app
from flashpoint.corpus.store import Store
from rowkit import TORKHAM, text_event

Json = dict[str, Any]


def all_pages(client: Client, path: str, params: dict[str, Any]) -> tuple[list[Json], int]:
    """Every item of a paged endpoint, following next_cursor; and the number of pages."""
    items: list[Json] = []
    cursor = None
    pages = 0
    while True:
        answer = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages
        assert pages < 100


def ids(items: list[Json]) -> list[str]:
    return [i["id"] for i in items]


def test_events_default_page_and_shape(reader: Client) -> None:
    body = reader.get("/api/events").json()
    assert len(body["items"]) == 5  # the settings' page size
    assert body["next_cursor"]
    first = body["items"][0]
    assert first["date_start"] == "2025-10-09"
    assert first["actors"][0] == {"code": "PAK", "sector": "MIL", "text": "Pakistani troops"}
    assert first["incident_id"].startswith("inc-")
    assert first["review"] is None


def test_pages_cover_every_event_once_in_order(reader: Client) -> None:
    whole = reader.get("/api/events", params={"limit": 1000}).json()
    assert whole["next_cursor"] is None
    assert len(whole["items"]) == event_count()
    for limit in (1, 3, 7):
        items, pages = all_pages(reader, "/api/events", {"limit": limit})
        assert ids(items) == ids(whole["items"])  # no duplicates, no gaps, same order
        assert pages == -(-event_count() // limit)
    # date order, the undated event last, ties by id
    keys = [(i["date_start"] or "9999-12-31", i["id"]) for i in whole["items"]]
    assert keys == sorted(keys)
    assert whole["items"][-1]["date_start"] is None


def test_pages_are_stable_when_events_arrive_between_requests(store: Store, make_client: Any) -> None:
    client = make_client(store)
    first = client.get("/api/events", params={"limit": 6}).json()
    seen = ids(first["items"])
    # new rows before and after the cursor's position arrive between two requests
    early = text_event("late:e1", "late", "ASSAULT", dt.date(2025, 10, 1), place=TORKHAM)
    late = text_event("late:e2", "late", "ASSAULT", dt.date(2025, 12, 1), place=TORKHAM)
    with store.session() as db:
        db.write_events([early, late])
    rest, _ = all_pages(client, "/api/events", {"limit": 6, "cursor": first["next_cursor"]})
    after = ids(rest)
    assert not set(seen) & set(after)
    assert "late:e1" not in after  # sorts before the cursor: not served on later pages
    assert "late:e2" in after
    assert set(seen) | set(after) == {e.id for b in bundles() for e in b.events} | {
        r.id for r in imported_rows()
    } | {"late:e2"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "ACCUSE"}, 3),
        ({"category": ["ACCUSE", "AGREE"]}, 4),
        ({"status": "alleged"}, 3),
        ({"origin": "acled"}, 2),
        ({"source": "Tolo"}, 6),
        ({"text": "mediated"}, 1),
        ({"place": "Kabul"}, 6),
        ({"actor": "IRN"}, 1),
        ({"dyad": "PAK-AFG", "category": "CONSULT"}, 1),
        ({"since": "2025-10-24", "until": "2025-10-25"}, 3),
        ({"bbox": "70.5,33.5,71.5,34.5"}, 10),  # Torkham: Dawn's eight and the two imported
        ({"category": "ASSAULT", "origin": "text", "until": "2025-10-10"}, 5),  # Dawn 4, Tolo 1
    ],
)
def test_event_filters(reader: Client, params: dict[str, Any], expected: int) -> None:
    body = reader.get("/api/events", params={**params, "limit": 1000}).json()
    assert len(body["items"]) == expected, body


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"bbox": "1,2,3"}, "expected four numbers"),
        ({"dyad": "PAK"}, "expected two actor codes"),
        ({"since": "2025-13-01"}, "query parameter since"),
        ({"since": "2025-10-20", "until": "2025-10-01"}, "after until"),
        ({"limit": "0"}, "query parameter limit"),
        ({"limit": "5000"}, "query parameter limit"),
        ({"verdict": "probable"}, "query parameter verdict"),
        ({"cursor": "not-a-cursor"}, "cursor is not one this API gave"),
    ],
)
def test_bad_filters_are_422_with_a_reason(reader: Client, params: dict[str, Any], reason: str) -> None:
    answer = reader.get("/api/events", params=params)
    assert answer.status_code == 422
    body = answer.json()
    assert body["status"] == 422
    assert reason in body["error"]
    assert "\n" not in body["error"]


def test_unknown_ids_paths_and_methods(reader: Client) -> None:
    for path, word in (
        ("/api/events/nope:e1", "no such event"),
        ("/api/incidents/inc-nope", "no such incident"),
        ("/api/documents/0000000000000000", "no such document"),
        ("/api/nothing-here", "no such path"),
    ):
        answer = reader.get(path)
        assert answer.status_code == 404
        assert answer.json() == {"error": answer.json()["error"], "status": 404}
        assert word in answer.json()["error"]
    answer = reader.delete("/api/events")
    assert answer.status_code == 405
    assert answer.json()["status"] == 405
    assert "DELETE" in answer.json()["error"]


def test_one_event_with_its_article(reader: Client) -> None:
    dawn = bundles()[0]
    event_id = dawn.events[2].id
    body = reader.get(f"/api/events/{event_id}").json()
    assert body["id"] == event_id
    assert body["article"] == {
        "id": dawn.article.id,
        "title": "Border clashes",
        "publisher": "Dawn",
        "url": "https://dawn.example/1",
        "published": "2025-10-13",
    }
    assert body["fatalities_low"] == 2
    imported = reader.get("/api/events/acled:PAK1").json()
    assert imported["origin"] == "acled"
    assert imported["article"] is None


def test_incidents_list_filters_and_detail(reader: Client) -> None:
    items, _ = all_pages(reader, "/api/incidents", {"limit": 2})
    everything = reader.get("/api/incidents", params={"limit": 1000}).json()["items"]
    assert ids(items) == ids(everything)
    member_ids = sorted(e for i in everything for e in i["event_ids"])
    assert member_ids == sorted([e.id for b in bundles() for e in b.events] + [r.id for r in imported_rows()])
    assault = reader.get("/api/incidents", params={"category": "ASSAULT", "limit": 1000}).json()["items"]
    assert assault
    assert all(i["category"] == "ASSAULT" for i in assault)
    one = assault[0]
    detail = reader.get(f"/api/incidents/{one['id']}").json()
    assert detail["id"] == one["id"]
    assert sorted(ids(detail["items"])) == sorted(one["event_ids"])
    assert all(e["incident_id"] == one["id"] for e in detail["items"])


def test_document_with_text_events_and_quotes(reader: Client) -> None:
    dawn = bundles()[0]
    body = reader.get(f"/api/documents/{dawn.article.id}").json()
    assert body["text"] == DAWN_TEXT
    assert body["publisher"] == "Dawn"
    assert sorted(ids(body["events"])) == sorted(e.id for e in dawn.events)
    (q,) = body["quotes"]
    assert DAWN_TEXT[q["start"] : q["end"]] == q["text"]
    assert q["speaker_code"] == "PAK"
    listed, _ = all_pages(reader, "/api/documents", {"limit": 2})
    assert sorted(ids(listed)) == sorted(b.article.id for b in bundles())
    assert {d["id"]: d["events"] for d in listed}[dawn.article.id] == len(dawn.events)


def test_quotes_by_speaker_words_dyad_and_pages(reader: Client) -> None:
    every, pages = all_pages(reader, "/api/quotes", {"limit": 1})
    assert len(every) == 3
    assert pages == 3
    assert len({q["id"] for q in every}) == 3
    by_code = reader.get("/api/quotes", params={"speaker": "AFG"}).json()["items"]
    assert [q["speaker_code"] for q in by_code] == ["AFG"]
    by_name = reader.get("/api/quotes", params={"speaker": "qatari"}).json()["items"]
    assert [q["speaker_code"] for q in by_name] == ["QAT"]
    assert len(reader.get("/api/quotes", params={"text": "ceasefire"}).json()["items"]) == 1
    dyad = reader.get("/api/quotes", params={"dyad": "PAK-AFG"}).json()["items"]
    assert len(dyad) == 3  # every report carries a PAK-AFG event


def test_entities_aggregate_across_reports(reader: Client) -> None:
    actors = reader.get("/api/entities", params={"kind": "actor"}).json()["items"]
    pakistan = next(a for a in actors if a["code"] == "PAK")
    assert pakistan["articles"] == 3
    assert pakistan["mentions"] == 3
    places = reader.get("/api/entities", params={"kind": "place", "name": "tork"}).json()["items"]
    assert [p["name"] for p in places] == ["Torkham"]
    every, _ = all_pages(reader, "/api/entities", {"limit": 2})
    assert len(every) == len({(e["kind"], e["name"], e["code"]) for e in every}) == 5
    assert reader.get("/api/entities", params={"kind": "person"}).status_code == 422


def test_dyad_situation_timeline_and_forecast(reader: Client) -> None:
    board = reader.get("/api/dyads/PAK-AFG/situation", params={"as_of": "2025-10-31"}).json()
    assert board["dyad"] == ["PAK", "AFG"]
    assert board["as_of"] == "2025-10-31"
    assert board["ceasefire_state"] in ("holding", "strained", "broken", "none")
    assert board["casualties"]
    series = reader.get("/api/dyads/pak-afg/timeline", params={"freq": "day"}).json()
    assert series["freq"] == "day"
    assert series["points"][0]["start"] == "2025-10-09"
    weekly = reader.get("/api/dyads/PAK-AFG/timeline").json()
    assert all(dt.date.fromisoformat(p["start"]).weekday() == 0 for p in weekly["points"])
    assert reader.get("/api/dyads/PAK-AFG/timeline", params={"freq": "year"}).status_code == 422
    forecast = reader.get("/api/dyads/PAK-AFG/forecast", params={"seed": 7})
    assert forecast.status_code == 200, forecast.text
    body = forecast.json()
    assert {f["target"] for f in body["forecasts"]} == {"violent", "fatalities"}
    assert set(body["beats"]) == {"violent", "fatalities"}
    nothing = reader.get("/api/dyads/IND-CHN/forecast")
    assert nothing.status_code == 404
    assert "no dated incidents" in nothing.json()["error"]


def test_change_feed_lists_created_events_and_incidents(reader: Client) -> None:
    body = reader.get("/api/changes", params={"limit": 1000}).json()
    created = [c for c in body["items"] if c["kind"] == "created" and c["target"] == "event"]
    assert len(created) == event_count()
    assert any(c["target"] == "incident" for c in body["items"])
    seqs = [c["seq"] for c in body["items"]]
    assert seqs == sorted(seqs)
    assert body["next"] == seqs[-1]
    half = reader.get("/api/changes", params={"after": seqs[4], "limit": 3}).json()
    assert [c["seq"] for c in half["items"]] == seqs[5:8]
    assert half["next"] == seqs[7]
    end = reader.get("/api/changes", params={"after": seqs[-1]}).json()
    assert end == {"items": [], "next": seqs[-1]}


def test_openapi_is_published_and_offline(reader: Client) -> None:
    spec = reader.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/events", "/api/documents", "/api/dyads/{a}-{b}/situation", "/api/changes"):
        assert path in spec["paths"]
    assert reader.get("/docs").status_code == 404  # no Swagger UI loaded from a CDN
    error = spec["paths"]["/api/events"]["get"]["responses"]["422"]
    assert error["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")


def test_items_carry_every_event_row_field(reader: Client) -> None:
    from flashpoint.corpus.rows import EventRow

    item = reader.get("/api/events", params={"limit": 1}).json()["items"][0]
    assert {f.name for f in dataclasses.fields(EventRow)} <= set(item)


def test_dashboard_and_static_files_are_served(shared_store: Store, tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>flashpoint</title>", encoding="utf-8")
    (tmp_path / "static" / "app.js").write_text("console.log('board');", encoding="utf-8")
    with Client(create_app(shared_store, settings=api_settings(), web_root=tmp_path)) as client:
        page = client.get("/")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert "<title>flashpoint</title>" in page.text
        script = client.get("/static/app.js")
        assert script.status_code == 200
        assert "javascript" in script.headers["content-type"]
        assert client.get("/static/missing.js").status_code == 404
    with Client(create_app(shared_store, settings=api_settings(), web_root=tmp_path / "none")) as client:
        answer = client.get("/")
        assert answer.status_code == 404
        assert answer.json() == {"error": "the dashboard is not installed", "status": 404}


def test_timeline_bounds_are_422(reader: Client) -> None:
    for params, reason in (
        ({"freq": "day", "since": "9999-12-31", "until": "9999-12-31"}, "outside 1900-01-01..2199-12-31"),
        ({"freq": "day", "since": "1990-01-01", "until": "2025-01-01"}, "a daily series covers at most"),
        ({"since": "2025-10-20", "until": "2025-10-01"}, "after until"),
    ):
        answer = reader.get("/api/dyads/PAK-AFG/timeline", params=params)
        assert answer.status_code == 422
        assert reason in answer.json()["error"]


def test_a_lost_store_is_503_with_the_reason(tmp_path: Path) -> None:
    store = build_store(tmp_path / "gone.duckdb")
    with Client(create_app(store, settings=api_settings())) as client:
        (tmp_path / "gone.duckdb").unlink()
        answer = client.get("/api/events")
        assert answer.status_code == 503
        assert answer.json()["error"].startswith("no store at")
