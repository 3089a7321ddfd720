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


# -- early warning and plots -----------------------------------------------------------------------------
@cli.command()
@click.argument("a")
@click.argument("b")
@_db_option
@click.option(
    "--target", type=click.Choice(["violent", "fatalities", "both"]), default="both", show_default=True
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--plot", "plot_path", default=None, metavar="FILE.png|svg", help="Also draw the scorecard.")
def backtest(a: str, b: str, db: str | None, target: str, fmt: str, plot_path: str | None) -> None:
    """Rolling-origin backtest of the dyad's weekly history: CRPS, Brier, average precision and 80%/95%
    coverage for the Hawkes model and every baseline, 1 to 4 weeks ahead."""
    from flashpoint.warning import beats_baselines, score_table
    from flashpoint.workflows.warning import backtest as run

    targets = ("violent", "fatalities") if target == "both" else (target,)
    with _errors():
        s, scores = run(_store(db), _dyad(a, b), targets)
        verdicts = {t: beats_baselines(scores, "hawkes", t) for t in targets}
        if plot_path:
            from flashpoint.plots import scorecard

            scorecard(scores, plot_path, beats=verdicts)
    if fmt == "json":
        click.echo(
            json.dumps({"weeks": len(s.points), "beats_baselines": verdicts, "scores": _jsonable(scores)})
        )
        return
    click.echo(f"{'-'.join(s.dyad)}: {len(s.points)} weeks from {s.points[0].start.isoformat()}")
    click.echo(score_table(scores))
    for t, ok in verdicts.items():
        click.echo(
            f"{t}: the Hawkes model {'beats' if ok else 'does NOT beat'} every baseline "
            f"(warnings {'on' if ok else 'off'})"
        )


@cli.command()
@click.argument("a")
@click.argument("b")
@_db_option
@click.option(
    "--as-of", "as_of", callback=_parse_day, default=None, metavar="YYYY-MM-DD", help="Default: all data."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def forecast(a: str, b: str, db: str | None, as_of: dt.date | None, fmt: str) -> None:
    """Violent incidents and fatalities 1 to 4 weeks ahead, by the Hawkes model and every baseline, and a
    warning (with the incidents that drive it) only when the model beat the baselines in backtest."""
    from flashpoint.workflows.warning import outlook

    with _errors():
        out = outlook(_store(db), _dyad(a, b), as_of)
    if fmt == "json":
        click.echo(
            json.dumps(_jsonable({"forecasts": out.forecasts, "beats": out.beats, "warnings": out.warnings}))
        )
        return
    last = out.series.points[-1].start
    click.echo(
        f"{'-'.join(out.series.dyad)}: {len(out.series.points)} weeks to the week of {last.isoformat()}"
    )
    for target in ("violent", "fatalities"):
        click.echo(
            f"\n{target} (model beats every baseline in backtest: {'yes' if out.beats[target] else 'no'})"
        )
        click.echo(f"  {'model':<12}{'h':>2}{'mean':>9}{'80% interval':>18}{'P(escalation)':>15}")
        for f in out.forecasts:
            if f.target != target:
                continue
            q = dict(f.quantiles)
            interval = f"{q.get(0.1, 0):g}–{q.get(0.9, 0):g}"
            click.echo(f"  {f.model:<12}{f.horizon:>2}{f.mean:>9.2f}{interval:>18}{f.p_escalation:>15.2f}")
    if not out.warnings:
        click.echo("\nno warning")
    for w in out.warnings:
        click.echo(
            f"\nWARNING {'-'.join(w.dyad)} week of {w.week.isoformat()}: P(escalation) {w.probability:.2f} "
            f"(threshold {w.threshold:g}, model {w.model}); drivers:"
        )
        for d in w.drivers:
            click.echo(f"  +{d.contribution:.2f}  {d.description}  [{d.incident_id or d.week.isoformat()}]")


@cli.command()
@click.argument("kind", type=click.Choice(["timeline", "forecast", "scorecard"]))
@click.argument("a")
@click.argument("b")
@click.option("--out", "out_path", required=True, metavar="FILE.png|svg", help="The figure to write.")
@_db_option
@click.option("--freq", type=click.Choice(["week", "day"]), default="week", show_default=True)
@click.option("--since", callback=_parse_day, default=None, metavar="YYYY-MM-DD")
@click.option("--until", callback=_parse_day, default=None, metavar="YYYY-MM-DD")
@click.option("--target", type=click.Choice(["violent", "fatalities"]), default="violent", show_default=True)
def plot(
    kind: str,
    a: str,
    b: str,
    out_path: str,
    db: str | None,
    freq: str,
    since: dt.date | None,
    until: dt.date | None,
    target: str,
) -> None:
    """Draw the dyad's timeline (lanes, fatalities as ranges), its forecast band against the baselines, or the
    backtest scorecard, as PNG or SVG."""
    from flashpoint import plots
    from flashpoint.workflows.dyad import series
    from flashpoint.workflows.warning import backtest as run_backtest
    from flashpoint.workflows.warning import outlook

    with _errors():
        store, dyad = _store(db), _dyad(a, b)
        if kind == "timeline":
            plots.timeline(series(store, dyad, freq=freq, since=since, until=until), out_path)
        elif kind == "forecast":
            out = outlook(store, dyad, until)
            plots.forecast(out.series, out.forecasts, out_path, target=target)
        else:
            from flashpoint.warning import beats_baselines

            _, scores = run_backtest(store, dyad)
            verdicts = {t: beats_baselines(scores, "hawkes", t) for t in ("violent", "fatalities")}
            plots.scorecard(scores, out_path, beats=verdicts)
    click.echo(f"wrote {out_path}")
