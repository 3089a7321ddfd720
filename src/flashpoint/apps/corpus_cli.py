"""The corpus commands: ingest, events, incidents, incident merge/split, import, export, store.

Thin: options are parsed into an :class:`~flashpoint.corpus.query.EventQuery` or ingest options and handed to
:mod:`flashpoint.workflows.ingest` and :mod:`flashpoint.workflows.corpus`.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from flashpoint.apps.cli import _parse_day, _warn, cli
from flashpoint.errors import FlashpointError

F = TypeVar("F", bound=Callable[..., Any])


def _db_option(func: F) -> F:
    return click.option(
        "--db",
        default=None,
        metavar="FILE",
        help="The store file (default ./flashpoint.duckdb or $FLASHPOINT_DB).",
    )(func)


def _store(db: str | None) -> Any:
    from flashpoint.corpus.store import Store
    from flashpoint.settings import load_settings

    return Store(db or load_settings().db)


def _filters(func: F) -> F:
    """The filters every query and export takes."""
    options = [
        click.option(
            "--dyad", default=None, metavar="A-B", help="Events between two actor codes, e.g. PAK-AFG."
        ),
        click.option(
            "--actor", default=None, help="An actor code (PAK) or words of a name (Taliban), either side."
        ),
        click.option("--category", multiple=True, help="PLOVER category (repeatable), e.g. ASSAULT."),
        click.option(
            "--status", multiple=True, help="asserted, alleged, disputed, denied, ... (repeatable)."
        ),
        click.option("--origin", multiple=True, help="text, acled, ucdp, gdelt or plover (repeatable)."),
        click.option(
            "--since", callback=_parse_day, default=None, metavar="YYYY-MM-DD", help="From this day."
        ),
        click.option("--until", callback=_parse_day, default=None, metavar="YYYY-MM-DD", help="To this day."),
        click.option("--place", default=None, help="Words of a place name, or a country code."),
        click.option(
            "--bbox", default=None, metavar="W,S,E,N", help="Bounding box: min_lon,min_lat,max_lon,max_lat."
        ),
        click.option(
            "--source", default=None, help="Words of a publisher or dataset source, or an outlet cited."
        ),
        click.option("--text", "text", default=None, help="Words of the evidence text."),
        click.option("--limit", type=int, default=None, help="At most this many rows."),
        click.option("--offset", type=int, default=0, help="Skip this many rows first."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _query(kw: dict[str, Any]) -> Any:
    from flashpoint.corpus.query import EventQuery, parse_bbox, parse_dyad

    return EventQuery(
        dyad=parse_dyad(kw["dyad"]) if kw.get("dyad") else None,
        actor=kw.get("actor"),
        category=tuple(kw.get("category") or ()),
        status=tuple(kw.get("status") or ()),
        origin=tuple(kw.get("origin") or ()),
        since=kw.get("since"),
        until=kw.get("until"),
        place=kw.get("place"),
        bbox=parse_bbox(kw["bbox"]) if kw.get("bbox") else None,
        source=kw.get("source"),
        text=kw.get("text"),
        limit=kw.get("limit"),
        offset=kw.get("offset") or 0,
    )


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except FlashpointError as exc:
        _warn(str(exc))
        sys.exit(1)


# -- ingest -------------------------------------------------------------------------------------------
@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@_db_option
@click.option(
    "--published", callback=_parse_day, default=None, metavar="YYYY-MM-DD", help="Publication date."
)
@click.option("--engine", type=click.Choice(["serial", "dask"]), default="serial", show_default=True)
@click.option(
    "--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler (default: a LocalCluster)."
)
@click.option("--workers", type=int, default=2, show_default=True, help="LocalCluster workers.")
@click.option("--batch", type=int, default=None, help="Documents per transaction (default 50).")
@click.option(
    "--parquet", default=None, metavar="DIR", help="Also write the run's events as Parquet partitions."
)
@click.option("--watch", "watch_s", type=float, default=None, metavar="SECONDS", help="Poll the feeds again.")
@click.option("--polls", type=int, default=None, help="With --watch: stop after this many polls.")
@click.option("--allow-private", is_flag=True, help="Fetch URLs on private or loopback addresses.")
@click.option(
    "--merge-at-end",
    is_flag=True,
    help="Merge incidents once when the run ends, not in every batch (for large backfills).",
)
@click.option("--pipeline", default=None, help="spaCy pipeline to load (package or path).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def ingest(
    inputs: tuple[str, ...],
    db: str | None,
    published: dt.date | None,
    engine: str,
    scheduler: str | None,
    workers: int,
    batch: int | None,
    parquet: str | None,
    watch_s: float | None,
    polls: int | None,
    allow_private: bool,
    merge_at_end: bool,
    pipeline: str | None,
    progress: bool | None,
) -> None:
    """Ingest files, folders, article URLs and RSS/Atom feeds into the store; merge incidents."""
    from flashpoint.settings import load_settings
    from flashpoint.workflows.ingest import IngestOptions, IngestTally, ingest, watch

    with _errors():
        settings = load_settings(pipeline=pipeline)
        options = IngestOptions(
            batch_size=batch or settings.ingest_batch,
            engine=engine,
            scheduler=scheduler,
            workers=workers,
            published=published,
            allow_private=allow_private or settings.allow_private_urls,
            parquet=parquet,
            merge="end" if merge_at_end else "batch",
        )
        store = _store(db)
        show = sys.stderr.isatty() if progress is None else progress
        if watch_s is not None:

            def report(n: int, tally: IngestTally) -> None:
                for f in tally.failures:
                    _warn(f"skipped {f.source}: {f.reason}")
                click.echo(f"poll {n}: {tally.line()}")

            try:
                watch(
                    list(inputs),
                    store=store,
                    settings=settings,
                    options=options,
                    interval_s=watch_s,
                    polls=polls,
                    on_poll=report,
                )
            except KeyboardInterrupt:
                click.echo("stopped: every batch written so far is in the store", err=True)
            return
        with _ingest_progress(show) as on_batch:
            tally = ingest(list(inputs), store=store, settings=settings, options=options, on_batch=on_batch)
        for f in tally.failures:
            _warn(f"skipped {f.source}: {f.reason}")
        click.echo(f"{store.path}: {tally.line()}")
        if tally.new == 0 and tally.duplicate == 0 and tally.failed:
            sys.exit(1)


@contextmanager
def _ingest_progress(show: bool) -> Iterator[Any]:
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("ingesting: {task.fields[line]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=None, line="starting")

        def on_batch(tally: Any) -> None:
            bar.update(task, line=tally.line())

        yield on_batch


# -- queries -------------------------------------------------------------------------------------------
def _emit(records: list[dict[str, Any]], columns: tuple[str, ...], fmt: str, title: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for r in records:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{title} ({len(records)})", show_lines=False)
        for c in columns:
            table.add_column(c, overflow="fold", max_width=60 if c == "text" else None)
        for r in records:
            table.add_row(*(str(r.get(c, "")) for c in columns))
        Console(width=200).print(table)


@cli.command()
@_db_option
@_filters
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table")
def events(db: str | None, fmt: str, **kw: Any) -> None:
    """List the store's events that match the filters."""
    from flashpoint.workflows.corpus import EVENT_COLUMNS, event_json, event_record, find_events, incident_ids

    with _errors():
        store = _store(db)
        rows = find_events(store, _query(kw))
        incidents = incident_ids(store, [r.id for r in rows]) if rows else {}
        if fmt in ("json", "jsonl"):
            records = [event_json(r, incidents.get(r.id)) for r in rows]
        else:
            records = [event_record(r, incidents.get(r.id)) for r in rows]
        _emit(records, EVENT_COLUMNS, fmt, "events")


@cli.group(invoke_without_command=True)
@_db_option
@_filters
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table")
@click.pass_context
def incidents(ctx: click.Context, /, db: str | None, fmt: str, **kw: Any) -> None:
    """List incidents (events merged across reports); 'incidents merge|split' edits them by hand."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db}
        return
    from flashpoint.workflows.corpus import INCIDENT_COLUMNS, find_incidents, incident_json, incident_record

    with _errors():
        found = find_incidents(_store(db), _query(kw))
        records = [incident_json(i) if fmt in ("json", "jsonl") else incident_record(i) for i in found]
        _emit(records, INCIDENT_COLUMNS, fmt, "incidents")


def _edit(action: str) -> Callable[..., None]:
    @click.argument("event_ids", nargs=-1, required=True)
    @click.option("--reason", default=None, help="Why (kept in the audit log).")
    @click.option("--user", default=None, help="Who (default: the login name).")
    @click.pass_context
    def command(ctx: click.Context, event_ids: tuple[str, ...], reason: str | None, user: str | None) -> None:
        from flashpoint.workflows.corpus import edit_incidents

        with _errors():
            store = _store((ctx.obj or {}).get("db"))
            n = edit_incidents(store, list(event_ids), action, user=user or getpass.getuser(), reason=reason)
            click.echo(f"{action}: {n} link(s) written; incidents merged again")

    command.__doc__ = {
        "merge": "Merge the incidents of these events into one (audited).",
        "split": "Keep these events in separate incidents (audited).",
    }[action]
    return command


incidents.command(name="merge")(_edit("merge"))
incidents.command(name="split")(_edit("split"))


# -- import / export ----------------------------------------------------------------------------------------
@cli.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=str))
@_db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["acled", "ucdp", "gdelt", "plover"]),
    default=None,
    help="The file's format (default: detected from its header).",
)
def import_(paths: tuple[str, ...], db: str | None, fmt: str | None) -> None:
    """Import ACLED CSV, UCDP GED CSV, GDELT 2.0 event files or PLOVER JSONL into the store."""
    from flashpoint.errors import FormatError
    from flashpoint.workflows.corpus import import_file

    failed = 0
    with _errors():
        store = _store(db)
        for path in paths:
            try:
                report = import_file(store, path, fmt)
            except FormatError as exc:  # one file in no known format: the others are still imported
                _warn(str(exc))
                failed += 1
                continue
            for line, reason in report.skipped_rows[:20]:
                _warn(f"{path}:{line}: skipped: {reason}")
            click.echo(
                f"{path} ({report.fmt}): {report.read} rows read, {report.added} new events, "
                f"{len(report.skipped_rows)} rows skipped"
            )
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("target")
@_db_option
@_filters
@click.option("--format", "fmt", type=click.Choice(["plover", "acled", "geojson", "parquet"]), required=True)
def export(target: str, db: str | None, fmt: str, **kw: Any) -> None:
    """Export the events the filters select: PLOVER JSONL, ACLED CSV, GeoJSON or Parquet (a folder)."""
    from flashpoint.workflows.corpus import export_events

    with _errors():
        n = export_events(_store(db), _query(kw), fmt, target)
        click.echo(f"{n} events written to {target} ({fmt})")


@cli.command(name="store")
@_db_option
@click.option("--remerge", is_flag=True, help="Merge every event into incidents again, from scratch.")
def store_info(db: str | None, remerge: bool) -> None:
    """Create or upgrade the store, and print its row counts."""
    from flashpoint.workflows.corpus import store_counts

    with _errors():
        store = _store(db)
        with store.session() as session:
            if remerge:
                click.echo(f"{session.remerge_all()} incidents merged from scratch")
        for table, n in store_counts(store).items():
            click.echo(f"{table:10} {n:>10,}")
