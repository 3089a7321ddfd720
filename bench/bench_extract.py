"""Speed and memory of ``flashpoint extract`` against plain spaCy, measured in the same run.

    python bench/bench_extract.py [FOLDER ...] [--repeat 3] [--copies 4]
    python bench/bench_extract.py --memory 10000

Speed: words per second of the extract workflow (reading the files, every layer, JSON made for each
document) and of plain spaCy (the same pipeline package, every component, ``nlp.pipe`` in one process) on the
same texts, interleaved over ``--repeat`` rounds; the ratio uses the best round of each, in wall-clock time
and in CPU time of the process (the latter is steadier on a shared machine). Model loading and
warm-up are outside the timing. Memory: a synthetic backfill of N articles (recombined from the folders'
paragraphs with varied numbers) streamed through extract; peak RSS is reported.
Results are printed and written to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = [
    ROOT / "tests" / "fixtures" / "articles",
    ROOT / "samples",
    ROOT / "eval" / "holdout" / "articles",
]


def _texts(folders: list[Path]) -> list[tuple[Path, str]]:
    from flashpoint.io.readers import read_articles
    from flashpoint.records import Article
    from flashpoint.settings import Settings

    out = []
    for a in read_articles([str(f) for f in folders], settings=Settings()):
        if isinstance(a, Article):
            out.append((Path(a.path or "x"), a.text))
    return out


def _write_corpus(texts: list[str], copies: int, where: Path) -> list[Path]:
    paths = []
    for c in range(copies):
        for i, t in enumerate(texts):
            p = where / f"doc{c:03d}_{i:04d}.txt"
            p.write_text(t, encoding="utf-8")
            paths.append(p)
    return paths


def bench_speed(folders: list[Path], repeat: int, copies: int) -> dict[str, object]:
    import spacy

    from flashpoint.annotate.registry import Services
    from flashpoint.codec import dumps, result_json
    from flashpoint.io.model import available_pipeline
    from flashpoint.records import Failure
    from flashpoint.settings import Settings
    from flashpoint.workflows.extract import extract_paths

    texts = [t for _, t in _texts(folders)]
    words = sum(len(t.split()) for t in texts) * copies
    settings = Settings()
    services = Services(settings)
    name = available_pipeline(settings.pipeline)
    plain = spacy.load(name)  # every component, as shipped
    with tempfile.TemporaryDirectory() as tmp:
        corpus = _write_corpus(texts, copies, Path(tmp))
        # warm-up: load everything and touch every code path once
        for out in extract_paths(corpus[:3], settings=settings, services=services):
            assert not isinstance(out, Failure), out
        list(plain.pipe(texts[:3]))
        spacy_times, fp_times, spacy_cpu, fp_cpu = [], [], [], []
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            raw = [p.read_text(encoding="utf-8") for p in corpus]
            for _doc in plain.pipe(raw):
                pass
            spacy_times.append(time.perf_counter() - t0)
            spacy_cpu.append(time.process_time() - c0)
            t0, c0 = time.perf_counter(), time.process_time()
            n = 0
            for out in extract_paths(corpus, settings=settings, services=services):
                if not isinstance(out, Failure):
                    dumps(result_json(out))
                    n += 1
            fp_times.append(time.perf_counter() - t0)
            fp_cpu.append(time.process_time() - c0)
            assert n == len(corpus)
    best_spacy, best_fp = min(spacy_times), min(fp_times)
    return {
        "ratio_cpu_time": round(min(spacy_cpu) / min(fp_cpu), 3),
        "documents": len(texts) * copies,
        "words": words,
        "pipeline": f"{name} {plain.meta.get('version')}",
        "plain_spacy_components": plain.pipe_names,
        "spacy_words_per_s": round(words / best_spacy),
        "flashpoint_words_per_s": round(words / best_fp),
        "ratio": round(best_spacy / best_fp, 3),
        "rounds_spacy_s": [round(t, 2) for t in spacy_times],
        "rounds_flashpoint_s": [round(t, 2) for t in fp_times],
    }


def bench_memory(folders: list[Path], n: int) -> dict[str, object]:
    from flashpoint.annotate.registry import Services
    from flashpoint.codec import dumps, result_json
    from flashpoint.records import Failure
    from flashpoint.settings import Settings
    from flashpoint.workflows.extract import extract_paths

    paragraphs = [p for _, t in _texts(folders) for p in t.split("\n\n") if len(p.split()) > 8]
    rng = random.Random(7)
    settings = Settings()
    services = Services(settings)
    read = failed = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "backfill.jsonl"
        with jsonl.open("w", encoding="utf-8") as fh:
            for i in range(n):
                body = "\n\n".join(rng.sample(paragraphs, k=min(8, len(paragraphs))))
                body = body.replace("23", str(rng.randint(2, 90))).replace(
                    "Oct. 9", f"Oct. {rng.randint(1, 28)}"
                )
                fh.write(
                    json.dumps({"text": body, "published": "2025-10-29", "title": f"synthetic {i}"}) + "\n"
                )
        with open("/dev/null", "w", encoding="utf-8") as sink:
            for out in extract_paths([jsonl], settings=settings, services=services):
                if isinstance(out, Failure):
                    failed += 1
                else:
                    read += 1
                    sink.write(dumps(result_json(out)) + "\n")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "articles": n,
        "read": read,
        "failed": failed,
        "seconds": round(time.perf_counter() - t0, 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copies", type=int, default=4, help="each text is processed this many times per round")
    ap.add_argument("--memory", type=int, default=0, metavar="N", help="stream N synthetic articles instead")
    args = ap.parse_args()
    folders = args.folders or [f for f in DEFAULT_FOLDERS if f.exists()]
    result = (
        bench_memory(folders, args.memory) if args.memory else bench_speed(folders, args.repeat, args.copies)
    )
    result["machine"] = f"{platform.machine()} {platform.python_version()}"
    result["when"] = time.strftime("%Y-%m-%d %H:%M")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    name = "memory" if args.memory else "speed"
    (out_dir / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=2))
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
