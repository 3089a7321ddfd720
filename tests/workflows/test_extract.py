"""The extract use case: extract_text for one text in memory, extract_paths for files, failures tallied."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import flashpoint.io.model
from flashpoint.annotate.registry import Services
from flashpoint.errors import DocumentError, EmptyDocumentError, LanguageError
from flashpoint.records import DocumentResult, Failure
from flashpoint.settings import Settings
from flashpoint.workflows.extract import Tally, extract_paths, extract_text

pytestmark = pytest.mark.slow

TEXT = (
    "ISLAMABAD - Pakistan's Defence Minister Khawaja Asif said on Saturday that at least 12 soldiers were "
    "killed near the Torkham crossing. “We will respond to any aggression,” Asif told reporters."
)
FRENCH = (
    "Les pourparlers entre le Pakistan et l'Afghanistan ont échoué à Istanbul, selon les médiateurs turcs et "
    "qataris. La frontière reste fermée et des centaines de camions attendent au poste de Torkham."
)
SATURDAY = dt.date(2025, 10, 25)


@pytest.fixture(scope="session")
def extract_services() -> Services:
    return Services(Settings())


# -- extract_text ----------------------------------------------------------------------------------


def test_extract_text_fills_every_layer(extract_services: Services) -> None:
    result = extract_text(
        TEXT, settings=extract_services.settings, published=SATURDAY, services=extract_services
    )
    assert isinstance(result, DocumentResult)
    a = result.article
    assert (a.text, a.path, a.published, a.published_source, a.language) == (
        TEXT,
        None,
        SATURDAY,
        "given",
        "en",
    )
    asif = [x for x in result.actors if x.identifier_text == "Khawaja Asif"]
    assert len(asif) == 1
    assert (asif[0].code, asif[0].sector) == ("PAK", "GOV")
    assert len(asif[0].mentions) >= 2  # the full name and the later surname
    assert any(p.name == "Torkham" and p.country == "PAK" for p in result.places)
    assert [(t.text, t.value) for t in result.timexes] == [("Saturday", "2025-10-25")]
    assert [(q.low, q.high, q.type) for q in result.quantities] == [(12, None, "dead")]
    (quote,) = result.quotes
    assert quote.text == "We will respond to any aggression"
    assert quote.speaker is not None
    assert quote.speaker.identifier_text == "Khawaja Asif"
    assert result.pipeline.startswith("en_core_web_sm")


def test_extract_text_keeps_the_title_and_gives_the_same_id_for_the_same_text(
    extract_services: Services,
) -> None:
    one = extract_text(
        TEXT, settings=extract_services.settings, services=extract_services, title="Asif warns"
    )
    two = extract_text(TEXT, settings=extract_services.settings, services=extract_services)
    assert one.article.title == "Asif warns"
    assert one.article.id == two.article.id
    assert len(one.article.id) == 16


def test_extract_text_without_a_date_leaves_relative_dates_unresolved(extract_services: Services) -> None:
    result = extract_text(TEXT, settings=extract_services.settings, services=extract_services)
    assert result.article.published is None
    assert result.article.published_source == "unknown"
    assert [(t.text, t.value) for t in result.timexes] == [("Saturday", None)]
    assert any("no publication date" in n for n in result.notes)


def test_extract_text_infers_the_date_from_the_text(extract_services: Services) -> None:
    text = TEXT.replace("on Saturday", "on 25 October 2025")
    result = extract_text(text, settings=extract_services.settings, services=extract_services)
    assert (result.article.published, result.article.published_source) == (SATURDAY, "inferred")


def test_extract_text_layers_limit_the_work(extract_services: Services) -> None:
    result = extract_text(
        TEXT,
        settings=extract_services.settings,
        published=SATURDAY,
        services=extract_services,
        layers=["timexes"],
    )
    assert result.timexes
    assert (result.actors, result.places, result.quantities, result.quotes) == ((), (), (), ())
    assert result.pipeline == "text-only"


@pytest.mark.parametrize(
    ("text", "error"),
    [("", EmptyDocumentError), ("   \n\t ", EmptyDocumentError), ("Too short.", EmptyDocumentError)],
)
def test_extract_text_refuses_no_text(
    extract_services: Services, text: str, error: type[DocumentError]
) -> None:
    with pytest.raises(error):
        extract_text(text, settings=extract_services.settings, services=extract_services)


def test_extract_text_refuses_other_languages_unless_told(extract_services: Services) -> None:
    with pytest.raises(LanguageError, match="French"):
        extract_text(FRENCH, settings=extract_services.settings, services=extract_services)
    lenient = Settings(require_english=False)
    result = extract_text(FRENCH, settings=lenient, services=Services(lenient, nlp=extract_services.nlp))
    assert result.article.language == "fr"


def test_a_stage_failure_is_raised_as_a_document_error(
    extract_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashpoint.annotate import timexes

    def broken(text: str) -> list[object]:
        raise RuntimeError(f"cannot read {len(text)} characters")

    monkeypatch.setattr(timexes, "detect_timexes", broken)
    with pytest.raises(DocumentError, match="internal error in stage timexes: RuntimeError"):
        extract_text(TEXT, settings=extract_services.settings, services=extract_services, layers=["timexes"])


# -- extract_paths ---------------------------------------------------------------------------------


def write_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "a_good.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_french.txt").write_text(FRENCH, encoding="utf-8")
    records = [
        {"text": TEXT, "title": "one", "published": "2025-10-25"},
        {"title": "no text"},
        {"text": TEXT.replace("Saturday", "Friday"), "url": "https://news.example/2025/10/24/asif"},
    ]
    (folder / "d_wire.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (folder / "e_notes.md").write_text("not an article", encoding="utf-8")  # not a supported kind: not read


def test_extract_paths_streams_results_and_failures_in_order(
    extract_services: Services, tmp_path: Path
) -> None:
    write_inputs(tmp_path / "in")
    tally = Tally()
    outs = list(
        extract_paths(
            [tmp_path / "in"], settings=extract_services.settings, services=extract_services, tally=tally
        )
    )
    kinds = [
        (Path(o.source).name, "failure") if isinstance(o, Failure) else (Path(str(o.article.path)).name, "ok")
        for o in outs
    ]
    assert kinds == [
        ("a_good.txt", "ok"),
        ("b_empty.txt", "failure"),
        ("c_french.txt", "failure"),
        ("d_wire.jsonl", "ok"),
        ("d_wire.jsonl#2", "failure"),
        ("d_wire.jsonl", "ok"),
    ]
    assert (tally.read, tally.failed) == (3, 3)
    assert tally.failures == [o for o in outs if isinstance(o, Failure)]
    reasons = {Path(f.source).name: f.reason for f in tally.failures}
    assert reasons["b_empty.txt"] == "empty file"
    assert "French" in reasons["c_french.txt"]
    assert "'text'" in reasons["d_wire.jsonl#2"]
    records = [o for o in outs if isinstance(o, DocumentResult) and o.article.record is not None]
    assert [(r.article.record, r.article.published, r.article.published_source) for r in records] == [
        (1, SATURDAY, "metadata"),
        (3, dt.date(2025, 10, 24), "metadata"),  # from the URL
    ]


def test_extract_paths_given_date_wins_over_metadata(extract_services: Services, tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": TEXT, "published": "2025-10-01"}), encoding="utf-8")
    day = dt.date(2025, 10, 20)
    (out,) = extract_paths(
        [path], settings=extract_services.settings, services=extract_services, published=day
    )
    assert isinstance(out, DocumentResult)
    assert (out.article.published, out.article.published_source) == (day, "given")
    assert out.timexes[0].value == "2025-10-18"  # the Saturday before the given date


def test_extract_paths_missing_path_is_one_failure(extract_services: Services, tmp_path: Path) -> None:
    tally = Tally()
    outs = list(
        extract_paths(
            [tmp_path / "nowhere.txt"],
            settings=extract_services.settings,
            services=extract_services,
            tally=tally,
        )
    )
    assert len(outs) == 1
    assert isinstance(outs[0], Failure)
    assert outs[0].reason == "no such file or folder"
    assert (tally.read, tally.failed) == (0, 1)


def test_extract_paths_is_lazy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is read or loaded before the first result is asked for: results stream."""
    asked: list[str] = []
    monkeypatch.setattr(flashpoint.io.model, "load_pipeline", lambda name="": asked.append(name))
    stream = extract_paths([tmp_path], settings=Settings(), layers=["timexes"])
    (tmp_path / "late.txt").write_text(TEXT, encoding="utf-8")  # written after the call, before reading
    (out,) = stream
    assert isinstance(out, DocumentResult)
    assert out.article.text == TEXT
    assert asked == []  # a text-only run never asks for spaCy


def test_extract_paths_counts_stage_failures(
    extract_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashpoint.annotate import timexes

    real = timexes.detect_timexes

    def fragile(text: str) -> object:
        if "Friday" in text:
            raise RuntimeError("no Fridays")
        return real(text)

    monkeypatch.setattr(timexes, "detect_timexes", fragile)
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT.replace("Saturday", "Friday"), encoding="utf-8")
    tally = Tally()
    outs = list(
        extract_paths([tmp_path], settings=extract_services.settings, services=extract_services, tally=tally)
    )
    assert [type(o).__name__ for o in outs] == ["DocumentResult", "Failure"]
    assert (tally.read, tally.failed) == (1, 1)
    assert tally.failures[0].stage == "timexes"
    assert tally.failures[0].source.endswith("b.txt")
