"""A bounded load on the HTTP API (127.0.0.1 only) while an ingest writes into the same store.

    python bench/bench_serve.py [--tool wrk|httpx] [--articles N] [--clients 4] [--seconds S]
                                [--threads 2] [--together] [--requests 600] [--batch 4]

1. A store is seeded with hand-made reports (``tests/web/corpus_kit.py``) so the dyad has a history.
2. The app (``flashpoint.api.app.create_app``) runs under uvicorn in a subprocess on 127.0.0.1, port 0 (the
   kernel picks a free one; the child prints it). Before the load, each endpoint must answer 200 once.
3. ``flashpoint ingest`` of a synthetic folder (``--articles`` short reports written from templates here,
   no two alike) runs into the same store in another subprocess, with small batches so readers get in
   between (the store's readers wait for the writer's lock, up to its timeout).
4. The load, on ``/api/events?limit=50``, ``/api/incidents?limit=50`` and ``/api/dyads/PAK-AFG/situation``:

   - ``--tool wrk`` (the default when a ``wrk`` binary is on PATH; wrk is not a project dependency: here it
     comes from the Debian package ``wrk``, version 4.1.0, ``apt-get install wrk``): as soon as the ingest
     has started, one ``wrk -t<threads> -c<clients> -d<seconds>s --latency --timeout 10s`` per endpoint
     (defaults ``-t2 -c4 -d10s``), one after the other, or with ``--together`` the three at once (then
     ``3 x --clients`` connections in all). Bounded: a fixed duration and connection count, 127.0.0.1 only.
     The ingest has 120 reports by default, so that it outlasts the three runs. Each report of wrk is parsed:
     the 50% and 99% of the Latency Distribution, the max and mean latency, the requests completed,
     "Non-2xx or 3xx responses" and the socket errors (connect, read, write, timeout; wrk counts a request
     over ``--timeout`` as a timeout). The seconds of each run that overlapped the ingest are measured (the
     requests during the ingest are prorated from them, wrk giving no per-request times); a run with no
     overlap, a non-zero exit or an unreadable report is a failure too.
   - ``--tool httpx`` (the fallback, with a printed note, when there is no ``wrk``): ``--clients``
     concurrent httpx clients (asyncio) send requests in turn to the three endpoints: at most
     ``--requests`` in all and for at most ``--seconds`` (default 180), and at least until the ingest has
     finished (within the same bounds); 24 reports are ingested by default.

Printed: p50/p99/max latency and failures per endpoint (any non-2xx response, transport or socket error, or
timeout is a failure: there must be none), requests sent during the ingest, and whether every ingested
article is in the store at the end (its content id, the SHA-256 of the text, looked up in ``articles``).
JSON goes to ``bench/results/``. Exit status 1 on any failure, missing article or failed ingest.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "web"), str(ROOT / "tests")]

ENDPOINTS = ("/api/events", "/api/incidents", "/api/dyads/PAK-AFG/situation")
HOST = "127.0.0.1"
WRK_TIMEOUT_S = 10
PLACES = ("Torkham", "Chaman", "Kurram", "Angoor Adda", "Bajaur", "Spin Boldak", "Khost", "North Waziristan")
SERVER = """
import socket, sys
import uvicorn
from flashpoint.api.app import create_app
from flashpoint.api.settings import ApiSettings
from flashpoint.corpus.store import Store
sock = socket.socket(); sock.bind(("127.0.0.1", 0)); sock.listen(128)
print(sock.getsockname()[1], flush=True)
app = create_app(Store(sys.argv[1]), settings=ApiSettings(rate_per_minute=1_000_000))
uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
"""


def synthetic(folder: Path, n: int) -> list[str]:
    """``n`` short reports of border clashes and talks; returns their texts."""
    texts = []
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        day = 1 + i % 27
        dead = 2 + (i * 7) % 11
        text = (
            f"Pakistani troops and Afghan Taliban forces exchanged fire near {place} on November {day}, "
            f"killing {dead} people, officials said on Sunday.\n\n"
            f"Pakistan's foreign ministry accused Kabul of sheltering the militants of attack {i + 1}. "
            f"A Taliban spokesman denied the charge.\n\n"
            f"Delegations of both sides are due to meet in Istanbul for talks, round {i % 4 + 1}, "
            f"Turkish officials said, after {i + 3} days of clashes."
        )
        (folder / f"report-{i:03d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def load(
    base: str, clients: int, budget: int, seconds: float, ingest: subprocess.Popen[bytes]
) -> dict[str, Any]:
    latencies: dict[str, list[float]] = {e: [] for e in ENDPOINTS}
    failures: dict[str, list[str]] = {e: [] for e in ENDPOINTS}
    during = 0
    sent = 0
    deadline = time.monotonic() + seconds

    async def client(k: int) -> None:
        nonlocal sent, during
        async with httpx.AsyncClient(base_url=base, timeout=90) as http:
            i = k
            while sent < budget and time.monotonic() < deadline:
                if ingest.poll() is not None and sent >= budget // 2:
                    break  # the ingest is over and half the budget is spent: enough
                path = ENDPOINTS[i % len(ENDPOINTS)]
                i += 1
                sent += 1
                running = ingest.poll() is None
                t0 = time.perf_counter()
                try:
                    r = await http.get(query(path))
                    ok = r.status_code == 200
                    reason = f"{r.status_code} {r.text[:120]}"
                except httpx.HTTPError as exc:
                    ok, reason = False, f"{type(exc).__name__}: {exc}"
                latencies[path].append((time.perf_counter() - t0) * 1000)
                if running:
                    during += 1
                if not ok:
                    failures[path].append(reason)

    await asyncio.gather(*(client(k) for k in range(clients)))
    return {"latencies": latencies, "failures": failures, "sent": sent, "during_ingest": during}


def query(path: str) -> str:
    """The path with the query string both tools send."""
    return path if "situation" in path else f"{path}?limit=50"


UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
DURATION = r"([0-9.]+)(us|ms|s|m|h)"


def to_ms(value: str, unit: str) -> float:
    return float(value) * UNIT_MS[unit]


def parse_wrk(text: str) -> dict[str, Any]:
    """The figures of one ``wrk --latency`` report; ``ValueError`` if a figure the bench needs is absent."""
    out: dict[str, Any] = {}
    stats = re.search(rf"^\s*Latency\s+{DURATION}\s+{DURATION}\s+{DURATION}", text, re.M)
    done = re.search(r"^\s*(\d+) requests in ([0-9.]+)(us|ms|s|m|h)", text, re.M)
    if stats is None or done is None:
        raise ValueError(f"not a wrk report: {text[:400]!r}")
    out["mean_ms"] = to_ms(stats.group(1), stats.group(2))
    out["max_ms"] = to_ms(stats.group(5), stats.group(6))
    out["requests"] = int(done.group(1))
    out["seconds"] = to_ms(done.group(2), done.group(3)) / 1000
    section = text.split("Latency Distribution", 1)
    if len(section) != 2:
        raise ValueError("no Latency Distribution (was --latency given?)")
    dist = {
        float(m.group(1)): to_ms(m.group(2), m.group(3))
        for m in re.finditer(rf"^\s*([0-9.]+)%\s+{DURATION}\s*$", section[1], re.M)
    }
    if 50.0 not in dist or 99.0 not in dist:
        raise ValueError(f"no 50% or 99% in the Latency Distribution: {dist}")
    out["p50_ms"], out["p99_ms"] = dist[50.0], dist[99.0]
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socket_errors"] = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, sockets.groups()), strict=True))
        if sockets
        else {"connect": 0, "read": 0, "write": 0, "timeout": 0}  # wrk prints the line only when one is > 0
    )
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    out["non_2xx_3xx"] = int(non2xx.group(1)) if non2xx else 0  # likewise printed only when > 0
    return out


def wrk_load(
    wrk: str,
    base: str,
    clients: int,
    threads: int,
    seconds: int,
    ingest: subprocess.Popen[bytes],
    t_ingest: float,
    together: bool,
) -> dict[str, Any]:
    """Run one wrk per endpoint (in turn, or the three at once) while the ingest runs; parse each report."""
    assert base.startswith(f"http://{HOST}:"), base  # bounded: this machine only
    ingest_end: float | None = None
    procs: dict[str, subprocess.Popen[bytes]] = {}
    commands: dict[str, list[str]] = {}
    starts: dict[str, float] = {}
    ends: dict[str, float] = {}

    def launch(path: str) -> None:
        bounds = [
            f"-t{threads}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            f"{WRK_TIMEOUT_S}s",
        ]
        commands[path] = ["wrk", *bounds, base + query(path)]
        procs[path] = subprocess.Popen(
            [wrk, *commands[path][1:]], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        starts[path] = time.perf_counter()

    def wait(paths: list[str]) -> None:
        nonlocal ingest_end
        hard_stop = time.perf_counter() + seconds + 2 * WRK_TIMEOUT_S + 30  # wrk stops itself well before
        while len(ends) < len(procs):
            now = time.perf_counter()
            if ingest_end is None and ingest.poll() is not None:
                ingest_end = now
            for path in paths:
                if path not in ends and (procs[path].poll() is not None or now > hard_stop):
                    ends[path] = now
            time.sleep(0.05)

    for path in ENDPOINTS:
        launch(path)
        if not together:
            wait([path])
    wait(list(ENDPOINTS))
    if ingest_end is None and ingest.poll() is not None:
        ingest_end = time.perf_counter()
    rows: dict[str, dict[str, Any]] = {}
    for path in ENDPOINTS:
        proc = procs[path]
        if proc.poll() is None:
            proc.kill()
        text = proc.communicate()[0].decode(errors="replace")
        end = ends[path]
        overlap = max(0.0, min(end, ingest_end or end) - max(starts[path], t_ingest))
        row: dict[str, Any] = {
            "command": commands[path],
            "exit": proc.returncode,
            "started_s": round(starts[path] - t_ingest, 1),  # after the ingest started
            "overlap_s": round(overlap, 1),
        }
        failures = []
        try:
            row.update(parse_wrk(text))
        except ValueError as exc:
            failures.append(f"wrk report unreadable: {exc}")
        if proc.returncode != 0:
            failures.append(f"wrk exit {proc.returncode}: {text[-300:]}")
        if row.get("non_2xx_3xx"):
            failures.append(f"{row['non_2xx_3xx']} non-2xx or 3xx responses")
        bad_sockets = {k: v for k, v in row.get("socket_errors", {}).items() if v}
        if bad_sockets:
            failures.append(f"socket errors {bad_sockets}")
        if "requests" in row and row["requests"] == 0:
            failures.append("no request completed")
        if overlap <= 0:
            failures.append("the load did not overlap the ingest (more --articles, or fewer --seconds)")
        row["failures"] = failures
        row["report"] = text
        rows[path] = row
    return {"runs": rows, "ingest_end": ingest_end}


def wrk_rows(runs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for path in ENDPOINTS:
        run = runs[path]
        errors = sum(run.get("socket_errors", {}).values()) + run.get("non_2xx_3xx", 0)
        rows.append(
            {
                "endpoint": path,
                "requests": run.get("requests", 0),
                # wrk counts failed responses and socket errors, not the requests behind them: a run that
                # failed in another way (exit status, unreadable report, no overlap) counts as one failure
                "failed": errors or (1 if run["failures"] else 0),
                "p50_ms": round(run["p50_ms"], 1) if "p50_ms" in run else None,
                "p99_ms": round(run["p99_ms"], 1) if "p99_ms" in run else None,
                "max_ms": round(run["max_ms"], 1) if "max_ms" in run else None,
                "mean_ms": round(run["mean_ms"], 1) if "mean_ms" in run else None,
                "first_failures": run["failures"][:3],
                "wrk": {
                    k: run.get(k)
                    for k in (
                        "command",
                        "exit",
                        "seconds",
                        "started_s",
                        "overlap_s",
                        "socket_errors",
                        "non_2xx_3xx",
                    )
                },
            }
        )
    return rows


def httpx_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for path in ENDPOINTS:
        lat = result["latencies"][path]
        rows.append(
            {
                "endpoint": path,
                "requests": len(lat),
                "failed": len(result["failures"][path]),
                "p50_ms": round(pct(lat, 0.5), 1),
                "p99_ms": round(pct(lat, 0.99), 1),
                "max_ms": round(max(lat), 1) if lat else None,
                "mean_ms": round(statistics.fmean(lat), 1) if lat else None,
                "first_failures": result["failures"][path][:3],
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", choices=("wrk", "httpx"), help="default: wrk if on PATH, else httpx")
    parser.add_argument("--articles", type=int, help="reports to ingest (default: wrk 120, httpx 24)")
    parser.add_argument(
        "--clients", type=int, default=4, help="httpx clients, or wrk connections per endpoint"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads per endpoint")
    parser.add_argument("--requests", type=int, default=600, help="httpx: at most this many requests in all")
    parser.add_argument(
        "--seconds",
        type=int,
        help="wrk: the duration of each run (default 10); httpx: at most this long (180)",
    )
    parser.add_argument("--batch", type=int, default=4, help="ingest batch size")
    parser.add_argument(
        "--together", action="store_true", help="wrk: the three runs at once (3 x --clients connections)"
    )
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if args.tool is None:
        args.tool = "wrk" if wrk else "httpx"
        if not wrk:
            print("note: no wrk on PATH (Debian: apt-get install wrk); the load is made with httpx clients")
    if args.tool == "wrk" and not wrk:
        parser.error("--tool wrk: no wrk on PATH (Debian: apt-get install wrk)")
    if args.seconds is None:
        args.seconds = 10 if args.tool == "wrk" else 180
    if args.articles is None:  # wrk: an ingest that outlasts the 3 runs (80 took 32 s here)
        args.articles = 120 if args.tool == "wrk" else 24
    version = ""
    if args.tool == "wrk":
        assert wrk is not None
        probe = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)  # exits 1
        version = (probe.stdout + probe.stderr).split("Copyright")[0].strip()

    # the kit lives in tests/web, on sys.path at run time (above) but not on mypy's path
    build_store: Callable[[Path], object] = importlib.import_module("corpus_kit").build_store

    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    db = work / "store.duckdb"
    build_store(db)
    folder = work / "inputs"
    folder.mkdir()
    texts = synthetic(folder, args.articles)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    preflight: dict[str, int | str] = {}
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline().decode().strip())
        base = f"http://{HOST}:{port}"
        for _ in range(200):
            try:
                if httpx.get(base + "/api/events", params={"limit": 1}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        for path in ENDPOINTS:  # wrk takes a 3xx for a success: each endpoint must answer 200 itself
            try:
                preflight[path] = httpx.get(base + query(path), timeout=WRK_TIMEOUT_S).status_code
            except httpx.HTTPError as exc:
                preflight[path] = f"{type(exc).__name__}: {exc}"
        flashpoint = Path(sys.executable).with_name("flashpoint")
        command = [str(flashpoint), "ingest", "--db", str(db), "--batch", str(args.batch), "--no-progress"]
        t0 = time.perf_counter()
        ingest = subprocess.Popen(
            [*command, "--published", "2025-11-30", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
        )
        if args.tool == "wrk":
            assert wrk is not None
            runs = wrk_load(wrk, base, args.clients, args.threads, args.seconds, ingest, t0, args.together)[
                "runs"
            ]
            rows = wrk_rows(runs)
            sent = sum(r["requests"] for r in rows)
            # wrk reports no per-request times: the requests of each run, prorated by its overlap with the
            # ingest (exact when the ingest outlasts the load)
            during = sum(
                round(r["requests"] * min(1.0, r["wrk"]["overlap_s"] / (r["wrk"]["seconds"] or args.seconds)))
                for r in rows
            )
        else:
            result = asyncio.run(load(base, args.clients, args.requests, args.seconds, ingest))
            rows = httpx_rows(result)
            sent, during = result["sent"], result["during_ingest"]
        load_s = time.perf_counter() - t0
        try:
            output, _ = ingest.communicate(timeout=max(60.0, args.seconds))
        except subprocess.TimeoutExpired:
            ingest.kill()
            output, _ = ingest.communicate()
        ingest_s = time.perf_counter() - t0
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()

    from flashpoint.corpus.store import Store

    ids = [hashlib.sha256(t.encode("utf-8")).hexdigest()[:16] for t in texts]
    with Store(db).session(read_only=True) as session:
        found = {r[0] for r in session.con.execute("SELECT id FROM articles").fetchall()}
        counts = session.counts()
    missing = [i for i in ids if i not in found]

    print(f"{'endpoint':36} {'requests':>8} {'failed':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for r in rows:
        print(
            f"{r['endpoint']:36} {r['requests']:>8} {r['failed']:>6} {r['p50_ms']!s:>8} {r['p99_ms']!s:>8} "
            f"{r['max_ms']!s:>8}"
        )
        for failure in r["first_failures"]:
            print(f"    ! {failure}")
    bad_preflight = {k: v for k, v in preflight.items() if v != 200}
    failed = sum(r["failed"] for r in rows) + len(bad_preflight)
    if bad_preflight:
        print(f"before the load, not 200: {bad_preflight}")
    if args.tool == "wrk":
        overlaps = ", ".join(f"{r['wrk']['overlap_s']}" for r in rows)
        print(
            f"wrk: {sent} requests, {args.threads} threads x {args.clients} connections x {len(rows)} "
            f"endpoints for {args.seconds} s (overlap with the ingest, s: {overlaps}; ~{during} requests "
            f"during it); ingest {ingest_s:.1f} s, exit {ingest.returncode}; failed: {failed}"
        )
    else:
        print(
            f"{sent} requests by {args.clients} clients in {load_s:.1f} s, {during} while the ingest ran "
            f"({ingest_s:.1f} s, exit {ingest.returncode}); failed: {failed}"
        )
    print(f"ingested articles in the store: {len(ids) - len(missing)}/{len(ids)} (missing: {missing})")
    print(f"store: {counts}")
    report = {
        "bench": "serve",
        "tool": args.tool,
        "tool_version": version or f"httpx {httpx.__version__}",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "args": vars(args),
        "preflight": preflight,
        "endpoints": rows,
        "requests": sent,
        "during_ingest": during,
        "failed": failed,
        "ingest": {
            "seconds": round(ingest_s, 1),
            "exit": ingest.returncode,
            "tail": output.decode(errors="replace")[-800:],
        },
        "articles": {"ingested": len(ids), "in_store": len(ids) - len(missing), "missing": missing},
        "store": counts,
    }
    out = ROOT / "bench" / "results" / f"serve-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"-> {out.relative_to(ROOT)}")
    if failed or missing or ingest.returncode != 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
