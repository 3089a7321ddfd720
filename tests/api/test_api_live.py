"""The API served by uvicorn on a real socket (what ``flashpoint serve`` runs), and the serve command."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from api_client import api_settings
from click.testing import CliRunner

from flashpoint.api import create_app
from flashpoint.apps.cli import cli
from flashpoint.corpus.store import Store


def test_uvicorn_serves_the_api_on_loopback(store: Store) -> None:
    app = create_app(store, settings=api_settings())
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # an ephemeral port
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            answer = client.get("/api/events", params={"dyad": "PAK-AFG", "limit": 3})
            assert answer.status_code == 200
            body = answer.json()
            assert len(body["items"]) == 3
            assert body["next_cursor"]
            following = client.get(
                "/api/events", params={"dyad": "PAK-AFG", "limit": 3, "cursor": body["next_cursor"]}
            )
            assert not {i["id"] for i in body["items"]} & {i["id"] for i in following.json()["items"]}
            assert client.get("/openapi.json").json()["info"]["title"] == "flashpoint"
            missing = client.get("/api/events/none:e0")
            assert missing.status_code == 404
            assert missing.headers["content-type"] == "application/json"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
    assert not thread.is_alive()


def test_serve_command_is_registered() -> None:
    from flashpoint.apps import serve_cli  # noqa: F401  (the lead adds this import to apps/cli.py)

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0, result.output
    for option in ("--db", "--host", "--port", "--token-file", "--private-reads"):
        assert option in result.output
    assert "127.0.0.1" in result.output


def test_serve_refuses_a_plain_token_in_the_token_file(tmp_path: object) -> None:

    from flashpoint.apps import serve_cli  # noqa: F401

    folder = Path(str(tmp_path))
    tokens = folder / "tokens"
    tokens.write_text("my-plain-token\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["serve", "--db", str(folder / "s.duckdb"), "--token-file", str(tokens)],
        env={"FLASHPOINT_API_TOKEN_SHA256": ""},
    )
    assert result.exit_code == 1
    assert "not a SHA-256 hex digest" in result.output
