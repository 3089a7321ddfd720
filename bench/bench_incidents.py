"""Speed of incident merging on synthetic event rows: it must stay near linear in the number of rows.

    python bench/bench_incidents.py [--sizes 1000 10000 50000 100000] [--repeat 1] [--seed 7]
    python bench/bench_incidents.py --seams [--seed 7]

Rows: random dyads of ~30 countries (about 15% with one side unknown, a few with none), categories weighted
towards ASSAULT, dates over two years (mostly day precision, some weeks and months), random places at random
resolutions across a 30°×40° box, a few hundred outlets, and some rows repeated by several outlets (the same
happening reported two to five times) so that incidents of several members exist. Times include building the
Incident records; row generation is outside the timing. Results are printed and written to ``bench/results/``.

``--seams``: how much the calendar windows of the merge (``[windows]`` of ``incidents.toml``) change the
result against one merge of everything (one window as long as the data): the share of rows whose incident
(its member set) differs, on the synthetic rows above (100,000) and on one-dyad histories of rising density
(1, 5 and 20 reports a day over 300 days, a third without a place, a fifth with one side unknown, 20% of
articles telling two events; the hardest case for the windows, whose conservative rules for unplaced and
one-sided events look at every candidate incident near them).
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


def dense_rows(n: int, days: int, seed: int) -> list[EventRow]:
    rng = random.Random(seed)
    places = [("Chaman", 30.92, 66.45), ("Spin Boldak", 31.00, 66.40), ("Kandahar", 31.61, 65.71)]
    places += [("Zhob", 31.34, 69.45), None, None]  # type: ignore[list-item]
    rows = []
    for k in range(n):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(days))
        place = rng.choice(places)
        one_sided = rng.random() < 0.2
        rows.append(
            EventRow(
                id=f"a{k:06d}:e1",
                origin="text",
                category="ASSAULT",
                actors=(Party("AFG", "MIL", "Afghan forces"),),
                recipients=() if one_sided else (Party("PAK", "MIL", "Pakistani troops"),),
                status="asserted",
                date=day.isoformat(),
                date_precision="week" if rng.random() < 0.1 else "day",
                date_start=day,
                date_end=day,
                place_name=place[0] if place else None,
                lat=place[1] if place else None,
                lon=place[2] if place else None,
                place_resolution=rng.choice(["city", "district", "site", None]) if place else None,
                fatalities_low=rng.choice([None, 3, 12]),
                fatalities_high=None,
                article_id=f"a{k:06d}" if rng.random() < 0.8 else f"a{max(k - 1, 0):06d}",
                source=f"outlet-{rng.randrange(40)}",
            )
        )
    return rows


def seams(seed: int) -> dict[str, object]:
    from dataclasses import replace

    from flashpoint.corpus.incidents import default_settings, merge_incidents

    s = default_settings()
    whole = replace(s, window_days=1_000_000)
    cases: list[tuple[str, list[EventRow], dict[str, ArticleSource]]] = [
        ("synthetic, 100,000 rows", *synthetic_rows(100_000, seed))
    ]
    for per_day in (1, 5, 20):
        cases.append((f"one dyad, {per_day} a day, 300 days", dense_rows(300 * per_day, 300, seed), {}))
    results = []
    for name, rows, sources in cases:
        t0 = time.perf_counter()
        windowed = merge_incidents(rows, sources, settings=s)
        t1 = time.perf_counter()
        one = merge_incidents(rows, sources, settings=whole)
        t2 = time.perf_counter()
        of_w = {e: frozenset(i.event_ids) for i in windowed for e in i.event_ids}
        of_one = {e: frozenset(i.event_ids) for i in one for e in i.event_ids}
        moved = sum(1 for e in of_w if of_w[e] != of_one[e])
        results.append(
            {
                "case": name,
                "rows": len(rows),
                "incidents_windowed": len(windowed),
                "incidents_one_merge": len(one),
                "rows_in_a_different_incident": moved,
                "share": round(moved / len(rows), 4),
                "windowed_s": round(t1 - t0, 2),
                "one_merge_s": round(t2 - t1, 2),
            }
        )
        print(json.dumps(results[-1]), file=sys.stderr)
    return {"window_days": s.window_days, "carry_days": s.window_carry_days, "seams": results}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000, 100000])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--seams", action="store_true", help="windowed merge against one merge of everything")
    args = ap.parse_args()
    result = seams(args.seed) if args.seams else bench(args.sizes, args.repeat, args.seed)
    result["machine"] = f"{platform.machine()} {platform.python_version()}"
    result["when"] = time.strftime("%Y-%m-%d %H:%M")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"incidents{'-seams' if args.seams else ''}-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
        json.dumps(result, indent=2)
    )
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
