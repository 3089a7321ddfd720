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


# -- alerts --------------------------------------------------------------------------------------------
@cli.group()
def alerts() -> None:
    """Alert rules on a dyad or a saved query, delivered to a webhook, an Atom file or email, once each."""


@alerts.command(name="add")
@click.argument("name")
@click.option(
    "--kind", type=click.Choice(["threshold", "surge", "ceasefire_violation", "closure"]), required=True
)
@click.option("--dyad", "dyad", default=None, metavar="A-B", help="The dyad the rule watches.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A rule parameter (repeatable).")
@click.option("--channel", "channels", multiple=True, metavar="NAME", help="A channel name from --channels.")
@click.option("--replace", is_flag=True, help="Replace a rule of the same name (its delivery log is kept).")
@_db_option
def alerts_add(
    name: str,
    kind: str,
    dyad: str | None,
    params: tuple[str, ...],
    channels: tuple[str, ...],
    replace: bool,
    db: str | None,
) -> None:
    """Save an alert rule (e.g. --kind surge --dyad PAK-AFG --param ratio=2 --channel desk)."""
    from flashpoint.alerts import AlertRule, parse_params, save_rule
    from flashpoint.corpus.query import parse_dyad

    with _errors():
        rule = AlertRule(
            name,
            kind,
            dyad=parse_dyad(dyad) if dyad else None,
            params=parse_params(list(params)),
            channels=tuple(channels),
        )
        rule_id = save_rule(_store(db), rule, replace=replace)
    click.echo(f"rule {name!r} saved (id {rule_id})")


@alerts.command(name="list")
@_db_option
def alerts_list(db: str | None) -> None:
    """The saved rules."""
    from flashpoint.alerts import list_rules

    with _errors():
        rules = list_rules(_store(db))
    for r in rules:
        target = "-".join(r.dyad) if r.dyad else "query"
        state = "" if r.enabled else " (disabled)"
        params = " ".join(f"{k}={v}" for k, v in r.params.items())
        click.echo(
            f"{r.name}: {r.kind} on {target} {params} -> {', '.join(r.channels) or 'no channel'}{state}"
        )


@alerts.command(name="run")
@_db_option
@click.option(
    "--as-of", "as_of", callback=_parse_day, default=None, metavar="YYYY-MM-DD", help="Default: today."
)
@click.option(
    "--channels",
    "channels_file",
    default=None,
    metavar="FILE.toml",
    help="Channel definitions: [channels.NAME] type = webhook|feed|email, url/path/host ... "
    "(default $FLASHPOINT_ALERT_CHANNELS).",
)
def alerts_run(db: str | None, as_of: dt.date | None, channels_file: str | None) -> None:
    """Evaluate every enabled rule and deliver what has not been delivered yet."""
    import os
    import tomllib
    from pathlib import Path

    from flashpoint.alerts import channel_from_config, run_alerts
    from flashpoint.errors import ConfigError

    with _errors():
        path = channels_file or os.environ.get("FLASHPOINT_ALERT_CHANNELS")
        channels = {}
        if path:
            try:
                table = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("channels", {})
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{path}: {exc}") from exc
            channels = {name: channel_from_config(name, spec) for name, spec in table.items()}
        report = run_alerts(_store(db), as_of, channels)
    for rule, key, channel, status in report.deliveries:
        click.echo(f"{rule} -> {channel}: {key}: {status}")
    for rule, reason in report.errors:
        click.echo(f"flashpoint: rule {rule!r}: {reason}", err=True)
    click.echo(f"{report.sent} sent, {report.skipped} already sent, {report.failed} failed")
    if report.failed:
        sys.exit(2)
