"""The published OpenAPI document against the app: schemathesis generates requests for every read endpoint
from the document and checks that no answer is a server error and every answer conforms to it (status,
content type, body schema).

Not checked: that every schema-valid request is accepted. Some are refused on purpose with 422 and a reason:
a cursor the API did not give, ``since`` after ``until``, a series longer than the limit."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from api_client import api_settings
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from flashpoint.api import create_app
from flashpoint.corpus.store import Store


@pytest.fixture(scope="module")
def api_schema(shared_store: Store) -> Any:
    app = create_app(shared_store, settings=api_settings(rate_per_minute=0))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_read_endpoints_conform_to_the_openapi_document(api_schema: Any) -> None:
    tested = []
    for result in api_schema.include(method="GET").get_all_operations():
        operation = result.ok()
        if "forecast" in operation.path:  # a backtest per request: covered by the read tests
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: Any) -> None:
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        import time

        t = time.monotonic()
        check()
        print(operation.path, round(time.monotonic() - t, 2))
        tested.append(operation.path)
    assert "/api/events" in tested
    assert "/api/dyads/{a}-{b}/timeline" in tested
    assert len(tested) >= 12
