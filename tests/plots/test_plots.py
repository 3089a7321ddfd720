"""The figures of the dyad view: valid PNG and SVG, the names a reader looks for, byte-identical SVG from the
same records, clear errors for what cannot be drawn. Synthetic records only (``plot_records``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import matplotlib.image
import pytest
from plot_records import DYAD, MODELS, forecasts, scores, week, year_series

from flashpoint.dyad.records import LANES, Series, SeriesPoint
from flashpoint.errors import ConfigError
from flashpoint.plots import dyad_name, forecast, plain_beats, scorecard, timeline
from flashpoint.plots.forecast import weekly
from flashpoint.plots.timeline import lane_count

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MARKERS = [
    (week(40), "violence", "border clashes begin"),
    (week(46), "diplomacy", "talks in Doha"),
    (week(47), "diplomacy", "ceasefire agreed"),
]


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each figure of the synthetic year drawn once, as PNG and SVG (rendering is the slow part)."""
    folder = tmp_path_factory.mktemp("figures")
    series = year_series()
    card = scores("violent", hawkes_wins=True) + scores("fatalities", hawkes_wins=False)
    for suffix in ("png", "svg"):
        timeline(series, folder / f"timeline.{suffix}", events=MARKERS)
        forecast(series, forecasts(series), folder / f"forecast.{suffix}")
        scorecard(card, folder / f"scorecard.{suffix}")
    return folder


def svg_text(path: Path) -> str:
    """All the text of an SVG (it must parse as XML)."""
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    return " ".join(t.strip() for t in root.itertext() if t.strip())


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels of a PNG (it must start with the PNG signature and decode)."""
    assert path.read_bytes()[:8] == PNG_MAGIC
    image = matplotlib.image.imread(path)
    return image.shape[1], image.shape[0]


def test_timeline_png_and_svg(drawn: Path) -> None:
    series = year_series()
    assert png_size(drawn / "timeline.png") == (1500, 1140)  # 10 × 7.6 inches at 150 dpi
    text = svg_text(drawn / "timeline.svg")
    for lane in LANES:
        assert lane in text
    assert "fatalities" in text
    assert "Pakistan – Afghanistan" in text
    for _, _, label in MARKERS:
        assert label in text
    # the lane totals a reader checks against the bars
    total_violence = sum(lane_count(p, "violence") for p in series.points)
    assert f"{total_violence} incidents" in text
    low = sum(p.fatalities_low for p in series.points)
    high = sum(p.fatalities_high for p in series.points)
    assert f"{low:,}–{high:,} killed" in text


def test_timeline_title_and_daily_series(tmp_path: Path) -> None:
    days = tuple(
        SeriesPoint(dt.date(2025, 10, 1) + dt.timedelta(days=i), (("ASSAULT", i % 3),), i % 3, i, i + 2, -2.0)
        for i in range(30)
    )
    timeline(Series(DYAD, "day", days), tmp_path / "d.svg", title="October on the border")
    text = svg_text(tmp_path / "d.svg")
    assert "October on the border" in text
    assert "day" in text


def test_markers_outside_the_series_are_left_out(tmp_path: Path) -> None:
    series = year_series(8)
    marks = [
        (week(3), "violence", "inside"),
        (week(30), "violence", "far after"),
        (week(-4), "claims", "before"),
    ]
    timeline(series, tmp_path / "t.svg", events=marks)
    text = svg_text(tmp_path / "t.svg")
    assert "inside" in text
    assert "far after" not in text
    assert "before" not in text


def test_lane_count_sums_the_lane_categories() -> None:
    point = SeriesPoint(
        dt.date(2025, 1, 6), (("ASSAULT", 2), ("THREATEN", 1), ("MOBILIZE", 3)), 2, 0, 0, None
    )
    assert lane_count(point, "violence") == 2
    assert lane_count(point, "coercion") == 4
    assert lane_count(point, "diplomacy") == 0


def test_forecast_png_and_svg(drawn: Path) -> None:
    fcs = forecasts(year_series())
    assert png_size(drawn / "forecast.png") == (1500, 690)
    text = svg_text(drawn / "forecast.svg")
    for model in MODELS:
        assert model in text
    assert "hawkes 80% interval" in text
    assert "hawkes 95% interval" in text
    assert "escalation threshold (8)" in text
    hawkes = sorted((f for f in fcs if f.model == "hawkes"), key=lambda f: f.horizon)
    assert f"+1w {hawkes[0].p_escalation:.0%}" in text
    assert "27 Oct 2025" in text  # the origin: the last week of the series
    assert "violent incidents per week" in text


def test_forecast_fatalities_and_other_targets_left_out(tmp_path: Path) -> None:
    series = year_series()
    mixed = forecasts(series, "fatalities") + [
        dataclasses.replace(f, model=f"{f.model}-violent") for f in forecasts(series, "violent")
    ]
    forecast(series, mixed, tmp_path / "f.svg", target="fatalities")
    text = svg_text(tmp_path / "f.svg")
    assert "fatalities per week" in text
    assert "observed (low–high)" in text
    assert "observed (mid)" in text
    assert "-violent" not in text


def test_forecast_draws_the_latest_origin(tmp_path: Path) -> None:
    series = year_series()
    latest = forecasts(series)
    earlier = [dataclasses.replace(f, origin=f.origin - dt.timedelta(weeks=4), model="old") for f in latest]
    forecast(series, earlier + latest, tmp_path / "f.svg")
    assert "old" not in svg_text(tmp_path / "f.svg").split()


def test_weekly_sums_a_daily_series() -> None:
    monday = dt.date(2025, 3, 3)
    days = tuple(
        SeriesPoint(monday + dt.timedelta(days=i), (("ASSAULT", 1), ("CONSULT", i % 2)), 1, 1, 2, None)
        for i in range(10)
    )
    weeks = weekly(Series(DYAD, "day", days))
    assert [w.start for w in weeks] == [monday, monday + dt.timedelta(weeks=1)]
    assert [w.violent for w in weeks] == [7, 3]
    assert [(w.fatalities_low, w.fatalities_high) for w in weeks] == [(7, 14), (3, 6)]
    assert weeks[0].count("CONSULT") == 3


def test_scorecard_png_and_svg(drawn: Path) -> None:
    width, height = png_size(drawn / "scorecard.png")
    assert width == 1950
    assert height > 600
    text = svg_text(drawn / "scorecard.svg")
    for model in MODELS:
        assert model in text
    for metric in ("CRPS", "Brier", "average precision", "80% coverage", "95% coverage"):
        assert metric in text
    assert "hawkes ★" in text  # the model row is starred on the target where it beats the baselines
    assert "★ hawkes beats every baseline" in text
    assert "hawkes does not beat every baseline" in text
    assert "+4w" in text
    assert "0.75" in text  # hawkes' CRPS at one week: printed in its cell


def test_scorecard_without_a_winner_has_no_star(tmp_path: Path) -> None:
    scorecard(scores("violent", hawkes_wins=False), tmp_path / "s.svg")
    text = svg_text(tmp_path / "s.svg")
    assert "★" not in text
    assert "hawkes does not beat every baseline" in text


def test_the_callers_verdict_decides_the_star(tmp_path: Path) -> None:
    # the plain rule says hawkes wins on violent and loses on fatalities; the caller's rule (e.g. one with a
    # margin) says otherwise, and the figure follows the caller
    card = scores("violent", hawkes_wins=True) + scores("fatalities", hawkes_wins=False)
    scorecard(card, tmp_path / "s.svg", beats={"violent": False, "fatalities": True})
    text = svg_text(tmp_path / "s.svg")
    assert text.index("★ hawkes beats every baseline") > text.index("fatalities per week")
    assert "hawkes does not beat every baseline" in text.split("fatalities per week")[0]


def test_plain_rule_needs_both_crps_and_brier() -> None:
    wins = scores("violent", hawkes_wins=True)
    assert plain_beats(wins, "hawkes", "violent")
    assert not plain_beats(scores("violent", hawkes_wins=False), "hawkes", "violent")
    # better CRPS but a worse Brier than one baseline: no
    worse_brier = [dataclasses.replace(s, brier=1.0) if s.model == "hawkes" else s for s in wins]
    assert not plain_beats(worse_brier, "hawkes", "violent")
    # a tie is not a win
    tied = [dataclasses.replace(s, crps=1.0, brier=0.1) for s in wins]
    assert not plain_beats(tied, "hawkes", "violent")
    assert not plain_beats(wins, "hawkes", "fatalities")  # no scores for that target
    assert not plain_beats([s for s in wins if s.model == "hawkes"], "hawkes", "violent")  # no baseline


@pytest.mark.parametrize("kind", ["timeline", "forecast", "scorecard"])
def test_same_records_same_svg_bytes(drawn: Path, tmp_path: Path, kind: str) -> None:
    series = year_series()
    again = tmp_path / f"{kind}.svg"
    if kind == "timeline":
        timeline(series, again, events=MARKERS)
    elif kind == "forecast":
        forecast(series, forecasts(series), again)
    else:
        scorecard(scores("violent", hawkes_wins=True) + scores("fatalities", hawkes_wins=False), again)
    first = (drawn / f"{kind}.svg").read_bytes()
    assert first == again.read_bytes()
    assert b"<dc:date>" not in first  # no creation date in the metadata


def test_empty_series_says_no_incidents(tmp_path: Path) -> None:
    empty = Series(DYAD, "week", ())
    timeline(empty, tmp_path / "t.svg")
    assert "No incidents recorded between Pakistan and Afghanistan" in svg_text(tmp_path / "t.svg")
    forecast(empty, [], tmp_path / "f.svg")
    assert "No incidents and no forecast to show" in svg_text(tmp_path / "f.svg")
    scorecard([], tmp_path / "s.svg")
    assert "No backtest scores to show" in svg_text(tmp_path / "s.svg")
    timeline(empty, tmp_path / "t.png")
    assert png_size(tmp_path / "t.png") == (1350, 450)


def test_quiet_series_is_drawn_with_a_note(tmp_path: Path) -> None:
    quiet = Series(DYAD, "week", tuple(SeriesPoint(week(i), (), 0, 0, 0, None) for i in range(8)))
    timeline(quiet, tmp_path / "t.svg")
    text = svg_text(tmp_path / "t.svg")
    assert text.count("none in this period") == len(LANES)
    assert "violence" in text
    forecast(quiet, [], tmp_path / "f.svg")
    assert "no forecast" in svg_text(tmp_path / "f.svg")


@pytest.mark.parametrize("name", ["figure.pdf", "figure", "figure.png.txt", "figure.jpeg"])
def test_other_suffixes_are_refused(tmp_path: Path, name: str) -> None:
    series = year_series(8)
    with pytest.raises(ConfigError, match=r"\.png or \.svg"):
        timeline(series, tmp_path / name)
    with pytest.raises(ConfigError, match=r"\.png or \.svg"):
        forecast(series, [], tmp_path / name)
    with pytest.raises(ConfigError, match=r"\.png or \.svg"):
        scorecard(scores(), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_upper_case_suffix_is_accepted(tmp_path: Path) -> None:
    timeline(year_series(8), tmp_path / "T.SVG")
    assert "violence" in svg_text(tmp_path / "T.SVG")


def test_bad_arguments_are_config_errors(tmp_path: Path) -> None:
    series = year_series(8)
    with pytest.raises(ConfigError, match="unknown lane 'talks'"):
        timeline(series, tmp_path / "t.svg", events=[(week(2), "talks", "round one")])
    with pytest.raises(ConfigError, match="unknown forecast target"):
        forecast(series, [], tmp_path / "f.svg", target="displaced")
    other = dataclasses.replace(series, dyad=("IND", "PAK"))
    with pytest.raises(ConfigError, match="cannot be drawn on IND–PAK"):
        forecast(other, forecasts(series), tmp_path / "f.svg")
    with pytest.raises(ConfigError, match="does not exist"):
        timeline(series, tmp_path / "missing" / "t.svg")
    assert list(tmp_path.iterdir()) == []


def test_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "t.svg"
    target.write_text("old")
    target.chmod(0o640)
    timeline(year_series(8), target)
    assert "violence" in svg_text(target)
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["t.svg"]


def test_global_matplotlib_state_is_left_alone(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    backend = matplotlib.get_backend()
    timeline(year_series(8), tmp_path / "t.png")
    assert dict(matplotlib.rcParams) == before
    assert matplotlib.get_backend() == backend


def test_dyad_names() -> None:
    assert dyad_name(("PAK", "AFG")) == "Pakistan – Afghanistan"
    assert dyad_name(("IRN", "TTP")) == "Iran – TTP"


def test_threads_drawing_at_once_get_the_same_figures(tmp_path: Path) -> None:
    import threading

    series = year_series(10)
    timeline(series, tmp_path / "alone.svg")
    threads = [threading.Thread(target=timeline, args=(series, tmp_path / f"t{i}.svg")) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    alone = (tmp_path / "alone.svg").read_bytes()
    assert all((tmp_path / f"t{i}.svg").read_bytes() == alone for i in range(3))
