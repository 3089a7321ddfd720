"""POST /api/documents: one report read by the warm pipeline and stored like an ingest batch; bad text is
refused with the reading layer's one-line reason."""

from __future__ import annotations

from typing import Any

import pytest
from api_client import AUTH, Client, api_settings

from flashpoint.annotate.registry import Services
from flashpoint.api import create_app
from flashpoint.corpus.store import Store

REPORT = (
    "ISLAMABAD, Oct. 14 — Pakistani troops and Afghan Taliban forces exchanged heavy fire at the Chaman "
    "border crossing on Monday, killing three soldiers, Pakistan's military said in a statement.\n\n"
    '"Our forces responded to unprovoked firing from across the border," the military spokesman said. '
    "The Taliban government in Kabul accused Pakistan of shelling villages in Kandahar province.\n\n"
    "The crossing was closed to traffic after the clash, officials said."
)
FRENCH = (
    "Les troupes pakistanaises et les forces afghanes ont échangé des tirs nourris au poste frontière "
    "lundi, selon un communiqué de l'armée publié dans la soirée."
)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "text is empty"),
        ("   \n ", "text is only whitespace"),
        ("Too short.", "under the 20-character minimum"),
        (FRENCH, "not English"),
        ("a" * 1_000_001, "over the 1,000,000-character limit"),
    ],
)
def test_bad_text_is_422_with_the_reason(store: Store, make_client: Any, text: str, reason: str) -> None:
    client = make_client(store)
    answer = client.post("/api/documents", json={"text": text}, headers=AUTH)
    assert answer.status_code == 422
    assert reason in answer.json()["error"]
    assert "\n" not in answer.json()["error"]
    with store.session(read_only=True) as db:
        assert db.counts()["articles"] == 3  # nothing stored


def test_bad_document_bodies(store: Store, make_client: Any) -> None:
    client = make_client(store)
    for body, reason in (
        ({"title": "no text"}, "body text: Field required"),
        ({"text": REPORT, "published": "yesterday"}, "body published"),
        ({"text": REPORT, "colour": "red"}, "body colour"),
    ):
        answer = client.post("/api/documents", json=body, headers=AUTH)
        assert answer.status_code == 422
        assert answer.json()["error"].startswith(reason)
    broken = client.post(
        "/api/documents", content=b'{"text": ', headers={**AUTH, "Content-Type": "application/json"}
    )
    assert broken.status_code == 422
    assert broken.json()["error"].startswith("body")


@pytest.mark.slow
def test_a_posted_report_is_read_and_stored(store: Store, services: Services) -> None:
    with Client(create_app(store, settings=api_settings(), services=services)) as client:
        before = client.get("/api/changes", params={"limit": 1000}).json()["next"]
        meta = {"title": "Clash at Chaman", "publisher": "Test Wire", "url": "https://wire.example/chaman"}
        answer = client.post(
            "/api/documents", json={"text": REPORT, "published": "2025-10-14", **meta}, headers=AUTH
        )
        assert answer.status_code == 201, answer.text
        created = answer.json()
        assert created["status"] == "new"
        assert created["events"] >= 1
        doc = client.get(f"/api/documents/{created['id']}").json()
        assert doc["text"] == REPORT
        assert (doc["title"], doc["publisher"], doc["published"]) == (
            "Clash at Chaman",
            "Test Wire",
            "2025-10-14",
        )
        assert len(doc["events"]) == created["events"]
        for event in doc["events"]:
            assert REPORT[event["start"] : event["end"]] == event["event_text"]
            assert event["source"] == "Test Wire"
        assert any(e["category"] == "ASSAULT" for e in doc["events"])
        assert doc["quotes"]
        for q in doc["quotes"]:
            assert REPORT[q["start"] : q["end"]] == q["text"]
        feed = client.get("/api/changes", params={"after": before, "limit": 1000}).json()["items"]
        assert {c["id"] for c in feed if c["kind"] == "created" and c["target"] == "event"} == {
            e["id"] for e in doc["events"]
        }
        listed = client.get("/api/events", params={"source": "Test Wire", "limit": 100}).json()["items"]
        assert {e["id"] for e in listed} == {e["id"] for e in doc["events"]}
        log = client.get("/api/audit", headers=AUTH).json()["items"]
        assert [(a["user"], a["action"], a["target"]) for a in log] == [("amina", "ingest", created["id"])]
        again = client.post("/api/documents", json={"text": REPORT}, headers=AUTH)
        assert again.status_code == 201
        assert again.json() == {"id": created["id"], "status": "duplicate", "events": created["events"]}
