"""The ``flashpoint`` command line: thin commands over the workflow functions."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from flashpoint import __version__
from flashpoint.errors import FlashpointError

LAYER_CHOICES = ("actors", "places", "timexes", "quantities", "quotes", "events")


class _NothingRead(Exception):
    """Raised inside the output block so that a run that read nothing leaves no output file."""


def _parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    del ctx, param
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="flashpoint")
@click.option("-v", "--verbose", is_flag=True, help="Log what the stages do (to stderr).")
def cli(verbose: bool) -> None:
    """flashpoint: a sourced, structured record of an armed crisis, read from news reports."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )


def _warn(message: str) -> None:
    click.echo(f"flashpoint: {message}", err=True)


@contextmanager
def _atomic_output(path: str | None) -> Iterator[IO[str]]:
    """Write to a temporary file beside ``path`` and rename it into place only when all went well."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; the output is an ordinary file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--published",
    callback=_parse_day,
    metavar="YYYY-MM-DD",
    help="Publication date of a single input file (overrides its metadata).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl"]),
    default=None,
    help="json: one document result (an array if several); jsonl: one result per line. "
    "Default: json for one file, jsonl otherwise.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Write here instead of standard output (written whole or not at all).",
)
@click.option(
    "--layers",
    default=",".join(LAYER_CHOICES),
    show_default=True,
    help="Comma-separated layers to compute; stages no layer needs are not run.",
)
@click.option("--pipeline", "pipeline", default=None, help="spaCy pipeline to load (package or path).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def extract(
    paths: tuple[str, ...],
    published: dt.date | None,
    fmt: str | None,
    out: str | None,
    layers: str,
    pipeline: str | None,
    progress: bool | None,
) -> None:
    """Read news articles (.txt, .html, .json, .jsonl or folders of them) into structured records."""
    from flashpoint.codec import dumps, result_json
    from flashpoint.records import Failure
    from flashpoint.settings import load_settings
    from flashpoint.workflows.extract import Tally, extract_paths

    try:
        settings = load_settings(pipeline=pipeline)
        wanted = [x.strip() for x in layers.split(",") if x.strip()]
        if published is not None and (len(paths) != 1 or Path(paths[0]).is_dir()):
            raise click.UsageError("--published applies to a single input file")
        single = len(paths) == 1 and Path(paths[0]).is_file() and not paths[0].endswith(".jsonl")
        fmt = fmt or ("json" if single else "jsonl")
        tally = Tally()
        results = extract_paths(paths, settings=settings, published=published, layers=wanted, tally=tally)
        show = sys.stderr.isatty() if progress is None else progress
        collected: list[dict[str, Any]] = []
        with _atomic_output(out) as fh, _progress(show) as advance:
            for item in results:
                if isinstance(item, Failure):
                    _warn(f"skipped {item.source}: {item.reason}")
                    advance(False)
                    continue
                advance(True)
                data = result_json(item)
                if fmt == "jsonl":
                    fh.write(dumps(data) + "\n")
                else:
                    collected.append(data)
            if fmt == "json" and collected:
                fh.write(dumps(collected[0] if len(collected) == 1 else collected, indent=2) + "\n")  # type: ignore[arg-type]
            if tally.read == 0:
                raise _NothingRead(f"nothing could be read ({tally.failed} document(s) failed)")
    except (FlashpointError, _NothingRead) as exc:
        _warn(str(exc))
        sys.exit(1)
    if tally.failed:
        _warn(f"{tally.read} document(s) read, {tally.failed} skipped")


@contextmanager
def _progress(show: bool) -> Iterator[Any]:
    if not show:
        yield lambda _ok: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[ok]} read, {task.fields[bad]} skipped"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("extracting", total=None, ok=0, bad=0)
        counts = {"ok": 0, "bad": 0}

        def advance(ok: bool) -> None:
            counts["ok" if ok else "bad"] += 1
            bar.update(task, advance=1, ok=counts["ok"], bad=counts["bad"])

        yield advance


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option(
    "--show",
    "show",
    type=int,
    default=None,
    metavar="N",
    help="Also print document N (1-based) in full: actors, places, dates, counts, quotes.",
)
def summary(path: str, show: int | None) -> None:
    """Print a table of what an extract output file (.jsonl) holds."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160)
    table = Table(title=f"flashpoint extract: {path}")
    for col in (
        "document",
        "published",
        "actors",
        "places",
        "dates",
        "counts",
        "quotes",
        "with speaker",
        "events",
        "contested",
    ):
        table.add_column(col, justify="right" if col not in {"document", "published"} else "left")
    docs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                docs.append(json.loads(line))
    for d in docs:
        doc = d["document"]
        ents = d["entities"]
        quotes = d["quotes"]
        table.add_row(
            Path(doc["path"] or doc["id"]).name + (f"#{doc['record']}" if doc.get("record") else ""),
            f"{doc['published']} ({doc['published_source']})",
            str(sum(e["kind"] == "actor" for e in ents)),
            str(sum(e["kind"] == "place" for e in ents)),
            str(len(d["timexes"])),
            str(len(d.get("quantities", []))),
            str(len(quotes)),
            str(sum(q["speaker"] is not None for q in quotes)),
            str(len(d.get("events", []))),
            str(sum(e["status"] in ("alleged", "denied", "disputed") for e in d.get("events", []))),
        )
    console.print(table)
    if show is not None:
        if not 1 <= show <= len(docs):
            raise click.BadParameter(f"there are {len(docs)} documents", param_hint="--show")
        _show_document(console, docs[show - 1])


def _show_document(console: Any, d: dict[str, Any]) -> None:
    from rich.table import Table

    doc = d["document"]
    console.rule(f"{Path(doc['path'] or doc['id']).name}: {doc.get('title') or ''}")
    actors = Table("actor", "code", "sector", "office", "mentions", title="actors", title_justify="left")
    for e in d["entities"]:
        if e["kind"] == "actor":
            actors.add_row(
                e["name"],
                e["code"] or "",
                e["sector"] or "",
                e["office"] or "",
                "; ".join(sorted({m["text"] for m in e["mentions"]}))[:70],
            )
    console.print(actors)
    places = Table(
        "place", "country", "resolution", "lat", "lon", "as written", title="places", title_justify="left"
    )
    for e in d["entities"]:
        if e["kind"] == "place":
            places.add_row(
                e["name"],
                e["country"] or "",
                e["resolution"] or "",
                f"{e['lat']}",
                f"{e['lon']}",
                "; ".join(sorted({m["text"] for m in e["mentions"]}))[:50],
            )
    console.print(places)
    counts = Table("count", "low", "high", "type", title="counts of people", title_justify="left")
    for q in d.get("quantities", []):
        counts.add_row(q["text"], str(q["low"]), str(q["high"]), q["type"])
    console.print(counts)
    quotes = Table("speaker", "quote", "cue", "outlet / medium", title="quotes", title_justify="left")
    for q in d["quotes"]:
        sp = q["speaker"]
        who = f"{sp['identifier_text'] or sp['entity_text']} ({sp['code']} {sp['sector']})" if sp else "?"
        quotes.add_row(
            who, q["text"][:80], q["cue"] or "", " / ".join(x for x in (q["outlet"], q["medium"]) if x)
        )
    console.print(quotes)
    events = Table(
        "event",
        "actor",
        "recipient",
        "status",
        "date",
        "place",
        "size",
        "trigger",
        title="events",
        title_justify="left",
    )
    for e in d.get("events", []):
        events.add_row(
            "/".join(e["event"]) + (f":{e['mode'][0]}" if e["mode"] else ""),
            ", ".join(f"{a['code']} {a['sector'] or ''}".strip() for a in e["actor"]),
            ", ".join(f"{a['code']} {a['sector'] or ''}".strip() for a in e["recipient"]),
            e["status"]
            + (" by " + ", ".join(str(c["code"]) for c in e["claimant"]) if e["claimant"] else ""),
            e["date"] or "",
            (e["event_loc"] or {}).get("name") or "",
            ", ".join(f"{k} {v}" for k, v in e["size"].items()),
            e["trigger"]["text"],
        )
    console.print(events)


@cli.command(name="eval")
@click.argument("directory", required=False, type=click.Path(exists=True, file_okay=False, path_type=str))
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(exists=True, file_okay=False, path_type=str),
    default=None,
    help="Folder of gold JSON files (default: DIRECTORY/../gold).",
)
@click.option(
    "--plover",
    "plover_dir",
    type=click.Path(exists=True, file_okay=False, path_type=str),
    default=None,
    help="Folder holding PLOVER_GSR_CAMEO.txt: score actor codes on its gold actor spans and the event "
    "coder on its records.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details", is_flag=True, help="List every miss and every item not in the gold.")
def evaluate(
    directory: str | None, gold_dir: str | None, plover_dir: str | None, as_json: bool, details: bool
) -> None:
    """Score extraction against gold: the team's articles (DIRECTORY) and/or PLOVER records (--plover)."""
    from flashpoint.annotate.registry import Services
    from flashpoint.settings import load_settings
    from flashpoint.workflows.evaluate import evaluate_gold, render_report
    from flashpoint.workflows.evaluate_plover import evaluate_plover, render_plover

    if directory is None and plover_dir is None:
        raise click.UsageError("give a folder of gold articles, --plover FOLDER, or both")
    try:
        settings = load_settings()
        services = Services(settings)
        if directory is not None:
            report = evaluate_gold(
                Path(directory), Path(gold_dir) if gold_dir else None, settings=settings, services=services
            )
            if as_json:
                click.echo(json.dumps(report.to_json(details=details), indent=2))
            else:
                render_report(report, details=details)
        if plover_dir is not None:
            actors, events = evaluate_plover(Path(plover_dir), settings=settings, services=services)
            if as_json:
                out = {"plover_actors": actors.to_json()}
                if details:
                    out["plover_actors"]["misses"] = actors.misses
                out["plover_events"] = events.to_json(details=details)
                click.echo(json.dumps(out, indent=2))
            else:
                render_plover(actors, events, details=details)
    except FlashpointError as exc:
        _warn(str(exc))
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--published",
    callback=_parse_day,
    default=None,
    metavar="YYYY-MM-DD",
    help="Publication date for documents that do not carry one.",
)
def explain(paths: tuple[str, ...], published: dt.date | None) -> None:
    """Show, sentence by sentence, why the event coder coded what it coded."""
    from flashpoint.records import Failure
    from flashpoint.settings import load_settings
    from flashpoint.workflows.explain import explain_paths

    try:
        for out in explain_paths(list(paths), settings=load_settings(), published=published):
            if isinstance(out, Failure):
                _warn(f"skipped {out.source}: {out.reason}")
                continue
            for line in out.lines():
                click.echo(line)
            click.echo("")
    except FlashpointError as exc:
        _warn(str(exc))
        sys.exit(1)


# The corpus commands (ingest, events, incidents, import, export, store), the dyad commands (situation,
# timeline, ...) and serve register themselves on ``cli``.
from flashpoint.apps import corpus_cli as _corpus_cli  # noqa: E402
from flashpoint.apps import dyad_cli as _dyad_cli  # noqa: E402
from flashpoint.apps import serve_cli as _serve_cli  # noqa: E402

del _corpus_cli, _dyad_cli, _serve_cli


def main() -> None:
    cli(prog_name="flashpoint")
