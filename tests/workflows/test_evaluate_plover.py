"""PLOVER gold records: actor spans scored by code and sector, from a file in the PLOVER format."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.annotate.registry import Services
from flashpoint.errors import ConfigError
from flashpoint.settings import load_settings
from flashpoint.workflows.evaluate_plover import GOLD_FILE, evaluate_plover_actors, load_records

# The format of PLOVER's gold file (a JSON array with trailing commas), with sentences the team wrote.
SAMPLE = """[
{
    "id": "TEAM-DOCUMENT-0001",
    "event": "DOCUMENT",
    "eventText": "documentation record",
},
{
    "id": "TEAM-ACCUSE-0001",
    "date": "2000-01-01",
    "source": [{"actorText": "Pakistan", "code": "PAK", "sector": "GOV"}],
    "target": [{"actorText": "Afghan Taliban", "code": "AFG"}],
    "event": "DISAPPROVE",
    "text": "Pakistan accused the Afghan Taliban of sheltering militants on Tuesday.",
},
{
    "id": "TEAM-CONSULT-0001",
    "date": "2000-01-01",
    "source": [{"actorText": "Japanese officials", "code": "JAP", "sector": "GOV"}],
    "target": [{"actorText": "Nowhere Land", "code": "XXX"}],
    "event": "CONSULT",
    "text": "Japanese officials met envoys from Nowhere Land in Tokyo.",
},
]"""


def test_scores_actor_spans(tmp_path: Path) -> None:
    (tmp_path / GOLD_FILE).write_text(SAMPLE, encoding="utf-8")
    records = load_records(tmp_path)
    assert [r["id"] for r in records] == ["TEAM-ACCUSE-0001", "TEAM-CONSULT-0001"]
    settings = load_settings()
    score = evaluate_plover_actors(tmp_path, settings=settings, services=Services(settings))
    assert score.spans == 4
    # Pakistan, the Afghan Taliban and the Japanese officials (legacy code JAP read as JPN) are found
    # and right; "Nowhere Land" is not an actor the reader can know
    assert score.found == 3
    assert score.code == 3
    assert score.with_sector == 2
    assert score.sector == 2
    assert any("Nowhere Land" in m for m in score.misses)
    assert score.to_json()["code_accuracy"] == 0.75


def test_missing_gold_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=GOLD_FILE):
        load_records(tmp_path)
