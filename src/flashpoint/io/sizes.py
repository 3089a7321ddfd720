"""Sizes in bytes as a reader says them: ``512 bytes``, ``3.4 kB``, ``50.0 MB`` (decimal units)."""

from __future__ import annotations

_UNITS = ((1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB"))


def human_size(size: int) -> str:
    """``50000000`` → ``50.0 MB``."""
    for factor, unit in _UNITS:
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} byte" if size == 1 else f"{size} bytes"
