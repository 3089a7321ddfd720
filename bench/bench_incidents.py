"""Speed of incident merging on synthetic event rows: it must stay near linear in the number of rows.

    python bench/bench_incidents.py [--sizes 1000 10000 50000 100000] [--repeat 1] [--seed 7]

Rows: random dyads of ~30 countries (about 15% with one side unknown, a few with none), categories weighted
towards ASSAULT, dates over two years (mostly day precision, some weeks and months), random places at random
resolutions across a 30°×40° box, a few hundred outlets, and some rows repeated by several outlets (the same
happening reported two to five times) so that incidents of several members exist. Times include building the
Incident records; row generation is outside the timing. Results are printed and written to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import sys
import time
from pathlib import Path

from flashpoint.corpus.rows import ArticleSource, EventRow, Party

ROOT = Path(__file__).resolve().parent.parent

COUNTRIES = [
    "AFG", "PAK", "IND", "IRN", "CHN", "TJK", "UZB", "TKM", "USA", "RUS", "TUR", "QAT", "SAU", "ARE", "GBR",
    "BGD", "NPL", "LKA", "KAZ", "KGZ", "IRQ", "SYR", "ISR", "EGY", "JOR", "OMN", "YEM", "AZE", "ARM", "GEO",
]  # fmt: skip
CATEGORIES = ["ASSAULT"] * 5 + ["COERCE"] * 2 + ["ACCUSE", "REJECT", "THREATEN", "AGREE", "CONSULT", "AID"]
RESOLUTIONS = ["site", "city", "city", "district", "province", "country", None]
STATUSES = ["asserted"] * 6 + ["alleged"] * 3 + ["denied", "disputed"]


def synthetic_rows(n: int, seed: int) -> tuple[list[EventRow], dict[str, ArticleSource]]:

    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    outlets = [f"outlet-{i:03d}" for i in range(300)]
    rows: list[EventRow] = []
    sources: dict[str, ArticleSource] = {}
    i = 0
    while len(rows) < n:
        a, b = rng.sample(COUNTRIES, 2)
        u = rng.random()
        actors = () if u < 0.02 else (Party(a, "MIL", a),)
        recipients = () if u < 0.15 else (Party(b, "MIL", b),)
        day = start + dt.timedelta(days=rng.randrange(730))
        p = rng.random()
        precision, span = ("day", 0) if p < 0.85 else ("week", 6) if p < 0.95 else ("month", 27)
        end = day + dt.timedelta(days=span)
        lat, lon = 20 + rng.random() * 30, 40 + rng.random() * 40
        category = rng.choice(CATEGORIES)
        resolution = rng.choice(RESOLUTIONS)
        for _ in range(min(rng.choice([1, 1, 1, 2, 3, 5]), n - len(rows))):
            art = f"art{i:07d}"
            i += 1
            outlet = rng.choice(outlets)
            reported = day + dt.timedelta(days=rng.randint(0, 2))
            sources[art] = ArticleSource(art, outlet, art, reported)
            low = rng.choice([None, None, rng.randint(0, 40)])
            rows.append(
                EventRow(
                    id=f"{art}:e1",
                    origin="text",
                    category=category,
                    actors=actors,
                    recipients=recipients,
                    status=rng.choice(STATUSES),
                    date_precision=precision,
                    date_start=day,
                    date_end=end,
                    lat=lat + rng.uniform(-0.05, 0.05),
                    lon=lon + rng.uniform(-0.05, 0.05),
                    place_resolution=resolution,
                    place_name=f"place-{rng.randrange(5000)}",
                    fatalities_low=low,
                    fatalities_high=None if low is None else low + rng.randint(0, 5),
                    article_id=art,
                    source=outlet,
                    reported=reported,
                )
            )
    return rows, sources


def bench(sizes: list[int], repeat: int, seed: int) -> dict[str, object]:
    from flashpoint.corpus.incidents import default_settings, merge_incidents

    default_settings()  # the TOML is read outside the timing
    results = []
    for n in sizes:
        rows, sources = synthetic_rows(n, seed)
        times, cpu = [], []
        incidents = []
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            incidents = merge_incidents(rows, sources)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        best = min(times)
        results.append(
            {
                "rows": n,
                "incidents": len(incidents),
                "multi_member_incidents": sum(1 for inc in incidents if len(inc.event_ids) > 1),
                "seconds": round(best, 3),
                "us_per_row": round(best / n * 1e6, 1),
                "cpu_us_per_row": round(min(cpu) / n * 1e6, 1),
            }
        )
        print(json.dumps(results[-1]), file=sys.stderr)
    return {"sizes": results}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000, 100000])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    result = bench(args.sizes, args.repeat, args.seed)
    result["machine"] = f"{platform.machine()} {platform.python_version()}"
    result["when"] = time.strftime("%Y-%m-%d %H:%M")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"incidents-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=2))
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
