"""The event coder on sentences written for each rule: categories, roles, every status, attachments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from flashpoint.records import DocumentResult, Event

DAY = dt.date(2025, 10, 20)
Extract = Callable[..., DocumentResult]


def codes(refs: tuple[object, ...]) -> set[str]:
    return {f"{r.code} {r.sector}" for r in refs}  # type: ignore[attr-defined]


def only(result: DocumentResult, category: str) -> list[Event]:
    return [e for e in result.events if e.category == category]


def one(result: DocumentResult, category: str) -> Event:
    found = only(result, category)
    assert len(found) == 1, [(e.category, e.trigger.text, e.status) for e in result.events]
    return found[0]


# -- categories and roles -----------------------------------------------------------------------------


def test_reciprocal_clash_has_both_sides_as_actors(extract: Extract) -> None:
    e = one(extract("Afghan and Pakistani forces clashed along the border on Sunday."), "ASSAULT")
    assert {r.code for r in e.actor} == {"AFG", "PAK"}
    assert e.recipient == ()
    assert e.status == "asserted"
    assert e.date == "2025-10-19"
    assert e.date_source == "sentence"


def test_clashes_between_two_sides(extract: Extract) -> None:
    e = one(
        extract("Heavy clashes between Pakistani troops and Taliban fighters erupted near Chaman."), "ASSAULT"
    )
    assert {r.code for r in e.actor} == {"AFG", "PAK"}
    assert e.place is not None
    assert e.place.text == "Chaman"


def test_passive_with_by_phrase(extract: Extract) -> None:
    r = extract("Three Afghan civilians were killed by Pakistani shelling in Kunar on Saturday.")
    e = one(r, "ASSAULT")
    assert "PAK" in {x.code for x in e.actor}
    assert "AFG CVL" in codes(e.recipient)
    assert e.size
    assert e.size[0].type == "dead"
    assert e.size[0].low == 3


def test_possessive_and_adjective_name_the_actor(extract: Extract) -> None:
    e = one(extract("Pakistan's airstrikes on Kabul drew condemnation."), "ASSAULT")
    assert {x.code for x in e.actor} == {"PAK"}
    assert {x.code for x in e.recipient} == {"AFG"}
    e = one(extract("Pakistani airstrikes hit a market in Khost."), "ASSAULT")
    assert {x.code for x in e.actor} == {"PAK"}
    assert e.mode == "aerial"


def test_agreement_with_compound_actor(extract: Extract) -> None:
    r = extract(
        "Pakistan and Afghanistan agreed on Sunday to an immediate ceasefire, Qatar's foreign ministry said."
    )
    agree = [e for e in r.events if e.category == "AGREE"]
    assert agree, [(e.category, e.trigger.text) for e in r.events]
    assert {x.code for x in agree[0].actor} >= {"PAK", "AFG"}
    assert all(e.category != "ASSAULT" for e in r.events)


def test_border_closure_is_coerce(extract: Extract) -> None:
    e = one(extract("Pakistan closed the Torkham crossing on Monday."), "COERCE")
    assert {x.code for x in e.actor} == {"PAK"}
    assert e.place is not None
    assert e.place.text.startswith("Torkham")


def test_deportation_is_coerce(extract: Extract) -> None:
    r = extract("Pakistani authorities deported more than 1,200 Afghans through Torkham last week.")
    e = one(r, "COERCE")
    assert {x.code for x in e.actor} == {"PAK"}


def test_spokesperson_codes_the_government_he_speaks_for(extract: Extract) -> None:
    e = one(
        extract("The Afghan government spokesperson accused Pakistan of violating Afghan airspace."), "ACCUSE"
    )
    assert codes(e.actor) == {"AFG GOV"}
    assert {x.code for x in e.recipient} == {"PAK"}


def test_one_sentence_holds_several_events(extract: Extract) -> None:
    r = extract(
        "Pakistan closed the border crossings after Afghan forces attacked its posts, and the two sides "
        "held talks in Doha on Saturday."
    )
    cats = {e.category for e in r.events}
    assert {"COERCE", "ASSAULT", "CONSULT"} <= cats


# -- status ------------------------------------------------------------------------------------------


def test_alleged_event_carries_its_claimant_and_an_accusation(extract: Extract) -> None:
    r = extract("The Taliban said Pakistani airstrikes killed 10 civilians in Paktika on Friday.")
    a = one(r, "ASSAULT")
    assert a.status == "alleged"
    assert codes(a.claimant) == {"AFG GOV"}
    assert "PAK" in {x.code for x in a.actor}
    acc = one(r, "ACCUSE")
    assert {x.code for x in acc.actor} == {"AFG"}
    assert {x.code for x in acc.recipient} == {"PAK"}
    assert a.id in acc.related


def test_denial_makes_the_claim_disputed(extract: Extract) -> None:
    r = extract(
        "Kabul accused Pakistan of carrying out airstrikes in Paktika province. "
        "Pakistan's military denied the accusation."
    )
    strike = one(r, "ASSAULT")
    assert strike.status == "disputed"
    assert codes(strike.claimant) == {"AFG GOV"}
    reject = one(r, "REJECT")
    assert {x.code for x in reject.actor} == {"PAK"}
    assert {x.code for x in reject.recipient} == {"AFG"}
    assert strike.id in reject.related


def test_denied_event(extract: Extract) -> None:
    r = extract("Kabul denied sheltering militants and denied carrying out the attack on the border post.")
    assert all(e.status != "asserted" for e in r.events if e.category == "ASSAULT")
    assert only(r, "REJECT")


def test_hypothetical_event(extract: Extract) -> None:
    r = extract("If the talks fail, the two countries could hold another round in Istanbul.")
    assert {e.status for e in r.events if e.category == "CONSULT"} == {"hypothetical"}


def test_future_event(extract: Extract) -> None:
    e = one(extract("Khawaja Asif will meet Mullah Yaqoob in Istanbul next week."), "CONSULT")
    assert e.status == "future"
    assert {x.code for x in e.actor} == {"PAK", "AFG"}
    assert e.date is not None
    assert e.date.startswith("2025-W")


def test_negated_event(extract: Extract) -> None:
    r = extract("Pakistan has not closed the Chaman crossing, officials said.")
    assert not only(r, "COERCE")
    r = extract("The two sides did not meet on Saturday.")
    assert {e.status for e in only(r, "CONSULT")} <= {"negated"}


def test_historical_event(extract: Extract) -> None:
    e = one(extract("The Taliban seized Kabul in August 2021."), "COERCE")
    assert e.status == "historical"
    assert e.date == "2021-08"


# -- negative tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Fighting has not resumed since the ceasefire took hold.",
        "No clashes were reported along the border on Sunday.",
        "If the truce fails, Pakistan could launch strikes inside Afghanistan.",
        "Pakistan will strike militant hideouts in Afghanistan if attacks continue.",
        "Khawaja Asif warned that open war was the only option left if talks failed.",
        "Pakistan threatened to attack Taliban positions.",
        "Islamabad reserves the right to retaliate against any aggression.",
        "Pakistan plans to bomb militant camps next month.",
        "Kabul urged Pakistan not to attack the border villages.",
    ],
)
def test_no_violence_from_non_facts(extract: Extract, text: str) -> None:
    r = extract(text)
    assert [e for e in r.events if e.category == "ASSAULT"] == [], [
        (e.category, e.trigger.text, e.status) for e in r.events
    ]


def test_threat_is_threaten_with_what_it_threatens(extract: Extract) -> None:
    r = extract("Pakistan threatened to attack Taliban positions in Afghanistan.")
    e = one(r, "THREATEN")
    assert {x.code for x in e.actor} == {"PAK"}
    assert e.comment is not None
    assert "attack" in e.comment


def test_conditional_pledge_keeps_its_condition(extract: Extract) -> None:
    r = extract("Pakistan will respect the ceasefire as long as the Afghan side does the same, Asif said.")
    assert any(e.comment and "as long as" in e.comment for e in r.events), [
        (e.category, e.trigger.text, e.comment) for e in r.events
    ]


def test_mediator_is_never_the_actor_of_violence(extract: Extract) -> None:
    r = extract(
        "Talks hosted by Turkey and mediated by Qatar collapsed in Istanbul. "
        "Hours later the October clashes resumed along the border between Pakistan and Afghanistan."
    )
    for e in r.events:
        if e.category == "ASSAULT":
            assert not {x.code for x in e.actor} & {"TUR", "QAT"}


def test_a_mediators_venue_gives_no_nationality_to_the_dead(extract: Extract) -> None:
    r = extract(
        "Pakistan and Afghanistan held talks in Istanbul. "
        "Turkey and Qatar, the mediators, said progress was made. "
        "A ceasefire was first agreed in Doha after a week of border fighting in which dozens of "
        "soldiers and civilians were killed."
    )
    violent = [e for e in r.events if e.category == "ASSAULT"]
    assert violent
    for e in violent:
        assert not {x.code for x in (*e.actor, *e.recipient)} & {"TUR", "QAT"}, e.why
    assert any({x.code for x in e.actor} == {"PAK", "AFG"} for e in violent)


def test_the_people_deported_are_the_recipients_even_in_a_headline(extract: Extract) -> None:
    r = extract("Thousands of Afghans deported from Pakistan\n\nOfficials gave no reason.")
    (e,) = [x for x in r.events if x.mode == "deport"]
    assert [(a.code, a.sector) for a in e.actor] == [("PAK", "GOV")]
    assert [(a.code, a.sector) for a in e.recipient] == [("AFG", "REF")]


def test_a_place_naming_another_thing_is_not_the_events_place(extract: Extract) -> None:
    r = extract("The Istanbul talks collapsed after Pakistani jets struck a market in the east.")
    struck = next(e for e in r.events if e.trigger.text == "struck")
    assert struck.place is None
    talks = next(e for e in r.events if e.category == "CONSULT")
    assert talks.place is not None
    assert talks.place.name == "Istanbul"


def test_fighting_in_an_after_phrase_is_not_at_the_main_clauses_place(extract: Extract) -> None:
    r = extract(
        "The ceasefire was first agreed in Doha on October 19 after a week of border fighting. "
        "Pakistani troops shelled Afghan posts in Kunar after talks in Istanbul collapsed."
    )
    fighting = next(e for e in r.events if e.trigger.text == "fighting")
    assert fighting.place is None
    shelled = next(e for e in r.events if e.trigger.text == "shelled")
    assert shelled.place is not None
    assert shelled.place.name == "Kunar"


def test_no_event_from_pure_background(extract: Extract) -> None:
    r = extract("The TTP is an umbrella of militant factions and shares the ideology of the Afghan Taliban.")
    assert r.events == ()


# -- attachments ------------------------------------------------------------------------------------


def test_date_from_a_governing_sentence(extract: Extract) -> None:
    r = extract("The fighting began on October 11. Pakistani forces shelled Afghan border posts.")
    e = next(x for x in r.events if x.trigger.text == "shelled")
    assert e.date == "2025-10-11"
    assert e.date_source == "governing"


def test_date_falls_back_to_the_publication_date(extract: Extract) -> None:
    e = one(extract("Pakistani forces shelled Afghan border posts."), "ASSAULT")
    assert e.date == DAY.isoformat()
    assert e.date_source == "published"


def test_last_month_gives_a_month(extract: Extract) -> None:
    e = one(extract("Pakistani forces shelled Afghan border posts last month."), "ASSAULT")
    assert e.date == "2025-09"
    assert e.date_precision == "month"


def test_scores_follow_plover(extract: Extract) -> None:
    e = one(extract("Pakistani jets bombed Taliban positions on Sunday."), "ASSAULT")
    assert e.quad_code == 4
    assert e.event_scale <= -9.0
    e = one(extract("Pakistan and Afghanistan held talks in Doha on Saturday."), "CONSULT")
    assert e.quad_code == 1
    assert e.event_scale > 0


def test_source_outlet(extract: Extract) -> None:
    r = extract("Pakistani airstrikes killed five people in Khost, according to Reuters.")
    assert any("Reuters" in e.source_outlets for e in r.events)


# -- statements that are events themselves ------------------------------------------------------------


def test_a_demand_without_a_demand_word_is_a_request(extract: Extract) -> None:
    r = extract("Pakistan's foreign ministry said the Taliban government must act against the TTP.")
    e = one(r, "REQUEST")
    assert {x.code for x in e.actor} == {"PAK"}
    assert codes(e.recipient) == {"AFG GOV"}
    assert e.comment is not None
    assert e.comment.startswith("demanded:")


def test_a_pledge_of_cooperation_is_an_agreement(extract: Extract) -> None:
    r = extract("Qatar will provide 20 tons of food aid to Afghan returnees at Torkham.")
    agree = one(r, "AGREE")
    assert {x.code for x in agree.actor} == {"QAT"}
    aid = one(r, "AID")
    assert aid.status == "future"
    assert aid.id in agree.related


def test_a_stated_response_is_a_threat_not_an_attack(extract: Extract) -> None:
    r = extract('"We will respond with full force to any aggression," the Afghan defence minister said.')
    e = one(r, "THREATEN")
    assert codes(e.actor) == {"AFG GOV"}
    assert e.status == "asserted"
    assert not only(r, "ASSAULT")


def test_a_refusal_to_cooperate_is_a_rejection(extract: Extract) -> None:
    r = extract("The Taliban government will not accept Pakistan's conditions for reopening the crossings.")
    assert only(r, "REJECT"), [(e.category, e.trigger.text, e.status) for e in r.events]


def test_a_denial_answers_the_claim_told_before_it(extract: Extract) -> None:
    r = extract(
        "A Pakistani security official said the strikes had targeted militant hideouts in Paktika. "
        "A Taliban spokesman rejected that account."
    )
    reject = one(r, "REJECT")
    assert {x.code for x in reject.recipient} == {"PAK"}
    strikes = [e for e in r.events if e.category == "ASSAULT"]
    assert strikes
    assert {e.status for e in strikes} == {"disputed"}


def test_an_unnamed_doer_continues_the_act_just_told(extract: Extract) -> None:
    r = extract(
        "Pakistani jets bombed three villages in Paktika province on Friday night. "
        "Eight civilians were killed and four wounded."
    )
    killed = next(e for e in r.events if e.trigger.text == "killed")
    assert {x.code for x in killed.actor} == {"PAK"}
    assert any("carried" in w for w in killed.why)


def test_each_count_goes_to_the_nearest_event(extract: Extract) -> None:
    r = extract("Militants killed 12 soldiers in Kurram, and the army said it killed 30 militants in Bajaur.")
    sizes = {e.trigger.start: [q.low for q in e.size if q.type == "dead"] for e in r.events}
    assert sorted(v for vs in sizes.values() for v in vs) == [12, 30]
    assert all(len(v) <= 1 for v in sizes.values())


def test_neither_confirmed_nor_denied_is_no_denial(extract: Extract) -> None:
    r = extract("Pakistan neither confirmed nor denied carrying out the strikes in Kabul.")
    assert {e.status for e in r.events if e.category == "REJECT"} <= {"negated"}
    assert all(e.status != "denied" for e in r.events)


def test_stock_phrases_are_no_events(extract: Extract) -> None:
    r = extract("A spokesman for the ministry did not respond to a request for comment.")
    assert r.events == ()
    r = extract("Pakistan pressed ahead with deportations of Afghans on Monday.")
    assert [e.category for e in r.events] == ["COERCE"]
    assert {x.code for x in r.events[0].actor} == {"PAK"}


def test_talks_dated_after_publication_are_future(extract: Extract) -> None:
    r = extract("Much depends on the third round of talks due in Istanbul on October 28.")
    assert {e.status for e in r.events if e.category == "CONSULT"} == {"future"}


def test_the_prospect_of_coercion_is_no_coercion(extract: Extract) -> None:
    r = extract("Thousands of Afghans left Pakistan under pressure of arrest and deportation.")
    assert not [e for e in r.events if e.category == "COERCE" and e.status == "asserted"]


def test_a_participle_shares_the_future_of_its_noun(extract: Extract) -> None:
    r = extract("Police will launch a new drive targeting Afghans without valid documents next week.")
    assert not [e for e in r.events if e.category in ("ASSAULT", "COERCE") and e.status != "future"]


def test_nominal_mentions_are_events_with_the_main_parties(extract: Extract) -> None:
    r = extract(
        "Pakistan accused Afghanistan of sheltering militants, and Afghan forces fired on Pakistani posts. "
        "The third round of talks opened in Istanbul on Thursday."
    )
    talks = [e for e in r.events if e.category == "CONSULT"]
    assert talks, [(e.category, e.trigger.text) for e in r.events]
    assert {x.code for x in talks[0].actor} == {"PAK", "AFG"}
    assert any("main parties" in w for w in talks[0].why)


def test_easing_a_restriction_is_a_concession(extract: Extract) -> None:
    r = extract("Pakistan's government lifted the state of emergency in Kurram on Sunday.")
    e = one(r, "CONCEDE")
    assert {x.code for x in e.actor} == {"PAK"}
    assert not only(r, "COERCE")


def test_cutting_cooperation_is_a_sanction(extract: Extract) -> None:
    r = extract("Pakistan suspended all trade and transit with Afghanistan on Sunday.")
    e = one(r, "SANCTION")
    assert {x.code for x in e.actor} == {"PAK"}
    assert e.mode == "discontinue"


def test_accepting_demands_is_a_concession(extract: Extract) -> None:
    r = extract("The Taliban government accepted demands from Pakistan that it act against the TTP.")
    assert only(r, "CONCEDE"), [(e.category, e.trigger.text) for e in r.events]


def test_an_action_held_out_unless_the_other_side_acts_is_a_threat(extract: Extract) -> None:
    r = extract("Pakistan said it will close the Torkham crossing unless Kabul acts against the TTP.")
    e = one(r, "THREATEN")
    assert {x.code for x in e.actor} == {"PAK"}
    assert not [x for x in r.events if x.category == "COERCE" and x.status == "asserted"]


def test_a_party_saying_it_did_not_happen_disputes_the_claim(extract: Extract) -> None:
    r = extract(
        "Afghan officials said Pakistani drones targeted civilians in Barmal. "
        '"No civilian was targeted," a Pakistani security official said.'
    )
    strike = next(e for e in r.events if e.category == "ASSAULT")
    assert strike.status == "disputed"
    reject = one(r, "REJECT")
    assert {x.code for x in reject.actor} == {"PAK"}
    assert strike.id in reject.related


def test_a_threat_in_the_negative_is_still_a_threat(extract: Extract) -> None:
    r = extract('"This aggression will not go unanswered," the Afghan defence ministry said.')
    e = one(r, "THREATEN")
    assert e.status == "asserted"
    assert codes(e.actor) == {"AFG GOV"}


def test_deportations_are_done_to_the_people_named(extract: Extract) -> None:
    r = extract("Deportations of undocumented Afghans resumed in Peshawar on Monday.")
    e = one(r, "COERCE")
    assert {x.sector for x in e.recipient} & {"REF", "CVL"}
    r = extract("Pakistan closed the Torkham crossing on Monday.")
    assert one(r, "COERCE").recipient == ()


# -- refusals, apologies, easing, bans (PLOVER-category rules) ------------------------------------------


def test_failing_to_reach_a_deal_is_a_refusal_not_an_agreement(extract: Extract) -> None:
    r = extract("Ethiopia and Eritrea failed to reach an agreement on the border on Sunday.")
    assert not [e for e in r.events if e.category == "AGREE" and e.status == "asserted"]
    assert {x.code for x in one(r, "REJECT").actor} == {"ETH", "ERI"}


def test_declining_to_resign_is_a_refusal(extract: Extract) -> None:
    r = extract("The Somali interior minister declined to resign on Monday despite pressure from parliament.")
    assert not [e for e in r.events if e.category == "RETREAT" and e.status == "asserted"]
    assert codes(one(r, "REJECT").actor) == {"SOM GOV"}
    r = extract("The Somali interior minister declined to comment.")
    assert r.events == ()


def test_reneging_on_a_promise_is_a_refusal(extract: Extract) -> None:
    r = extract("The Chadian president has reneged on his promise to hold elections this year.")
    e = one(r, "REJECT")
    assert e.trigger.text == "reneged"
    assert not only(r, "AGREE")


def test_an_apology_is_support(extract: Extract) -> None:
    r = extract("Chile has apologized to Peru for the seizure of a Peruvian trawler.")
    e = r.events[0]
    assert (e.category, e.trigger.text) == ("SUPPORT", "apologized")
    assert {x.code for x in e.recipient} == {"PER"}
    e = one(extract("Eritrean elders said they were willing to forgive the Ethiopian president."), "SUPPORT")
    assert e.trigger.text == "forgive"


def test_easing_measures_is_a_concession(extract: Extract) -> None:
    e = one(extract("Armenia eased emergency measures in the Syunik region on Tuesday."), "CONCEDE")
    assert e.trigger.text == "eased"
    assert {x.code for x in e.actor} == {"ARM"}


def test_sworn_to_fight_is_a_threat_not_fighting(extract: Extract) -> None:
    r = extract("Rebel commanders in Kivu have sworn to fight until they take the town of Goma.")
    assert one(r, "THREATEN").trigger.text == "sworn"
    assert not only(r, "ASSAULT")
    r = extract("The new Somali president was sworn in on Monday.")
    assert not only(r, "THREATEN")


def test_banning_people_from_acting_is_coercion(extract: Extract) -> None:
    r = extract("President Paul Kagame has banned Rwandan opposition candidates from standing in elections.")
    e = r.events[0]
    assert (e.category, e.mode, e.trigger.text) == ("COERCE", "restrict", "banned")
    assert codes(e.actor) == {"RWA GOV"}
    assert one(extract("Kenya banned imports of sugar from Uganda."), "SANCTION").trigger.text == "banned"


def test_preventing_a_demonstration_is_coercion(extract: Extract) -> None:
    r = extract("Kenyan police prevented a demonstration by students near the parliament in Nairobi.")
    e = r.events[0]
    assert (e.category, e.trigger.text) == ("COERCE", "prevented")
    assert codes(e.actor) == {"KEN COP"}


def test_cancelling_restrictions_eases_them(extract: Extract) -> None:
    r = extract("The Thai cabinet cancelled restrictions on the use of the Malay language in schools.")
    e = r.events[0]
    assert (e.category, e.trigger.text) == ("CONCEDE", "cancelled")
    assert not only(r, "SANCTION")
    assert one(extract("Thailand cancelled talks with Cambodia."), "SANCTION").trigger.text == "cancelled"


def test_an_event_noun_qualifying_people_or_things_is_no_event(extract: Extract) -> None:
    r = extract("Kenyan border patrol agents abused Somali migrants near Mandera, a rights group charged.")
    e = r.events[0]
    assert (e.category, e.trigger.text) == ("ASSAULT", "abused")
    assert not only(r, "MOBILIZE")
    r = extract("The Ethiopian army has been holding civilians in the battle zones of Tigray.")
    assert not only(r, "ASSAULT")
    r = extract("A deportation drive against undocumented Afghans began in Karachi on Monday.")
    assert only(r, "COERCE")


def test_what_a_protest_is_against_is_no_event_of_its_own(extract: Extract) -> None:
    r = extract("Kenyan opposition parties said they would boycott all official contact with the government.")
    assert not only(r, "CONSULT")
    assert not only(r, "AGREE")


def test_must_in_a_statement_is_a_demand_even_with_another_request_in_the_sentence(extract: Extract) -> None:
    r = extract(
        "A senior French minister reiterated that Mali must hand over the kidnappers "
        "as he began a trip to seek Arab support for the demand."
    )
    e = r.events[0]
    assert (e.category, e.trigger.text) == ("REQUEST", "must")
    assert {x.code for x in e.actor} == {"FRA"}
    assert {x.code for x in e.recipient} == {"MLI"}


def test_rebels_saying_their_government_must_act_make_a_demand(extract: Extract) -> None:
    r = extract("Somali rebels announced that the Somali government must agree to constitutional changes.")
    e = r.events[0]
    assert (e.category, e.trigger.text) == ("REQUEST", "must")
    assert codes(e.actor) == {"SOM REB"}


def test_the_one_who_issues_a_reminder_demands_what_must_be_done(extract: Extract) -> None:
    r = extract(
        "The Kenyan president issued a stern reminder to Somalia that the Somali government "
        "must cooperate fully with the monitors."
    )
    e = r.events[0]
    assert (e.category, e.trigger.text) == ("REQUEST", "must")
    assert {x.code for x in e.actor} == {"KEN"}


def test_handing_over_relief_goods_is_aid_and_handing_over_captives_a_release(extract: Extract) -> None:
    aid = one(extract("Norway handed over food aid to displaced families in Kunar."), "AID")
    assert aid.trigger.text == "handed"
    assert codes(aid.actor) == {"NOR GOV"}
    r = extract("The Taliban handed over three captured Pakistani soldiers to Pakistan on Tuesday.")
    assert one(r, "RETREAT").mode == "release"
    assert not only(r, "AID")


def test_a_bombing_that_killed_someone_targets_the_killed_not_the_town_it_was_near(extract: Extract) -> None:
    e = one(
        extract("A roadside bombing near the town of Samarra killed two Iraqi policemen on Sunday."),
        "ASSAULT",
    )
    assert codes(e.recipient) == {"IRQ COP"}
    assert e.place is not None
    assert e.place.text == "Samarra"  # the gazetteer's "Sāmarrā’" as English writes it


def test_undertaking_a_mission_is_doing_it_not_a_promise(extract: Extract) -> None:
    r = extract("The Qatari envoy undertook a mediation mission between Sudan and Chad.")
    assert not only(r, "AGREE")
    assert one(r, "CONSULT").mode == "third-party"


def test_evacuating_civilians_is_aid_and_evacuating_a_post_a_withdrawal(extract: Extract) -> None:
    assert (
        one(extract("UN helicopters evacuated civilians from Bentiu on Sunday."), "AID").trigger.text
        == "evacuated"
    )
    r = extract("Sudanese troops evacuated their base near El Fasher on Sunday.")
    assert one(r, "RETREAT").mode == "withdraw"
    assert not only(r, "AID")


def test_providing_intelligence_to_another_party_is_aid(extract: Extract) -> None:
    r = extract("Britain is providing satellite images and other intelligence to Ukraine, officials said.")
    assert one(r, "AID").trigger.text == "providing"


def test_rebels_blocking_transport_obstruct(extract: Extract) -> None:
    e = one(extract("Houthi rebels blocked transport into Taiz on Monday."), "PROTEST")
    assert e.mode == "obstruct"


def test_training_its_own_hackers_is_mobilization_training_anothers_forces_aid(extract: Extract) -> None:
    assert (
        one(extract("Iran has trained 300 hackers, officials in Israel said."), "MOBILIZE").mode == "troops"
    )
    assert (
        one(extract("Turkey trained Somali soldiers in Mogadishu last year."), "AID").trigger.text
        == "trained"
    )


def test_ordering_patrols_is_mobilization(extract: Extract) -> None:
    e = one(extract("The governor of Kano ordered patrols by police and soldiers on Monday."), "MOBILIZE")
    assert e.trigger.text == "ordered"


def test_violating_a_ban_defies_it_and_violating_a_ceasefire_is_force(extract: Extract) -> None:
    e = one(extract("A radio station in Bamako violated a ban by the junta on Monday."), "REJECT")
    assert e.trigger.text == "violated"
    assert (
        one(extract("Armenian troops violated the ceasefire on Monday."), "ASSAULT").trigger.text
        == "violated"
    )


def test_pressuring_a_party_to_act_is_a_request(extract: Extract) -> None:
    r = extract("Egyptian officials have been pressuring Hamas to accept the truce proposal.")
    e = one(r, "REQUEST")
    assert e.trigger.text == "pressuring"
    assert "EGY" in {x.code for x in e.actor}


def test_forcing_an_agency_out_of_a_country_is_an_expulsion(extract: Extract) -> None:
    e = one(extract("Ethiopia forced the UN children's agency out of the country in June."), "SANCTION")
    assert (e.trigger.text, e.mode) == ("forced", "expel")


def test_exercises_held_by_two_countries_are_cooperation_by_one_a_mobilization(extract: Extract) -> None:
    r = extract("Chinese and Russian warships launched ten days of war games in the Sea of Japan on Monday.")
    e = one(r, "COOPERATE")
    assert {x.code for x in e.actor} == {"CHN", "RUS"}
    assert not only(r, "MOBILIZE")
    r = extract("Russian warships launched war games near the Norwegian coast on Monday.")
    assert one(r, "MOBILIZE").trigger.text == "games"
    assert not only(r, "COOPERATE")


def test_offering_concessions_is_a_proposal_granting_them_a_concession(extract: Extract) -> None:
    r = extract("A Greek official offered concessions to Turkish negotiators last week.")
    assert one(r, "AGREE").trigger.text == "offered"
    assert not only(r, "CONCEDE")
    assert (
        one(extract("Greece granted concessions to Turkey last week."), "CONCEDE").trigger.text == "granted"
    )


def test_access_that_improves_is_reported_as_granted(extract: Extract) -> None:
    r = extract("Humanitarian access to Tigray has improved since March, aid agencies said.")
    assert one(r, "RETREAT").mode == "access"


def test_a_protest_takes_the_target_of_its_purpose(extract: Extract) -> None:
    r = extract(
        "Thousands of Kenyans were converging on Friday for a rally in Mombasa to protest the killings by "
        "Somali militants in the north."
    )
    rally = [e for e in r.events if e.trigger.text == "rally"]
    assert rally
    assert {x.code for x in rally[0].recipient} == {"SOM"}


def test_cutting_supplies_to_a_party_is_a_sanction_on_that_party(extract: Extract) -> None:
    r = extract("The World Food Programme on Tuesday reduced food supplies to a Somali refugee camp.")
    cut = [e for e in r.events if e.trigger.text == "reduced"]
    assert cut
    assert cut[0].category == "SANCTION"
    assert {x.code for x in cut[0].recipient} == {"SOM"}


def test_an_act_on_a_bare_count_is_done_to_the_people_of_the_event_it_continues(extract: Extract) -> None:
    r = extract(
        "Kenyan police opened fire to disperse Somali refugee demonstrators on Monday night, killing one "
        "person and arresting 12."
    )
    arrest = [e for e in r.events if e.trigger.text == "arresting"]
    assert arrest
    assert {x.code for x in arrest[0].recipient} == {"SOM"}
