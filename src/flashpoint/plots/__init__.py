"""Figures of the dyad view, as PNG or SVG (the suffix of the path decides): the dyad timeline with its lanes
and fatality ranges, the forecast against its baselines, and the backtest scorecard.

Pure functions from the records of :mod:`flashpoint.dyad.records` to a file, written atomically; the same
records give the same SVG bytes. A bad suffix, an unknown lane or target is a
:class:`flashpoint.errors.ConfigError`; nothing to draw gives a figure that says so.
"""

from __future__ import annotations

from flashpoint.plots._canvas import FORMATS, LANE_COLOURS, OKABE_ITO, dyad_name
from flashpoint.plots.forecast import forecast
from flashpoint.plots.scorecard import plain_beats, scorecard
from flashpoint.plots.timeline import timeline

__all__ = [
    "FORMATS",
    "LANE_COLOURS",
    "OKABE_ITO",
    "dyad_name",
    "forecast",
    "plain_beats",
    "scorecard",
    "timeline",
]
