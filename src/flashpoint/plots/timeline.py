"""The dyad timeline: one row of bars per lane (violence, coercion, diplomacy, claims), a fatalities panel
with the low–high range of each period, and optional annotated markers ("ceasefire agreed") on their lane
(those outside the series' span are left out).

A lane's bar is the number of incidents of the lane's PLOVER categories (:data:`LANES`) in the period. The
fatalities panel stacks the low figure (solid) and the part up to the high figure (light): "at least low,
up to high". An empty series (no period at all) gives a figure that says "No incidents" rather than an
error, so a scheduled run always has a figure to show; a lane with no incident in the span says "none in
this period".
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from flashpoint.dyad.records import LANES, Series, SeriesPoint
from flashpoint.errors import ConfigError
from flashpoint.plots._canvas import (
    INK,
    LANE_COLOURS,
    MUTED,
    date_axis,
    day_number,
    dyad_name,
    empty_note,
    figure,
    party_name,
)

_FATALITIES = "#555555"
_FATALITIES_RANGE = "#BBBBBB"


def lane_count(point: SeriesPoint, lane: str) -> int:
    """Incidents of ``lane``'s categories in one period."""
    return sum(point.count(category) for category in LANES[lane])


def timeline(
    series: Series,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    events: Sequence[tuple[dt.date, str, str]] = (),
) -> None:
    """Write the lanes-and-fatalities timeline of ``series`` to ``path`` (.png or .svg).

    ``events`` are ``(date, lane, label)`` markers drawn on their lane; an unknown lane is a
    :class:`ConfigError`."""
    for _, lane, _ in events:
        if lane not in LANES:
            raise ConfigError(f"unknown lane {lane!r} for a timeline marker: one of {', '.join(LANES)}")
    per = "weekly" if series.freq == "week" else "daily"
    heading = title or f"{dyad_name(series.dyad)}: {per} incidents by lane"
    if not series.points:
        with figure(path, 9, 3) as fig:
            a, b = (party_name(code) for code in series.dyad)
            empty_note(fig, heading, f"No incidents recorded between {a} and {b}")
        return

    days = 7.0 if series.freq == "week" else 1.0
    width = days * 0.8
    # a bar is centred on its period: the Monday plus half a week, or the day's noon
    x = [day_number(p.start) + days / 2 for p in series.points]
    n_lanes = len(LANES)
    with figure(path, 10, 1.25 * n_lanes + 2.6) as fig:
        axes = fig.subplots(
            n_lanes + 1,
            1,
            sharex=True,
            gridspec_kw={"height_ratios": [1.0] * n_lanes + [1.6], "hspace": 0.08},
        )
        lane_axes = dict(zip(LANES, axes[:n_lanes], strict=True))
        for lane, ax in lane_axes.items():
            counts = [lane_count(p, lane) for p in series.points]
            ax.bar(x, counts, width=width, color=LANE_COLOURS[lane], linewidth=0)
            # each lane its own scale (a quiet lane stays readable next to a surge), ticks at 0 and its peak,
            # and headroom for the markers' labels
            peak = max(counts, default=0)
            ax.set_ylim(0, max(peak, 1) * 1.5)
            ax.set_yticks([0, peak] if peak else [0])
            ax.tick_params(axis="x", length=0)
            ax.spines["bottom"].set_color("#CCCCCC")
            ax.text(-0.045, 0.5, lane, transform=ax.transAxes, ha="right", va="bottom", fontsize=10,
                    fontweight="bold", color=LANE_COLOURS[lane])  # fmt: skip
            ax.text(-0.045, 0.45, _incidents(sum(counts)), transform=ax.transAxes, ha="right", va="top",
                    fontsize=8, color=MUTED)  # fmt: skip
            if not peak:
                ax.text(0.5, 0.3, "none in this period", transform=ax.transAxes, ha="center", va="center",
                        fontsize=9, color=MUTED)  # fmt: skip
        axes[0].set_title(heading)
        _fatalities(axes[n_lanes], series, x, width)
        bottom = axes[n_lanes]
        first, last = series.points[0].start, series.points[-1].start + dt.timedelta(days=days)
        bottom.set_xlim(day_number(first), day_number(last))
        _markers(lane_axes, events)
        date_axis(bottom, "week (Monday)" if series.freq == "week" else "day")
        fig.supxlabel(
            "Bars count incidents (the reports of one event merged) by event date; "
            "each lane has its own scale.",
            x=0.01, ha="left", fontsize=7, color=MUTED,
        )  # fmt: skip


def _incidents(n: int) -> str:
    return f"{n:,} incident{'' if n == 1 else 's'}"


def _fatalities(ax: Axes, series: Series, x: list[float], width: float) -> None:
    low = [p.fatalities_low for p in series.points]
    extra = [max(p.fatalities_high - p.fatalities_low, 0) for p in series.points]
    ax.bar(x, low, width=width, color=_FATALITIES, linewidth=0, label="reported (low)")
    ax.bar(x, extra, width=width, bottom=low, color=_FATALITIES_RANGE, linewidth=0, label="up to (high)")
    high = max((p.fatalities_high for p in series.points), default=0)
    ax.set_ylim(0, max(high, 1) * 1.1)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, min_n_ticks=1))
    ax.text(-0.045, 0.5, "fatalities", transform=ax.transAxes, ha="right", va="bottom", fontsize=10,
            fontweight="bold", color=INK)  # fmt: skip
    ax.legend(loc="upper left", ncols=2, handlelength=1.2, borderaxespad=0.2)
    total_low = sum(p.fatalities_low for p in series.points)
    total_high = sum(p.fatalities_high for p in series.points)
    span = f"{total_low:,}" if total_low == total_high else f"{total_low:,}–{total_high:,}"
    ax.text(
        -0.045, 0.45, f"{span} killed", transform=ax.transAxes, ha="right", va="top", fontsize=8, color=MUTED
    )


def _markers(lane_axes: dict[str, Axes], events: Sequence[tuple[dt.date, str, str]]) -> None:
    """Each marker a dotted line across its lane and a label above; labels of close markers alternate
    heights so they do not print over each other. Markers outside the series' span are left out."""
    placed: dict[str, list[float]] = {}
    for day, lane, label in sorted(events):
        ax = lane_axes[lane]
        left, right = ax.get_xlim()
        if not left <= day_number(day) <= right:
            continue
        flip = (day_number(day) - left) > 0.75 * (right - left)  # near the right edge: label on the left
        at = day_number(day)
        near = [p for p in placed.get(lane, []) if abs(p - at) < 0.08 * (right - left)]
        level = 0.94 - 0.16 * (len(near) % 3)
        placed.setdefault(lane, []).append(at)
        ax.axvline(at, color=INK, linewidth=0.9, linestyle=":", zorder=3)
        ax.plot(
            [at], [level], marker="v", color=INK, markersize=5, transform=ax.get_xaxis_transform(), zorder=4
        )
        ax.annotate(
            label,
            xy=(at, level),
            xycoords=ax.get_xaxis_transform(),
            xytext=(-5 if flip else 5, 0),
            textcoords="offset points",
            ha="right" if flip else "left",
            va="center",
            fontsize=8,
            color=INK,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            zorder=5,
        )
