"""What every figure shares: the house style, the palette, dyad names, and the atomic, deterministic write.

Figures are made with :class:`matplotlib.figure.Figure` and the Agg canvas directly, never through
``pyplot``: no backend is selected, no figure registry grows, no global state is left behind. The house style
is applied with :func:`matplotlib.rc_context` only while a figure is built and saved.

The format follows the suffix of the target path (``.png`` or ``.svg``). SVG output is byte-for-byte
reproducible: a fixed ``svg.hashsalt``, no date in the metadata, and text kept as ``<text>`` (``svg.fonttype``
``none``), so the SVG is searchable and diffable. The file is written to a temporary file in the target's
folder and moved into place with :func:`os.replace`, so a reader never sees half a figure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import matplotlib
import matplotlib.dates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from flashpoint.errors import ConfigError

#: Formats by suffix.
FORMATS: dict[str, str] = {".png": "png", ".svg": "svg"}

#: The Okabe–Ito colour-blind-safe palette.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: One colour per lane of :data:`flashpoint.dyad.records.LANES`.
LANE_COLOURS: dict[str, str] = {
    "violence": OKABE_ITO["vermillion"],
    "coercion": OKABE_ITO["orange"],
    "diplomacy": OKABE_ITO["bluish_green"],
    "claims": OKABE_ITO["reddish_purple"],
}

INK = "#333333"  # text, axes and the observed series
MUTED = "#767676"  # secondary text, reference lines

STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.labelcolor": INK,
    "axes.edgecolor": MUTED,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "text.color": INK,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.dpi": 150,
    "svg.fonttype": "none",
    "svg.hashsalt": "flashpoint",
}

_METADATA: dict[str, dict[str, str | None]] = {
    "svg": {"Date": None, "Creator": "flashpoint (matplotlib)"},
    "png": {"Software": "flashpoint (matplotlib)"},
}


def target(path: str | os.PathLike[str]) -> tuple[Path, str]:
    """The target path and its format; :class:`ConfigError` for another suffix or a missing folder."""
    out = Path(path)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise ConfigError(f"cannot write a figure to {out.name!r}: the name must end in .png or .svg")
    if not out.parent.is_dir():
        raise ConfigError(f"cannot write {out.name!r}: folder {str(out.parent)!r} does not exist")
    return out, fmt


#: rc_context changes matplotlib's process-wide settings for the time of a figure: one figure at a time, so
#: that threads drawing at once (a future API) cannot see each other's style.
_RC_LOCK = threading.Lock()


@contextlib.contextmanager
def figure(path: str | os.PathLike[str], width: float, height: float) -> Iterator[Figure]:
    """A styled figure of ``width`` × ``height`` inches, written to ``path`` when the block ends."""
    out, fmt = target(path)
    with _RC_LOCK, matplotlib.rc_context(cast(Any, STYLE)):
        fig = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasAgg(fig)
        yield fig
        _write(fig, out, fmt)


def _write(fig: Figure, out: Path, fmt: str) -> None:
    handle, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem}.", suffix=out.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            fig.savefig(stream, format=fmt, metadata=_METADATA[fmt])
        os.chmod(tmp, _mode(out))
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ConfigError(f"cannot write {out.name!r}: {exc.strerror or exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


_DATES: Any = matplotlib.dates  # untyped module: its use is kept to these two functions


def day_number(day: dt.date) -> float:
    """The position of ``day`` (its midnight) on a matplotlib date axis."""
    return float(_DATES.date2num(day))


def date_axis(ax: Axes, label: str) -> None:
    """Month ticks labelled concisely ("Mar", "2025"), and the axis label."""
    locator = _DATES.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_DATES.ConciseDateFormatter(locator))
    ax.set_xlabel(label)


def _mode(out: Path) -> int:
    """The permissions the file gets: those of the file it replaces, or the default for a new file (a
    temporary file is created private)."""
    try:
        return out.stat().st_mode & 0o777
    except FileNotFoundError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def party_name(code: str) -> str:
    """A country's short name for an ISO 3166 alpha-3 code ("PAK" → "Pakistan"); other codes as given."""
    import pycountry

    country = pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 and code.isalpha() else None
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def dyad_name(dyad: tuple[str, str]) -> str:
    """ "Pakistan – Afghanistan"."""
    return f"{party_name(dyad[0])} – {party_name(dyad[1])}"


def empty_note(fig: Figure, title: str, message: str) -> None:
    """A figure that says there is nothing to draw, rather than an empty frame."""
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color=MUTED, transform=ax.transAxes)
