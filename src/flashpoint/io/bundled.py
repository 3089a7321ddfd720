"""Reading the data files bundled in the package (``src/flashpoint/resources/``)."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from flashpoint.errors import ResourceError


def bundled_toml(*parts: str) -> dict[str, Any]:
    """The parsed TOML file ``resources/<parts...>``; a missing or broken file is a ResourceError."""
    path = resources.files("flashpoint").joinpath("resources", *parts)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ResourceError(f"{'/'.join(parts)}: {exc}") from exc
