"""Early warning over the store: a dyad's weekly history (event-level rows, one incident each) backtested,
forecast against the baselines, a warning only when the model beat them, and the commands and plots."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from flashpoint.apps.cli import cli
from flashpoint.corpus.rows import EventRow, Party
from flashpoint.corpus.store import Store
from flashpoint.workflows.warning import backtest, outlook

START = dt.date(2024, 1, 1)  # a Monday
PAK = Party("PAK", "MIL", "Military Forces of Pakistan")
AFG = Party("AFG", "MIL", "Military Forces of Afghanistan")


def self_exciting(
    weeks: int, mu: float = 0.6, alpha: float = 0.55, beta: float = 0.5, seed: int = 3
) -> list[int]:
    """A weekly Hawkes-type count series: a quiet baseline with bursts that feed on themselves."""
    rng = np.random.default_rng(seed)
    y: list[int] = []
    for t in range(weeks):
        excitation = sum(alpha * beta ** (k - 1) * y[t - k] for k in range(1, min(t, 30) + 1))
        y.append(int(rng.poisson(mu + excitation)))
    return y


def rows_for(counts: list[int]) -> list[EventRow]:
    rows = []
    for week, n in enumerate(counts):
        for i in range(n):
            day = START + dt.timedelta(weeks=week, days=i % 7)
            rows.append(
                EventRow(
                    id=f"acled:PAK{week:03d}{i:02d}",
                    origin="acled",
                    category="ASSAULT",
                    actors=(PAK, AFG),
                    date=day.isoformat(),
                    date_precision="day",
                    date_start=day,
                    date_end=day,
                    fatalities_low=2 + i,
                    fatalities_high=2 + i,
                    dataset_id=f"PAK{week:03d}{i:02d}",
                    source="test",
                    reported=day,
                )
            )
    return rows


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    st = Store(tmp_path_factory.mktemp("warning") / "fp.duckdb")
    counts = self_exciting(80)
    counts[-2:] = [6, 9]  # the history ends in a burst
    with st.session() as db:
        db.write_events(rows_for(counts))
    return st


def test_the_backtest_scores_the_model_and_every_baseline(store: Store) -> None:
    series, scores = backtest(store, ("PAK", "AFG"), seed=1)
    assert series.points[-1].start == START + dt.timedelta(weeks=79)
    assert len(series.points) >= 70  # from the first week with an incident
    models = {s.model for s in scores}
    assert models == {"hawkes", "zero", "last", "mean", "bootstrap12", "surge"}
    assert {s.horizon for s in scores} == {1, 2, 3, 4}
    assert {s.target for s in scores} == {"violent", "fatalities"}
    crps = {s.model: s.crps for s in scores if s.target == "violent" and s.horizon == 1}
    assert crps["hawkes"] < crps["zero"]
    assert crps["hawkes"] < crps["last"]


def test_the_outlook_forecasts_four_weeks_and_warns_only_with_a_track_record(store: Store) -> None:
    out = outlook(store, ("PAK", "AFG"), seed=1)
    for target in ("violent", "fatalities"):
        mine = {(f.model, f.horizon) for f in out.forecasts if f.target == target}
        assert {("hawkes", h) for h in range(1, 5)} <= mine
        assert {("surge", h) for h in range(1, 5)} <= mine
    if out.warnings:
        assert any(out.beats.values())
    for w in out.warnings:
        assert w.drivers
        assert all(d.incident_id is None or d.incident_id.startswith("inc-") for d in w.drivers)
        assert w.week == out.series.points[-1].start + dt.timedelta(weeks=1)


def test_the_commands_print_scores_forecasts_and_draw_the_figures(store: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["backtest", "PAK", "AFG", "--db", store.path, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["weeks"] >= 70
    assert set(data["beats_baselines"]) == {"violent", "fatalities"}
    text = runner.invoke(cli, ["forecast", "PAK", "AFG", "--db", store.path])
    assert text.exit_code == 0, text.output
    assert "hawkes" in text.output
    assert "bootstrap12" in text.output
    for kind in ("timeline", "forecast", "scorecard"):
        out = tmp_path / f"{kind}.png"
        drawn = runner.invoke(cli, ["plot", kind, "PAK", "AFG", "--db", store.path, "--out", str(out)])
        assert drawn.exit_code == 0, drawn.output
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "timeline.svg"
    assert (
        runner.invoke(
            cli, ["plot", "timeline", "PAK", "AFG", "--db", store.path, "--out", str(svg)]
        ).exit_code
        == 0
    )
    assert "violence" in svg.read_text()


def test_a_dyad_without_incidents_is_a_clear_error(store: Store) -> None:
    result = CliRunner().invoke(cli, ["backtest", "IND", "CHN", "--db", store.path])
    assert result.exit_code == 1
    assert "no dated incidents for IND-CHN" in result.output
