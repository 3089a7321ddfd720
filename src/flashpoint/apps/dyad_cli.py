"""The dyad commands: situation and timeline (thin; the logic is in :mod:`flashpoint.workflows.dyad`)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import sys
from typing import Any

import click

from flashpoint.apps.cli import _parse_day, cli
from flashpoint.apps.corpus_cli import _db_option, _errors, _store


def _dyad(a: str, b: str) -> tuple[str, str]:
    return a.strip().upper(), b.strip().upper()


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@cli.command()
@click.argument("a")
@click.argument("b")
@_db_option
@click.option(
    "--as-of", "as_of", callback=_parse_day, default=None, metavar="YYYY-MM-DD", help="Default: today."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--evidence/--no-evidence", default=False, help="Print the evidence text under each line.")
def situation(a: str, b: str, db: str | None, as_of: dt.date | None, fmt: str, evidence: bool) -> None:
    """The state of the dyad A-B: talks, ceasefire, crossings, displacement, casualties, open claims."""
    from flashpoint.workflows.dyad import situation as build

    with _errors():
        board = build(_store(db), _dyad(a, b), as_of)
    if fmt == "json":
        click.echo(json.dumps(_jsonable(board), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console(width=160, highlight=False)
    console.print(f"[bold]{board.dyad[0]}–{board.dyad[1]}[/bold] as of {board.as_of.isoformat()}")

    def section(title: str, lines: Any) -> None:
        console.print(f"\n[bold]{title}[/bold]")
        if not lines:
            console.print("  (nothing reported)")
        for line in lines:
            when = line.date.isoformat() if line.date else "undated"
            console.print(f"  {when}  {line.summary}  [dim]{' '.join(line.incidents)}[/dim]", soft_wrap=True)
            if evidence:
                for ev in line.evidence:
                    console.print(f"      [dim]{ev.source or ev.event_id}: {(ev.text or '').strip()}[/dim]")

    section("Talks", [*board.talks, *([board.next_talks] if board.next_talks else [])])
    if board.mediators:
        console.print(f"  mediators: {', '.join(board.mediators)}")
    console.print(f"\n[bold]Ceasefire[/bold]: {board.ceasefire_state}")
    section("  agreement", [board.ceasefire] if board.ceasefire else [])
    section("  pledges", board.pledges)
    section("  violations reported since", board.violations)
    section("Borders and crossings", board.borders)
    section("Displacement and deportation", board.displacement)
    console.print("\n[bold]Casualties[/bold] (ASSAULT incidents; range across sources)")
    for w in board.casualties:
        sources = "; ".join(f"{s} {lo}" + (f"–{hi}" if hi != lo else "") for s, lo, hi in w.by_source)
        rng = f"{w.low}" + (f"–{w.high}" if w.high != w.low else "")
        console.print(
            f"  last {w.days:>2} days: {rng} dead in {w.incidents} incident(s)"
            + (f"  [{sources}]" if sources else "")
        )
    section("Open claims (accusations and denials)", board.claims)
    section("Latest threats", board.threats)
    section("Latest demands", board.demands)


@cli.command()
@click.argument("a")
@click.argument("b")
@_db_option
@click.option("--freq", type=click.Choice(["week", "day"]), default="week", show_default=True)
@click.option("--since", callback=_parse_day, default=None, metavar="YYYY-MM-DD")
@click.option("--until", callback=_parse_day, default=None, metavar="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
def timeline(
    a: str, b: str, db: str | None, freq: str, since: dt.date | None, until: dt.date | None, fmt: str
) -> None:
    """The dyad's daily or weekly series: incidents by category, fatalities (low–high), the conflict-
    cooperation index (mean PLOVER event scale, −10 war … +10 cooperation)."""
    from flashpoint.dyad.records import LANES
    from flashpoint.workflows.dyad import series

    with _errors():
        s = series(_store(db), _dyad(a, b), freq=freq, since=since, until=until)
    rows = []
    for p in s.points:
        row: dict[str, Any] = {"start": p.start.isoformat()}
        for lane, cats in LANES.items():
            row[lane] = sum(p.count(c) for c in cats)
        row.update(
            violent=p.violent,
            dead_low=p.fatalities_low,
            dead_high=p.fatalities_high,
            cci="" if p.cci is None else p.cci,
            reported=sum(n for _, n in p.by_report),
        )
        rows.append(row)
    if fmt == "json":
        click.echo(json.dumps(_jsonable(s), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["start"])
        writer.writeheader()
        writer.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{s.dyad[0]}–{s.dyad[1]} by {freq} ({len(rows)})")
        for c in rows[0] if rows else ["start"]:
            table.add_column(c, justify="left" if c == "start" else "right")
        for r in rows:
            table.add_row(*(str(v) for v in r.values()))
        Console(width=160).print(table)
