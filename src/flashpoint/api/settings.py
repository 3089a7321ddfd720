"""The settings of the HTTP API: accepted tokens (only their SHA-256 is ever configured or kept), whether
reads are public, and the request limits."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flashpoint.errors import ConfigError

#: Environment variable holding a comma list of accepted token hashes (``hex`` or ``label:hex``).
TOKEN_ENV = "FLASHPOINT_API_TOKEN_SHA256"
_HEX = re.compile(r"^[0-9a-f]{64}$")


def hash_token(token: str) -> str:
    """The SHA-256 hex digest of a token: what the server is configured with instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """How the API runs.

    - ``token_hashes``: SHA-256 hex digests of the tokens that may write (and read, when reads are private).
    - ``token_labels``: ``(hash, label)`` pairs: the user name written to the audit log for a token
      (``"api"`` when a token has no label).
    - ``public_reads``: GET endpoints need no token.
    - ``max_body_bytes``: larger request bodies are refused with 413.
    - ``rate_per_minute``: requests per client address in any 60-second window; more get 429.
    - ``page_size`` / ``max_page_size``: the default and the largest ``limit`` of a page.
    """

    token_hashes: tuple[str, ...] = ()
    token_labels: tuple[tuple[str, str], ...] = ()
    public_reads: bool = True
    max_body_bytes: int = 2_000_000
    rate_per_minute: int = 600
    page_size: int = 100
    max_page_size: int = 1000

    def user_of(self, token: str) -> str | None:
        """The label of ``token`` when it is accepted (``"api"`` without a label), else None. Digests are
        compared in constant time."""
        digest = hash_token(token)
        for known in self.token_hashes:
            if hmac.compare_digest(digest, known):
                return dict(self.token_labels).get(known, "api")
        return None


def parse_token_hashes(entries: Iterable[str]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Token hashes from lines or comma-separated items: ``hex`` or ``label:hex`` (``label hex`` too);
    blank items and ``#`` comments are skipped. Returns (hashes, (hash, label) pairs); raises ConfigError
    for an item that is not a SHA-256 hex digest (a raw token given by mistake, say)."""
    hashes: list[str] = []
    labels: list[tuple[str, str]] = []
    for entry in entries:
        item = entry.split("#", 1)[0].strip()
        if not item:
            continue
        label: str | None = None
        digest = item
        for sep in (":", " ", "\t"):
            if sep in item:
                label, _, digest = item.rpartition(sep)
                label = label.strip() or None
                digest = digest.strip()
                break
        digest = digest.lower()
        if not _HEX.match(digest):
            raise ConfigError(
                "a token entry is not a SHA-256 hex digest: configure the hash of a token, never the "
                "token itself (printf %s TOKEN | sha256sum)"
            )
        if digest not in hashes:
            hashes.append(digest)
            if label:
                labels.append((digest, label))
    return tuple(hashes), tuple(labels)


def load_token_hashes(
    token_file: str | Path | None = None, environ: dict[str, str] | None = None
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The accepted token hashes from ``$FLASHPOINT_API_TOKEN_SHA256`` (comma list) and a token file (one
    ``[label:]hex`` a line)."""
    env = os.environ if environ is None else environ
    entries = env.get(TOKEN_ENV, "").split(",")
    if token_file is not None:
        try:
            entries += Path(token_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"cannot read the token file {token_file}: {exc.strerror or exc}") from exc
    return parse_token_hashes(entries)
