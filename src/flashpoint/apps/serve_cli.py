"""The ``serve`` command: the HTTP API and the dashboard over a store (thin; the app is
:mod:`flashpoint.api.app`)."""

from __future__ import annotations

import click

from flashpoint.apps.cli import _warn, cli
from flashpoint.apps.corpus_cli import _db_option, _errors, _store


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", type=int, default=8765, show_default=True)
@click.option(
    "--token-file",
    default=None,
    metavar="FILE",
    help="Accepted tokens as SHA-256 hex digests, one '[label:]hex' a line "
    "(also $FLASHPOINT_API_TOKEN_SHA256, a comma list).",
)
@click.option("--private-reads", is_flag=True, help="Reads need a token too.")
@click.option(
    "--rate", type=int, default=600, show_default=True, help="Requests a minute per client address."
)
@click.option(
    "--max-body", type=int, default=2_000_000, show_default=True, help="Largest request body, bytes."
)
def serve(
    db: str | None,
    host: str,
    port: int,
    token_file: str | None,
    private_reads: bool,
    rate: int,
    max_body: int,
) -> None:
    """Serve the REST API (/api/..., described at /openapi.json) and the dashboard (/) over the store.

    Writes (POST a document, review an event) need a token: give the server its SHA-256 only, e.g.
    FLASHPOINT_API_TOKEN_SHA256=analyst:$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)."""
    import uvicorn

    from flashpoint.api import ApiSettings, create_app, load_token_hashes

    with _errors():
        hashes, labels = load_token_hashes(token_file)
        settings = ApiSettings(
            token_hashes=hashes,
            token_labels=labels,
            public_reads=not private_reads,
            rate_per_minute=rate,
            max_body_bytes=max_body,
        )
        app = create_app(_store(db), settings=settings)
    if not hashes:
        _warn("no token configured: the API is read-only (writes answer 401/403)")
    if private_reads and not hashes:
        _warn("--private-reads without a token: nobody can read")
    if host not in ("127.0.0.1", "localhost", "::1"):
        _warn(f"binding {host}: the API is reachable from other machines")
    click.echo(f"flashpoint API on http://{host}:{port}/ (OpenAPI at /openapi.json)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
