"""The forecast figure: the observed weekly history (the last 26 weeks up to the origin) and, after the
origin, the model's median with its 80% and 95% central intervals, every baseline's median as its own line,
and the escalation threshold.

Forecasts of other targets are left out; when forecasts from several origins are given, the latest origin is
drawn. Observed fatalities are drawn as their low–high range and its mid, ``(low + high) // 2``, the figure
:mod:`flashpoint.warning` forecasts.
A daily series is summed into ISO weeks (named by their Monday) first. With neither history nor forecast the
figure says so.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Sequence

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from flashpoint.dyad.records import Forecast, Series, SeriesPoint
from flashpoint.errors import ConfigError
from flashpoint.plots._canvas import (
    INK,
    MUTED,
    OKABE_ITO,
    date_axis,
    day_number,
    dyad_name,
    empty_note,
    figure,
)

TARGETS = ("violent", "fatalities")
HISTORY_WEEKS = 26

#: A matplotlib line style: a name ("--") or (offset, (on, off, ...)) in points.
LineStyle = str | tuple[float, tuple[float, ...]]

#: How each model is drawn: colour, line style, marker, gloss for the legend.
MODEL_STYLES: dict[str, tuple[str, LineStyle, str, str]] = {
    "hawkes": (OKABE_ITO["vermillion"], "-", "o", "self-exciting model"),
    "zero": (OKABE_ITO["black"], (0, (1, 1.5)), "x", "always 0"),
    "last": (OKABE_ITO["blue"], "--", "s", "last value"),
    "mean": (OKABE_ITO["bluish_green"], "-.", "D", "historical mean"),
    "bootstrap12": (OKABE_ITO["sky_blue"], (0, (5, 1.5, 1, 1.5, 1, 1.5)), "^", "12-week bootstrap"),
    "surge": (OKABE_ITO["reddish_purple"], (0, (3, 1.5)), "v", "surge rule"),
}
_SPARE = [OKABE_ITO["orange"], OKABE_ITO["yellow"], "#777777"]


def weekly(series: Series) -> list[SeriesPoint]:
    """The series by ISO week: a weekly series as it is, a daily one summed per week."""
    if series.freq == "week":
        return list(series.points)
    weeks: dict[dt.date, list[SeriesPoint]] = defaultdict(list)
    for p in series.points:
        weeks[p.start - dt.timedelta(days=p.start.weekday())].append(p)
    out = []
    for monday, days in sorted(weeks.items()):
        counts: dict[str, int] = defaultdict(int)
        for d in days:
            for category, n in d.counts:
                counts[category] += n
        out.append(
            SeriesPoint(
                start=monday,
                counts=tuple(sorted(counts.items())),
                violent=sum(d.violent for d in days),
                fatalities_low=sum(d.fatalities_low for d in days),
                fatalities_high=sum(d.fatalities_high for d in days),
                cci=None,
            )
        )
    return out


def quantile(fc: Forecast, level: float) -> float | None:
    """The forecast's quantile at ``level`` (None when it was not summarised)."""
    for q, value in fc.quantiles:
        if abs(q - level) < 1e-9:
            return value
    return None


def forecast(
    series: Series,
    forecasts: Sequence[Forecast],
    path: str | os.PathLike[str],
    *,
    target: str = "violent",
    model: str = "hawkes",
) -> None:
    """Write the forecast figure of ``target`` for ``series``'s dyad to ``path`` (.png or .svg).

    ``model`` is drawn with its intervals; every other model is a baseline, drawn by its median."""
    if target not in TARGETS:
        raise ConfigError(f"unknown forecast target {target!r}: one of {', '.join(TARGETS)}")
    mine = [f for f in forecasts if f.target == target]
    for f in mine:
        if f.dyad != series.dyad:
            raise ConfigError(f"a forecast of {'–'.join(f.dyad)} cannot be drawn on {'–'.join(series.dyad)}")
    origin = max((f.origin for f in mine), default=None)
    mine = [f for f in mine if f.origin == origin]
    history = weekly(series)
    cut = origin or (history[-1].start if history else None)
    history = [p for p in history if cut is not None and p.start <= cut][-HISTORY_WEEKS:]
    what = "violent incidents" if target == "violent" else "fatalities"
    heading = f"{dyad_name(series.dyad)}: {what} per week"
    if origin is not None:
        heading += f", forecast from the week of {origin:%d %b %Y}"
    if not history and not mine:
        with figure(path, 9, 3) as fig:
            empty_note(fig, heading, "No incidents and no forecast to show")
        return

    with figure(path, 10, 4.6) as fig:
        ax = fig.add_subplot()
        ax.set_title(heading)
        _history(ax, history, target)
        by_model: dict[str, list[Forecast]] = defaultdict(list)
        for f in mine:
            by_model[f.model].append(f)
        if model in by_model:
            _model(ax, model, sorted(by_model[model], key=lambda f: f.horizon))
        baselines = [m for m in MODEL_STYLES if m in by_model and m != model]
        baselines += sorted(m for m in by_model if m not in MODEL_STYLES and m != model)
        for i, name in enumerate(baselines):
            _baseline(ax, name, sorted(by_model[name], key=lambda f: f.horizon), i, len(baselines))
        extra: list[tuple[Artist, str]] = []
        if origin is not None:
            at = day_number(origin) + 7  # the end of the last observed week
            ax.axvline(at, color=MUTED, linewidth=0.8, linestyle="--", zorder=1)
            for text, dx, ha in (("observed ◂", -3, "right"), ("▸ forecast", 3, "left")):
                ax.annotate(text, xy=(at, 1.0), xycoords=ax.get_xaxis_transform(), xytext=(dx, -2),
                            textcoords="offset points", ha=ha, va="top", fontsize=8, color=MUTED)  # fmt: skip
            extra = _threshold(ax, by_model.get(model) or mine)
        if not mine:
            ax.text(0.99, 0.5, "no forecast", transform=ax.transAxes, ha="right", color=MUTED, fontsize=11)
        ax.set_ylim(bottom=-0.02 * ax.get_ylim()[1])  # markers at zero stay whole
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.set_ylabel(f"{what} per week")
        date_axis(ax, "week (Monday)")
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(
            [*handles, *(h for h, _ in extra)], [*labels, *(t for _, t in extra)], loc="upper left",
            bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, handlelength=2.6,
        )  # fmt: skip


def _history(ax: Axes, history: list[SeriesPoint], target: str) -> None:
    x = [day_number(p.start) + 3.5 for p in history]
    if target == "violent":
        ax.plot(
            x,
            [p.violent for p in history],
            color=INK,
            linewidth=1.4,
            marker="o",
            markersize=3,
            label="observed",
            zorder=3,
        )
        return
    low = [p.fatalities_low for p in history]
    high = [p.fatalities_high for p in history]
    ax.vlines(x, low, high, color="#AAAAAA", linewidth=3.0, label="observed (low–high)", zorder=3)
    # the mid of the range, the figure the models forecast (flashpoint.warning)
    mid = [(a + b) // 2 for a, b in zip(low, high, strict=True)]
    ax.plot(x, mid, color=INK, linewidth=1.0, marker="o", markersize=3, label="observed (mid)", zorder=3)


def _model(ax: Axes, name: str, fcs: list[Forecast]) -> None:
    colour, style, marker, gloss = MODEL_STYLES.get(name, (OKABE_ITO["vermillion"], "-", "o", ""))
    x = [day_number(f.origin) + 3.5 + 7 * f.horizon for f in fcs]
    for lo, hi, alpha, label in ((0.025, 0.975, 0.18, "95% interval"), (0.1, 0.9, 0.38, "80% interval")):
        qs = [(quantile(f, lo), quantile(f, hi)) for f in fcs]
        if all(a is not None and b is not None for a, b in qs):
            ax.fill_between(
                x,
                [a or 0.0 for a, _ in qs],
                [b or 0.0 for _, b in qs],
                color=colour,
                alpha=alpha,
                linewidth=0,
                label=f"{name} {label}",
                zorder=2,
            )
    medians = [quantile(f, 0.5) for f in fcs]
    ax.plot(
        x,
        [m if m is not None else f.mean for m, f in zip(medians, fcs, strict=True)],
        color=colour,
        linestyle=style,
        marker=marker,
        markersize=5,
        linewidth=2.0,
        label=f"{name} median" + (f" ({gloss})" if gloss else ""),
        zorder=5,
    )


def _baseline(ax: Axes, name: str, fcs: list[Forecast], i: int, n: int) -> None:
    colour, style, marker, gloss = MODEL_STYLES.get(name, (_SPARE[i % len(_SPARE)], "--", "P", ""))
    dodge = (i - (n - 1) / 2) * 0.7  # days: baselines that agree stay visible side by side
    x = [day_number(f.origin) + 3.5 + 7 * f.horizon + dodge for f in fcs]
    y = [m if (m := quantile(f, 0.5)) is not None else f.mean for f in fcs]
    label = name if not gloss or gloss == name else f"{name} ({gloss})"
    ax.plot(
        x,
        y,
        color=colour,
        linestyle=style,
        marker=marker,
        markersize=4.5,
        linewidth=1.2,
        label=label,
        zorder=4,
        markerfacecolor="white" if marker not in "x+" else colour,
    )


def _threshold(ax: Axes, fcs: Sequence[Forecast]) -> list[tuple[Artist, str]]:
    """The escalation threshold as a line; the model's probabilities of escalation as legend lines."""
    levels = {f.threshold for f in fcs}
    if len(levels) != 1:
        return []
    (level,) = levels
    ax.axhline(level, color=MUTED, linewidth=0.8, linestyle=(0, (6, 3)), zorder=1)
    ax.annotate(f"escalation threshold ({level:g})", xy=(0.0, level), xycoords=ax.get_yaxis_transform(),
                xytext=(3, 2), textcoords="offset points", ha="left", va="bottom", fontsize=8, color=MUTED,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
                zorder=6)  # fmt: skip
    models = {f.model for f in fcs}
    if len(models) != 1:
        return []
    blank = Line2D([], [], linestyle="none")
    probs = "  ".join(f"+{f.horizon}w {f.p_escalation:.0%}" for f in sorted(fcs, key=lambda f: f.horizon))
    return [(blank, ""), (blank, f"P(escalation), {models.pop()}:"), (blank, probs)]
