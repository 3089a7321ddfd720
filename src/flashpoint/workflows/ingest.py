"""The ingest use case: files, folders, article URLs and feeds in; articles, events, incidents in the store.

    documents ──► make_article ──► already stored? (content hash) ──► extract (serial, or on Dask)
              ──► near-copy of a stored story? (SimHash) ──► one transaction per batch ──► incidents re-merged

Re-ingesting the same text is a no-op; a failing document is recorded with its one-line reason and the batch
goes on; a batch is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flashpoint.codec import entities_json, quote_json
from flashpoint.corpus.convert import article_row, event_rows
from flashpoint.corpus.rows import EventRow
from flashpoint.corpus.store import DocumentBundle, Store
from flashpoint.errors import DocumentError
from flashpoint.records import Article, DocumentResult, Failure, RawDocument
from flashpoint.settings import Settings

if TYPE_CHECKING:
    from flashpoint.annotate.registry import Services
    from flashpoint.corpus.nearcopy import CopyIndex
    from flashpoint.corpus.store import StoreSession
    from flashpoint.io.fetch import Fetcher

ENGINES = ("serial", "dask")
MERGES = ("batch", "end")


@dataclass
class IngestTally:
    """Counts of one ingest run, updated as it goes (the CLI's progress bar reads them)."""

    seen: int = 0
    new: int = 0
    duplicate: int = 0
    near_copy: int = 0
    failed: int = 0
    events: int = 0
    batches: int = 0
    failures: list[Failure] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.new} new, {self.duplicate} duplicate, {self.near_copy} near-copies, "
            f"{self.failed} failed; {self.events} events"
        )


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a document came from: the source label kept with the article, and when a URL was fetched."""

    source: str
    retrieved_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class IngestOptions:
    batch_size: int = 50  # documents per transaction
    engine: str = "serial"
    scheduler: str | None = None  # a Dask scheduler address; None starts a LocalCluster
    workers: int = 2  # LocalCluster workers
    published: dt.date | None = None
    allow_private: bool = False  # fetch URLs on private or loopback addresses (tests, intranets)
    parquet: str | None = None  # also write the run's events as Parquet partitions into this folder
    #: "batch": merge incidents in each batch's transaction (the store is always merged); "end": write the
    #: batches unmerged and merge once when the run ends (backfills: each batch's merge costs as much as the
    #: history of the dyads it touches; one merge at the end costs one pass). An interrupted "end" run leaves
    #: events without an incident, which the next ingest (or ``flashpoint store --remerge``) merges.
    merge: str = "batch"


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


# -- reading ---------------------------------------------------------------------------------------
def read_inputs(
    inputs: Sequence[str], *, settings: Settings, options: IngestOptions, fetcher: Fetcher | None = None
) -> Iterator[tuple[RawDocument, Provenance] | Failure]:
    """Every document the inputs name: files and folders as ``extract`` reads them, URLs fetched (a feed's
    entries are fetched in turn)."""
    from flashpoint.io.readers import read_documents, source_of

    paths = [i for i in inputs if not is_url(i)]
    urls = [i for i in inputs if is_url(i)]
    for item in read_documents(paths, published=options.published, settings=settings):
        if isinstance(item, Failure):
            yield item
        else:
            yield item, Provenance(source_of(item))
    if urls:
        yield from _read_urls(urls, settings=settings, options=options, fetcher=fetcher)


def _read_urls(
    urls: Sequence[str], *, settings: Settings, options: IngestOptions, fetcher: Fetcher | None
) -> Iterator[tuple[RawDocument, Provenance] | Failure]:
    from flashpoint.io.feeds import looks_like_feed, parse_feed
    from flashpoint.io.fetch import Fetcher as _Fetcher
    from flashpoint.io.fetch import FetchPolicy, page_document

    own = fetcher is None
    fetch = fetcher or _Fetcher(FetchPolicy(allow_private=options.allow_private))
    try:
        queue = list(urls)
        feeds_done: set[str] = set()
        while queue:
            url = queue.pop(0)
            try:
                page = fetch.fetch(url)
                if looks_like_feed(page) and url not in feeds_done:
                    feeds_done.add(url)
                    queue[0:0] = [e.url for e in parse_feed(page.body, page.final_url)]
                    continue
                raw = page_document(page)
            except DocumentError as exc:
                yield Failure(exc.source or url, exc.stage, exc.reason)
                continue
            if options.published is not None:
                from dataclasses import replace

                raw = replace(raw, published=options.published, published_source="given")
            if raw.text and len(raw.text) > settings.max_text_chars:
                yield Failure(url, "read", f"text is {len(raw.text):,} characters, over the limit")
                continue
            yield raw, Provenance(page.final_url, page.retrieved_at)
    finally:
        if own:
            fetch.close()


# -- extraction engines ----------------------------------------------------------------------------
_WORKER_SERVICES: dict[str, Services] = {}


def extract_chunk(articles: Sequence[Article], settings: Settings) -> list[DocumentResult | Failure]:
    """Extract a chunk of articles; the pipeline is built once per process (the Dask task)."""
    from flashpoint.annotate.registry import Services
    from flashpoint.workflows.extract import annotate

    key = repr(settings)
    services = _WORKER_SERVICES.get(key)
    if services is None:
        services = _WORKER_SERVICES[key] = Services(settings)
    return list(annotate(articles, services))


class SerialEngine:
    def __init__(self, settings: Settings, services: Services | None = None) -> None:
        from flashpoint.annotate.registry import Services

        self.settings = settings
        self.services = services or Services(settings)

    def run(self, chunks: Iterable[list[Article]]) -> Iterator[list[DocumentResult | Failure]]:
        from flashpoint.workflows.extract import annotate

        for chunk in chunks:
            yield list(annotate(chunk, self.services))

    def close(self) -> None:
        return None


class DaskEngine:
    """Extraction on a Dask distributed cluster: a scheduler address, or a LocalCluster of ``workers``
    single-threaded processes. Chunks are gathered in submission order, so the store gets exactly what a
    serial run writes, whatever the number of workers."""

    def __init__(self, settings: Settings, *, scheduler: str | None, workers: int) -> None:
        from distributed import Client, LocalCluster

        self.settings = settings
        self.cluster: Any = None
        if scheduler:
            self.client: Any = Client(scheduler)  # type: ignore[no-untyped-call]
        else:
            self.cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address="127.0.0.1:0",
                host="127.0.0.1",
            )
            self.client = Client(self.cluster)  # type: ignore[no-untyped-call]
        self.in_flight = max(2, 2 * workers)

    def run(self, chunks: Iterable[list[Article]]) -> Iterator[list[DocumentResult | Failure]]:
        pending = []
        for chunk in chunks:
            pending.append(self.client.submit(extract_chunk, chunk, self.settings, pure=False))
            if len(pending) >= self.in_flight:
                yield pending.pop(0).result()
        while pending:
            yield pending.pop(0).result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


# -- the use case ----------------------------------------------------------------------------------
def ingest(
    inputs: Sequence[str],
    *,
    store: Store,
    settings: Settings,
    options: IngestOptions = IngestOptions(),
    services: Services | None = None,
    fetcher: Fetcher | None = None,
    tally: IngestTally | None = None,
    on_batch: Callable[[IngestTally], None] | None = None,
) -> IngestTally:
    """Ingest every document ``inputs`` name into ``store``; returns the counts."""
    if options.engine not in ENGINES:
        raise ValueError(f"unknown engine {options.engine!r}")
    if options.merge not in MERGES:
        raise ValueError(f"unknown merge mode {options.merge!r}: batch or end")
    tally = tally if tally is not None else IngestTally()
    docs = read_inputs(inputs, settings=settings, options=options, fetcher=fetcher)
    engine: SerialEngine | DaskEngine
    if options.engine == "dask":
        engine = DaskEngine(settings, scheduler=options.scheduler, workers=options.workers)
    else:
        engine = SerialEngine(settings, services)
    try:
        _run(
            docs,
            store=store,
            settings=settings,
            options=options,
            engine=engine,
            tally=tally,
            on_batch=on_batch,
        )
    finally:
        engine.close()
    return tally


def _run(
    docs: Iterable[tuple[RawDocument, Provenance] | Failure],
    *,
    store: Store,
    settings: Settings,
    options: IngestOptions,
    engine: SerialEngine | DaskEngine,
    tally: IngestTally,
    on_batch: Callable[[IngestTally], None] | None,
) -> None:
    from flashpoint.corpus.nearcopy import CopyIndex

    provenance: dict[str, Provenance] = {}
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    pending_failures: list[Failure] = []
    seen_ids: set[str] = set()
    copies = CopyIndex()

    def chunks() -> Iterator[list[Article]]:
        for batch in _batched(
            _articles(docs, settings, tally, pending_failures, provenance), options.batch_size
        ):
            with store.session() as db:
                known = db.known_articles(a.id for a in batch)
            fresh = []
            for a in batch:
                if a.id in known or a.id in seen_ids:
                    tally.duplicate += 1
                else:
                    seen_ids.add(a.id)
                    fresh.append(a)
            if fresh:
                yield fresh
            elif pending_failures:
                _flush_failures(store, pending_failures, tally, on_batch)

    for results in engine.run(chunks()):
        bundles: list[DocumentBundle] = []
        failures: list[Failure] = list(pending_failures)
        pending_failures.clear()
        with store.session() as db:
            for out in results:
                if isinstance(out, Failure):
                    failures.append(out)
                    continue
                prov = provenance.pop(out.article.id)
                bundles.append(_bundle(out, prov, db, copies))
            added = db.write_documents(
                bundles, [(f.source, f.stage, f.reason) for f in failures], merge=options.merge == "batch"
            )
        tally.new += added
        if options.parquet and bundles:
            _write_parquet(options.parquet, run_id, tally.batches + 1, [e for b in bundles for e in b.events])
        tally.near_copy += sum(1 for b in bundles if b.copy_of)
        tally.events += sum(len(b.events) for b in bundles)
        tally.failed += len(failures)
        tally.failures.extend(failures)
        tally.batches += 1
        if on_batch:
            on_batch(tally)
    if pending_failures:
        _flush_failures(store, pending_failures, tally, on_batch)
    with store.session() as db:
        # what an interrupted merge-at-end run left, and this run's own batches when it merges at the end
        pending = db.unmerged_blocks()
        if pending:
            db.remerge(pending, commit=True)  # window by window, each its own transaction


def _write_parquet(folder: str, run_id: str, batch: int, rows: list[EventRow]) -> None:
    """The batch's events as Parquet under ``folder/run=<id>/batch=<n>/year=/month=`` (Hive layout, so
    ``read_parquet('folder/**/*.parquet', hive_partitioning = true)`` in DuckDB reads every run)."""
    from pathlib import Path

    from flashpoint.interchange.parquet import write_parquet

    target = Path(folder) / f"run={run_id}"
    target.mkdir(parents=True, exist_ok=True)
    write_parquet(rows, target / f"batch={batch:05d}")


def _flush_failures(
    store: Store, failures: list[Failure], tally: IngestTally, on_batch: Callable[[IngestTally], None] | None
) -> None:
    with store.session() as db:
        db.record_failures([(f.source, f.stage, f.reason) for f in failures])
    tally.failed += len(failures)
    tally.failures.extend(failures)
    failures.clear()
    if on_batch:
        on_batch(tally)


def _articles(
    docs: Iterable[tuple[RawDocument, Provenance] | Failure],
    settings: Settings,
    tally: IngestTally,
    failures: list[Failure],
    provenance: dict[str, Provenance],
) -> Iterator[Article]:
    from flashpoint.io.readers import make_article

    for item in docs:
        tally.seen += 1
        if isinstance(item, Failure):
            failures.append(item)
            continue
        raw, prov = item
        try:
            article = make_article(raw, settings)
        except DocumentError as exc:
            failures.append(Failure(prov.source, exc.stage, exc.reason))
            continue
        provenance.setdefault(article.id, prov)
        yield article


def _bundle(result: DocumentResult, prov: Provenance, db: StoreSession, copies: CopyIndex) -> DocumentBundle:
    from flashpoint.corpus.nearcopy import fingerprint

    article = result.article
    digest = fingerprint(article.text)
    copy_of, group = _find_copy(digest, db, copies, article)
    copies.add(article.id, digest, article.published)
    return DocumentBundle(
        article=article_row(result, source=prov.source, retrieved_at=prov.retrieved_at),
        events=event_rows(result),
        quotes=tuple(quote_json(q) for q in result.quotes),
        entities=tuple(entities_json(result)),
        simhash=digest,
        copy_of=copy_of,
        copy_group=group,
    )


def _find_copy(
    digest: int | None, db: StoreSession, copies: CopyIndex, article: Article
) -> tuple[str | None, str]:
    """The stored (or earlier in this run) story this article is a near-copy of, and its copy group.

    A text too short to fingerprint is nobody's copy. Stored stories come first (earliest ingested, then
    lowest id), then the ones written earlier in this run."""
    from flashpoint.corpus.nearcopy import bands, hamming

    if digest is None:
        return None, article.id
    for other_id, other_hash, group, _published in db.copy_candidates(bands(digest)):
        if other_id != article.id and hamming(digest, other_hash) <= copies.max_distance:
            return other_id, group
    earlier = copies.find(digest, exclude=article.id)
    if earlier is not None:
        return earlier, copies.group(earlier) or earlier
    return None, article.id


def _batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def watch(
    feeds: Sequence[str],
    *,
    store: Store,
    settings: Settings,
    options: IngestOptions,
    interval_s: float,
    polls: int | None = None,
    services: Services | None = None,
    on_poll: Callable[[int, IngestTally], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll ``feeds`` every ``interval_s`` seconds (``polls`` times, or until interrupted); returns polls."""
    from flashpoint.annotate.registry import Services as _Services

    services = services or _Services(settings)
    done = 0
    while polls is None or done < polls:
        tally = ingest(feeds, store=store, settings=settings, options=options, services=services)
        done += 1
        if on_poll:
            on_poll(done, tally)
        if polls is not None and done >= polls:
            break
        sleep(interval_s)
    return done
