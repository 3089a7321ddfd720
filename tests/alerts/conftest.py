"""Fixtures of the alert tests: a store of the hand-made rows of ``alert_rows``, a local webhook receiver and
a local SMTP server (``alert_servers``), both on 127.0.0.1 only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alert_rows import BASE_ROWS
from alert_servers import Hook, Mailbox, smtp_server, webhook_receiver

from flashpoint.corpus.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "alerts.duckdb", lock_timeout_s=5)
    with s.session() as db:
        db.write_events(BASE_ROWS)
    return s


@pytest.fixture
def hook() -> Iterator[Hook]:
    with webhook_receiver() as h:
        yield h


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box
