"""The early-warning settings: ``resources/warning/warning.toml`` read into one frozen record."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from flashpoint.errors import ConfigError, ResourceError
from flashpoint.io.bundled import bundled_toml

#: The two targets forecast per dyad.
TARGETS: tuple[str, ...] = ("violent", "fatalities")


@dataclass(frozen=True, slots=True)
class WarningSettings:
    """Everything :mod:`flashpoint.warning` reads from ``warning.toml`` (see the file for the meanings)."""

    horizons: tuple[int, ...]
    quantiles: tuple[float, ...]
    samples: int
    seed: int
    min_train: int
    step: int
    refit: int
    escalation_factor: float
    escalation_window: int
    min_count: tuple[tuple[str, int], ...]
    level: float
    min_skill: float
    lookback: int
    max_drivers: int
    min_contribution: float
    hawkes_starts: tuple[tuple[float, float], ...]
    max_branching: float
    beta_bounds: tuple[float, float]
    dispersion_bounds: tuple[float, float]

    def minimum(self, target: str) -> int:
        """The smallest count that can be an escalation of ``target``."""
        table = dict(self.min_count)
        if target not in table:
            raise ConfigError(f"unknown target {target!r}; expected one of {', '.join(sorted(table))}")
        return table[target]


def parse_settings(data: dict[str, Any]) -> WarningSettings:
    """Settings from the parsed TOML; a missing or malformed entry raises :class:`ResourceError`."""
    try:
        fc, bt, esc, warn, hk = (
            data["forecast"],
            data["backtest"],
            data["escalation"],
            data["warning"],
            data["hawkes"],
        )
        settings = WarningSettings(
            horizons=tuple(int(h) for h in fc["horizons"]),
            quantiles=tuple(float(q) for q in fc["quantiles"]),
            samples=int(fc["samples"]),
            seed=int(fc["seed"]),
            min_train=int(bt["min_train"]),
            step=int(bt["step"]),
            refit=int(bt["refit"]),
            escalation_factor=float(esc["factor"]),
            escalation_window=int(esc["window"]),
            min_count=tuple((str(k), int(v)) for k, v in esc["min_count"].items()),
            level=float(warn["level"]),
            min_skill=float(warn["min_skill"]),
            lookback=int(warn["lookback"]),
            max_drivers=int(warn["max_drivers"]),
            min_contribution=float(warn["min_contribution"]),
            hawkes_starts=tuple((float(n), float(b)) for n, b in hk["starts"]),
            max_branching=float(hk["max_branching"]),
            beta_bounds=(float(hk["beta"][0]), float(hk["beta"][1])),
            dispersion_bounds=(float(hk["dispersion"][0]), float(hk["dispersion"][1])),
        )
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise ResourceError(f"warning/warning.toml: missing or malformed entry: {exc}") from exc
    problems = []
    if not settings.horizons or min(settings.horizons) < 1:
        problems.append("horizons must be positive")
    if any(not 0 < q < 1 for q in settings.quantiles):
        problems.append("quantiles must be in (0, 1)")
    if settings.samples < 1 or settings.step < 1 or settings.refit < 1 or settings.escalation_window < 1:
        problems.append("samples, step, refit and window must be >= 1")
    if settings.min_train < settings.escalation_window + 1:
        problems.append("min_train must exceed the escalation window")
    if not 0 < settings.max_branching < 1:
        problems.append("max_branching must be in (0, 1)")
    if not 0 < settings.beta_bounds[0] < settings.beta_bounds[1] < 1:
        problems.append("beta bounds must satisfy 0 < low < high < 1")
    if not 0 < settings.dispersion_bounds[0] < settings.dispersion_bounds[1]:
        problems.append("dispersion bounds must satisfy 0 < low < high")
    if not settings.hawkes_starts:
        problems.append("hawkes needs at least one start")
    if problems:
        raise ResourceError("warning/warning.toml: " + "; ".join(problems))
    return settings


@cache
def default_settings() -> WarningSettings:
    """The bundled settings (read once)."""
    return parse_settings(bundled_toml("warning", "warning.toml"))
