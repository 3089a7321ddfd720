"""The command line end to end: extract (formats, bad input, exit codes, --out, layers), summary, eval."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import flashpoint.codec
import flashpoint.io.model
from flashpoint import __version__
from flashpoint.apps.cli import cli
from flashpoint.errors import ResourceError

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
CONTRACT_KEYS = {"document", "events", "quotes", "entities", "timexes"}

FRENCH = (
    "Les pourparlers entre le Pakistan et l'Afghanistan ont échoué à Istanbul, selon les médiateurs turcs et "
    "qataris. La frontière reste fermée et des centaines de camions attendent au poste de Torkham.\n"
)

#: bad input file -> (its bytes, or a size for a sparse file; a fragment of the reason given for it)
BAD_FILES: dict[str, tuple[bytes | int, str]] = {
    "empty.txt": (b"", "empty file"),
    "binary.txt": (bytes(range(256)) * 20, "binary"),
    "latin_garbage.txt": (
        b"Pakistan \xff\xfe\x80\x81 closed \xc3\x28 the \x80\x80\x81\xfe border",
        "not valid UTF-8",
    ),
    "french.txt": (FRENCH.encode(), "not English"),
    "broken.json": (b'{"text": "Pakistan closed the border", "title": ', "invalid JSON"),
    "broken.html": (b"<html><head><title>x</title></head><body><nav><a href='/'>Home</a>", "no article text"),
    "huge.txt": (50_000_000, "over the"),
}


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "200", **(env or {})})


def stderr_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def write_bad_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (content, _) in BAD_FILES.items():
        path = folder / name
        if isinstance(content, int):
            with path.open("wb") as fh:
                fh.truncate(content)  # sparse: takes no disk space
        else:
            path.write_bytes(content)


def write_good_files(folder: Path) -> dict[str, int]:
    """Good inputs of every kind; returns file name -> number of documents in it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLES / "torkham_returnees.txt", folder / "torkham.txt")
    shutil.copy(SAMPLES / "istanbul_joint_statement.html", folder / "statement.html")
    shutil.copy(SAMPLES / "frontier_wire.jsonl", folder / "wire.jsonl")
    shutil.copy(FIXTURES / "wire_kabul_denies_ttp.json", folder / "record.json")
    return {"torkham.txt": 1, "statement.html": 1, "wire.jsonl": 2, "record.json": 1}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- extract: output --------------------------------------------------------------------------------


def test_one_file_with_published_prints_one_document_result() -> None:
    result = run("extract", str(SAMPLES / "torkham_returnees.txt"), "--published", "2025-10-21")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    assert set(data) >= CONTRACT_KEYS
    doc = data["document"]
    assert (doc["published"], doc["published_source"], doc["language"]) == ("2025-10-21", "given", "en")
    assert doc["path"].endswith("torkham_returnees.txt")
    assert any(e["kind"] == "actor" for e in data["entities"])
    assert any(t["value"] == "2025-10-21" for t in data["timexes"])  # "Tuesday" resolved against the date
    assert result.stderr == ""


def test_published_wins_over_metadata() -> None:
    result = run("extract", str(SAMPLES / "istanbul_joint_statement.html"), "--published", "2025-11-01")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)["document"]
    assert (doc["published"], doc["published_source"]) == ("2025-11-01", "given")


def test_jsonl_out_writes_one_line_per_document(tmp_path: Path) -> None:
    expected = write_good_files(tmp_path / "in")
    out = tmp_path / "results" / "out.jsonl"  # a folder that does not exist yet
    result = run("extract", str(tmp_path / "in"), "--format", "jsonl", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    rows = read_jsonl(out)
    assert len(rows) == sum(expected.values())
    per_file: dict[str, int] = {}
    for row in rows:
        assert set(row) >= CONTRACT_KEYS
        name = Path(row["document"]["path"]).name
        per_file[name] = per_file.get(name, 0) + 1
    assert per_file == expected
    wire = [r["document"] for r in rows if r["document"]["path"].endswith("wire.jsonl")]
    assert [d["record"] for d in wire] == [1, 2]
    sources = {(Path(r["document"]["path"]).name, r["document"]["published_source"]) for r in rows}
    assert sources == {  # metadata of each format; a dateline without a year gives no date
        ("torkham.txt", "unknown"),
        ("statement.html", "metadata"),
        ("wire.jsonl", "metadata"),
        ("record.json", "metadata"),
    }
    assert sorted(p.name for p in out.parent.iterdir()) == ["out.jsonl"]  # no temporary file left


def test_several_files_default_to_jsonl_and_json_makes_an_array() -> None:
    a, b = SAMPLES / "torkham_returnees.txt", SAMPLES / "baradar_trade_routes.txt"
    lines = run("extract", str(a), str(b))
    assert lines.exit_code == 0, lines.stderr
    assert [Path(json.loads(x)["document"]["path"]).name for x in lines.stdout.splitlines()] == [
        a.name,
        b.name,
    ]
    array = run("extract", str(a), str(b), "--format", "json")
    assert array.exit_code == 0, array.stderr
    data = json.loads(array.stdout)
    assert isinstance(data, list)
    assert len(data) == 2
    single_jsonl = run("extract", str(SAMPLES / "frontier_wire.jsonl"))
    assert len(single_jsonl.stdout.splitlines()) == 2  # a .jsonl file holds several documents


# -- extract: bad input -----------------------------------------------------------------------------


def test_bad_files_are_skipped_with_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good = write_good_files(folder)
    write_bad_files(folder)
    out = tmp_path / "out.jsonl"
    result = run("extract", str(folder), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = read_jsonl(out)
    assert len(rows) == sum(good.values())  # every good document is written
    lines = stderr_lines(result)
    for name, (_, reason) in BAD_FILES.items():
        mine = [line for line in lines if f"{folder / name}:" in line]
        assert len(mine) == 1, (name, lines)
        assert mine[0].startswith("flashpoint: skipped ")
        assert reason in mine[0], mine[0]
    assert lines[-1] == f"flashpoint: {sum(good.values())} document(s) read, {len(BAD_FILES)} skipped"
    assert len(lines) == len(BAD_FILES) + 1


def test_a_bad_record_in_a_jsonl_file_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    good = (SAMPLES / "frontier_wire.jsonl").read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join([good[0], '{"title": "no text"}', "not json", good[1]]) + "\n", encoding="utf-8"
    )
    result = run("extract", str(path))
    assert result.exit_code == 0, result.stderr
    assert [json.loads(x)["document"]["record"] for x in result.stdout.splitlines()] == [1, 4]
    lines = stderr_lines(result)
    assert [line.split(":")[1].strip() for line in lines[:2]] == [f"skipped {path}#2", f"skipped {path}#3"]
    assert "no 'text' field" in lines[0]
    assert "invalid JSON" in lines[1]


def test_only_bad_input_exits_non_zero(tmp_path: Path) -> None:
    write_bad_files(tmp_path / "in")
    result = run("extract", str(tmp_path / "in"))
    assert result.exit_code != 0
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = stderr_lines(result)
    assert len(lines) == len(BAD_FILES) + 1
    assert lines[-1] == f"flashpoint: nothing could be read ({len(BAD_FILES)} document(s) failed)"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p / "missing.txt", "no such file or folder"),
        (lambda p: p, "the folder holds no"),
        (lambda p: (p / "notes.md").write_text("words") and p / "notes.md", "unsupported file type '.md'"),
    ],
    ids=["missing", "empty-folder", "unsupported"],
)
def test_unreadable_paths_exit_non_zero(tmp_path: Path, make: Callable[[Path], Path], reason: str) -> None:
    target = make(tmp_path)
    result = run("extract", str(target))
    assert result.exit_code == 1
    assert reason in stderr_lines(result)[0]
    assert "Traceback" not in result.stderr


# -- extract: options -------------------------------------------------------------------------------


def test_published_with_two_files_is_a_usage_error() -> None:
    result = run(
        "extract",
        str(SAMPLES / "torkham_returnees.txt"),
        str(SAMPLES / "baradar_trade_routes.txt"),
        "--published",
        "2025-10-21",
    )
    assert result.exit_code == 2
    assert "Usage:" in result.stderr
    assert "--published applies to a single input file" in result.stderr
    assert result.stdout == ""


def test_published_with_a_folder_is_a_usage_error() -> None:
    result = run("extract", str(SAMPLES), "--published", "2025-10-21")
    assert result.exit_code == 2
    assert "--published applies to a single input file" in result.stderr


def test_published_must_be_a_date() -> None:
    result = run("extract", str(SAMPLES / "torkham_returnees.txt"), "--published", "21/10/2025")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_unknown_layer_is_one_line_and_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run(
        "extract", str(SAMPLES / "torkham_returnees.txt"), "--layers", "timexes,incidents", "--out", str(out)
    )
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        "flashpoint: unknown layer(s) incidents; choose from actors, places, timexes, quantities, quotes, "
        "events"
    ]
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def pipeline_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every request for a spaCy pipeline (and still serve it)."""
    real = flashpoint.io.model.load_pipeline
    asked: list[str] = []

    def spy(name: str = "") -> Any:
        asked.append(name)
        return real(name)

    monkeypatch.setattr(flashpoint.io.model, "load_pipeline", spy)
    return asked


def test_layers_timexes_does_not_load_spacy(pipeline_loads: list[str]) -> None:
    path = str(SAMPLES / "torkham_returnees.txt")
    result = run("extract", path, "--published", "2025-10-21", "--layers", "timexes")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["timexes"]
    assert (data["entities"], data["quotes"], data["quantities"]) == ([], [], [])
    assert data["document"]["pipeline"] == "text-only"
    assert pipeline_loads == []
    # the spy does see a load when a layer needs spaCy
    full = run("extract", path, "--published", "2025-10-21", "--layers", "quantities")
    assert full.exit_code == 0, full.stderr
    assert pipeline_loads == [""]
    assert json.loads(full.stdout)["quantities"]


# -- extract: --out is written whole or not at all ----------------------------------------------------


def fail_on_second_document(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    real = flashpoint.codec.result_json
    calls = []

    def flaky(result: Any) -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 2:
            raise error
        return real(result)

    monkeypatch.setattr(flashpoint.codec, "result_json", flaky)


@pytest.mark.parametrize(
    "error",
    [ResourceError("lexicon file is malformed"), RuntimeError("a bug")],
    ids=["flashpoint-error", "bug"],
)
def test_out_is_left_untouched_when_the_run_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    write_good_files(tmp_path / "in")
    out = tmp_path / "out" / "result.jsonl"
    out.parent.mkdir()
    out.write_text("previous run\n", encoding="utf-8")
    fail_on_second_document(monkeypatch, error)
    result = run("extract", str(tmp_path / "in"), "--out", str(out))
    assert result.exit_code != 0
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert [p.name for p in out.parent.iterdir()] == ["result.jsonl"]  # no partial file beside it
    if isinstance(error, ResourceError):
        assert stderr_lines(result) == ["flashpoint: lexicon file is malformed"]
    else:
        assert result.exception is error


def test_out_is_not_created_when_the_run_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_good_files(tmp_path / "in")
    fail_on_second_document(monkeypatch, ResourceError("broken"))
    result = run("extract", str(tmp_path / "in"), "--out", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_out_is_left_untouched_when_nothing_could_be_read(tmp_path: Path) -> None:
    write_bad_files(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    result = run("extract", str(tmp_path / "in"), "--out", str(out))
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "previous run\n"


def test_out_file_has_the_usual_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    previous = os.umask(0o022)
    try:
        result = run(
            "extract", str(SAMPLES / "baradar_trade_routes.txt"), "--layers", "timexes", "--out", str(out)
        )
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o644


def test_progress_bar_goes_to_stderr_only(tmp_path: Path) -> None:
    write_good_files(tmp_path / "in")
    result = run("extract", str(tmp_path / "in"), "--layers", "timexes", "--progress")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 5


# -- summary, eval, version --------------------------------------------------------------------------


def test_summary_prints_a_table(tmp_path: Path) -> None:
    out = tmp_path / "samples.jsonl"
    extracted = run("extract", str(SAMPLES), "--out", str(out))
    assert extracted.exit_code == 0, extracted.stderr
    rows = read_jsonl(out)
    result = run("summary", str(out))
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert f"flashpoint extract: {out}" in text.replace("\n", "")
    for column in ("document", "published", "actors", "places", "dates", "counts", "quotes", "with speaker"):
        assert column in text
    assert "events" in text
    assert "contested" in text
    for row in rows:
        doc = row["document"]
        name = Path(doc["path"]).name + (f"#{doc['record']}" if doc["record"] else "")
        line = next(x for x in text.splitlines() if name in x)
        cells = [c.strip() for c in line.split("│") if c.strip()]
        actors = sum(e["kind"] == "actor" for e in row["entities"])
        places = sum(e["kind"] == "place" for e in row["entities"])
        assert cells[1] == f"{doc['published']} ({doc['published_source']})"
        assert cells[2:] == [
            str(actors),
            str(places),
            str(len(row["timexes"])),
            str(len(row["quantities"])),
            str(len(row["quotes"])),
            str(sum(q["speaker"] is not None for q in row["quotes"])),
            str(len(row["events"])),
            str(sum(e["status"] in ("alleged", "denied", "disputed") for e in row["events"])),
        ]


def test_summary_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run("summary", str(tmp_path / "none.jsonl"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def write_gold_folder(root: Path) -> Path:
    articles, gold = root / "articles", root / "gold"
    articles.mkdir(parents=True)
    gold.mkdir()
    (articles / "one.txt").write_text(
        "Pakistan closes Torkham\n\nPakistan closed the Torkham crossing on Sunday, officials said, after at "
        "least 12 soldiers were killed.",
        encoding="utf-8",
    )
    gold_doc = {
        "file": "one.txt",
        "cli_published": "2025-10-13",
        "published": "2025-10-13",
        "timexes": [{"text": "Sunday", "occurrence": 1, "value": "2025-10-12", "precision": "day"}],
        "quantities": [{"text": "at least 12", "occurrence": 1, "low": 12, "high": None, "type": "dead"}],
        "places": [{"text": "Torkham", "occurrence": 2, "lat": 34.1, "lon": 71.09, "resolution": "site"}],
    }
    (gold / "one.json").write_text(json.dumps(gold_doc), encoding="utf-8")
    return articles


def test_eval_prints_scores(tmp_path: Path) -> None:
    articles = write_gold_folder(tmp_path)
    table = run("eval", str(articles))
    assert table.exit_code == 0, table.stderr
    assert "flashpoint eval: 1 documents" in table.stdout
    for layer in ("published", "timexes", "quantities", "places", "actors", "quotes"):
        assert layer in table.stdout
    as_json = run("eval", str(articles), "--json")
    assert as_json.exit_code == 0, as_json.stderr
    scores = json.loads(as_json.stdout)
    assert (scores["documents"], scores["failures"]) == (1, [])
    assert scores["layers"]["published"]["accuracy"] == 1.0
    assert scores["layers"]["timexes"]["gold"] == 1
    assert scores["layers"]["quantities"]["gold"] == 1
    assert scores["layers"]["places"]["gold"] == 1
    assert 0.0 <= scores["layers"]["timexes"]["recall"] <= 1.0
    details = run("eval", str(articles), "--gold", str(tmp_path / "gold"), "--json", "--details")
    assert "misses" in json.loads(details.stdout)["layers"]["timexes"]


def test_eval_without_gold_is_one_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    result = run("eval", str(tmp_path / "articles"))
    assert result.exit_code == 1
    assert len(stderr_lines(result)) == 1
    assert "no gold folder" in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"flashpoint, version {__version__}"


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("extract", "summary", "eval", "explain"):
        assert command in result.stdout


def test_explain_shows_trigger_pattern_roles_and_status(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "Pakistani jets struck Taliban positions in Khost on Friday, the Afghan defence ministry said. "
        "Fighting has not resumed since the ceasefire.\n",
        encoding="utf-8",
    )
    result = run("explain", str(path), "--published", "2025-10-20")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "'struck' -> " in out
    assert "ASSAULT" in out
    assert "pattern assault." in out
    assert "status alleged (claimant AFG" in out
    assert "date 2025-10-17 (sentence)" in out
    assert "dropped: no ASSAULT is coded from a negated action" in out


def test_explain_of_a_bad_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    result = run("explain", str(path))
    assert result.exit_code == 0
    assert len(stderr_lines(result)) == 1
    assert "empty" in result.stderr


# -- as a real process -------------------------------------------------------------------------------


def test_python_dash_m_flashpoint_on_a_mixed_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good = write_good_files(folder)
    write_bad_files(folder)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASHPOINT_")}
    proc = subprocess.run(
        [sys.executable, "-m", "flashpoint", "extract", "in", "--format", "jsonl"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == sum(good.values())
    assert all(r["document"]["path"].startswith("in") for r in rows)  # paths as given, not absolute
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == len(BAD_FILES) + 1
    for name in BAD_FILES:
        assert sum(f"skipped {Path('in') / name}:" in line for line in lines) == 1


def test_a_broken_page_gives_one_line_and_no_library_noise(tmp_path: Path) -> None:
    """Libraries' own log lines (trafilatura: "discarding data") never reach the user's stderr."""
    page = tmp_path / "broken.html"
    page.write_text("<html><body><div><p>", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "flashpoint", "extract", str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 1
    assert lines == [
        f"flashpoint: skipped {page}: no article text found in the HTML",
        "flashpoint: nothing could be read (1 document(s) failed)",
    ]
