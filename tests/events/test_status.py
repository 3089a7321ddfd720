"""How the context of a trigger sets an event's status: governing verbs that deny it happened."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flashpoint.records import DocumentResult

Extract = Callable[..., DocumentResult]


@pytest.mark.parametrize("verb", ["thwarted", "foiled", "averted"])
def test_an_attack_that_was_thwarted_did_not_happen(extract: Extract, verb: str) -> None:
    r = extract(f"Kenyan police {verb} an attack by al-Shabaab militants on a bus in Mandera on Sunday.")
    assert not [e for e in r.events if e.category == "ASSAULT"]


def test_a_negated_denial_does_not_negate_what_it_governs(extract: Extract) -> None:
    r = extract("Kenya neither confirmed nor denied carrying out the strikes on Somali villages.")
    strikes = [e for e in r.events if e.category == "ASSAULT"]
    assert strikes
    assert strikes[0].status != "negated"


def test_a_prevented_attack_is_negated_and_a_halted_offensive_is_not(extract: Extract) -> None:
    r = extract("Kenyan troops halted the offensive against al-Shabaab in Lamu on Sunday.")
    assert [e for e in r.events if e.category == "ASSAULT" and e.status == "asserted"]


def test_an_after_clause_of_a_reporting_verb_is_not_what_was_said(extract: Extract) -> None:
    r = extract(
        "Kenya announced a suspension of flights to Somalia on Monday, "
        "one day after Somali militants shot down a Kenyan plane."
    )
    assert r.events[0].category == "SANCTION"
    shot = next(e for e in r.events if e.category == "ASSAULT")
    assert shot.status == "asserted"
    assert not [e for e in r.events if e.category == "ACCUSE"]


@pytest.mark.parametrize("phrase", ["out of the question", "off the table"])
def test_what_is_ruled_out_is_refused_by_the_one_who_says_so(extract: Extract, phrase: str) -> None:
    r = extract(f"Japanese officials said that lifting the sanctions on North Korea is {phrase}.")
    concede = [e for e in r.events if e.category == "CONCEDE"]
    assert [e.status for e in concede] == ["negated"]
    (reject,) = [e for e in r.events if e.category == "REJECT"]
    assert {x.code for x in reject.actor} == {"JPN"}
    assert {x.code for x in reject.recipient} == {"PRK"}
