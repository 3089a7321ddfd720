"""The pipeline: stage closure per layer, failure of one document only, input order, a text-only build."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

import flashpoint.io.model
from flashpoint.annotate.pipeline import DocStage, Pipeline, Stage
from flashpoint.annotate.registry import PUBLIC_LAYERS, STAGE_TABLE, Services, build_pipeline, stages_for
from flashpoint.errors import ConfigError
from flashpoint.records import AnnotatedDoc, Article, Failure
from flashpoint.settings import Settings


def article(text: str, path: str | None = None, record: int | None = None) -> Article:
    return Article(
        id=text[:16],
        text=text,
        path=path,
        title=None,
        url=None,
        publisher=None,
        published=dt.date(2025, 10, 25),
        published_source="given",
        language="en",
        record=record,
    )


def note_stage(name: str, requires: frozenset[str] = frozenset(), bad: str | None = None) -> DocStage:
    """A fake stage that appends its name to the notes, and raises on a text containing ``bad``."""

    def run(doc: AnnotatedDoc) -> AnnotatedDoc:
        if bad is not None and bad in doc.article.text:
            raise RuntimeError(f"cannot handle {doc.article.text!r}")
        return replace(doc, notes=(*doc.notes, name))

    return DocStage(name, requires, frozenset({name}), run)


class BatchCounter:
    """A batch stage that counts how often it is called and with how many documents."""

    name = "count"
    requires: frozenset[str] = frozenset()
    assigns = frozenset({"count"})

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, docs: Sequence[AnnotatedDoc]) -> list[AnnotatedDoc]:
        self.calls.append(len(docs))
        return [replace(d, notes=(*d.notes, "count")) for d in docs]


# -- stages_for ------------------------------------------------------------------------------------


def test_timexes_alone_need_no_other_stage() -> None:
    assert stages_for(["timexes"]) == ["timexes"]


@pytest.mark.parametrize(
    ("layers", "expected"),
    [
        (["quantities"], ["segment", "mentions", "deepen", "quantities"]),
        (["actors"], ["segment", "mentions", "deepen", "actors"]),
        (["places"], ["segment", "mentions", "deepen", "actors", "places"]),
        (["quotes"], ["segment", "timexes", "mentions", "deepen", "actors", "quotes"]),
        (list(PUBLIC_LAYERS), list(STAGE_TABLE)),
    ],
)
def test_stages_for_is_the_closure_in_pipeline_order(layers: list[str], expected: list[str]) -> None:
    assert stages_for(layers) == expected


@given(st.sets(st.sampled_from(PUBLIC_LAYERS), min_size=1))
def test_every_layer_set_gives_a_consistent_stage_list(layers: set[str]) -> None:
    names = stages_for(layers)
    order = list(STAGE_TABLE)
    assert names == sorted(names, key=order.index)  # pipeline order, no duplicates
    assert len(set(names)) == len(names)
    have: set[str] = set()
    for n in names:
        requires, assigns = STAGE_TABLE[n]
        assert requires <= have, f"{n} runs before what it needs"
        have |= assigns
    assert layers <= have  # every wanted layer is produced
    # deepen runs exactly when a stage that asks for parses runs
    assert ("deepen" in names) == bool({"actors", "quantities", "quotes"} & set(names))
    # and nothing that no wanted layer needs: every stage is needed by a later one or makes a wanted layer
    for k, n in enumerate(names):
        _, assigns = STAGE_TABLE[n]
        if n == "deepen":
            continue
        later_needs = set().union(*(STAGE_TABLE[m][0] for m in names[k + 1 :]))
        assert assigns & (layers | later_needs), f"{n} is not needed for {sorted(layers)}"


def test_order_of_requested_layers_does_not_matter() -> None:
    results = {tuple(stages_for(p)) for p in itertools.permutations(["quotes", "places", "timexes"])}
    assert len(results) == 1


def test_unknown_layer_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"unknown layer.*incidents") as info:
        stages_for(["timexes", "incidents"])
    assert "timexes" in str(info.value)  # the message lists the valid choices


def test_events_need_every_reading_stage() -> None:
    assert stages_for(["events"]) == [
        "segment",
        "timexes",
        "mentions",
        "deepen",
        "actors",
        "places",
        "quantities",
        "quotes",
        "events",
    ]


def test_pipeline_refuses_a_stage_before_what_it_needs() -> None:
    with pytest.raises(ValueError, match="'b' needs \\['a'\\]"):
        Pipeline([note_stage("b", frozenset({"a"})), note_stage("a")])
    assert Pipeline([note_stage("a"), note_stage("b", frozenset({"a"}))]).names == ["a", "b"]


# -- Pipeline.run ----------------------------------------------------------------------------------


def test_a_stage_that_raises_on_one_document_fails_only_that_document() -> None:
    texts = ["alpha", "bravo BAD", "charlie", "delta"]
    pipe = Pipeline([note_stage("first"), note_stage("second", bad="BAD"), note_stage("third")], batch_size=8)
    outs = list(pipe.run([article(t, path=f"in/{t.split()[0]}.txt") for t in texts]))
    assert len(outs) == 4
    bad = outs[1]
    assert isinstance(bad, Failure)
    assert bad.source == "in/bravo.txt"
    assert bad.stage == "second"
    assert "RuntimeError" in bad.reason
    assert "BAD" in bad.reason
    assert "\n" not in bad.reason  # one line
    for out, text in zip(outs, texts, strict=True):
        if out is bad:
            continue
        assert isinstance(out, AnnotatedDoc)
        assert out.article.text == text
        assert out.notes == ("first", "second", "third")  # later stages still ran on the good documents
        assert out.layers == frozenset({"first", "second", "third"})


def test_a_failing_record_is_named_with_its_record_number() -> None:
    pipe = Pipeline([note_stage("only", bad="BAD")])
    (out,) = pipe.run([article("BAD record", path="in/wire.jsonl", record=7)])
    assert isinstance(out, Failure)
    assert out.source == "in/wire.jsonl#7"


def test_a_document_without_a_path_is_named_by_its_id() -> None:
    pipe = Pipeline([note_stage("only", bad="BAD")])
    (out,) = pipe.run([article("BAD text in memory")])
    assert isinstance(out, Failure)
    assert out.source == "BAD text in memo"


@pytest.mark.parametrize("batch_size", [1, 2, 3, 32])
def test_input_order_is_kept_with_failures_interleaved(batch_size: int) -> None:
    items: list[Article | Failure] = []
    for k in range(10):
        if k % 4 == 1:
            items.append(Failure(f"in/{k}.txt", "read", "empty file"))
        else:
            items.append(article(f"doc {k}" + (" BAD" if k % 3 == 0 else ""), path=f"in/{k}.txt"))
    pipe = Pipeline([note_stage("a"), note_stage("b", bad="BAD")], batch_size=batch_size)
    outs = list(pipe.run(items))
    sources = [o.source if isinstance(o, Failure) else o.article.path for o in outs]
    assert sources == [f"in/{k}.txt" for k in range(10)]
    for k, out in enumerate(outs):
        if k % 4 == 1:
            assert out is items[k]  # a read failure passes through untouched
        elif k % 3 == 0:
            assert isinstance(out, Failure)
            assert out.stage == "b"
        else:
            assert isinstance(out, AnnotatedDoc)
            assert out.notes == ("a", "b")


def test_documents_run_in_batches_of_batch_size() -> None:
    counter = BatchCounter()
    stage: Stage = counter
    outs = list(Pipeline([stage], batch_size=4).run([article(f"doc {k}") for k in range(10)]))
    assert counter.calls == [4, 4, 2]
    assert all(isinstance(o, AnnotatedDoc) and o.notes == ("count",) for o in outs)


def test_a_batch_of_failures_only_runs_no_stage() -> None:
    counter = BatchCounter()
    items = [Failure("a.txt", "read", "empty file"), Failure("b.txt", "decode", "binary data")]
    assert list(Pipeline([counter]).run(items)) == items
    assert counter.calls == []


def test_a_batch_stage_failure_retries_documents_one_by_one() -> None:
    calls: list[int] = []

    class Fragile:
        name = "fragile"
        requires: frozenset[str] = frozenset()
        assigns = frozenset({"fragile"})

        def __call__(self, docs: Sequence[AnnotatedDoc]) -> list[AnnotatedDoc]:
            calls.append(len(docs))
            if any("BAD" in d.article.text for d in docs):
                raise ValueError("a bad document in the batch")
            return list(docs)

    outs = list(Pipeline([Fragile()], batch_size=3).run([article(t) for t in ["one", "BAD two", "three"]]))
    assert calls == [3, 1, 1, 1]
    assert [type(o).__name__ for o in outs] == ["AnnotatedDoc", "Failure", "AnnotatedDoc"]


# -- build_pipeline --------------------------------------------------------------------------------


@pytest.fixture
def no_spacy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make loading a spaCy pipeline record the call and fail, so a test sees whether it was asked for."""
    asked: list[str] = []

    def refuse(name: str = "") -> object:
        asked.append(name)
        raise AssertionError("the spaCy pipeline was loaded")

    monkeypatch.setattr(flashpoint.io.model, "load_pipeline", refuse)
    return asked


def test_build_pipeline_for_timexes_has_no_spacy_stage(no_spacy: list[str]) -> None:
    pipe = build_pipeline(Services(Settings()), ["timexes"])
    assert pipe.names == ["timexes"]
    assert pipe.label == "text-only"
    (out,) = pipe.run(
        [article("Pakistan closed the Torkham crossing on Sunday, officials said on 13 October.")]
    )
    assert isinstance(out, AnnotatedDoc)
    assert out.sentences == ()
    assert {t.text for t in out.timexes} >= {"Sunday", "13 October"}
    assert {t.value for t in out.timexes} >= {"2025-10-19", "2025-10-13"}
    assert no_spacy == []


def test_no_spacy_fixture_catches_a_load(no_spacy: list[str]) -> None:
    """The guard works: a pipeline that needs sentences asks for the spaCy pipeline."""
    with pytest.raises(AssertionError, match="spaCy pipeline was loaded"):
        build_pipeline(Services(Settings()), ["quantities"])
    assert no_spacy == [""]


@pytest.mark.slow
def test_build_pipeline_for_every_layer() -> None:
    pipe = build_pipeline(Services(Settings()), PUBLIC_LAYERS)
    assert pipe.names == list(STAGE_TABLE)
    assert pipe.label.startswith("en_core_web_sm")
    (out,) = pipe.run([article("Pakistan's army said 12 soldiers were killed near Torkham on Sunday.")])
    assert isinstance(out, AnnotatedDoc)
    assert out.layers >= {
        "sentences",
        "timexes",
        "candidates",
        "deep",
        "actors",
        "places",
        "quantities",
        "quotes",
    }
    for layer in (out.sentences, out.actors, out.places, out.quantities, out.timexes):
        assert layer
