"""The HTTP service (issue 6): a REST API over the corpus store and the offline dashboard it serves.

``create_app(store, settings=ApiSettings(...))`` gives the FastAPI application; ``flashpoint serve`` runs it
with uvicorn. See :mod:`flashpoint.api.app` for the endpoints.
"""

from __future__ import annotations

from flashpoint.api.app import create_app
from flashpoint.api.settings import ApiSettings, hash_token, load_token_hashes, parse_token_hashes

__all__ = ["ApiSettings", "create_app", "hash_token", "load_token_hashes", "parse_token_hashes"]
