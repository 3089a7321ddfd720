"""Speed and memory of ``flashpoint ingest`` into the corpus store, and incident merging as the store grows.

    python bench/bench_ingest.py --speed [--articles 120] [--batch-size 20]
    python bench/bench_ingest.py --backfill 100000 [--pool 200] [--every 10000]
    python bench/bench_ingest.py --merge-growth [--merge-sizes 1000 10000 50000 100000]

Synthetic articles: paragraphs of ``tests/fixtures/articles``, ``samples/`` and ``eval/holdout/articles``
recombined (eight at random per article) with varied numbers and dates, no two texts the same (as
``bench_extract.py --memory`` makes its backfill), published 2025-10-29.

``--speed``: articles and words per second of :func:`flashpoint.workflows.ingest.ingest` into a fresh store
(reading the .txt files, extraction, near-copy check, one transaction per batch, incidents re-merged) with the
serial engine, Dask with one worker and Dask with two (a LocalCluster of single-threaded processes), on the
same corpus. Nothing is excluded from the totals except, for serial, the model load (Services are built once,
before the timer, and passed in). For Dask the cluster start-up and each worker's model load are inside the
run; they are also shown apart: the time to the first written batch, the steady rate after it, and the start
and close of an empty cluster, timed on its own. The three stores must end with the same counts of articles,
events, quotes, entities and incidents; the script says whether they do.

``--backfill N``: peak RSS and time of streaming N synthetic articles into one store. Extracting 100,000
articles takes hours on two cores, so this is NOT a full extraction: a pool of ``--pool`` distinct synthetic
articles is extracted once (in a child process, whose peak RSS is reported as the memory of real extraction),
then the N store documents are made from the pool: each is a pool text with a unique sentence appended (its
own numbers in it), so it has its own content id; its article row and event rows are the pool article's
converted rows with ``dataclasses.replace`` (new article id, event ids ``<new id>:<event id>``; the evidence
offsets stay valid since the new text only adds at the end). The publication date moves by a random whole
number of weeks over ``--spread-weeks`` (104: two years), and day and week event dates move with it, so the
backfill spreads over time as a real one does; the publisher is one of 60 synthetic outlets. Each text is
fingerprinted and checked for near-copies against the store and the run (as the ingest workflow does: most
documents here ARE near-copies of their pool article, which exercises that path), and batches of
``--batch`` (500) are written with ``StoreSession.write_documents``, which re-merges the incidents of the
blocks a batch touches (``--merge-at-end``: batches written without merging, the whole store merged once
at the end, to compare). Every ``--every`` documents the store size, the RSS and the seconds per 1,000
documents are printed, so one sees whether writing and merging stay near linear as the store grows.

``--merge-growth``: the per-batch time of ``write_documents`` and of its ``remerge`` at store sizes of
(about) 1k, 10k, 50k and 100k events, taken from the backfill's batches (the mean of the three batches
written nearest to each size; a size the batches are too coarse for is left out: use a smaller
``--batch``). Alone, it runs a backfill until the store holds the largest size (and 10% more).

Results are printed and written to ``bench/results/``. Timings are wall-clock on whatever machine runs it
(the load average at the start is recorded: a shared machine makes them noisy).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import platform
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flashpoint.corpus.rows import ArticleRow, EventRow
    from flashpoint.corpus.store import Store, StoreSession
    from flashpoint.records import Article, DocumentResult

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = [
    ROOT / "tests" / "fixtures" / "articles",
    ROOT / "samples",
    ROOT / "eval" / "holdout" / "articles",
]
PUBLISHED = dt.date(2025, 10, 29)
_NUMBER = re.compile(r"\b\d{1,3}\b")
_OCT_DAY = re.compile(r"\bOct(?:ober|\.)? (\d{1,2})\b")


# -- synthetic corpus --------------------------------------------------------------------------------------
def _paragraphs(folders: list[Path]) -> list[str]:
    from flashpoint.io.readers import read_articles
    from flashpoint.records import Article
    from flashpoint.settings import Settings

    out: list[str] = []
    for a in read_articles([str(f) for f in folders], settings=Settings()):
        if isinstance(a, Article):
            out.extend(p for p in a.text.split("\n\n") if len(p.split()) > 8)
    return out


def synthetic_texts(paragraphs: Sequence[str], n: int, seed: int) -> list[str]:
    """``n`` distinct texts of eight paragraphs each, small numbers and October days varied."""
    rng = random.Random(seed)
    seen: set[str] = set()
    texts: list[str] = []
    while len(texts) < n:
        body = "\n\n".join(rng.sample(list(paragraphs), k=min(8, len(paragraphs))))
        body = _NUMBER.sub(lambda m: str(rng.randint(2, 90)) if rng.random() < 0.5 else m.group(0), body)
        body = _OCT_DAY.sub(lambda m: f"{m.group(0).split()[0]} {rng.randint(1, 28)}", body)
        if body not in seen:
            seen.add(body)
            texts.append(body)
    return texts


def _words(texts: Sequence[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _rss_mb() -> float:
    import psutil  # type: ignore[import-untyped]

    rss: int = psutil.Process().memory_info().rss
    return round(rss / 2**20, 1)


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # kilobytes on Linux


# -- 1. ingest speed ---------------------------------------------------------------------------------------
def _timed_ingest(
    corpus: Path, store: Store, options: Any, services: Any, settings: Any
) -> tuple[Any, float, list[tuple[float, int]]]:
    from flashpoint.workflows.ingest import ingest

    marks: list[tuple[float, int]] = []
    t0 = time.perf_counter()
    tally = ingest(
        [str(corpus)],
        store=store,
        settings=settings,
        options=options,
        services=services,
        on_batch=lambda t: marks.append((time.perf_counter() - t0, t.new)),
    )
    return tally, time.perf_counter() - t0, marks


def bench_speed(folders: list[Path], n: int, batch_size: int, seed: int) -> dict[str, Any]:
    from flashpoint.annotate.registry import Services
    from flashpoint.corpus.store import Store
    from flashpoint.io.readers import read_articles
    from flashpoint.records import Article
    from flashpoint.settings import Settings
    from flashpoint.workflows.extract import annotate
    from flashpoint.workflows.ingest import DaskEngine, IngestOptions

    texts = synthetic_texts(_paragraphs(folders), n, seed)
    words = _words(texts)
    settings = Settings()
    services = Services(settings)
    runs: dict[str, dict[str, Any]] = {}
    counts: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i, t in enumerate(texts):
            (corpus / f"a{i:04d}.txt").write_text(t, encoding="utf-8")
        # warm-up of the serial pipeline (outside the timing): load everything, touch every code path once
        warm = [
            a for a in read_articles([str(corpus / "a0000.txt")], settings=settings) if isinstance(a, Article)
        ]
        list(annotate(warm, services))
        for label, engine, workers in (("serial", "serial", 0), ("dask-1", "dask", 1), ("dask-2", "dask", 2)):
            options = IngestOptions(
                engine=engine, workers=max(1, workers), batch_size=batch_size, published=PUBLISHED
            )
            store = Store(Path(tmp) / f"{label}.duckdb")
            tally, total, marks = _timed_ingest(
                corpus, store, options, services if engine == "serial" else None, settings
            )
            with store.session(read_only=True) as db:
                counts[label] = db.counts()
            first_t, first_n = marks[0]
            last_t, last_n = marks[-1]
            steady = (last_n - first_n) / (last_t - first_t) if last_t > first_t else None
            runs[label] = {
                "seconds": round(total, 2),
                "articles_per_s": round(tally.new / total, 2),
                "words_per_s": round(words / total),
                "first_batch_s": round(first_t, 2),
                "steady_articles_per_s": round(steady, 2) if steady else None,
                "batches": tally.batches,
                "tally": tally.line(),
            }
            print(f"{label}: {json.dumps(runs[label])}", file=sys.stderr)
        # the start and close of an empty cluster, on its own
        for workers in (1, 2):
            t0 = time.perf_counter()
            DaskEngine(settings, scheduler=None, workers=workers).close()
            runs[f"dask-{workers}"]["cluster_start_close_s"] = round(time.perf_counter() - t0, 2)
    keys = ("articles", "events", "quotes", "entities", "incidents")
    equal = all({k: c[k] for k in keys} == {k: counts["serial"][k] for k in keys} for c in counts.values())
    serial, dask2 = runs["serial"], runs["dask-2"]
    return {
        "articles": n,
        "words": words,
        "batch_size": batch_size,
        "runs": runs,
        "store_counts": counts,
        "stores_equal": equal,
        "ratio_dask2_over_serial": round(serial["seconds"] / dask2["seconds"], 3),
        "ratio_dask2_over_serial_steady": (
            round(dask2["steady_articles_per_s"] / serial["steady_articles_per_s"], 3)
            if dask2["steady_articles_per_s"] and serial["steady_articles_per_s"]
            else None
        ),
    }


def print_speed(r: dict[str, Any]) -> None:
    print(f"\ningest speed: {r['articles']} articles, {r['words']:,} words, batches of {r['batch_size']}")
    head = f"{'engine':8} {'total s':>8} {'art/s':>7} {'words/s':>8} {'1st batch s':>11} {'steady art/s':>12}"
    print(head + f" {'cluster s':>9}")
    for label, run in r["runs"].items():
        cl = run.get("cluster_start_close_s")
        print(
            f"{label:8} {run['seconds']:>8} {run['articles_per_s']:>7} {run['words_per_s']:>8} "
            f"{run['first_batch_s']:>11} {run['steady_articles_per_s'] or '-':>12} {cl if cl else '-':>9}"
        )
    print(
        f"dask-2 / serial: {r['ratio_dask2_over_serial']} (total), "
        f"{r['ratio_dask2_over_serial_steady']} (steady rate)"
    )
    c = r["store_counts"]["serial"]
    verdict = "equal" if r["stores_equal"] else "NOT EQUAL"
    print(
        f"the three stores are {verdict}: serial has {c['articles']} articles, {c['events']} events, "
        f"{c['incidents']} incidents"
    )
    if not r["stores_equal"]:
        print(json.dumps(r["store_counts"], indent=1))


# -- 2. backfill -------------------------------------------------------------------------------------------
def extract_pool(texts: list[str], published: dt.date) -> tuple[list[DocumentResult], dict[str, float]]:
    """Extract the pool (run in a child process, so that its peak RSS is its own)."""
    from flashpoint.annotate.registry import Services
    from flashpoint.io.readers import make_article
    from flashpoint.records import Failure, RawDocument
    from flashpoint.settings import Settings
    from flashpoint.workflows.extract import annotate

    t0 = time.perf_counter()
    settings = Settings()
    services = Services(settings)
    articles = [
        make_article(RawDocument(t, published=published, published_source="given"), settings) for t in texts
    ]
    list(annotate(articles[:1], services))  # loads the model and every resource
    loaded = _rss_mb()
    load_s = time.perf_counter() - t0
    results = [r for r in annotate(articles, services) if not isinstance(r, Failure)]
    return results, {
        "model_load_s": round(load_s, 1),
        "extract_s": round(time.perf_counter() - t0 - load_s, 1),
        "rss_after_model_load_mb": loaded,  # and one article extracted
        "rss_after_extraction_mb": _rss_mb(),
        "peak_rss_mb": _peak_mb(),
    }


@dataclass(frozen=True, slots=True)
class PoolItem:
    article: Article
    row: ArticleRow
    events: tuple[EventRow, ...]
    quotes: tuple[dict[str, Any], ...]
    entities: tuple[dict[str, Any], ...]


def _shift_event(e: EventRow, new_id: str, old_id: str, delta: dt.timedelta, publisher: str) -> EventRow:
    """The pool event as the event of the document ``new_id``; day and week dates moved by ``delta``."""
    date, start, end = e.date, e.date_start, e.date_end
    if delta and start is not None and end is not None and e.date_precision in ("day", "week"):
        start, end = start + delta, end + delta
        if e.date_precision == "day":
            date = start.isoformat()
        else:
            year, week, _ = start.isocalendar()
            date = f"{year}-W{week:02d}"
    cut = len(old_id) + 1
    return replace(
        e,
        id=f"{new_id}:{e.id[cut:]}",
        article_id=new_id,
        related=tuple(f"{new_id}:{r[cut:]}" for r in e.related),
        date=date,
        date_start=start,
        date_end=end,
        reported=e.reported + delta if e.reported else None,
        source=publisher,
    )


def _timed_remerge(db: StoreSession, log: dict[str, float]) -> None:
    """Time ``db.remerge`` where ``write_documents`` calls it (inside its transaction)."""
    inner = db.remerge

    def remerge(keys: set[str]) -> int:
        t0 = time.perf_counter()
        written = inner(keys)
        log["remerge_s"] = log.get("remerge_s", 0.0) + time.perf_counter() - t0
        log["incidents_written"] = log.get("incidents_written", 0) + written
        return written

    db.__dict__["remerge"] = remerge


def _store_mb(path: Path) -> float:
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
    return round(size / 2**20, 1)


def bench_backfill(
    folders: list[Path],
    n: int,
    *,
    pool: int,
    batch: int,
    every: int,
    spread_weeks: int,
    seed: int,
    db_path: Path | None,
    until_events: int | None = None,
    max_s: float | None = None,
    merge_at_end: bool = False,
    report: Callable[[str], None] = print,
) -> dict[str, Any]:
    from flashpoint.codec import entities_json, quote_json
    from flashpoint.corpus.convert import article_row, event_rows
    from flashpoint.corpus.nearcopy import CopyIndex, fingerprint
    from flashpoint.corpus.store import DocumentBundle, Store
    from flashpoint.io.readers import content_id
    from flashpoint.workflows.ingest import _find_copy  # the ingest workflow's own near-copy rule

    t_start = time.perf_counter()
    pool_texts = synthetic_texts(_paragraphs(folders), pool, seed + 1)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as ex:
        results, extraction = ex.submit(extract_pool, pool_texts, PUBLISHED).result()
    extraction["articles"] = len(pool_texts)
    extraction["words"] = _words(pool_texts)
    extraction["extracted"] = len(results)
    extraction["events"] = sum(len(r.events) for r in results)
    report(
        f"pool: {len(results)} articles extracted in {extraction['extract_s']} s "
        f"(+{extraction['model_load_s']} s model load), {extraction['events']} events; "
        f"extraction peak RSS {extraction['peak_rss_mb']} MB "
        f"(after model load {extraction['rss_after_model_load_mb']} MB)"
    )
    items = [
        PoolItem(
            r.article,
            article_row(r, source="pool"),
            event_rows(r),
            tuple(quote_json(qu) for qu in r.quotes),
            tuple(entities_json(r)),
        )
        for r in results
    ]
    del results
    rng = random.Random(seed)
    outlets = [f"outlet-{i:02d}" for i in range(60)]
    copies = CopyIndex()
    batches: list[dict[str, Any]] = []
    progress: list[dict[str, Any]] = []
    rss_start = _rss_mb()
    goal = (
        f"{n:,} documents"
        if until_events is None
        else f"documents until the store holds {until_events:,} events"
    )
    report(
        f"\nbackfill of {goal} made from the pool (NOT extracted one by one: see the docstring), "
        f"batches of {batch}"
    )
    report(
        f"{'documents':>9} {'events':>8} {'incidents':>9} {'near-copies':>11} {'store MB':>8} {'RSS MB':>7} "
        f"{'peak MB':>7} {'s/1k docs':>9} {'merge s/1k':>10}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = db_path or Path(tmp) / "backfill.duckdb"
        store = Store(path)
        done = events = near = 0
        t_backfill = time.perf_counter()
        t_mark, merge_mark = t_backfill, 0.0
        merge_total = 0.0
        stopped = None
        while done < n and (until_events is None or events < until_events):
            if max_s is not None and time.perf_counter() - t_backfill > max_s:
                stopped = f"stopped at {done:,} of {n:,} documents: over the time limit of {max_s / 60:g} min"
                report(stopped)
                break
            t0 = time.perf_counter()
            size = min(batch, n - done)
            log: dict[str, float] = {}
            with store.session() as db:
                bundles = []
                for i in range(done, done + size):
                    item = items[rng.randrange(len(items))]
                    delta = (
                        dt.timedelta(weeks=rng.randrange(spread_weeks + 1))
                        if spread_weeks
                        else dt.timedelta()
                    )
                    text = (
                        item.article.text.rstrip()
                        + f"\n\nThis report, number {i:06d} of the archive, was checked again at "
                        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} with {rng.randint(2, 900)} "
                        "further details from the newsroom.\n"
                    )
                    new_id = content_id(text)
                    published = item.article.published + delta if item.article.published else None
                    publisher = rng.choice(outlets)
                    article = replace(
                        item.article, id=new_id, text=text, published=published, publisher=publisher
                    )
                    digest = fingerprint(text)
                    copy_of, group = _find_copy(digest, db, copies, article)
                    copies.add(new_id, digest, published)
                    bundles.append(
                        DocumentBundle(
                            article=replace(
                                item.row,
                                id=new_id,
                                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                                text=text,
                                source=f"backfill.jsonl#{i}",
                                publisher=publisher,
                                published=published,
                            ),
                            events=tuple(
                                _shift_event(e, new_id, item.article.id, delta, publisher)
                                for e in item.events
                            ),
                            quotes=item.quotes,
                            entities=item.entities,
                            simhash=digest,
                            copy_of=copy_of,
                            copy_group=group,
                        )
                    )
                t1 = time.perf_counter()
                _timed_remerge(db, log)
                added = db.write_documents(bundles, merge=not merge_at_end)
                t2 = time.perf_counter()
                batch_events = sum(len(b.events) for b in bundles)
                batches.append(
                    {
                        "documents_before": done,
                        "events_before": events,
                        "documents": added,
                        "events": batch_events,
                        "prepare_s": round(t1 - t0, 3),
                        "write_s": round(t2 - t1, 3),
                        "remerge_s": round(log.get("remerge_s", 0.0), 3),
                        "incidents_rewritten": int(log.get("incidents_written", 0)),
                    }
                )
                done += size
                events += batch_events
                near += sum(1 for b in bundles if b.copy_of)
                merge_total += log.get("remerge_s", 0.0)
                last = done >= n or (until_events is not None and events >= until_events)
                if done % every == 0 or last or (max_s and time.perf_counter() - t_backfill > max_s):
                    c = db.counts()
                    now = time.perf_counter()
                    row = {
                        "documents": c["articles"],
                        "events": c["events"],
                        "incidents": c["incidents"],
                        "near_copies": near,
                        "store_mb": _store_mb(path),
                        "rss_mb": _rss_mb(),
                        "peak_rss_mb": _peak_mb(),
                        "s_per_1k_docs": round(
                            (now - t_mark) / (done - (progress[-1]["documents"] if progress else 0)) * 1000, 2
                        ),
                        "merge_s_per_1k_docs": round(
                            (merge_total - merge_mark)
                            / (done - (progress[-1]["documents"] if progress else 0))
                            * 1000,
                            2,
                        ),
                        "elapsed_s": round(now - t_backfill, 1),
                    }
                    progress.append(row)
                    t_mark, merge_mark = now, merge_total
                    report(
                        f"{row['documents']:>9,} {row['events']:>8,} {row['incidents']:>9,} {near:>11,} "
                        f"{row['store_mb']:>8} {row['rss_mb']:>7} {row['peak_rss_mb']:>7} "
                        f"{row['s_per_1k_docs']:>9} {row['merge_s_per_1k_docs']:>10}"
                    )
        final_merge_s = None
        if merge_at_end:
            t0 = time.perf_counter()
            with store.session() as db:
                incidents = db.remerge_all()
            final_merge_s = round(time.perf_counter() - t0, 1)
            report(f"merge of the whole store at the end: {incidents:,} incidents in {final_merge_s} s")
        backfill_s = time.perf_counter() - t_backfill
    return {
        "documents": done,
        "documents_asked": n if until_events is None else None,
        "stopped_early": stopped,
        "batch": batch,
        "pool": extraction,
        "spread_weeks": spread_weeks,
        "merge_at_end": merge_at_end,
        "final_merge_s": final_merge_s,
        "backfill_s": round(backfill_s, 1),
        "total_s": round(time.perf_counter() - t_start, 1),
        "rss_before_backfill_mb": rss_start,
        "peak_rss_mb": _peak_mb(),
        "peak_rss_children_mb": _peak_mb(resource.RUSAGE_CHILDREN),
        "progress": progress,
        "batches": batches,
        "method": "pool extracted once; store documents are pool texts with a unique sentence appended, "
        "their rows re-used with new ids (not a full extraction of every document)",
    }


# -- 3. merge growth ---------------------------------------------------------------------------------------
def merge_growth(batches: list[dict[str, Any]], sizes: list[int], take: int = 3) -> list[dict[str, Any]]:
    """For each store size: the mean of the ``take`` batches written nearest to it (none if the nearest is
    more than half the size away: batches too coarse for that size)."""
    table = []
    for size in sizes:
        picked = sorted(batches, key=lambda b: abs(b["events_before"] - size))[:take]
        if not picked or abs(picked[0]["events_before"] - size) > size / 2:
            continue
        k = len(picked)
        table.append(
            {
                "events_stored": size,
                "events_before_mean": round(sum(b["events_before"] for b in picked) / k),
                "batch_documents": round(sum(b["documents"] for b in picked) / k),
                "batch_events": round(sum(b["events"] for b in picked) / k),
                "write_documents_s": round(sum(b["write_s"] for b in picked) / k, 3),
                "remerge_s": round(sum(b["remerge_s"] for b in picked) / k, 3),
                "incidents_rewritten": round(sum(b["incidents_rewritten"] for b in picked) / k),
                "batches": k,
            }
        )
    return table


def print_growth(table: list[dict[str, Any]]) -> None:
    print("\nincident merging as the store grows (per batch: mean of the three batches nearest each size)")
    print(
        f"{'events stored':>13} {'(mean)':>8} {'batch docs':>10} {'batch events':>12} "
        f"{'write_documents s':>17} {'of which remerge s':>18} {'incidents rewritten':>19}"
    )
    for r in table:
        print(
            f"{r['events_stored']:>13,} {r['events_before_mean']:>8,} {r['batch_documents']:>10} "
            f"{r['batch_events']:>12} {r['write_documents_s']:>17} {r['remerge_s']:>18} "
            f"{r['incidents_rewritten']:>19,}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--speed", action="store_true", help="ingest speed: serial, Dask 1 and 2 workers")
    ap.add_argument("--articles", type=int, default=120, help="synthetic articles for --speed")
    ap.add_argument("--batch-size", type=int, default=20, help="ingest batch size for --speed")
    ap.add_argument("--backfill", type=int, nargs="?", const=100000, default=0, metavar="N")
    ap.add_argument("--pool", type=int, default=200, help="articles really extracted for the backfill")
    ap.add_argument("--batch", type=int, default=500, help="documents per write_documents in the backfill")
    ap.add_argument("--every", type=int, default=10000, help="print a progress row every this many documents")
    ap.add_argument("--spread-weeks", type=int, default=104, help="publication dates spread over these weeks")
    ap.add_argument("--merge-growth", action="store_true", help="merge time per batch at growing store sizes")
    ap.add_argument("--merge-sizes", type=int, nargs="+", default=[1000, 10000, 50000, 100000])
    ap.add_argument(
        "--merge-at-end",
        action="store_true",
        help="write batches without merging, then merge the whole store once (what a backfill could do)",
    )
    ap.add_argument("--max-minutes", type=float, help="stop the backfill after this long (it says so)")
    ap.add_argument("--db", type=Path, help="backfill store file (default: a temporary one, deleted after)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    folders = args.folders or [f for f in DEFAULT_FOLDERS if f.exists()]
    if not (args.speed or args.backfill or args.merge_growth):
        args.speed = True
    common = {
        "machine": f"{platform.machine()} {platform.python_version()}, {os.cpu_count()} CPUs",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "when": time.strftime("%Y-%m-%d %H:%M"),
    }
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    if args.speed:
        speed = bench_speed(folders, args.articles, args.batch_size, args.seed) | common
        (out_dir / f"ingest-speed-{stamp}.json").write_text(json.dumps(speed, indent=2))
        print_speed(speed)
    if args.backfill or args.merge_growth:
        until = None if args.backfill else int(max(args.merge_sizes) * 1.1)
        n = args.backfill or 10**7
        every = min(args.every, max(args.batch, n // 10)) if args.backfill else args.every
        every = max(args.batch, every - every % args.batch)
        result = bench_backfill(
            folders,
            n,
            pool=args.pool,
            batch=args.batch,
            every=every,
            spread_weeks=args.spread_weeks,
            seed=args.seed,
            db_path=args.db,
            until_events=until,
            max_s=args.max_minutes * 60 if args.max_minutes else None,
            merge_at_end=args.merge_at_end,
        )
        result["merge_growth"] = merge_growth(result["batches"], args.merge_sizes)
        result |= common
        (out_dir / f"ingest-backfill-{stamp}.json").write_text(json.dumps(result, indent=2))
        print(
            f"\nbackfill: {result['documents']:,} documents in {result['backfill_s']} s "
            f"({result['total_s']} s with the pool's extraction); peak RSS {result['peak_rss_mb']} MB "
            f"(store writing; the extraction child peaked at {result['pool']['peak_rss_mb']} MB)"
        )
        if result["stopped_early"]:
            print(f"NOT the full backfill: {result['stopped_early']}")
        print(
            "(documents made from an extracted pool of "
            f"{result['pool']['extracted']} articles, not each extracted: see the docstring)"
        )
        print_growth(result["merge_growth"])


if __name__ == "__main__":
    main()
