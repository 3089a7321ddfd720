"""From a document result to store rows: date spans, fatality ranges, ids, evidence kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from flashpoint.corpus.convert import article_row, date_span, event_rows
from flashpoint.records import DocumentResult

D = dt.date


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("2025-10-12", (D(2025, 10, 12), D(2025, 10, 12))),
        ("2025-W42", (D(2025, 10, 13), D(2025, 10, 19))),
        ("2025-10", (D(2025, 10, 1), D(2025, 10, 31))),
        ("2025-12", (D(2025, 12, 1), D(2025, 12, 31))),
        ("2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
        ("2021", (D(2021, 1, 1), D(2021, 12, 31))),
        (None, (None, None)),
        ("2025-13-40", (None, None)),
        ("soon", (None, None)),
    ],
)
def test_a_coded_date_covers_the_days_of_its_precision(
    value: str | None, span: tuple[object, object]
) -> None:
    assert date_span(value) == span


@pytest.mark.slow
def test_event_rows_keep_the_events_evidence_roles_and_counts(
    make_extract: Callable[[dt.date], Callable[..., DocumentResult]],
) -> None:
    extract = make_extract(D(2025, 10, 13))
    text = (
        "ISLAMABAD: Pakistani troops killed at least 12 Afghan Taliban fighters near Angoor Adda on Sunday "
        "night, the military said. Two Pakistani soldiers were killed, it said."
    )
    result = extract(text)
    rows = event_rows(result)
    assert rows
    article = article_row(result, source="report.txt")
    assert article.id == result.article.id
    assert len(article.sha256) == 64
    assert article.source == "report.txt"
    for row, event in zip(rows, result.events, strict=True):
        assert row.id == f"{result.article.id}:{event.id}"
        assert row.article_id == result.article.id
        assert row.origin == "text"
        assert text[row.start : row.end] == row.event_text
        assert [p.code for p in row.actors] == [a.code for a in event.actor]
        assert row.reported == D(2025, 10, 13)
        assert all(r.startswith(result.article.id + ":") for r in row.related)
    killed = [r for r in rows if r.category == "ASSAULT" and r.fatalities_low == 12]
    assert killed
    assert killed[0].date == "2025-10-12"
    assert killed[0].date_start == killed[0].date_end == D(2025, 10, 12)
    assert killed[0].place_name == "Angoor Adda"  # not the dateline's Islamabad
    assert any(s.type == "dead" and s.qualifier == "at least" for s in killed[0].sizes)
