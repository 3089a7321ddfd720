"""Fixtures of the API tests: a store of hand-made rows and test clients over it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from api_client import Client, api_settings
from api_corpus import build_store

from flashpoint.api import create_app
from flashpoint.corpus.store import Store


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store the read-only tests of a module share (never written to by them)."""
    return build_store(tmp_path_factory.mktemp("api") / "corpus.duckdb")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh store for a test that writes."""
    return build_store(tmp_path / "corpus.duckdb")


@pytest.fixture(scope="module")
def reader(shared_store: Store) -> Iterator[Client]:
    with Client(create_app(shared_store, settings=api_settings())) as client:
        yield client


@pytest.fixture
def make_client() -> Iterator[Callable[..., Client]]:
    """``make_client(store, **settings)``: a client over a new app with the tests' settings changed."""
    clients: list[Client] = []

    def make(store: Store, **changes: object) -> Client:
        client = Client(create_app(store, settings=api_settings(**changes)))
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()
