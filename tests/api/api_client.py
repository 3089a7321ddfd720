"""The test client of the API tests (imported once, quietly) and the settings they run the app with."""

from __future__ import annotations

import warnings

from api_corpus import TOKEN

from flashpoint.api import ApiSettings, hash_token

with warnings.catch_warnings():
    # newer starlette warns that its test client prefers the httpx2 package; it works with httpx
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

Client = TestClient
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def api_settings(**changes: object) -> ApiSettings:
    """The tests' settings: one token (labelled "amina"), pages of five, and ``changes``."""
    digest = hash_token(TOKEN)
    base: dict[str, object] = {
        "token_hashes": (digest,),
        "token_labels": ((digest, "amina"),),
        "page_size": 5,
    }
    base.update(changes)
    return ApiSettings(**base)  # type: ignore[arg-type]
