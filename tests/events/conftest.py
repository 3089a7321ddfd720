"""The event tests' shared fixture: ``extract(text)`` read as published on a fixed day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from flashpoint.records import DocumentResult

#: The publication day every event test reads its sentences as of ("on Sunday" is 2025-10-19).
DAY = dt.date(2025, 10, 20)
Extract = Callable[..., DocumentResult]


@pytest.fixture(scope="module")
def extract(make_extract: Callable[[dt.date], Extract]) -> Extract:
    return make_extract(DAY)
