"""Tokens, private reads, reviews (audited, in the change feed, filterable), request limits, exports."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from api_client import AUTH
from api_corpus import OTHER_TOKEN, TOKEN, bundles, event_count

from flashpoint.api import ApiSettings, hash_token, load_token_hashes, parse_token_hashes
from flashpoint.api.limits import RateLimit
from flashpoint.corpus.store import Store
from flashpoint.errors import ConfigError
from flashpoint.interchange import read_plover_jsonl

EVENT = bundles()[0].events[0].id
REVIEW = {"verdict": "verified", "reason": "matches the ISPR statement and two local reports"}


def test_writes_need_a_known_token(store: Store, make_client: Any) -> None:
    client = make_client(store)
    missing = client.post(f"/api/events/{EVENT}/review", json=REVIEW)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert missing.json() == {
        "error": "a token is required: send Authorization: Bearer <token>",
        "status": 401,
    }
    wrong = client.post(
        f"/api/events/{EVENT}/review", json=REVIEW, headers={"Authorization": f"Bearer {OTHER_TOKEN}"}
    )
    assert wrong.status_code == 403
    assert wrong.json()["error"] == "the token is not accepted"
    assert client.post("/api/documents", json={"text": "x"}).status_code == 401
    assert client.get("/api/audit").status_code == 401
    assert client.get("/api/audit", headers={"Authorization": f"Bearer {OTHER_TOKEN}"}).status_code == 403
    with store.session(read_only=True) as db:
        assert db.reviews([EVENT]) == {}
    # reads stay public
    assert client.get("/api/events").status_code == 200


def test_private_reads_need_the_token(store: Store, make_client: Any) -> None:
    client = make_client(store, public_reads=False)
    for path in ("/api/events", "/api/incidents", "/api/changes", f"/api/events/{EVENT}", "/api/export"):
        assert client.get(path).status_code == 401, path
        assert client.get(path, headers={"Authorization": f"Bearer {OTHER_TOKEN}"}).status_code == 403
        assert client.get(path, headers=AUTH).status_code == 200, path
    spec = client.get("/openapi.json").json()
    assert "401" in spec["paths"]["/api/events"]["get"]["responses"]


def test_review_is_audited_in_the_feed_and_filterable(store: Store, make_client: Any) -> None:
    client = make_client(store)
    before = client.get("/api/changes", params={"limit": 1000}).json()["next"]
    done = client.post(f"/api/events/{EVENT}/review", json=REVIEW, headers=AUTH)
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["event_id"], body["verdict"], body["reason"], body["user"]) == (
        EVENT,
        "verified",
        REVIEW["reason"],
        "amina",
    )
    other = bundles()[1].events[0].id
    client.post(
        f"/api/events/{other}/review", json={"verdict": "rejected", "reason": "a duplicate"}, headers=AUTH
    )
    # a second verdict on the first event replaces the first, both are audited
    client.post(
        f"/api/events/{EVENT}/review", json={"verdict": "disputed", "reason": "Kabul denies it"}, headers=AUTH
    )
    item = client.get(f"/api/events/{EVENT}").json()
    assert item["review"]["verdict"] == "disputed"
    assert item["review"]["user"] == "amina"
    log = client.get("/api/audit", headers=AUTH).json()["items"]
    assert [(a["action"], a["target"], a["detail"]["verdict"]) for a in log] == [
        ("review", EVENT, "verified"),
        ("review", other, "rejected"),
        ("review", EVENT, "disputed"),
    ]
    assert log[0]["user"] == "amina"
    feed = client.get("/api/changes", params={"after": before}).json()["items"]
    assert [(c["kind"], c["id"], c["detail"]["verdict"]) for c in feed] == [
        ("reviewed", EVENT, "verified"),
        ("reviewed", other, "rejected"),
        ("reviewed", EVENT, "disputed"),
    ]
    reviewed = client.get("/api/events", params={"reviewed_only": "true", "limit": 100}).json()["items"]
    assert sorted(i["id"] for i in reviewed) == sorted([EVENT, other])
    rejected = client.get("/api/events", params={"verdict": "rejected"}).json()["items"]
    assert [i["id"] for i in rejected] == [other]
    both = client.get("/api/events", params={"verdict": ["rejected", "disputed"], "limit": 100}).json()
    assert len(both["items"]) == 2
    incidents = client.get("/api/incidents", params={"reviewed_only": "true", "limit": 100}).json()["items"]
    assert {e for i in incidents for e in i["event_ids"]} >= {EVENT, other}


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ({"verdict": "probable", "reason": "x"}, 422, "body verdict"),
        ({"verdict": "verified"}, 422, "body reason"),
        ({"verdict": "verified", "reason": ""}, 422, "body reason"),
        ({"verdict": "verified", "reason": "x", "extra": 1}, 422, "body extra"),
    ],
)
def test_bad_reviews_are_refused(
    store: Store, make_client: Any, body: dict[str, Any], status: int, reason: str
) -> None:
    client = make_client(store)
    answer = client.post(f"/api/events/{EVENT}/review", json=body, headers=AUTH)
    assert answer.status_code == status
    assert answer.json()["error"].startswith(reason)


def test_review_of_an_unknown_event_is_404(store: Store, make_client: Any) -> None:
    client = make_client(store)
    answer = client.post("/api/events/nope:e9/review", json=REVIEW, headers=AUTH)
    assert answer.status_code == 404
    assert answer.json()["error"] == "no such event: nope:e9"
    assert client.get("/api/audit", headers=AUTH).json()["items"] == []


def test_body_over_the_limit_is_413(store: Store, make_client: Any) -> None:
    client = make_client(store, max_body_bytes=1_000)
    big = {"text": "The border was closed. " * 100}
    answer = client.post("/api/documents", json=big, headers=AUTH)
    assert answer.status_code == 413
    assert answer.json() == {"error": "request body over the 1,000-byte limit", "status": 413}

    def chunks() -> Any:  # no Content-Length: counted as it streams
        for _ in range(10):
            yield b"x" * 200

    streamed = client.post(
        "/api/documents", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert streamed.status_code == 413
    small = client.post(f"/api/events/{EVENT}/review", json=REVIEW, headers=AUTH)
    assert small.status_code == 200


def test_rate_limit_is_429_with_retry_after(store: Store, make_client: Any) -> None:
    client = make_client(store, rate_per_minute=5)
    answers = [client.get("/api/changes") for _ in range(7)]
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 2
    refused = answers[-1]
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.json()["status"] == 429
    assert "rate limit of 5 requests a minute" in refused.json()["error"]


def test_rate_window_slides() -> None:
    now = [0.0]
    limit = RateLimit(lambda *_: None, per_minute=2, clock=lambda: now[0])
    assert limit.retry_after("a") is None
    now[0] = 30.0
    assert limit.retry_after("a") is None
    assert limit.retry_after("a") == 30  # the first request leaves the window at 60 s
    assert limit.retry_after("b") is None  # per client
    now[0] = 60.5
    assert limit.retry_after("a") is None
    assert limit.retry_after("a") == 30


def test_token_hashes_from_env_and_file(tmp_path: Path) -> None:
    digest = hash_token(TOKEN)
    assert digest == hashlib.sha256(TOKEN.encode("utf-8")).hexdigest()
    file = tmp_path / "tokens"
    file.write_text(
        f"# analysts\nomar:{hash_token('omar-token')}\n\n{hash_token('bot-token')}\n", encoding="utf-8"
    )
    hashes, labels = load_token_hashes(
        file, environ={"FLASHPOINT_API_TOKEN_SHA256": f"amina:{digest.upper()}"}
    )
    assert hashes == (digest, hash_token("omar-token"), hash_token("bot-token"))
    settings = ApiSettings(token_hashes=hashes, token_labels=labels)
    assert settings.user_of(TOKEN) == "amina"
    assert settings.user_of("omar-token") == "omar"
    assert settings.user_of("bot-token") == "api"
    assert settings.user_of("guess") is None
    with pytest.raises(ConfigError, match="not a SHA-256 hex digest"):
        parse_token_hashes(["my-plain-token"])
    with pytest.raises(ConfigError, match="cannot read the token file"):
        load_token_hashes(tmp_path / "missing", environ={})


# -- exports ------------------------------------------------------------------------------------------------
def test_export_plover_reimports_to_the_same_rows(store: Store, make_client: Any, tmp_path: Path) -> None:
    client = make_client(store)
    answer = client.get("/api/export", params={"format": "plover", "dyad": "PAK-AFG"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/x-ndjson")
    assert answer.headers["content-disposition"] == 'attachment; filename="flashpoint-events-plover.jsonl"'
    path = tmp_path / "events.jsonl"
    path.write_bytes(answer.content)
    back = {r.id: r for r in read_plover_jsonl(path)}
    with store.session(read_only=True) as db:
        stored = {r.id: r for r in db.select_events()}
    listed = client.get("/api/events", params={"dyad": "PAK-AFG", "limit": 1000}).json()["items"]
    assert set(back) == {i["id"] for i in listed}
    assert int(answer.headers["x-event-count"]) == len(back)
    for event_id, row in back.items():
        assert row == stored[event_id]


def test_export_acled_and_geojson(store: Store, make_client: Any) -> None:
    client = make_client(store)
    acled = client.get("/api/export", params={"format": "acled", "category": "ASSAULT"})
    assert acled.headers["content-type"].startswith("text/csv")
    assert acled.headers["content-disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(acled.content.decode("utf-8-sig"))))
    assert len(rows) == int(acled.headers["x-event-count"]) > 0
    assert {"event_id_cnty", "event_date", "fatalities"} <= set(rows[0])
    geo = client.get("/api/export", params={"format": "geojson"})
    assert geo.headers["content-type"].startswith("application/geo+json")
    data = json.loads(geo.content)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == event_count() - 1  # the Iran event has no coordinates
    assert client.get("/api/export", params={"format": "parquet"}).status_code == 422


def test_export_can_leave_out_unreviewed_events(store: Store, make_client: Any, tmp_path: Path) -> None:
    client = make_client(store)
    client.post(f"/api/events/{EVENT}/review", json=REVIEW, headers=AUTH)
    answer = client.get("/api/export", params={"format": "plover", "reviewed_only": "true"})
    path = tmp_path / "reviewed.jsonl"
    path.write_bytes(answer.content)
    assert [r.id for r in read_plover_jsonl(path)] == [EVENT]
    none = client.get("/api/export", params={"format": "plover", "verdict": "rejected"})
    assert none.status_code == 200
    assert none.content == b""
