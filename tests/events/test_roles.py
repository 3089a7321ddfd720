"""Who the actor and who the recipient of a trigger is (events/roles.py), on sentences written per rule."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flashpoint.records import DocumentResult, Event

Extract = Callable[..., DocumentResult]


def event(result: DocumentResult, trigger: str) -> Event:
    found = [e for e in result.events if e.trigger.text == trigger]
    assert len(found) == 1, [(e.category, e.trigger.text) for e in result.events]
    return found[0]


def actor_codes(e: Event) -> set[str | None]:
    return {r.code for r in e.actor}


def recipient_codes(e: Event) -> set[str | None]:
    return {r.code for r in e.recipient}


def test_one_sided_agreement_takes_the_party_the_action_is_for(extract: Extract) -> None:
    e = event(
        extract("The European Union agreed on Monday to send 40 million euros of aid to Sudan and Chad."),
        "agreed",
    )
    assert actor_codes(e) == {"IGO"}
    assert recipient_codes(e) == {"SDN", "TCD"}


def test_agreement_between_two_sides_takes_no_venue_or_mediator(extract: Extract) -> None:
    e = event(
        extract("Ethiopia and Eritrea agreed on Monday to a truce in talks hosted by Kenya in Nairobi."),
        "agreed",
    )
    assert actor_codes(e) == {"ETH", "ERI"}
    assert e.recipient == ()


def test_with_phrase_on_the_object_of_the_trigger_verb(extract: Extract) -> None:
    e = event(extract("Ethiopian officials held talks with leaders of Kenya's government on Friday."), "held")
    assert actor_codes(e) == {"ETH", "KEN"}


def test_between_phrase_on_the_noun_an_event_noun_modifies(extract: Extract) -> None:
    e = event(extract("Qatar launched a mediation effort between Ethiopia and Egypt on Sunday."), "mediation")
    assert actor_codes(e) == {"QAT"}
    assert recipient_codes(e) == {"ETH", "EGY"}


def test_indirect_object_of_a_light_verb(extract: Extract) -> None:
    e = event(extract("Japan gave Sri Lanka 3 million dollars of aid for flood relief."), "aid")
    assert actor_codes(e) == {"JPN"}
    assert recipient_codes(e) == {"LKA"}


def test_first_party_after_the_trigger_keeps_its_conjuncts(extract: Extract) -> None:
    e = event(
        extract("Iran threatened to launch strikes against the United States and Israel."), "threatened"
    )
    assert recipient_codes(e) == {"USA", "ISR"}


def test_the_actors_own_troops_are_not_the_recipient(extract: Extract) -> None:
    e = event(extract("Egypt offered its troops to Sudan's new government on Monday."), "offered")
    assert actor_codes(e) == {"EGY"}
    assert recipient_codes(e) == {"SDN"}


def test_reinforcing_its_own_forces_somewhere(extract: Extract) -> None:
    e = event(extract("Turkey has strengthened its forces in Syria, officials said."), "strengthened")
    assert recipient_codes(e) == {"SYR"}


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Ethiopia threatened to close the border unless Eritrea withdrew its troops.", "ERI"),
        ("Iraq threatened to suspend oil exports if Turkey goes ahead with the dam.", "TUR"),
    ],
)
def test_a_threat_is_aimed_at_the_subject_of_its_condition(extract: Extract, text: str, target: str) -> None:
    e = event(extract(text), "threatened")
    assert recipient_codes(e) == {target}


def test_a_word_inside_a_longer_place_name_names_no_country(extract: Extract) -> None:
    e = event(extract("Irish police arrested two men from Northern Ireland on Friday."), "arrested")
    assert recipient_codes(e) == {"GBR"}


def test_a_stance_participle_has_its_subject_as_the_actor(extract: Extract) -> None:
    e = event(extract("Egypt is opposed to Turkish mediation in the dispute, an aide said."), "opposed")
    assert actor_codes(e) == {"EGY"}
    assert recipient_codes(e) == {"TUR"}


def test_the_author_of_a_statement_demands_what_it_demands(extract: Extract) -> None:
    text = (
        "The rebel Sudan People's Liberation Movement issued a statement demanding that the Ethiopian "
        "government release its commander."
    )
    e = event(extract(text), "demanding")
    assert e.actor != ()
    assert recipient_codes(e) == {"ETH"}


def test_an_event_noun_coordinated_with_the_object(extract: Extract) -> None:
    text = (
        "Ethiopian troops launched artillery, mortar and rocket fire at rebel camps near the Sudanese border."
    )
    e = event(extract(text), "fire")
    assert actor_codes(e) == {"ETH"}


def test_the_subject_of_engaged_in_does_what_the_noun_says(extract: Extract) -> None:
    e = event(
        extract("Houthi fighters were engaged in heavy fighting with Saudi troops near the border."),
        "fighting",
    )
    assert actor_codes(e) == {"YEM", "SAU"}


def test_those_who_gather_for_a_rally_hold_it(extract: Extract) -> None:
    e = event(extract("Thousands of Kenyans gathered for a rally in Nairobi on Monday."), "rally")
    assert actor_codes(e) == {"KEN"}


def test_what_an_event_noun_did_in_its_relative_clause_names_the_recipient(extract: Extract) -> None:
    e = event(
        extract("Opposition parties in Bangladesh organised a general strike that shut down Dhaka."), "strike"
    )
    assert actor_codes(e) == {"BGD"}
    assert recipient_codes(e) == {"BGD"}


def test_us_in_capitals_is_the_united_states_not_a_pronoun(extract: Extract) -> None:
    e = event(extract("The US on Monday rejected calls by Kenya to lift the sanctions on Sudan."), "rejected")
    assert actor_codes(e) == {"USA"}


def test_a_locative_phrase_of_the_trigger_is_not_its_recipient(extract: Extract) -> None:
    # "in Gao" says where: the recipient is not read from it but inferred from the place (its population)
    e = event(extract("Tuareg rebels attacked in Gao on Sunday."), "attacked")
    assert [(r.code, r.sector) for r in e.recipient] == [("MLI", "CVL")]
    assert not any("first party after the trigger" in w for w in e.why)


@pytest.mark.parametrize(
    ("text", "trigger", "holder"),
    [
        (
            "A Kurdish activist died after torture while in Turkish police custody, his lawyer said.",
            "died",
            "TUR",
        ),
        ("A detainee died in the custody of the Egyptian army on Friday.", "died", "EGY"),
        (
            "Two prisoners held by Houthi rebels were tortured to death, a rights group said.",
            "tortured",
            "YEM",
        ),
    ],
)
def test_who_holds_the_victim_of_harm_in_custody_is_the_actor(
    extract: Extract, text: str, trigger: str, holder: str
) -> None:
    e = event(extract(text), trigger)
    assert actor_codes(e) == {holder}
    assert any(w.startswith("actor") and "who holds the victim" in w for w in e.why)


def test_they_stands_for_people_named_in_the_plural(extract: Extract) -> None:
    r = extract(
        "The Somali opposition said it would boycott the elections. "
        "Rebel commanders in Darfur said they had attacked an army base near Nyala."
    )
    e = event(r, "attacked")
    assert actor_codes(e) == {"SDN"}
    assert any("pronoun 'they' taken as the subject 'Rebel commanders'" in w for w in e.why)


def test_coordinated_country_names_are_all_recipients(extract: Extract) -> None:
    e = event(extract("The Chinese premier will visit Mauritania and Senegal next week."), "visit")
    assert recipient_codes(e) == {"MRT", "SEN"}


def test_the_conjuncts_of_an_of_phrase_are_all_named(extract: Extract) -> None:
    e = event(extract("The Indian foreign minister met officials of Nepal and Bhutan on Monday."), "met")
    assert actor_codes(e) == {"IND", "NPL", "BTN"}


def test_a_complaint_to_an_audience_accuses_the_party_it_is_about(extract: Extract) -> None:
    e = event(
        extract("Somalia complained to the Security Council on Monday over three Kenyan air strikes."),
        "complained",
    )
    assert actor_codes(e) == {"SOM"}
    assert recipient_codes(e) == {"KEN"}
    assert any("what the complaint is about" in w for w in e.why)


def test_a_refusal_to_allow_a_party_to_act_is_aimed_at_that_party(extract: Extract) -> None:
    e = event(
        extract("Sudan's army refused to allow Red Cross planes to land and evacuate the wounded."),
        "refused",
    )
    assert actor_codes(e) == {"SDN"}
    assert recipient_codes(e) == {"IGO"}


def test_who_orders_a_party_to_suspend_itself_coerces_that_party(extract: Extract) -> None:
    e = event(
        extract("Myanmar's junta ordered the opposition newspaper The Irrawaddy to suspend publication."),
        "suspend",
    )
    assert {r.sector for r in e.actor} == {"GOV"}
    assert {r.sector for r in e.recipient} == {"JRN"}
    assert any("the one who orders coerces the one ordered" in w for w in e.why)


def test_a_preposition_the_parser_left_without_its_object_keeps_it(extract: Extract) -> None:
    # the parser reads 'officers' as the subject of 'holed', leaving 'to' empty
    text = (
        "Chile has granted diplomatic asylum to four Bolivian army officers holed up in a diplomatic "
        "residence since last week's military coup, the Chilean embassy said on Monday."
    )
    e = event(extract(text), "granted")
    assert actor_codes(e) == {"CHL"}
    assert recipient_codes(e) == {"BOL"}


def test_an_act_in_defiance_of_a_party_is_aimed_at_it(extract: Extract) -> None:
    e = event(extract("Thousands of people marched in Bangkok in defiance of the Thai army."), "marched")
    assert [(r.code, r.sector) for r in e.recipient] == [("THA", "MIL")]


def test_what_a_mobilisation_raises_of_the_actors_country_is_its_own_force(extract: Extract) -> None:
    text = "Russia has mobilised thousands of Russian reservists for an offensive against Ukraine."
    e = event(extract(text), "mobilised")
    assert actor_codes(e) == {"RUS"}
    assert recipient_codes(e) == {"UKR"}


def test_who_is_put_under_an_event_noun_undergoes_it(extract: Extract) -> None:
    e = event(extract("A Canadian citizen has been put under investigation in Turkey."), "investigation")
    assert recipient_codes(e) == {"CAN"}
    e = event(extract("Sudan's army placed the former Sudanese prime minister under house arrest."), "arrest")
    assert recipient_codes(e) == {"SDN"}
    assert any("put under it by 'placed'" in w for w in e.why)


def test_it_in_a_that_clause_of_obligation_is_the_one_addressed(extract: Extract) -> None:
    r = extract("The German chancellor issued a stern reminder to Iran that it must cooperate with the UN.")
    e = event(r, "cooperate")
    assert "IRN" in actor_codes(e)
    assert any("taken as the addressee" in w for w in e.why)


def test_among_names_the_sides_as_between_does(extract: Extract) -> None:
    r = extract("The African Union launched mediation efforts among Sudan's warring factions.")
    e = event(r, "mediation")
    assert actor_codes(e) == {"IGO"}
    assert recipient_codes(e) == {"SDN"}


def test_a_route_from_one_country_to_another_names_both_ends(extract: Extract) -> None:
    text = "Greek truck drivers blocked the bridge spanning the Maritsa from Bulgaria to Turkey on Monday."
    e = event(extract(text), "blocked")
    assert recipient_codes(e) == {"BGR", "TUR"}
