"""flashpoint explain: the coder's decisions, sentence by sentence, in words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flashpoint.annotate.registry import Services
from flashpoint.workflows.explain import Explanation, explain_paths


def explain(services: Services, tmp_path: Path, text: str) -> Explanation:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    (out,) = explain_paths(
        [path], settings=services.settings, published=dt.date(2025, 10, 20), services=services
    )
    assert isinstance(out, Explanation)
    return out


def test_every_trigger_is_explained_kept_or_dropped(services: Services, tmp_path: Path) -> None:
    out = explain(
        services,
        tmp_path,
        "Pakistan closed the Torkham crossing on Monday. If the truce fails, Pakistan could launch strikes.",
    )
    kept = [d for d in out.decisions if d.kept]
    dropped = [d for d in out.decisions if not d.kept]
    assert any(d.category == "COERCE" and d.event_id for d in kept)
    assert any(d.category == "ASSAULT" for d in dropped)
    assert all(d.why for d in out.decisions)
    lines = list(out.lines())
    assert lines[0].startswith("# ")
    assert any("pattern" in line and "not coded" in line for line in lines)
    assert any("hypothetical" in line for line in lines)


def test_explained_events_are_the_extracted_events(services: Services, tmp_path: Path) -> None:
    out = explain(services, tmp_path, "Afghan and Pakistani forces clashed near Chaman on Sunday.")
    ids = {d.event_id for d in out.decisions if d.kept}
    assert ids == {e.id for e in out.events}
