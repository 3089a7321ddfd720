"""A bounded load on the HTTP API (127.0.0.1 only) while an ingest writes into the same store.

    python bench/bench_serve.py [--articles 24] [--clients 4] [--requests 600] [--seconds 120]

1. A store is seeded with hand-made reports (``tests/web/corpus_kit.py``) so the dyad has a history.
2. The app (``flashpoint.api.app.create_app``) runs under uvicorn in a subprocess on 127.0.0.1, port 0 (the
   kernel picks a free one; the child prints it).
3. ``flashpoint ingest`` of a synthetic folder (``--articles`` short reports written from templates here,
   no two alike) runs into the same store in another subprocess, with small batches so readers get in
   between (the store's readers wait for the writer's lock, up to its timeout).
4. ``--clients`` concurrent httpx clients (asyncio) send requests in turn to ``/api/events``,
   ``/api/incidents`` and ``/api/dyads/PAK-AFG/situation``: at most ``--requests`` in all and for at most
   ``--seconds``, and at least until the ingest has finished (within the same bounds).

Printed: p50/p99/max latency and failures per endpoint (any non-200 or transport error is a failure: there
must be none), requests sent during the ingest, and whether every ingested article is in the store at the end
(its content id, the SHA-256 of the text, looked up in ``articles``). JSON goes to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "web"), str(ROOT / "tests")]

ENDPOINTS = ("/api/events", "/api/incidents", "/api/dyads/PAK-AFG/situation")
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
                    r = await http.get(path, params={"limit": 50} if "situation" not in path else None)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=600, help="at most this many requests in all")
    parser.add_argument("--seconds", type=float, default=180.0, help="at most this long under load")
    parser.add_argument("--batch", type=int, default=4, help="ingest batch size")
    args = parser.parse_args()

    from corpus_kit import build_store

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
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline().decode().strip())
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(base + "/api/events", params={"limit": 1}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        flashpoint = Path(sys.executable).with_name("flashpoint")
        command = [str(flashpoint), "ingest", "--db", str(db), "--batch", str(args.batch), "--no-progress"]
        t0 = time.perf_counter()
        ingest = subprocess.Popen(
            [*command, "--published", "2025-11-30", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
        )
        result = asyncio.run(load(base, args.clients, args.requests, args.seconds, ingest))
        load_s = time.perf_counter() - t0
        try:
            output, _ = ingest.communicate(timeout=max(1.0, args.seconds))
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
    print(f"{'endpoint':36} {'requests':>8} {'failed':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for r in rows:
        print(
            f"{r['endpoint']:36} {r['requests']:>8} {r['failed']:>6} {r['p50_ms']:>8} {r['p99_ms']:>8} "
            f"{r['max_ms']:>8}"
        )
    failed = sum(r["failed"] for r in rows)
    print(
        f"{result['sent']} requests by {args.clients} clients in {load_s:.1f} s, {result['during_ingest']} "
        f"while the ingest ran ({ingest_s:.1f} s, exit {ingest.returncode}); failed: {failed}"
    )
    print(f"ingested articles in the store: {len(ids) - len(missing)}/{len(ids)} (missing: {missing})")
    print(f"store: {counts}")
    report = {
        "bench": "serve",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "args": vars(args),
        "endpoints": rows,
        "requests": result["sent"],
        "during_ingest": result["during_ingest"],
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
