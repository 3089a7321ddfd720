"""The corpus store: one embedded DuckDB file (default ``./flashpoint.duckdb``).

Schema changes are versioned migrations (``resources/store/migrations/NNNN_name.sql``), applied in order, each
in its own transaction, when a store is opened for writing. Every batch of documents is written in ONE
transaction: its articles, events, quotes, entities and failures, and the incidents of the blocks the batch
touched; a crash in the middle leaves the store as it was before the batch.

DuckDB lets one process write a file, or several read it, not both at once. The writer therefore holds the
file only while it writes (:meth:`Store.session`), and every open retries while another process holds the
lock, up to ``lock_timeout_s``: readers (``flashpoint events``) can query while an ingest runs, between its
batches.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from flashpoint.corpus.rows import ArticleRow, ArticleSource, EventRow, Incident, Party, SizeRow, SourceFigure
from flashpoint.errors import StoreError

DEFAULT_DB = "flashpoint.duckdb"
#: The columns of the quotes table, in order.
QUOTE_COLUMNS = (
    "id",
    "article_id",
    "text",
    "start",
    "end",
    "speaker_code",
    "speaker_sector",
    "speaker_text",
    "speaker_office",
    "cue",
    "outlet",
    "medium",
    "date",
    "kind",
    "group",
)
#: An analyst's verdicts on an event.
REVIEW_VERDICTS = ("verified", "disputed", "rejected", "unverifiable")
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

#: EventRow fields in table order, with their DuckDB types (tuples of Party/SizeRow are JSON text).
_EVENT_FIELDS = [f.name for f in fields(EventRow)]
_EVENT_TYPES: dict[str, str] = {
    "contexts": "VARCHAR[]",
    "source_outlets": "VARCHAR[]",
    "related": "VARCHAR[]",
    "date_start": "DATE",
    "date_end": "DATE",
    "reported": "DATE",
    "lat": "DOUBLE",
    "lon": "DOUBLE",
    "event_scale": "DOUBLE",
    "fatalities_low": "INTEGER",
    "fatalities_high": "INTEGER",
    "start": "INTEGER",
    "end": "INTEGER",
    "quad_code": "INTEGER",
}
_JSON_PARTIES = ("actors", "recipients", "claimants")


def q(name: str) -> str:
    """A quoted SQL identifier (several columns are SQL keywords: start, end, date, source, ...)."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class DocumentBundle:
    """Everything one ingested document adds to the store."""

    article: ArticleRow
    events: tuple[EventRow, ...]
    quotes: tuple[dict[str, Any], ...] = ()  # codec quote JSON
    entities: tuple[dict[str, Any], ...] = ()  # codec entity JSON (actors and places)
    simhash: int | None = None
    copy_of: str | None = None
    copy_group: str | None = None


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def bundled_migrations() -> list[Migration]:
    folder = resources.files("flashpoint") / "resources" / "store" / "migrations"
    return migrations_from({p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()})


def migrations_from(files: Mapping[str, str]) -> list[Migration]:
    """Migrations from ``{file name: SQL}``; names are ``NNNN_words.sql`` and versions run 1, 2, 3 ..."""
    found: list[Migration] = []
    for name, sql in files.items():
        if not name.endswith(".sql"):
            continue
        named = _MIGRATION_NAME.match(name)
        if named is None:
            raise StoreError(f"migration file {name!r} is not named NNNN_words.sql")
        found.append(Migration(int(named.group(1)), name, sql))
    found.sort(key=lambda m: m.version)
    for i, m in enumerate(found, start=1):
        if m.version != i:
            raise StoreError(
                f"migrations must be numbered 1, 2, 3 ...: {m.name} is number {m.version}, not {i}"
            )
    return found


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _connect(path: str, read_only: bool, lock_timeout_s: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + lock_timeout_s
    delay = 0.05
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            message = str(exc)
            if "lock" not in message.lower() or time.monotonic() >= deadline:
                first = message.splitlines()[0] if message else type(exc).__name__
                raise StoreError(f"cannot open the store {path}: {first}") from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            raise StoreError(f"cannot open the store {path}: {first}") from exc


class Store:
    """A corpus store file. Use :meth:`session` for a short-lived connection::

    store = Store("flashpoint.duckdb")
    with store.session() as db:          # creates and migrates the file if needed
        db.write_documents(bundles, failures)
    with store.session(read_only=True) as db:
        rows = db.events(EventQuery(dyad=("AFG", "PAK")))
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_DB,
        *,
        lock_timeout_s: float = 60.0,
        migrations: Sequence[Migration] | None = None,
    ) -> None:
        self.path = str(path)
        self.lock_timeout_s = lock_timeout_s
        self.migrations = list(migrations) if migrations is not None else bundled_migrations()

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[StoreSession]:
        if read_only and not Path(self.path).exists():
            raise StoreError(f"no store at {self.path}: run 'flashpoint ingest' first, or pass --db")
        con = _connect(self.path, read_only, self.lock_timeout_s)
        if read_only and StoreSession(con, self.path).version() < len(self.migrations):
            # an older store is upgraded once (a short write), then read
            con.close()
            with self.session():
                pass
            con = _connect(self.path, read_only, self.lock_timeout_s)
        try:
            db = StoreSession(con, self.path)
            if read_only:
                db.check_version(len(self.migrations))
            else:
                db.migrate(self.migrations)
            yield db
        finally:
            con.close()


class StoreSession:
    """An open connection to the store, with the operations the workflows need."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str) -> None:
        self.con = con
        self.path = path

    # -- schema -----------------------------------------------------------------------------------------
    def version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def check_version(self, expected: int) -> None:
        have = self.version()
        if have > expected:
            raise StoreError(
                f"the store {self.path} has schema version {have}, newer than this flashpoint knows "
                f"({expected}): upgrade flashpoint"
            )
        if have < expected:
            raise StoreError(
                f"the store {self.path} has schema version {have}, older than {expected}: "
                "run 'flashpoint store' to upgrade it"
            )

    def migrate(self, migrations: Sequence[Migration]) -> list[int]:
        """Apply the migrations the store has not had yet, each in its own transaction."""
        have = self.version()
        if have > len(migrations):
            self.check_version(len(migrations))
        applied = []
        if have == 0:
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
            )
        for m in migrations:
            if m.version <= have:
                continue
            try:
                self.con.execute("BEGIN TRANSACTION")
                self.con.execute(m.sql)
                self.con.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [m.version, m.name, _now()])
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"migration {m.name} failed: {str(exc).splitlines()[0]}") from exc
            applied.append(m.version)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- documents ----------------------------------------------------------------------------------------
    def known_articles(self, ids: Iterable[str]) -> set[str]:
        wanted = sorted(set(ids))
        if not wanted:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [wanted]).fetchall()
        return {r[0] for r in rows}

    def copy_candidates(self, bands: Sequence[int]) -> list[tuple[str, int, str, dt.date | None]]:
        """Articles sharing one of the four SimHash bands: (id, simhash, copy_group, published)."""
        rows = self.con.execute(
            "SELECT id, simhash, copy_group, published FROM articles WHERE simhash IS NOT NULL AND "
            "(band0 = ? OR band1 = ? OR band2 = ? OR band3 = ?) ORDER BY ingested_at, id",
            list(bands),
        ).fetchall()
        return [(r[0], int(r[1]), r[2], r[3]) for r in rows]

    def write_documents(
        self,
        bundles: Sequence[DocumentBundle],
        failures: Sequence[tuple[str, str, str]] = (),
        *,
        merge: bool = True,
    ) -> int:
        """Write a batch in one transaction; returns the number of articles added (known ones are skipped)."""
        known = self.known_articles(b.article.id for b in bundles)
        fresh: list[DocumentBundle] = []
        seen: set[str] = set()
        for b in bundles:
            if b.article.id not in known and b.article.id not in seen:
                fresh.append(b)
                seen.add(b.article.id)
        now = _now()
        with self.transaction():
            self._insert_articles(fresh, now)
            self._insert_events([e for b in fresh for e in b.events], now)
            self._insert_quotes(fresh)
            self._insert_entities(fresh)
            self._insert_failures(failures, now)
            if merge:
                self.remerge(self._block_keys([e for b in fresh for e in b.events]))
        return len(fresh)

    def write_events(self, rows: Sequence[EventRow], *, merge: bool = True) -> int:
        """Imported events (one transaction); rows whose id is already stored are skipped."""
        ids = sorted({r.id for r in rows})
        known: set[str] = set()
        if ids:
            found = self.con.execute("SELECT id FROM events WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
            known = {r[0] for r in found}
        fresh: list[EventRow] = []
        for r in rows:
            if r.id not in known:
                fresh.append(r)
                known.add(r.id)
        with self.transaction():
            self._insert_events(fresh, _now())
            if merge:
                self.remerge(self._block_keys(fresh))
        return len(fresh)

    def record_failures(self, failures: Sequence[tuple[str, str, str]]) -> None:
        with self.transaction():
            self._insert_failures(failures, _now())

    def _insert_articles(self, bundles: Sequence[DocumentBundle], now: dt.datetime) -> None:
        if not bundles:
            return
        from flashpoint.corpus.nearcopy import bands

        cols: dict[str, list[Any]] = {
            name: [] for name in [f.name for f in fields(ArticleRow)] + ["simhash", "copy_of", "copy_group"]
        }
        band_cols: list[list[int | None]] = [[], [], [], []]
        for b in bundles:
            for f in fields(ArticleRow):
                cols[f.name].append(getattr(b.article, f.name))
            cols["simhash"].append(b.simhash)
            cols["copy_of"].append(b.copy_of)
            cols["copy_group"].append(b.copy_group or b.article.id)
            parts = bands(b.simhash) if b.simhash is not None else (None, None, None, None)
            for i in range(4):
                band_cols[i].append(parts[i])
        types = {"published": "DATE", "retrieved_at": "TIMESTAMP", "simhash": "UBIGINT"}
        names = [*cols, "band0", "band1", "band2", "band3", "ingested_at"]
        values: list[Any] = [*cols.values(), *band_cols, [now] * len(bundles)]
        for i in range(4):
            types[f"band{i}"] = "USMALLINT"
        types["ingested_at"] = "TIMESTAMP"
        self._bulk_insert("articles", names, values, types)

    def _bulk_insert(
        self, table: str, names: Sequence[str], columns: Sequence[list[Any]], types: Mapping[str, str]
    ) -> None:
        """Insert column lists in one statement (``unnest`` of list parameters zips them into rows)."""
        select = ", ".join(f"unnest(?::{types.get(n, 'VARCHAR')}[])" for n in names)
        self.con.execute(
            f"INSERT INTO {table} ({', '.join(q(n) for n in names)}) SELECT {select}", list(columns)
        )

    def _insert_events(self, rows: Sequence[EventRow], now: dt.datetime) -> None:
        if not rows:
            return
        columns: dict[str, list[Any]] = {name: [] for name in _EVENT_FIELDS}
        extra: dict[str, list[Any]] = {
            "actor_codes": [],
            "recipient_codes": [],
            "block_key": [],
            "ingested_at": [],
        }
        for r in rows:
            for name in _EVENT_FIELDS:
                columns[name].append(_to_sql(name, getattr(r, name)))
            extra["actor_codes"].append(list(r.actor_codes))
            extra["recipient_codes"].append(list(r.recipient_codes))
            extra["block_key"].append(block_key_text(r))
            extra["ingested_at"].append(now)
        types = dict(_EVENT_TYPES)
        types.update({"actor_codes": "VARCHAR[]", "recipient_codes": "VARCHAR[]", "ingested_at": "TIMESTAMP"})
        self._bulk_insert("events", [*columns, *extra], [*columns.values(), *extra.values()], types)
        self._record_changes("created", "event", [r.id for r in rows], now)

    def _insert_quotes(self, bundles: Sequence[DocumentBundle]) -> None:
        names = list(QUOTE_COLUMNS)
        cols: list[list[Any]] = [[] for _ in names]
        for b in bundles:
            for qj in b.quotes:
                speaker = qj.get("speaker") or {}
                values = [
                    f"{b.article.id}:{qj['id']}",
                    b.article.id,
                    qj["text"],
                    qj["start"],
                    qj["end"],
                    speaker.get("code"),
                    speaker.get("sector"),
                    speaker.get("entity_text"),
                    speaker.get("office"),
                    qj.get("cue"),
                    qj.get("outlet"),
                    qj.get("medium"),
                    qj.get("date"),
                    qj.get("kind"),
                    qj.get("group"),
                ]
                for col, v in zip(cols, values, strict=True):
                    col.append(v)
        if cols[0]:
            self._bulk_insert("quotes", names, cols, {"start": "INTEGER", "end": "INTEGER"})

    def _insert_entities(self, bundles: Sequence[DocumentBundle]) -> None:
        names = [
            "id",
            "article_id",
            "kind",
            "name",
            "code",
            "sector",
            "office",
            "actor_kind",
            "directory_id",
            "lat",
            "lon",
            "country",
            "resolution",
            "mentions",
        ]
        cols: list[list[Any]] = [[] for _ in names]
        for b in bundles:
            for ej in b.entities:
                values = [
                    f"{b.article.id}:{ej['id']}",
                    b.article.id,
                    ej["kind"],
                    ej["name"],
                    ej.get("code"),
                    ej.get("sector"),
                    ej.get("office"),
                    ej.get("actor_kind"),
                    ej.get("directory_id"),
                    ej.get("lat"),
                    ej.get("lon"),
                    ej.get("country"),
                    ej.get("resolution"),
                    json.dumps(ej.get("mentions", []), ensure_ascii=False),
                ]
                for col, v in zip(cols, values, strict=True):
                    col.append(v)
        if cols[0]:
            self._bulk_insert("entities", names, cols, {"lat": "DOUBLE", "lon": "DOUBLE"})

    def _insert_failures(self, failures: Sequence[tuple[str, str, str]], now: dt.datetime) -> None:
        if failures:
            cols = [[f[0] for f in failures], [f[1] for f in failures], [f[2] for f in failures]]
            self._bulk_insert(
                "failures",
                ["source", "stage", "reason", "at"],
                [*cols, [now] * len(failures)],
                {"at": "TIMESTAMP"},
            )

    # -- incidents ----------------------------------------------------------------------------------------
    def _block_keys(self, rows: Iterable[EventRow]) -> set[str]:
        return {block_key_text(r) for r in rows}

    #: A merge of more rows than this reads them from the store one calendar window at a time (the same
    #: incidents as reading them all: :class:`flashpoint.corpus.incidents.WindowedMerge`).
    STREAM_ABOVE = 50_000

    def remerge(self, keys: set[str], *, commit: bool = False) -> int:
        """Merge again the incidents that new rows of the blocks ``keys`` may change: those blocks, every
        block related to them (a partial dyad and the full dyads that contain it, analysts' merges across
        blocks), their stored rows merged afresh and their old incidents replaced. Merging is
        order-independent, so the store always holds what a merge of everything from scratch gives.

        Blocks with many rows are read window by window (memory bounded by a window's rows, not the
        store's); blocks with an analyst's must-link are read at once (a must-link joins incidents however far
        apart). ``commit``: each window is its own transaction (a long merge outside any transaction, e.g.
        at the end of a backfill); an interrupted one leaves events whose incident is gone, which
        :meth:`unmerged_blocks` finds. Returns the number of incidents written."""
        from flashpoint.corpus.incidents import BlockKey, affected_blocks

        if not keys:
            return 0
        universe = [
            BlockKey.parse(r[0]) for r in self.con.execute("SELECT DISTINCT block_key FROM events").fetchall()
        ]
        links = [
            (BlockKey.parse(a), BlockKey.parse(b))
            for a, b in self.con.execute(
                "SELECT ea.block_key, eb.block_key FROM incident_links l JOIN events ea ON ea.id = l.event_a "
                "JOIN events eb ON eb.id = l.event_b WHERE l.kind = 'must'"
            ).fetchall()
        ]
        blocks = affected_blocks({BlockKey.parse(k) for k in keys}, universe, links)
        key_list = sorted(b.text() for b in blocks)
        linked_seed = {k for pair in links for k in pair} & blocks
        linked = (
            {b.text() for b in affected_blocks(linked_seed, universe, links)} & set(key_list)
            if linked_seed
            else set()
        )
        free = [k for k in key_list if k not in linked]
        now = _now()
        with self._maybe_transaction(commit):
            self.con.execute(
                "DELETE FROM incidents WHERE id IN "
                "(SELECT incident_id FROM events WHERE block_key IN (SELECT unnest(?)))",
                [key_list],
            )
        written = 0
        for part in (sorted(linked), free):
            if not part:
                continue
            count = self.con.execute(
                "SELECT count(*) FROM events WHERE block_key IN (SELECT unnest(?))", [part]
            ).fetchone()
            if part is free and count is not None and count[0] > self.STREAM_ABOVE:
                written += self._merge_windows(part, now, commit)
            else:
                rows = self._select_events("WHERE block_key IN (SELECT unnest(?))", [part])
                written += self._merge_rows(rows, now, commit)
        return written

    @contextmanager
    def _maybe_transaction(self, commit: bool) -> Iterator[None]:
        if commit:
            with self.transaction():
                yield
        else:
            yield

    def _merge_rows(self, rows: list[EventRow], now: dt.datetime, commit: bool) -> int:
        """Merge these rows at once and write their incidents."""
        from flashpoint.corpus.incidents import Overrides, merge_incidents

        must, cannot = self._links({r.id for r in rows})
        overrides = Overrides(must_link=must, cannot_link=cannot)
        sources = self.article_sources({r.article_id for r in rows if r.article_id})
        incidents = merge_incidents(rows, sources, overrides)
        with self._maybe_transaction(commit):
            return self._write_incidents(incidents, {r.id: block_key_text(r) for r in rows}, now)

    def _merge_windows(self, keys: list[str], now: dt.datetime, commit: bool) -> int:
        """Merge the rows of blocks without must-links window by window (see ``WindowedMerge``)."""
        from flashpoint.corpus.incidents import (
            Overrides,
            WindowedMerge,
            default_settings,
            incident_of_rows,
            window_start,
        )

        s = default_settings()
        merge = WindowedMerge(s)
        written = 0

        def write(groups: list[list[EventRow]], overrides: Overrides) -> int:
            rows = [r for g in groups for r in g]
            if not rows:
                return 0
            sources = self.article_sources({r.article_id for r in rows if r.article_id})
            touched = overrides.touched()
            incidents = [incident_of_rows(g, sources, s, touched) for g in groups]
            with self._maybe_transaction(commit):
                return self._write_incidents(incidents, {r.id: block_key_text(r) for r in rows}, now)

        def overrides_for(ids: list[str]) -> Overrides:
            _, cannot = self._links(set(ids))
            return Overrides(cannot_link=cannot)

        windows = self.con.execute(
            "SELECT DISTINCT floor(date_diff('day', DATE '1970-01-05', coalesce(date_start, date_end)) / ?)"
            "::BIGINT AS w FROM events WHERE block_key IN (SELECT unnest(?)) ORDER BY w NULLS LAST",
            [float(s.window_days), keys],
        ).fetchall()
        undated = False
        for (w,) in windows:
            if w is None:
                undated = True
                continue
            rows = self._select_events(
                "WHERE block_key IN (SELECT unnest(?)) AND coalesce(date_start, date_end) >= ? "
                "AND coalesce(date_start, date_end) < ?",
                [keys, window_start(w, s), window_start(w + 1, s)],
            )
            overrides = overrides_for([r.id for r in rows] + merge.carried_ids())
            written += write(merge.feed(w, rows, overrides), overrides)
        overrides = overrides_for(merge.carried_ids())
        written += write(merge.flush(overrides), overrides)
        after = ""
        while undated:  # rows without a date are never merged automatically: each its own incident
            rows = self._select_events(
                "WHERE block_key IN (SELECT unnest(?)) AND coalesce(date_start, date_end) IS NULL AND id > ? "
                "ORDER BY id LIMIT ?",
                [keys, after, self.STREAM_ABOVE],
            )
            if not rows:
                break
            after = rows[-1].id
            overrides = overrides_for([r.id for r in rows])
            written += write(merge.undated(rows, overrides), overrides)
        return written

    def _write_incidents(
        self, incidents: Sequence[Incident], key_of: Mapping[str, str], now: dt.datetime
    ) -> int:
        """Insert incidents (their old versions already deleted) and point their events at them."""
        if not incidents:
            return 0
        member_ids = [e for inc in incidents for e in inc.event_ids]
        before = {
            r[0]: r[1]
            for r in self.con.execute(
                "SELECT id, incident_id FROM events WHERE id IN (SELECT unnest(?))", [member_ids]
            ).fetchall()
        }
        names = [
            "id",
            "block_key",
            "category",
            "actor_codes",
            "recipient_codes",
            "date_start",
            "date_end",
            "place_name",
            "lat",
            "lon",
            "event_count",
            "article_count",
            "source_count",
            "fatalities_low",
            "fatalities_high",
            "figures",
            "first_reported",
            "last_reported",
            "status",
            "manual",
            "updated_at",
        ]
        cols: list[list[Any]] = [[] for _ in names]
        for inc in incidents:
            values = [
                inc.id,
                min(key_of[e] for e in inc.event_ids),
                inc.category,
                list(inc.actor_codes),
                list(inc.recipient_codes),
                inc.date_start,
                inc.date_end,
                inc.place_name,
                inc.lat,
                inc.lon,
                len(inc.event_ids),
                inc.article_count,
                inc.source_count,
                inc.fatalities_low,
                inc.fatalities_high,
                _figures_json(inc.figures),
                inc.first_reported,
                inc.last_reported,
                inc.status,
                inc.manual,
                now,
            ]
            for col, v in zip(cols, values, strict=True):
                col.append(v)
        types = {
            "actor_codes": "VARCHAR[]",
            "recipient_codes": "VARCHAR[]",
            "date_start": "DATE",
            "date_end": "DATE",
            "lat": "DOUBLE",
            "lon": "DOUBLE",
            "event_count": "INTEGER",
            "article_count": "INTEGER",
            "source_count": "INTEGER",
            "fatalities_low": "INTEGER",
            "fatalities_high": "INTEGER",
            "first_reported": "DATE",
            "last_reported": "DATE",
            "manual": "BOOLEAN",
            "updated_at": "TIMESTAMP",
        }
        self._bulk_insert("incidents", names, cols, types)
        pairs = [(e, inc.id) for inc in incidents for e in inc.event_ids]
        self.con.execute(
            "UPDATE events SET incident_id = m.incident_id FROM "
            "(SELECT unnest(?::VARCHAR[]) AS event_id, unnest(?::VARCHAR[]) AS incident_id) m "
            "WHERE events.id = m.event_id",
            [[p[0] for p in pairs], [p[1] for p in pairs]],
        )
        self._incident_changes(before, incidents, now)
        return len(incidents)

    def _incident_changes(
        self, before: Mapping[str, str | None], incidents: Sequence[Incident], now: dt.datetime
    ) -> None:
        """The change feed of a merge: incidents created or updated (their members changed), and events that
        moved from one incident to another (merged)."""
        old_members: dict[str, set[str]] = {}
        for event_id, incident_id in before.items():
            if incident_id is not None:
                old_members.setdefault(incident_id, set()).add(event_id)
        created = [i.id for i in incidents if i.id not in old_members]
        updated = [i.id for i in incidents if i.id in old_members and old_members[i.id] != set(i.event_ids)]
        moved = [
            (e, before[e], i.id)
            for i in incidents
            for e in i.event_ids
            if before.get(e) is not None and before[e] != i.id
        ]
        self._record_changes("created", "incident", created, now)
        self._record_changes("updated", "incident", updated, now)
        if moved:
            self._record_changes(
                "merged",
                "event",
                [m[0] for m in moved],
                now,
                [json.dumps({"from": m[1], "to": m[2]}) for m in moved],
            )

    def _record_changes(
        self, kind: str, target: str, ids: Sequence[str], now: dt.datetime, details: Sequence[str | None] = ()
    ) -> None:
        if not ids:
            return
        detail = list(details) if details else [None] * len(ids)
        self._bulk_insert(
            "changes",
            ["at", "kind", "target", "id", "detail"],
            [[now] * len(ids), [kind] * len(ids), [target] * len(ids), list(ids), detail],
            {"at": "TIMESTAMP"},
        )

    def changes(self, after: int = 0, limit: int = 500) -> list[tuple[int, dt.datetime, str, str, str, Any]]:
        """The change feed after sequence number ``after``: (seq, at, kind, target, id, detail)."""
        rows = self.con.execute(
            'SELECT seq, "at", kind, target, id, detail FROM changes WHERE seq > ? ORDER BY seq LIMIT ?',
            [after, limit],
        ).fetchall()
        return [(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]) if r[5] else None) for r in rows]

    # -- reviews (audited) ---------------------------------------------------------------------------------
    def review_event(self, event_id: str, verdict: str, *, user: str, reason: str | None = None) -> None:
        """An analyst's verdict on an event (verified, disputed, rejected, unverifiable), audited; the
        latest verdict stands."""
        if verdict not in REVIEW_VERDICTS:
            raise StoreError(f"unknown verdict {verdict!r}: {', '.join(REVIEW_VERDICTS)}")
        found = self.con.execute("SELECT count(*) FROM events WHERE id = ?", [event_id]).fetchone()
        if not found or not found[0]:
            raise StoreError(f"no such event: {event_id}")
        now = _now()
        with self.transaction():
            self.con.execute("DELETE FROM reviews WHERE event_id = ?", [event_id])
            self.con.execute(
                "INSERT INTO reviews VALUES (?, ?, ?, ?, ?)", [event_id, verdict, reason, user, now]
            )
            self.audit(user, "review", event_id, {"verdict": verdict, "reason": reason})
            self._record_changes("reviewed", "event", [event_id], now, [json.dumps({"verdict": verdict})])

    def reviews(self, event_ids: Sequence[str]) -> dict[str, tuple[str, str | None, str, dt.datetime]]:
        """The current review of each of these events: verdict, reason, user, when."""
        rows = self.con.execute(
            'SELECT event_id, verdict, reason, "user", "at" FROM reviews '
            "WHERE event_id IN (SELECT unnest(?))",
            [list(event_ids)],
        ).fetchall()
        return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}

    def _links(self, event_ids: set[str]) -> tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]]:
        rows = self.con.execute(
            "SELECT event_a, event_b, kind FROM incident_links WHERE event_a IN (SELECT unnest(?)) "
            "OR event_b IN (SELECT unnest(?))",
            [sorted(event_ids), sorted(event_ids)],
        ).fetchall()
        must = frozenset((a, b) for a, b, k in rows if k == "must")
        cannot = frozenset((a, b) for a, b, k in rows if k == "cannot")
        return must, cannot

    def article_sources(self, ids: Iterable[str]) -> dict[str, ArticleSource]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = self.con.execute(
            "SELECT id, publisher, copy_group, published FROM articles WHERE id IN (SELECT unnest(?))",
            [wanted],
        ).fetchall()
        return {r[0]: ArticleSource(r[0], r[1], r[2], r[3]) for r in rows}

    def unmerged_blocks(self) -> set[str]:
        """The blocks of events that belong to no incident yet (written with ``merge=False``, or left by an
        interrupted merge)."""
        rows = self.con.execute(
            "SELECT DISTINCT block_key FROM events e WHERE incident_id IS NULL "
            "OR NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = e.incident_id)"
        ).fetchall()
        return {r[0] for r in rows}

    def remerge_all(self) -> int:
        """Merge every event again from scratch (after the merge settings changed)."""
        keys = {r[0] for r in self.con.execute("SELECT DISTINCT block_key FROM events").fetchall()}
        with self.transaction():
            self.con.execute("DELETE FROM incidents")
        return self.remerge(keys, commit=True)

    # -- analysts' edits (audited) ---------------------------------------------------------------------
    def link_events(
        self, event_ids: Sequence[str], kind: str, *, user: str, reason: str | None = None
    ) -> int:
        """Merge (``kind="must"``) or split apart (``"cannot"``) events by hand; audited; returns the links
        written. A merge links every event to the first; a split separates every pair."""
        if kind not in ("must", "cannot"):
            raise StoreError(f"unknown link kind {kind!r}")
        ids = list(dict.fromkeys(event_ids))
        if len(ids) < 2:
            raise StoreError("name at least two events")
        rows = self._select_events("WHERE id IN (SELECT unnest(?))", [ids])
        missing = sorted(set(ids) - {r.id for r in rows})
        if missing:
            raise StoreError(f"no such event: {', '.join(missing)}")
        if kind == "must":
            pairs = [tuple(sorted((ids[0], other))) for other in ids[1:]]
        else:
            pairs = [tuple(sorted((a, b))) for i, a in enumerate(ids) for b in ids[i + 1 :]]
        now = _now()
        with self.transaction():
            for a, b in pairs:
                self.con.execute("DELETE FROM incident_links WHERE event_a = ? AND event_b = ?", [a, b])
                self.con.execute("INSERT INTO incident_links VALUES (?, ?, ?, ?)", [a, b, kind, now])
            self.audit(user, "merge" if kind == "must" else "split", ",".join(ids), {"reason": reason})
            self.remerge(self._block_keys(rows))
        return len(pairs)

    def audit(self, user: str, action: str, target: str, detail: Mapping[str, Any]) -> None:
        self.con.execute(
            'INSERT INTO audit ("at", "user", action, target, detail) VALUES (?, ?, ?, ?, ?)',
            [_now(), user, action, target, json.dumps(dict(detail), ensure_ascii=False, sort_keys=True)],
        )

    def audit_log(self) -> list[tuple[dt.datetime, str, str, str, dict[str, Any]]]:
        rows = self.con.execute(
            'SELECT "at", "user", action, target, detail FROM audit ORDER BY id'
        ).fetchall()
        return [(r[0], r[1], r[2], r[3], json.loads(r[4] or "{}")) for r in rows]

    # -- reading ------------------------------------------------------------------------------------------
    def _select_events(self, where: str, params: Sequence[Any]) -> list[EventRow]:
        cols = ", ".join(q(n) for n in _EVENT_FIELDS)
        rows = self.con.execute(f"SELECT {cols} FROM events {where}", list(params)).fetchall()
        return [_event_from_sql(r) for r in rows]

    def select_events(
        self, where: str = "", params: Sequence[Any] = (), order: str = "ORDER BY id"
    ) -> list[EventRow]:
        return self._select_events(f"{where} {order}", params)

    def incident_of(self, event_ids: Sequence[str]) -> dict[str, str | None]:
        rows = self.con.execute(
            "SELECT id, incident_id FROM events WHERE id IN (SELECT unnest(?))", [list(event_ids)]
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def select_incidents(
        self, where: str = "", params: Sequence[Any] = (), order: str = "ORDER BY id"
    ) -> list[Incident]:
        rows = self.con.execute(
            "SELECT id, category, actor_codes, recipient_codes, date_start, date_end, place_name, lat, lon, "
            "article_count, source_count, fatalities_low, fatalities_high, figures, first_reported, "
            f"last_reported, status, manual FROM incidents {where} {order}",
            list(params),
        ).fetchall()
        members: dict[str, list[str]] = {}
        ids = [r[0] for r in rows]
        if ids:
            for eid, iid in self.con.execute(
                "SELECT id, incident_id FROM events WHERE incident_id IN (SELECT unnest(?)) ORDER BY id",
                [ids],
            ).fetchall():
                members.setdefault(iid, []).append(eid)
        return [
            Incident(
                id=r[0],
                category=r[1],
                actor_codes=tuple(r[2] or ()),
                recipient_codes=tuple(r[3] or ()),
                date_start=r[4],
                date_end=r[5],
                place_name=r[6],
                lat=r[7],
                lon=r[8],
                event_ids=tuple(members.get(r[0], ())),
                article_count=r[9],
                source_count=r[10],
                fatalities_low=r[11],
                fatalities_high=r[12],
                figures=_figures_from_json(r[13]),
                first_reported=r[14],
                last_reported=r[15],
                status=r[16],
                manual=bool(r[17]),
            )
            for r in rows
        ]

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "events", "quotes", "entities", "incidents", "failures", "audit"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def article(self, article_id: str) -> ArticleRow | None:
        names = [f.name for f in fields(ArticleRow)]
        row = self.con.execute(
            f"SELECT {', '.join(q(n) for n in names)} FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        return ArticleRow(**dict(zip(names, row, strict=True))) if row else None

    def failures(self) -> list[tuple[str, str, str]]:
        rows = self.con.execute('SELECT source, stage, reason FROM failures ORDER BY "at", source').fetchall()
        return [(r[0], r[1], r[2]) for r in rows]


def block_key_text(row: EventRow) -> str:
    """The incident-merging block of an event, as stored (``BlockKey.text``; parsed back for merging)."""
    from flashpoint.corpus.incidents import block_key

    return block_key(row).text()


def _to_sql(name: str, value: Any) -> Any:
    if name in _JSON_PARTIES:
        return json.dumps(
            [{"code": p.code, "sector": p.sector, "text": p.text} for p in value], ensure_ascii=False
        )
    if name == "sizes":
        return json.dumps(
            [
                {"type": s.type, "low": s.low, "high": s.high, "qualifier": s.qualifier, "text": s.text}
                for s in value
            ],
            ensure_ascii=False,
        )
    if name == "precision_codes":
        return json.dumps([list(p) for p in value])
    if isinstance(value, tuple):
        return list(value)
    return value


def _event_from_sql(row: Sequence[Any]) -> EventRow:
    values: dict[str, Any] = {}
    for name, value in zip(_EVENT_FIELDS, row, strict=True):
        if name in _JSON_PARTIES:
            values[name] = tuple(Party(p["code"], p["sector"], p["text"]) for p in json.loads(value or "[]"))
        elif name == "sizes":
            values[name] = tuple(
                SizeRow(s["type"], s["low"], s["high"], s.get("qualifier"), s.get("text"))
                for s in json.loads(value or "[]")
            )
        elif name == "precision_codes":
            values[name] = tuple((str(a), str(b)) for a, b in json.loads(value or "[]"))
        elif name in ("contexts", "source_outlets", "related"):
            values[name] = tuple(value or ())
        else:
            values[name] = value
    return EventRow(**values)


def _figures_json(figures: Sequence[SourceFigure]) -> str:
    return json.dumps(
        [
            {
                "source": f.source,
                "event_id": f.event_id,
                "status": f.status,
                "fatalities_low": f.fatalities_low,
                "fatalities_high": f.fatalities_high,
                "reported": f.reported.isoformat() if f.reported else None,
            }
            for f in figures
        ],
        ensure_ascii=False,
    )


def _figures_from_json(text: str | None) -> tuple[SourceFigure, ...]:
    return tuple(
        SourceFigure(
            f["source"],
            f["event_id"],
            f["status"],
            f["fatalities_low"],
            f["fatalities_high"],
            dt.date.fromisoformat(f["reported"]) if f["reported"] else None,
        )
        for f in json.loads(text or "[]")
    )
