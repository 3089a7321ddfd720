"""Alert rules on a store of hand-made events: each kind fires exactly what it should, with stable keys."""

from __future__ import annotations

import datetime as dt

import pytest
from alert_rows import (
    AFG,
    AGREE_DOHA,
    CLOSE_TORKHAM,
    LATER_CLASH,
    PAK,
    SURGE,
    TOOK_EFFECT,
    VIOLATION,
    clash,
    ev,
    incident_of,
)

from flashpoint.alerts.rules import (
    AlertRule,
    Trigger,
    at_crossing,
    evaluate,
    last_complete_week,
    parse_params,
    query_from_json,
    query_to_json,
    validate_rule,
)
from flashpoint.corpus.query import EventQuery
from flashpoint.corpus.store import Store
from flashpoint.errors import ConfigError

D = dt.date
DYAD = ("PAK", "AFG")


def run(store: Store, rule: AlertRule, as_of: D) -> list[Trigger]:
    with store.session(read_only=True) as db:
        return evaluate(db, rule, as_of)


def rule(kind: str, **params: int | float | str) -> AlertRule:
    return AlertRule(f"test {kind}", kind, dyad=DYAD, params=params, channels=("hook",))


# -- surge -------------------------------------------------------------------------------------------------
def test_the_last_complete_week_ends_on_the_sunday_before() -> None:
    assert last_complete_week(D(2025, 10, 13)) == D(2025, 10, 6)  # a Monday: last week
    assert last_complete_week(D(2025, 10, 12)) == D(2025, 10, 6)  # a Sunday: its own week is complete
    assert last_complete_week(D(2025, 10, 11)) == D(2025, 9, 29)


def test_a_surge_week_fires_once_with_its_incidents(store: Store) -> None:
    fired = run(store, rule("surge"), D(2025, 10, 14))
    assert len(fired) == 1
    t = fired[0]
    assert t.key == "surge:PAK-AFG:2025-W41"
    assert t.date == D(2025, 10, 6)
    assert sorted(t.incident_ids) == sorted(incident_of(store, r) for r in SURGE)
    assert dict(t.figures) == {"count": 5.0, "baseline": 0.5, "ratio": 2.0}
    assert "5 ASSAULT incidents" in t.title


def test_no_surge_in_a_quiet_week_or_below_the_minimum(store: Store) -> None:
    assert run(store, rule("surge"), D(2025, 9, 29)) == []  # week of 22 Sept: one clash
    assert run(store, rule("surge", min=6), D(2025, 10, 14)) == []  # five clashes are not six
    assert run(store, rule("surge", ratio=11), D(2025, 10, 14)) == []  # 5 < 11 x 0.5
    # the week after the surge is quiet again, though the surge is in its baseline
    assert run(store, rule("surge"), D(2025, 10, 20)) == []


def test_a_surge_counts_what_was_reported_by_the_as_of_day(store: Store) -> None:
    late = ev(40, "ASSAULT", D(2025, 10, 10), place=("Bannu", "PAK", 32.99, 70.60), reported=D(2025, 10, 13))
    with store.session() as db:
        db.write_events([late])
    assert dict(run(store, rule("surge"), D(2025, 10, 12))[0].figures)["count"] == 5
    assert dict(run(store, rule("surge"), D(2025, 10, 13))[0].figures)["count"] == 6


# -- threshold --------------------------------------------------------------------------------------------
def test_a_threshold_fires_with_the_day_the_run_began_as_its_key(store: Store) -> None:
    fired = run(store, rule("threshold", days=7, min=4), D(2025, 10, 13))
    assert [t.key for t in fired] == ["threshold:PAK-AFG:2025-10-11"]
    # 8, 9, 11 and 12 October: the clash of the 6th is outside the last 7 days
    assert sorted(fired[0].incident_ids) == sorted(incident_of(store, r) for r in SURGE[1:])
    assert dict(fired[0].figures)["value"] == 4.0
    # a day later the count is still at 4: the same episode, the same key
    assert [t.key for t in run(store, rule("threshold", days=7, min=4), D(2025, 10, 14))] == [
        "threshold:PAK-AFG:2025-10-11"
    ]
    # below the threshold, nothing
    assert run(store, rule("threshold", days=7, min=4), D(2025, 10, 17)) == []
    assert run(store, rule("threshold", days=7, min=6), D(2025, 10, 13)) == []


def test_a_fatality_threshold_counts_the_dead_of_the_window(store: Store) -> None:
    fired = run(store, rule("threshold", days=7, min=30, metric="fatalities"), D(2025, 10, 12))
    assert len(fired) == 1
    assert dict(fired[0].figures)["value"] == 3 + 10 + 4 + 23 + 0
    assert fired[0].key == "threshold:PAK-AFG:2025-10-11"  # 10+4+23 = 37 from the 11th on
    assert run(store, rule("threshold", days=7, min=41, metric="fatalities"), D(2025, 10, 12)) == []


def test_a_threshold_on_a_saved_query(store: Store) -> None:
    saved = AlertRule(
        "coercion by Pakistan",
        "threshold",
        query=EventQuery(actor="PAK", category=("COERCE",)),
        params={"days": 14, "min": 2},
        channels=("hook",),
    )
    fired = run(store, saved, D(2025, 10, 13))
    # the Torkham closure, the deportation, the turned-back families and Iran's closure of Taftan (PAK is
    # its recipient); the denied closure is not counted
    assert len(fired) == 1
    assert dict(fired[0].figures)["value"] == 4
    assert fired[0].key.startswith("threshold:query:")
    assert run(store, saved, D(2025, 9, 30)) == []


# -- ceasefire violation -------------------------------------------------------------------------------------
def test_the_first_clash_after_a_ceasefire_is_its_violation(store: Store) -> None:
    r = rule("ceasefire_violation")
    assert run(store, r, D(2025, 10, 18)) == []  # no ceasefire yet: clashes are no violation
    assert run(store, r, D(2025, 10, 25)) == []  # a ceasefire, holding
    fired = run(store, r, D(2025, 10, 27))
    agreement = incident_of(store, AGREE_DOHA)
    assert [t.key for t in fired] == [f"ceasefire:PAK-AFG:{agreement}"]
    assert fired[0].incident_ids == (incident_of(store, VIOLATION), agreement)  # the pledge is future
    assert fired[0].date == D(2025, 10, 26)
    assert "ceasefire of 2025-10-19 violated on 2025-10-26 at Angoor Adda" in fired[0].title
    # a later clash is not a new violation of the same ceasefire
    later = run(store, r, D(2025, 10, 30))
    assert [(t.key, t.incident_ids[0]) for t in later] == [(fired[0].key, fired[0].incident_ids[0])]
    assert incident_of(store, LATER_CLASH) not in later[0].incident_ids


def test_a_later_report_of_the_same_truce_keeps_the_key_and_a_new_truce_gets_its_own(store: Store) -> None:
    r = rule("ceasefire_violation")
    before = run(store, r, D(2025, 10, 30))
    with store.session() as db:
        db.write_events([TOOK_EFFECT])
    # reported on the 30th: not known on the 27th
    assert run(store, r, D(2025, 10, 27))[0].incident_ids == (
        incident_of(store, VIOLATION),
        before[0].incident_ids[1],
    )
    after = run(store, r, D(2025, 10, 30))
    assert [t.key for t in after] == [t.key for t in before]
    assert incident_of(store, TOOK_EFFECT) in after[0].incident_ids
    # a ceasefire agreed again after the violations, then broken again: a new trigger
    renewed = ev(
        30,
        "AGREE",
        D(2025, 11, 1),
        actors=(PAK, AFG),
        recipients=(),
        text="the sides renewed the truce in Istanbul",
        trigger="renewed",
    )
    with store.session() as db:
        db.write_events([renewed, clash(31, D(2025, 11, 5), ("Kurram", "PAK", 33.72, 70.10), 1)])
    assert run(store, r, D(2025, 11, 3)) == []  # the renewed truce holds so far
    again = run(store, r, D(2025, 11, 6))
    assert [t.key for t in again] == [f"ceasefire:PAK-AFG:{incident_of(store, renewed)}"]


def test_a_ceasefire_violation_rule_needs_a_dyad() -> None:
    r = AlertRule("x", "ceasefire_violation", query=EventQuery(actor="PAK"), channels=("hook",))
    with pytest.raises(ConfigError, match="watches a dyad"):
        validate_rule(r)


# -- closure ---------------------------------------------------------------------------------------------
def test_a_crossing_closed_fires_one_trigger_per_incident(store: Store) -> None:
    fired = run(store, rule("closure"), D(2025, 10, 13))
    closure = incident_of(store, CLOSE_TORKHAM)
    assert [t.key for t in fired] == [f"closure:{closure}"]
    assert fired[0].incident_ids == (closure,)
    assert fired[0].title == "Torkham closed on 2025-10-12 (by PAK)"
    assert "closed the Torkham crossing" in fired[0].summary
    # out of the window, or before it happened, nothing
    assert run(store, rule("closure"), D(2025, 11, 30)) == []
    assert run(store, rule("closure"), D(2025, 10, 11)) == []


def test_what_is_a_crossing() -> None:
    assert at_crossing("Torkham")
    assert at_crossing("Bab-e-Dosti")  # an alias of the gazetteer supplement
    assert at_crossing("Chaman border crossing")
    assert at_crossing("Khyber", "Pakistan sealed the border in Khyber")
    assert not at_crossing("Peshawar", "police closed the main bazaar")


# -- rules as records ---------------------------------------------------------------------------------------
def test_rules_are_checked() -> None:
    with pytest.raises(ConfigError, match="unknown kind"):
        validate_rule(AlertRule("x", "flood", dyad=DYAD, channels=("a",)))
    with pytest.raises(ConfigError, match="unknown parameter"):
        validate_rule(AlertRule("x", "surge", dyad=DYAD, params={"days": 3}, channels=("a",)))
    with pytest.raises(ConfigError, match="must be positive"):
        validate_rule(AlertRule("x", "threshold", dyad=DYAD, params={"days": 0}, channels=("a",)))
    with pytest.raises(ConfigError, match="metric"):
        validate_rule(AlertRule("x", "threshold", dyad=DYAD, params={"metric": "tweets"}, channels=("a",)))
    with pytest.raises(ConfigError, match="dyad or a saved query"):
        validate_rule(AlertRule("x", "surge", channels=("a",)))
    with pytest.raises(ConfigError, match="channel"):
        validate_rule(AlertRule("x", "surge", dyad=DYAD))


def test_saved_queries_round_trip_through_json() -> None:
    q = EventQuery(
        dyad=("PAK", "AFG"),
        category=("ASSAULT", "COERCE"),
        since=D(2025, 10, 1),
        place="Kurram",
        bbox=(60.0, 29.0, 75.0, 37.0),
    )
    data = query_to_json(q)
    assert data["since"] == "2025-10-01"
    assert "actor" not in data
    assert query_from_json(data) == q
    with pytest.raises(ConfigError, match="unknown field"):
        query_from_json({"colour": "red"})


def test_parameters_from_options() -> None:
    assert parse_params(["ratio=2.5", "min=3", "metric=fatalities"]) == {
        "ratio": 2.5,
        "min": 3,
        "metric": "fatalities",
    }
    with pytest.raises(ConfigError, match="name=value"):
        parse_params(["ratio"])
