"""Fixtures of the gazetteer tests: the bundled gazetteer, loaded once per test session."""

from __future__ import annotations

import pytest

from flashpoint.geo.gazetteer import Gazetteer, default_gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return default_gazetteer()
