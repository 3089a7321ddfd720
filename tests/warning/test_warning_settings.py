"""The bundled settings, and what a malformed file gives."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from flashpoint.errors import ConfigError, ResourceError
from flashpoint.warning.settings import default_settings, parse_settings


def _data() -> dict[str, Any]:
    path = resources.files("flashpoint").joinpath("resources", "warning", "warning.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_bundled_settings() -> None:
    st = default_settings()
    assert st.horizons == (1, 2, 3, 4)
    assert st.quantiles == (0.025, 0.1, 0.5, 0.9, 0.975)
    assert (st.escalation_factor, st.escalation_window) == (2.0, 4)
    assert st.minimum("violent") == 3
    assert 0 < st.level < 1
    with pytest.raises(ConfigError, match="unknown target"):
        st.minimum("displaced")


def test_malformed_settings() -> None:
    data = _data()
    del data["hawkes"]["starts"]
    with pytest.raises(ResourceError, match="starts"):
        parse_settings(data)
    data = _data()
    data["hawkes"]["max_branching"] = 1.2
    with pytest.raises(ResourceError, match="max_branching"):
        parse_settings(data)
