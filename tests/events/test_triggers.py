"""Trigger constraints on parsed sentences written for each rule (through the whole pipeline)."""

from __future__ import annotations

from collections.abc import Callable

from flashpoint.records import DocumentResult

Extract = Callable[..., DocumentResult]


def categories(result: DocumentResult) -> list[tuple[str, str]]:
    return [(e.category, e.trigger.text) for e in result.events]


def test_an_object_constraint_looks_through_a_noun_of_measure(extract: Extract) -> None:
    r = extract("Turkish volunteers handed over 300 tonnes of flour to the Somali Red Crescent on Monday.")
    assert ("AID", "handed") in categories(r)
    assert "RETREAT" not in {c for c, _ in categories(r)}


def test_a_noun_of_measure_before_people_is_looked_through_too(extract: Extract) -> None:
    r = extract("The rebels released dozens of prisoners in Goma on Sunday.")
    assert [e.category for e in r.events if e.trigger.text == "released"] == ["RETREAT"]


def test_a_noun_phrase_hung_on_the_verb_still_constrains_the_noun(extract: Extract) -> None:
    r = extract(
        "Peru's supreme court opened a public hearing on Monday into the legality of the emergency decree."
    )
    assert ("ACCUSE", "hearing") in categories(r)


def test_a_participle_used_as_a_noun_is_no_trigger(extract: Extract) -> None:
    r = extract("Red Cross helicopters evacuated the wounded from the besieged town of Kherson on Monday.")
    assert categories(r) == [("AID", "evacuated")]


def test_a_group_noun_is_looked_through_to_its_members(extract: Extract) -> None:
    r = extract("The Georgian prime minister received a team of inspectors from the IAEA on Monday.")
    assert [(e.category, e.mode) for e in r.events] == [("RETREAT", "access")]


def test_an_object_constraint_sees_the_compound_of_a_pact_noun(extract: Extract) -> None:
    r = extract("Ethiopian and Eritrean forces violated the ceasefire agreement near Badme on Monday.")
    assert ("ASSAULT", "violated") in categories(r)
