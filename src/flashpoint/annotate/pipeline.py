"""The pipeline: named stages over batches of documents, each declaring the layers it needs and adds.

A stage is a callable ``(docs) -> docs`` over a batch of :class:`AnnotatedDoc`; most work one document at
a time (:class:`DocStage`). Stages may also say which sentences they want parsed or run through the entity
recogniser (``needs``); the ``deepen`` stage asks the analyzer for exactly those. The list of built-in
stages is in :mod:`flashpoint.annotate.registry`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable

from flashpoint.records import AnnotatedDoc, Article, Failure, Sentence

log = logging.getLogger(__name__)

Needs = Callable[[AnnotatedDoc, Sentence], tuple[bool, bool]]


@runtime_checkable
class Stage(Protocol):
    """A named step over a batch of documents."""

    @property
    def name(self) -> str: ...
    @property
    def requires(self) -> frozenset[str]: ...
    @property
    def assigns(self) -> frozenset[str]: ...

    def __call__(self, docs: Sequence[AnnotatedDoc]) -> list[AnnotatedDoc]: ...


@dataclass(frozen=True)
class DocStage:
    """A stage that handles one document at a time."""

    name: str
    requires: frozenset[str]
    assigns: frozenset[str]
    fn: Callable[[AnnotatedDoc], AnnotatedDoc]
    needs: Needs | None = None

    def __call__(self, docs: Sequence[AnnotatedDoc]) -> list[AnnotatedDoc]:
        return [self.fn(d) for d in docs]


def add_layers(doc: AnnotatedDoc, stage: Stage) -> AnnotatedDoc:
    return replace(doc, layers=doc.layers | stage.assigns)


@dataclass
class Pipeline:
    """Stages in order; ``run`` streams articles through them in batches and never stops on one document."""

    stages: list[Stage]
    batch_size: int = 32
    label: str = ""
    _names: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        have: set[str] = set()
        for st in self.stages:
            missing = st.requires - have
            if missing:
                raise ValueError(f"stage {st.name!r} needs {sorted(missing)} which no earlier stage assigns")
            have |= st.assigns
        self._names = [s.name for s in self.stages]

    @property
    def names(self) -> list[str]:
        return list(self._names)

    def run(self, articles: Iterable[Article | Failure]) -> Iterator[AnnotatedDoc | Failure]:
        """Annotate each article; a document that fails in a stage comes out as a Failure, in input order."""
        batch: list[Article | Failure] = []
        for item in articles:
            batch.append(item)
            if len(batch) >= self.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, items: list[Article | Failure]) -> list[AnnotatedDoc | Failure]:
        slots: list[AnnotatedDoc | Failure] = [
            AnnotatedDoc(article=i) if isinstance(i, Article) else i for i in items
        ]
        for stage in self.stages:
            live = [(k, d) for k, d in enumerate(slots) if isinstance(d, AnnotatedDoc)]
            if not live:
                break
            try:
                done = stage([d for _, d in live])
                for (k, _), d in zip(live, done, strict=True):
                    slots[k] = add_layers(d, stage)
            except Exception:  # one bad document must not sink the batch: retry one by one
                log.debug(
                    "stage %s failed on a batch; retrying documents one at a time", stage.name, exc_info=True
                )
                for k, d in live:
                    slots[k] = self._run_one(stage, d)
        return slots

    @staticmethod
    def _run_one(stage: Stage, doc: AnnotatedDoc) -> AnnotatedDoc | Failure:
        try:
            return add_layers(stage([doc])[0], stage)
        except Exception as exc:  # translated into a recorded failure with its reason
            log.debug("stage %s failed on %s", stage.name, doc.article.path, exc_info=True)
            source = doc.article.path or doc.article.id
            if doc.article.record is not None:
                source = f"{source}#{doc.article.record}"
            return Failure(
                source, stage.name, f"internal error in stage {stage.name}: {type(exc).__name__}: {exc}"
            )
