"""The backtest scorecard: for each target, one heatmap per score (CRPS, Brier, average precision, 80% and 95%
coverage) of models (rows) by horizon (columns), each cell printed with its value.

A cell's shade says how good it is within its column (the same score and horizon): lower is better for CRPS
and Brier, higher for average precision, nearer the nominal level for coverage. The best cell of each column
is outlined and printed bold (ties share it). The model's row is starred, per target, when it beats every
baseline, the condition for it to raise warnings. Which rule decides is the caller's: pass ``beats``
(target → verdict, e.g. from :func:`flashpoint.warning.beats_baselines`, so the figure agrees with the
warnings); without it the figure applies the plain rule of :func:`plain_beats` (mean CRPS and mean Brier over
the horizons both strictly lower than every baseline's, no margin). No scores gives a figure that says so.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Rectangle

from flashpoint.dyad.records import BacktestScore
from flashpoint.plots._canvas import INK, MUTED, OKABE_ITO, empty_note, figure
from flashpoint.plots.forecast import MODEL_STYLES

STAR = "★"
_SHADE = LinearSegmentedColormap.from_list("flashpoint_good", ["#FFFFFF", "#9CCFEF"])
_MISSING = "#EEEEEE"


@dataclass(frozen=True, slots=True)
class Metric:
    """A score of the card: how to read it off a :class:`BacktestScore` and how good a value is."""

    title: str
    value: Callable[[BacktestScore], float | None]
    goodness: Callable[[float], float]  # larger is better
    fmt: str


METRICS: tuple[Metric, ...] = (
    Metric("CRPS (lower is better)", lambda s: s.crps, lambda v: -v, "{:.2f}"),
    Metric("Brier (lower is better)", lambda s: s.brier, lambda v: -v, "{:.3f}"),
    Metric("average precision (higher)", lambda s: s.average_precision, lambda v: v, "{:.2f}"),
    Metric("80% coverage (nearer 0.80)", lambda s: s.coverage80, lambda v: -abs(v - 0.8), "{:.2f}"),
    Metric("95% coverage (nearer 0.95)", lambda s: s.coverage95, lambda v: -abs(v - 0.95), "{:.2f}"),
)


def plain_beats(scores: Sequence[BacktestScore], model: str, target: str) -> bool:
    """Whether ``model``'s mean CRPS and mean Brier over the horizons of ``target`` are both strictly lower
    than those of every other model (the baselines) scored on that target."""
    rows = [s for s in scores if s.target == target]
    means: dict[str, tuple[float, float]] = {}
    for name in {s.model for s in rows}:
        own = [s for s in rows if s.model == name]
        means[name] = (sum(s.crps for s in own) / len(own), sum(s.brier for s in own) / len(own))
    if model not in means or len(means) < 2:
        return False
    crps, brier = means.pop(model)
    return all(crps < c and brier < b for c, b in means.values())


def _order(models: set[str], model: str) -> list[str]:
    known = [m for m in MODEL_STYLES if m in models and m != model]
    return ([model] if model in models else []) + known + sorted(models - set(known) - {model})


def scorecard(
    scores: Sequence[BacktestScore],
    path: str | os.PathLike[str],
    *,
    model: str = "hawkes",
    beats: Mapping[str, bool] | None = None,
) -> None:
    """Write the scorecard of ``scores`` to ``path`` (.png or .svg); ``model`` is the model under test, every
    other model a baseline; ``beats`` says, per target, whether it beat them all (default:
    :func:`plain_beats`)."""
    targets = sorted({s.target for s in scores}, key=lambda t: (t != "violent", t != "fatalities", t))
    if not targets:
        with figure(path, 9, 3) as fig:
            empty_note(fig, "Backtest scorecard", "No backtest scores to show")
        return
    n_models = len({s.model for s in scores})
    panel_height = 0.32 * n_models + 1.0
    with figure(path, 13, panel_height * len(targets) + 0.9) as fig:
        subfigs = fig.subfigures(len(targets), 1, squeeze=False)[:, 0]
        for sub, target in zip(subfigs, targets, strict=True):
            rows = [s for s in scores if s.target == target]
            models = _order({s.model for s in rows}, model)
            horizons = sorted({s.horizon for s in rows})
            cell = {(s.model, s.horizon): s for s in rows}
            wins = (
                beats[target] if beats is not None and target in beats else plain_beats(rows, model, target)
            )
            axes = sub.subplots(1, len(METRICS), sharey=True)
            for i, (ax, metric) in enumerate(zip(axes, METRICS, strict=True)):
                _panel(ax, metric, models, horizons, cell)
                if i == 0:
                    ax.set_yticks(range(len(models)))
                    ax.set_yticklabels([f"{m} {STAR}" if m == model and wins else m for m in models])
                    for label, name in zip(ax.get_yticklabels(), models, strict=True):
                        if name == model:
                            label.set_fontweight("bold")
            counts = sorted({s.n for s in rows})
            n = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
            verdict = (
                f"{STAR} {model} beats every baseline in backtest: it may raise warnings"
                if wins
                else f"{model} does not beat every baseline: it raises no warning"
            )
            title = "violent incidents" if target == "violent" else target
            sub.suptitle(f"Backtest scorecard — {title} per week, {n} forecasts per cell", x=0.01, ha="left",
                         fontsize=11, fontweight="bold", color=INK)  # fmt: skip
            sub.supxlabel(verdict, x=0.01, ha="left", fontsize=9, fontweight="bold",
                          color=OKABE_ITO["blue"] if wins else OKABE_ITO["vermillion"])  # fmt: skip
        fig.supxlabel(
            "Columns are weeks ahead. Shade: better within the column (same score and horizon); "
            "outlined and bold: "
            "the best of the column.", x=0.01, ha="left", fontsize=7, color=MUTED,
        )  # fmt: skip


def _panel(
    ax: Axes,
    metric: Metric,
    models: list[str],
    horizons: list[int],
    cell: dict[tuple[str, int], BacktestScore],
) -> None:
    ax.set_title(metric.title, fontsize=9, fontweight="normal")
    for j, h in enumerate(horizons):
        column = {
            m: v for m in models if (s := cell.get((m, h))) is not None and (v := metric.value(s)) is not None
        }
        good = {m: metric.goodness(v) for m, v in column.items()}
        lo, hi = min(good.values(), default=0.0), max(good.values(), default=0.0)
        for i, m in enumerate(models):
            if m not in column:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=_MISSING, edgecolor="white"))
                ax.text(j, i, "–", ha="center", va="center", fontsize=8, color=MUTED)
                continue
            share = 1.0 if hi == lo else (good[m] - lo) / (hi - lo)
            best = good[m] == hi and (hi != lo or len(column) == 1)
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=_SHADE(share), edgecolor="white"))
            if best:
                ax.add_patch(
                    Rectangle(
                        (j - 0.46, i - 0.44),
                        0.92,
                        0.88,
                        fill=False,
                        edgecolor=OKABE_ITO["blue"],
                        linewidth=1.4,
                    )
                )
            ax.text(
                j,
                i,
                metric.fmt.format(column[m]),
                ha="center",
                va="center",
                fontsize=8,
                color=INK,
                fontweight="bold" if best else "normal",
            )
    ax.set_xlim(-0.5, len(horizons) - 0.5)
    ax.set_ylim(len(models) - 0.5, -0.5)
    ax.set_xticks(range(len(horizons)))
    ax.set_xticklabels([f"+{h}w" for h in horizons])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
