"""Development evaluation on PLOVER gold-standard records (read at run time from a folder the user names).

The PLOVER gold file (``PLOVER_GSR_CAMEO.txt``: a JSON array with trailing commas) holds human-coded
sentences with their source and target actors as text spans with a country code and, sometimes, a sector.
The reading layer is scored on those actor spans: is there an actor entity over the span, with the gold code
(and sector, where the gold gives one)? Event categories are scored when event coding lands.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.annotate.registry import Services, build_pipeline
from flashpoint.errors import ConfigError
from flashpoint.records import AnnotatedDoc, Article, Failure
from flashpoint.settings import Settings

GOLD_FILE = "PLOVER_GSR_CAMEO.txt"
#: The gold's few legacy CAMEO country codes, mapped to ISO 3166 alpha-3.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA"}
#: The gold sentences carry placeholder dates; roles are read as of this day (the sentences are 1990s-2000s).
GOLD_DAY = dt.date(2000, 1, 1)


@dataclass
class PloverActorScore:
    spans: int = 0
    found: int = 0
    code: int = 0
    with_sector: int = 0
    sector: int = 0
    misses: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "actor_spans": self.spans,
            "found": ratio(self.found, self.spans),
            "code_accuracy": ratio(self.code, self.spans),
            "code_accuracy_when_found": ratio(self.code, self.found),
            "code_and_sector_accuracy": ratio(self.sector, self.with_sector),
            "spans_with_sector": self.with_sector,
        }


def load_records(folder: Path) -> list[dict[str, Any]]:
    path = folder / GOLD_FILE
    if not path.is_file():
        raise ConfigError(f"no {GOLD_FILE} in {folder}")
    text = path.read_text(encoding="utf-8")
    data = json.loads(re.sub(r",\s*([}\]])", r"\1", text))
    return [r for r in data if isinstance(r, dict) and r.get("text") and r.get("event") != "DOCUMENT"]


def _gold_actors(record: dict[str, Any]) -> Iterator[tuple[str, str, str | None]]:
    for role in ("source", "target"):
        value = record.get(role)
        if not isinstance(value, list):
            continue
        for a in value:
            text, code = a.get("actorText"), a.get("code")
            if text and code and text in record["text"]:
                sector = a.get("sector")
                sector = sector if isinstance(sector, str) and re.fullmatch(r"[A-Z]{3}", sector) else None
                yield text, LEGACY_CODES.get(code, code), sector


def evaluate_plover_actors(
    folder: Path, *, settings: Settings, services: Services | None = None
) -> PloverActorScore:
    records = load_records(folder)
    services = services or Services(settings)
    pipeline = build_pipeline(services, ["actors"])
    articles = [
        Article(
            id=f"plover-{n}",
            text=r["text"],
            path=r.get("id"),
            title=None,
            url=None,
            publisher=None,
            published=GOLD_DAY,
            published_source="given",
            language="en",
        )
        for n, r in enumerate(records)
    ]
    score = PloverActorScore()
    for record, doc in zip(records, pipeline.run(articles), strict=True):
        if isinstance(doc, Failure):
            continue
        assert isinstance(doc, AnnotatedDoc)
        for text, code, sector in _gold_actors(record):
            start = record["text"].index(text)
            end = start + len(text)
            score.spans += 1
            hits = [a for a in doc.actors for m in a.mentions if m.start < end and start < m.end]
            if not hits:
                score.misses.append(f"{record.get('id')}: missed {text!r} ({code})")
                continue
            score.found += 1
            if any(a.code == code for a in hits):
                score.code += 1
            else:
                got = ", ".join(f"{a.code} {a.sector}" for a in hits)
                score.misses.append(f"{record.get('id')}: {text!r} gold {code} got {got}")
            if sector is not None:
                score.with_sector += 1
                if any(a.code == code and a.sector == sector for a in hits):
                    score.sector += 1
    return score
