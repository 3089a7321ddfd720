"""The extract use case: paths in, one document result (or one failure) out per input document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flashpoint.annotate.registry import PUBLIC_LAYERS, Services, build_pipeline
from flashpoint.errors import DocumentError
from flashpoint.records import AnnotatedDoc, Article, DocumentResult, Failure, RawDocument
from flashpoint.settings import Settings


@dataclass
class Tally:
    """Running counts of a batch, for progress bars and exit codes."""

    read: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)


def annotate(
    items: Iterable[Article | Failure], services: Services, layers: Sequence[str] = PUBLIC_LAYERS
) -> Iterator[DocumentResult | Failure]:
    """Run the pipeline for ``layers`` over articles; failures pass through in order."""
    pipeline = build_pipeline(services, layers)
    for out in pipeline.run(items):
        if isinstance(out, Failure):
            yield out
        else:
            yield to_result(out, pipeline.label)


def to_result(doc: AnnotatedDoc, label: str) -> DocumentResult:
    return DocumentResult(
        article=doc.article,
        actors=doc.actors,
        places=doc.places,
        timexes=doc.timexes,
        quantities=doc.quantities,
        quotes=doc.quotes,
        events=doc.events,
        notes=doc.notes,
        pipeline=label,
    )


def extract_paths(
    paths: Sequence[str | Path],
    *,
    settings: Settings,
    published: dt.date | None = None,
    layers: Sequence[str] = PUBLIC_LAYERS,
    services: Services | None = None,
    tally: Tally | None = None,
) -> Iterator[DocumentResult | Failure]:
    """Read every document under ``paths`` and annotate it; one result or failure per document, streamed."""
    from flashpoint.io.readers import read_articles

    services = services or Services(settings)
    tally = tally if tally is not None else Tally()
    articles = read_articles(paths, published=published, settings=settings)
    for out in annotate(articles, services, layers):
        if isinstance(out, Failure):
            tally.failed += 1
            tally.failures.append(out)
        else:
            tally.read += 1
        yield out


def extract_text(
    text: str,
    *,
    settings: Settings,
    published: dt.date | None = None,
    services: Services | None = None,
    layers: Sequence[str] = PUBLIC_LAYERS,
    title: str | None = None,
) -> DocumentResult:
    """Annotate one text held in memory (the library entry point); raises DocumentError if unusable."""
    from flashpoint.io.readers import make_article

    raw = RawDocument(
        text=text, title=title, published=published, published_source="given" if published else "unknown"
    )
    article = make_article(raw, settings)
    services = services or Services(settings)
    out = next(annotate([article], services, layers))
    if isinstance(out, Failure):
        raise DocumentError(out.reason, out.source)
    return out
