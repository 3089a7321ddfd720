"""The alerts commands end to end: add, list, run with a channels file (an Atom feed), run again."""

from __future__ import annotations

from pathlib import Path

import feedparser
from alert_rows import BASE_ROWS
from click.testing import CliRunner

from flashpoint.apps.cli import cli
from flashpoint.corpus.store import Store


def test_add_list_run_and_run_again(tmp_path: Path) -> None:
    db = str(tmp_path / "fp.duckdb")
    with Store(db).session() as s:
        s.write_events(BASE_ROWS)
    runner = CliRunner()
    added = runner.invoke(
        cli,
        [
            "alerts",
            "add",
            "pak-afg violation",
            "--kind",
            "ceasefire_violation",
            "--dyad",
            "PAK-AFG",
            "--channel",
            "feed",
            "--db",
            db,
        ],
    )
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli, ["alerts", "list", "--db", db])
    assert "pak-afg violation: ceasefire_violation on PAK-AFG" in listed.output
    feed = tmp_path / "alerts.atom"
    channels = tmp_path / "channels.toml"
    channels.write_text(f'[channels.feed]\ntype = "feed"\npath = "{feed}"\n')
    first = runner.invoke(
        cli, ["alerts", "run", "--db", db, "--as-of", "2025-11-30", "--channels", str(channels)]
    )
    assert first.exit_code == 0, first.output
    assert "1 sent, 0 already sent, 0 failed" in first.output
    assert len(feedparser.parse(feed.read_bytes()).entries) == 1
    again = runner.invoke(
        cli, ["alerts", "run", "--db", db, "--as-of", "2025-11-30", "--channels", str(channels)]
    )
    assert "0 sent, 1 already sent, 0 failed" in again.output
