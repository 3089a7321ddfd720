"""What an event is attached to (events/attach.py): its place, and the roles inferred from that place."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flashpoint.errors import ResourceError
from flashpoint.events.attach import PlaceRoles, dateline_end, parse_place_roles, roles_from_place
from flashpoint.records import DocumentResult, EntityRef, Event, EventPlace

Extract = Callable[..., DocumentResult]


def event(result: DocumentResult, trigger: str) -> Event:
    found = [e for e in result.events if e.trigger.text == trigger]
    assert len(found) == 1, [(e.category, e.trigger.text) for e in result.events]
    return found[0]


def codes(refs: tuple[EntityRef, ...]) -> set[str | None]:
    return {r.code for r in refs}


# -- roles inferred from the place, on records ---------------------------------------------------------

PLACE = EventPlace("p1", "Mombasa", "Mombasa", 40, 47, -4.05, 39.67, "KEN", "city")
RULES = parse_place_roles(
    """
[recipient]
ASSAULT = "CVL"
"COERCE.restrict" = ""
COERCE = "CVL"
"CONSULT.visit" = "GOV"
[actor]
"ASSAULT.explosives" = "UAF"
COERCE = "GOV"
"""
)
SOMALI = EntityRef("SOM", "REB", "al-Shabaab", "al-Shabaab", None, "a1")


def test_an_empty_recipient_is_the_population_of_the_place() -> None:
    actor, recipient, why = roles_from_place("ASSAULT", None, (SOMALI,), (), PLACE, RULES)
    assert actor == (SOMALI,)
    assert recipient == (EntityRef("KEN", "CVL", "Mombasa", "Mombasa", None, "p1"),)
    assert why == ["recipient inferred from the place 'Mombasa': KEN CVL"]


def test_the_inferred_entity_is_the_place_entity() -> None:
    _, recipient, _ = roles_from_place("ASSAULT", None, (SOMALI,), (), PLACE, RULES)
    assert recipient[0].entity_id == PLACE.place_id
    assert recipient[0].entity_text == PLACE.text


def test_a_named_recipient_is_kept() -> None:
    named = (EntityRef("KEN", "MIL", "Kenyan soldiers", None, None, "a2"),)
    _, recipient, why = roles_from_place("ASSAULT", None, (SOMALI,), named, PLACE, RULES)
    assert recipient == named
    assert why == []


def test_a_mode_entry_wins_over_its_category() -> None:
    assert roles_from_place("COERCE", "restrict", (), (), PLACE, RULES)[1] == ()
    assert codes(roles_from_place("COERCE", "arrest", (), (), PLACE, RULES)[1]) == {"KEN"}
    # the visit mode only: talks held somewhere do not make the host a party
    assert roles_from_place("CONSULT", None, (SOMALI,), (), PLACE, RULES)[1] == ()


def test_a_category_not_listed_takes_nothing_from_its_place() -> None:
    assert roles_from_place("ACCUSE", None, (), (), PLACE, RULES) == ((), (), [])


def test_an_unattributed_bombing_has_an_unidentified_armed_group_of_the_place_as_actor() -> None:
    actor, _, why = roles_from_place("ASSAULT", "explosives", (), (), PLACE, RULES)
    assert [(r.code, r.sector) for r in actor] == [("KEN", "UAF")]
    assert "actor inferred from the place 'Mombasa': KEN UAF" in why
    assert roles_from_place("ASSAULT", "aerial", (), (), PLACE, RULES)[0] == ()


def test_no_recipient_is_inferred_for_two_sides() -> None:
    two = (SOMALI, EntityRef("ETH", "MIL", "Ethiopian troops", None, None, "a3"))
    assert roles_from_place("ASSAULT", None, two, (), PLACE, RULES)[1] == ()


def test_a_government_is_not_its_own_host() -> None:
    kenyan = (EntityRef("KEN", "GOV", "the Kenyan president", None, None, "a4"),)
    assert roles_from_place("CONSULT", "visit", kenyan, (), PLACE, RULES)[1] == ()
    guest = (EntityRef("UGA", "GOV", "the Ugandan president", None, None, "a5"),)
    assert codes(roles_from_place("CONSULT", "visit", guest, (), PLACE, RULES)[1]) == {"KEN"}


def test_no_place_or_no_country_infers_nothing() -> None:
    assert roles_from_place("ASSAULT", None, (), (), None, RULES) == ((), (), [])
    border = EventPlace("p2", "the border", "the border", 0, 10, None, None, None, "region")
    assert roles_from_place("ASSAULT", None, (), (), border, RULES) == ((), (), [])


def test_place_roles_file_must_map_categories_to_sectors() -> None:
    with pytest.raises(ResourceError):
        parse_place_roles("[actor]\nASSAULT = 3\n")
    assert parse_place_roles("") == PlaceRoles({}, {})


# -- roles inferred from the place, through the coder -----------------------------------------------------


def test_an_agentless_bombing_is_coded_to_an_armed_group_of_its_place(extract: Extract) -> None:
    e = event(extract("A judge was killed in a car bomb explosion in Mogadishu on Sunday."), "killed")
    assert [(r.code, r.sector) for r in e.actor] == [("SOM", "UAF")]
    assert any(w.startswith("actor inferred from the place 'Mogadishu'") for w in e.why)


def test_killing_people_somewhere_targets_that_country(extract: Extract) -> None:
    e = event(extract("Islamist gunmen killed twelve people in Garissa on Tuesday."), "killed")
    assert codes(e.recipient) == {"KEN"}


def test_an_arrival_on_a_visit_is_a_visit_to_the_host(extract: Extract) -> None:
    e = event(extract("The Ugandan president arrived in Nairobi on Wednesday for a two-day visit."), "visit")
    assert codes(e.recipient) == {"KEN"}


# -- the event's place is where it happened ------------------------------------------------------------


def test_a_place_someone_comes_from_is_not_the_event_place(extract: Extract) -> None:
    e = event(extract("A German journalist from Hamburg was detained in Turkey on Monday."), "detained")
    assert e.place is not None
    assert e.place.country == "TUR"
    assert codes(e.actor) == {"TUR"}  # the state where the arrest was made
    assert codes(e.recipient) == {"DEU"}


def test_the_seat_of_an_office_is_not_the_event_place(extract: Extract) -> None:
    e = event(
        extract("A plot to assassinate the mayor of Lyon was foiled in Marseille, police said."),
        "assassinate",
    )
    assert e.place is not None
    assert e.place.name == "Marseille"


@pytest.mark.parametrize(
    ("line", "length"),
    [("GENEVA / NAIROBI - The agency said", len("GENEVA / NAIROBI - ")), ("NEW YORK/GENEVA -- x", 19)],
)
def test_a_dateline_of_several_cities(line: str, length: int) -> None:
    assert dateline_end(line) == length


def test_a_restriction_imposed_in_a_place_falls_on_its_population(extract: Extract) -> None:
    e = event(extract("Ethiopia on Friday reimposed blockades in the Tigray region."), "blockades")
    assert [(r.code, r.sector) for r in e.recipient] == [("ETH", "CVL")]
    # a crossing that is itself closed is no party
    e = event(extract("The Turkish border crossing in Hatay was also shut."), "shut")
    assert all(r.sector != "CVL" for r in e.recipient)


def test_a_threatened_act_in_a_place_concerns_that_place(extract: Extract) -> None:
    r = extract("The Kenyan government said it was prepared to impose martial law as riots raged in Mombasa.")
    threats = [e for e in r.events if e.category == "THREATEN"]
    assert threats
    assert codes(threats[0].recipient) == {"KEN"}


def test_the_place_of_a_statement_verb_is_where_it_was_made() -> None:
    rules = parse_place_roles('[recipient_within]\nREJECT = "CVL"\n')
    assert roles_from_place("REJECT", None, (SOMALI,), (), PLACE, rules)[1] == ()
    assert codes(roles_from_place("REJECT", None, (SOMALI,), (), PLACE, rules, within=True)[1]) == {"KEN"}
