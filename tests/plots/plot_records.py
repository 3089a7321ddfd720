"""Synthetic records for the plot tests: a year of a dyad with a quiet start, a gap, a surge and talks, the
forecasts of six models for four horizons, and their backtest scores. Made up; no real event."""

from __future__ import annotations

import datetime as dt
import math

from flashpoint.dyad.records import BacktestScore, Forecast, Series, SeriesPoint

DYAD = ("PAK", "AFG")
MODELS = ("hawkes", "zero", "last", "mean", "bootstrap12", "surge")
FIRST = dt.date(2024, 11, 4)  # a Monday
LEVELS = (0.025, 0.1, 0.5, 0.9, 0.975)


def week(i: int) -> dt.date:
    return FIRST + dt.timedelta(weeks=i)


def year_series(weeks: int = 52) -> Series:
    """Weekly points: a few incidents a week, weeks 10–14 with none at all (a gap), a surge of violence
    from week 40 to 45, diplomacy after it."""
    points = []
    for i in range(weeks):
        surge = 40 <= i <= 45
        gap = 10 <= i <= 14
        violent = 0 if gap else (8 + 3 * (i - 40) if surge else (i * 7) % 3)
        counts = {
            "ASSAULT": violent,
            "THREATEN": 0 if gap else (2 if surge else i % 2),
            "MOBILIZE": 1 if surge else 0,
            "CONSULT": 0 if gap else (3 if i > 45 else (1 if i % 5 == 0 else 0)),
            "AGREE": 1 if i == 47 else 0,
            "ACCUSE": 0 if gap else (4 if surge else (i % 3 == 0)),
        }
        low = violent * 2 + (5 if surge else 0)
        high = low + (10 * violent if surge else violent)
        points.append(
            SeriesPoint(
                start=week(i),
                counts=tuple(sorted((c, int(n)) for c, n in counts.items() if n)),
                violent=violent,
                fatalities_low=low,
                fatalities_high=high,
                cci=None if gap else -3.0 if surge else -0.5,
            )
        )
    return Series(DYAD, "week", tuple(points))


def forecasts(series: Series, target: str = "violent") -> list[Forecast]:
    """Six models × four horizons from the last week of ``series``."""
    origin = series.points[-1].start
    last = series.points[-1].violent if target == "violent" else series.points[-1].fatalities_high
    out = []
    for k, model in enumerate(MODELS):
        for h in range(1, 5):
            centre = {
                "hawkes": 6.0 * math.exp(-0.2 * h) + 1.5,
                "zero": 0.0,
                "last": float(last),
                "mean": 2.5,
                "bootstrap12": 4.0,
                "surge": float(last),
            }[model] * (1.0 if target == "violent" or model == "last" or model == "surge" else 8.0)
            spread = 0.0 if model == "zero" else 1.0 + 0.6 * h + 0.2 * k
            qs = (
                max(centre - 2.0 * spread, 0.0),
                max(centre - 1.3 * spread, 0.0),
                centre,
                centre + 1.3 * spread,
                centre + 2.0 * spread,
            )
            out.append(
                Forecast(
                    dyad=series.dyad,
                    target=target,
                    model=model,
                    origin=origin,
                    horizon=h,
                    mean=centre,
                    quantiles=tuple(zip(LEVELS, qs, strict=True)),
                    p_escalation=min(0.9, 0.1 + centre / 12),
                    threshold=8.0 if target == "violent" else 40.0,
                )
            )
    return out


def scores(target: str = "violent", hawkes_wins: bool = True) -> list[BacktestScore]:
    out = []
    for k, model in enumerate(MODELS):
        for h in range(1, 5):
            base = 1.0 + 0.15 * h + 0.1 * k
            edge = 0.0 if model != "hawkes" else (-0.4 if hawkes_wins else 0.6)
            crps = base + edge
            out.append(
                BacktestScore(
                    model=model,
                    target=target,
                    horizon=h,
                    n=120,
                    crps=crps,
                    brier=0.05 + 0.01 * h + 0.005 * k + edge / 20,
                    average_precision=None if model == "zero" else 0.6 - 0.05 * k - 0.03 * h,
                    coverage80=0.0 if model == "zero" else 0.7 + 0.02 * k,
                    coverage95=0.0 if model == "zero" else 0.88 + 0.015 * k,
                )
            )
    return out
