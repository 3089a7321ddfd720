"""Actor resolution end to end: names, dated roles, titles, short forms, capitals, nationalities, groups."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest

from flashpoint.records import ActorEntity, DocumentResult

Extract = Callable[..., DocumentResult]

DAY = dt.date(2025, 10, 25)  # a Saturday, during the Istanbul talks


@pytest.fixture(scope="session")
def extract(make_extract: Callable[[dt.date], Extract]) -> Extract:
    """``extract(text, published=DAY)``: the result, with every offset checked (see tests/conftest.py)."""
    return make_extract(DAY)


def actor(result: DocumentResult, mention: str) -> ActorEntity:
    """The one actor entity that has a mention written exactly ``mention``."""
    found = [a for a in result.actors if any(m.text == mention for m in a.mentions)]
    assert len(found) == 1, f"{mention!r}: {[(a.name, [m.text for m in a.mentions]) for a in result.actors]}"
    return found[0]


def mention_texts(a: ActorEntity) -> list[str]:
    return [m.text for m in a.mentions]


def no_actor(result: DocumentResult, mention: str) -> bool:
    return not any(m.text == mention for a in result.actors for m in a.mentions)


# -- full names and dated roles ----------------------------------------------------------------------------


def test_full_name_gets_the_role_held_on_the_publication_day(extract: Extract) -> None:
    text = "Pakistan's defence minister Khawaja Asif said on Saturday that the talks in Istanbul had failed."
    a = actor(extract(text), "Khawaja Asif")
    assert (a.code, a.sector, a.office) == ("PAK", "GOV", "Minister of Defence")
    assert a.identifier_text == "Khawaja Asif"
    assert a.directory_id == "khawaja-asif"
    assert a.individual
    m = next(m for m in a.mentions if m.text == "Khawaja Asif")
    assert m.start == text.index("Khawaja Asif")


@pytest.mark.parametrize(
    ("published", "sector", "office"),
    [
        (dt.date(2019, 5, 2), "REB", "Spokesperson of the Taliban"),
        (dt.date(2025, 10, 26), "GOV", "Spokesperson of the Islamic Emirate"),
    ],
)
def test_a_spokesman_changes_sector_when_his_movement_takes_power(
    extract: Extract, published: dt.date, sector: str, office: str
) -> None:
    text = "Zabihullah Mujahid said the fighters would not leave the district."
    a = actor(extract(text, published), "Zabihullah Mujahid")
    assert (a.code, a.sector, a.office) == ("AFG", sector, office)


def test_a_name_out_of_office_keeps_its_country_but_not_the_ministry(extract: Extract) -> None:
    # Khawaja Asif was out of the cabinet between August 2023 and March 2024
    text = "Khawaja Asif told supporters in Sialkot that the party would contest the election."
    a = actor(extract(text, dt.date(2023, 12, 1)), "Khawaja Asif")
    assert a.code == "PAK"
    assert a.sector != "GOV"
    assert a.office != "Minister of Defence"


# -- title plus nationality: the single holder of the office that day -------------------------------------


@pytest.mark.parametrize(
    ("published", "holder"),
    [
        (dt.date(2025, 10, 25), "khawaja-asif"),
        (dt.date(2023, 10, 1), "anwar-ali-haider"),  # the caretaker cabinet
    ],
)
def test_title_and_nationality_resolve_to_the_office_holder_of_the_day(
    extract: Extract, published: dt.date, holder: str
) -> None:
    text = "The Pakistani defence minister said on Saturday that Islamabad would not tolerate attacks."
    a = actor(extract(text, published), "Pakistani defence minister")
    assert a.directory_id == holder
    assert (a.code, a.sector, a.office) == ("PAK", "GOV", "Minister of Defence")


def test_an_indefinite_official_is_not_the_office_holder(extract: Extract) -> None:
    text = "A Pakistani security official said the drone had been shot down near the border."
    a = actor(extract(text), "Pakistani security official")
    assert a.directory_id is None
    assert a.code == "PAK"
    assert a.identifier_text is None


# -- later short forms --------------------------------------------------------------------------------------


def test_surname_alone_joins_the_person_named_earlier(extract: Extract) -> None:
    text = "Amir Khan Muttaqi arrived in Doha on Saturday. Muttaqi later met Qatari officials."
    a = actor(extract(text), "Amir Khan Muttaqi")
    assert mention_texts(a) == ["Amir Khan Muttaqi", "Muttaqi"]
    assert (a.code, a.sector) == ("AFG", "GOV")


def test_a_surname_alone_with_no_context_is_not_guessed(extract: Extract) -> None:
    result = extract("Asif, a shopkeeper, said prices had doubled since the crossing closed.")
    assert all(a.directory_id != "khawaja-asif" for a in result.actors)


def test_the_spokesman_is_the_spokesman_named_before(extract: Extract) -> None:
    text = (
        "Taliban spokesman Zabihullah Mujahid rejected the claims on Saturday. "
        "The spokesman said Pakistan was responsible for the violence."
    )
    result = extract(text)
    a = actor(result, "Zabihullah Mujahid")
    assert "The spokesman" in mention_texts(a)
    assert actor(result, "Pakistan").sector == "GOV"


def test_the_ministry_is_the_ministry_named_before(extract: Extract) -> None:
    text = (
        "Pakistan's foreign ministry said the talks had ended without agreement. "
        "The ministry said Afghanistan had refused to act against militants."
    )
    result = extract(text)
    a = actor(result, "Pakistan's foreign ministry")
    assert mention_texts(a) == ["Pakistan's foreign ministry", "The ministry"]
    assert a.code == "PAK"
    assert a.office == "Ministry of Foreign Affairs"
    assert actor(result, "Afghanistan").code == "AFG"


def test_the_army_after_a_national_army(extract: Extract) -> None:
    text = "Pakistan's army said it had killed 30 militants. The army said the operation was continuing."
    a = actor(extract(text), "Pakistan's army")
    assert mention_texts(a) == ["Pakistan's army", "The army"]
    assert (a.code, a.sector) == ("PAK", "MIL")


# -- capitals and countries: acting or located ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Islamabad warned on Sunday that it would respond to any attack.", {"Islamabad": "PAK"}),
        ("Kabul rejected the accusation as baseless.", {"Kabul": "AFG"}),
        ("Kabul accused Islamabad of violating its airspace.", {"Kabul": "AFG", "Islamabad": "PAK"}),
        ("Turkey and Qatar mediated the talks between the two sides.", {"Turkey": "TUR", "Qatar": "QAT"}),
    ],
)
def test_capitals_and_countries_acting_are_their_governments(
    extract: Extract, text: str, expected: dict[str, str]
) -> None:
    result = extract(text)
    for mention, code in expected.items():
        a = actor(result, mention)
        assert (a.code, a.sector, a.kind) == (code, "GOV", "government")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A blast in Kabul killed five people on Friday.", "Kabul"),
        ("Security was tightened across Islamabad after the attack.", "Islamabad"),
        ("The families were sent back to Afghanistan on Monday.", "Afghanistan"),
        pytest.param(
            "Thousands of families have returned to Afghanistan since September.",
            "Afghanistan",
            id="returned-to",
        ),
    ],
)
def test_capitals_and_countries_as_locations_are_not_actors(extract: Extract, text: str, name: str) -> None:
    result = extract(text)
    assert no_actor(result, name)
    assert any(m.text == name for p in result.places for m in p.mentions)


# -- nationality adjectives with people nouns ---------------------------------------------------------------

NATIONALITIES = {"Pakistani": "PAK", "Afghan": "AFG", "Iranian": "IRN", "Indian": "IND", "Turkish": "TUR"}
PEOPLE_NOUNS = {"troops": "MIL", "officials": "GOV", "police": "COP", "refugees": "REF", "civilians": "CVL"}


@pytest.mark.parametrize(
    ("demonym", "noun"), list(itertools.product(NATIONALITIES, PEOPLE_NOUNS)), ids="-".join
)
def test_nationality_and_people_noun(extract: Extract, demonym: str, noun: str) -> None:
    phrase = f"{demonym} {noun}"
    a = actor(extract(f"{phrase} gathered near the town on Sunday."), phrase)
    assert (a.code, a.sector) == (NATIONALITIES[demonym], PEOPLE_NOUNS[noun])


def test_nationals_in_a_deportation_story_are_refugees(extract: Extract) -> None:
    text = "Afghan nationals were deported from Karachi on Monday, officials said."
    a = actor(extract(text), "Afghan nationals")
    assert (a.code, a.sector) == ("AFG", "REF")


def test_troops_and_refugees_in_one_story_are_two_sectors(extract: Extract) -> None:
    text = (
        "Pakistani troops exchanged fire with Afghan forces near the border. "
        "Afghan refugees fled the area overnight."
    )
    result = extract(text)
    assert (actor(result, "Pakistani troops").code, actor(result, "Pakistani troops").sector) == (
        "PAK",
        "MIL",
    )
    assert (actor(result, "Afghan forces").code, actor(result, "Afghan forces").sector) == ("AFG", "MIL")
    assert (actor(result, "Afghan refugees").code, actor(result, "Afghan refugees").sector) == ("AFG", "REF")


def test_civilians_killed_after_a_refugee_sentence_stay_civilians(extract: Extract) -> None:
    text = "Afghan refugees crossed at Torkham. Afghan civilians were killed in the strikes."
    result = extract(text)
    assert actor(result, "Afghan civilians").sector == "CVL"
    assert actor(result, "Afghan refugees").sector == "REF"


def test_coordinated_nationalities_share_the_title(extract: Extract) -> None:
    result = extract("Pakistani and Afghan officials met in Istanbul on Saturday.")
    afghan = actor(result, "Afghan officials")
    assert (afghan.code, afghan.sector) == ("AFG", "GOV")
    pakistani = [a for a in result.actors if a.code == "PAK"]
    assert len(pakistani) == 1
    assert pakistani[0].sector == "GOV"


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        ("Egyptian youths threw stones at the police station.", "Egyptian youths", ("EGY", "CVL")),
        ("Kampuchean guerrillas shelled the camp.", "Kampuchean guerrillas", ("KHM", "REB")),
        ("Algerian fundamentalists called a strike.", "Algerian fundamentalists", ("DZA", "OPP")),
        ("Russian hackers defaced the ministry's website.", "Russian hackers", ("RUS", "CRM")),
        ("Kenyan politicians met the envoy.", "Kenyan politicians", ("KEN", "PTY")),
        ("U.S. border patrol agents detained the men.", "U.S. border patrol agents", ("USA", "MIL")),
    ],
)
def test_more_people_nouns_of_news_english(
    extract: Extract, text: str, mention: str, expected: tuple[str, str]
) -> None:
    a = actor(extract(text, dt.date(1995, 6, 1)), mention)
    assert (a.code, a.sector) == expected


def test_peacekeepers_without_a_country_are_an_international_force(extract: Extract) -> None:
    result = extract(
        "Peacekeepers were deployed along the ceasefire line. Fijian peacekeepers patrolled the town."
    )
    assert (actor(result, "Peacekeepers").code, actor(result, "Peacekeepers").sector) == ("IGO", "MIL")
    assert actor(result, "Fijian peacekeepers").code == "FJI"


def test_a_un_coordinator_is_an_igo_official(extract: Extract) -> None:
    a = actor(
        extract("The UN humanitarian coordinator demanded access to the camps."),
        "UN humanitarian coordinator",
    )
    assert (a.code, a.sector) == ("IGO", "GOV")


def test_a_head_of_state_named_by_surname_alone(extract: Extract) -> None:
    a = actor(extract("Putin offered on Monday to host the next round of talks."), "Putin")
    assert (a.code, a.sector, a.directory_id) == ("RUS", "GOV", "vladimir-putin")


@pytest.mark.parametrize(
    ("text", "published", "mention", "code"),
    [
        (
            "The Bush administration said the talks would resume.",
            dt.date(2003, 6, 1),
            "Bush administration",
            "USA",
        ),
        ("The Assad regime shelled the town again.", dt.date(2015, 6, 1), "Assad regime", "SYR"),
    ],
)
def test_a_leader_s_administration_is_the_government_of_the_country(
    extract: Extract, text: str, published: dt.date, mention: str, code: str
) -> None:
    a = actor(extract(text, published), mention)
    assert (a.code, a.sector, a.kind) == (code, "GOV", "government")


def test_an_ambiguous_adjective_before_an_organ_of_state_names_the_state(extract: Extract) -> None:
    a = actor(extract("The Macedonian army shelled rebel positions.", dt.date(2001, 6, 1)), "Macedonian army")
    assert (a.code, a.sector) == ("MKD", "MIL")


def test_a_country_after_anti_or_pro_is_an_attitude(extract: Extract) -> None:
    result = extract("Police arrested an anti-Pakistan cleric in Kandahar on Sunday.")
    assert not any(a.code == "PAK" for a in result.actors)


def test_a_country_before_a_currency_is_no_clue_to_a_person(extract: Extract) -> None:
    text = "Ousted president Jean Dupont was accused of taking US $5 million by Haitian officials."
    assert actor(extract(text, dt.date(2000, 1, 1)), "Jean Dupont").code == "HTI"


def test_a_place_inside_a_person_s_name_is_no_clue_to_the_person(extract: Extract) -> None:
    # Rivera is also a town in Uruguay
    text = "Judge Manuel Rivera charged 12 Peruvian officials with fraud."
    assert actor(extract(text, dt.date(2000, 1, 1)), "Manuel Rivera").code == "PER"


def test_an_ambiguous_name_listed_with_a_country_is_a_country(extract: Extract) -> None:
    result = extract("Qatar mediated between the Emirates and Saudi Arabia on Sunday.")
    a = actor(result, "Emirates")
    assert (a.code, a.sector) == ("ARE", "GOV")
    assert no_actor(extract("Michael Jordan and his team visited Paris."), "Jordan")


def test_a_national_side_is_its_government_unless_it_is_a_place(extract: Extract) -> None:
    text = (
        "The Pakistani side walked out of the talks on Sunday. "
        "Shells landed on the Afghan side of the border. Traders waited on the Pakistani side."
    )
    result = extract(text)
    assert (actor(result, "Pakistani side").code, actor(result, "Pakistani side").sector) == ("PAK", "GOV")
    assert [m.text for m in actor(result, "Pakistani side").mentions] == ["Pakistani side"]
    assert no_actor(result, "Afghan side")


def test_a_leader_of_a_collective_takes_its_sector(extract: Extract) -> None:
    a = actor(extract("Somali rebel leaders said they would meet the envoy."), "Somali rebel leaders")
    assert (a.code, a.sector) == ("SOM", "REB")


def test_a_labour_minister_is_a_minister(extract: Extract) -> None:
    a = actor(
        extract("Serbian Labour Minister Zoran Petrovic signed the bill.", dt.date(2000, 1, 1)),
        "Zoran Petrovic",
    )
    assert (a.code, a.sector) == ("SRB", "GOV")


def test_nationals_after_a_preposition_are_people_not_a_place(extract: Extract) -> None:
    a = actor(extract("The army imposed a curfew on Afghans living in the town."), "Afghans")
    assert (a.code, a.sector) == ("AFG", "CVL")


def test_a_missionary_from_a_city_is_of_its_country(extract: Extract) -> None:
    text = "A missionary from Lahore was arrested in Kabul on Monday."
    a = actor(extract(text), "missionary")
    assert (a.code, a.sector) == ("PAK", "REL")


def test_a_country_leading_or_backing_something_acts(extract: Extract) -> None:
    result = extract("Kabul refused to join the Qatar-mediated talks in Doha.")
    assert (actor(result, "Qatar").code, actor(result, "Qatar").sector) == ("QAT", "GOV")


def test_an_unlisted_civil_society_body_is_an_ngo(extract: Extract) -> None:
    result = extract("The Tribal Welfare Foundation criticised the new law on Monday.")
    a = next(a for a in result.actors if "Tribal Welfare Foundation" in a.name)
    assert (a.code, a.sector) == ("NGO", "SOC")


def test_a_group_of_people_is_the_people(extract: Extract) -> None:
    a = actor(extract("A group of Kenyan diplomats met the envoy on Monday."), "Kenyan diplomats")
    assert (a.code, a.sector) == ("KEN", "GOV")


# -- people the directory does not list ----------------------------------------------------------------------


def test_unlisted_official_through_nationality_and_title(extract: Extract) -> None:
    text = (
        "Afghan deputy minister for refugees Abdul Rahman Rashid said thousands had returned from Pakistan."
    )
    a = actor(extract(text), "Abdul Rahman Rashid")
    assert (a.code, a.sector) == ("AFG", "GOV")
    assert a.identifier_text == "Abdul Rahman Rashid"
    assert a.directory_id is None
    assert a.individual
    assert a.office is not None
    assert "deputy minister" in a.office.lower()
    assert "refugees" in a.office.lower()


def test_unlisted_lawmaker_through_nationality_and_title(extract: Extract) -> None:
    a = actor(
        extract("Pakistani senator Mushahid Hussain said the talks should continue."), "Mushahid Hussain"
    )
    assert (a.code, a.sector) == ("PAK", "LEG")
    assert a.directory_id is None


# -- dated groups -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "sector"), [(dt.date(2010, 5, 10), "REB"), (dt.date(2025, 10, 26), "GOV")]
)
def test_the_taliban_are_rebels_before_august_2021_and_government_after(
    extract: Extract, published: dt.date, sector: str
) -> None:
    text = "The Taliban said on Sunday that their fighters had taken control of the district."
    a = actor(extract(text, published), "Taliban")
    assert (a.code, a.sector) == ("AFG", sector)
    assert a.directory_id == "taliban"


def test_ttp_names_are_one_pakistani_armed_group(extract: Extract) -> None:
    text = (
        "The Tehreek-e-Taliban Pakistan (TTP) claimed the attack on the checkpoint. "
        "Pakistani officials said the TTP operates from Afghan soil. "
        "The Pakistani Taliban have denied receiving help from Kabul."
    )
    result = extract(text)
    a = actor(result, "Tehreek-e-Taliban Pakistan")
    assert mention_texts(a) == ["Tehreek-e-Taliban Pakistan", "TTP", "TTP", "Pakistani Taliban"]
    assert (a.code, a.sector, a.directory_id) == ("PAK", "REB", "ttp")
    assert all(b.directory_id != "taliban" for b in result.actors)


# -- appositions and acronyms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Khawaja Asif, Pakistan's defence minister, said the ceasefire would hold.",
        "Pakistan's defence minister, Khawaja Asif, said the ceasefire would hold.",
    ],
)
def test_apposition_joins_name_and_title(extract: Extract, text: str) -> None:
    result = extract(text)
    a = actor(result, "Khawaja Asif")
    assert sorted(mention_texts(a)) == ["Khawaja Asif", "Pakistan's defence minister"]
    assert len(result.actors) == 1


def test_apposition_describes_an_unlisted_person(extract: Extract) -> None:
    text = "Abdul Rahman Rashid, Afghanistan's deputy minister for refugees, said thousands had returned."
    result = extract(text)
    a = actor(result, "Abdul Rahman Rashid")
    assert "Afghanistan's deputy minister for refugees" in mention_texts(a)
    assert (a.code, a.sector) == ("AFG", "GOV")
    assert a.office is not None
    assert "refugees" in a.office.lower()


def test_acronym_in_brackets_names_the_entity_later(extract: Extract) -> None:
    text = (
        "The Afghan Red Crescent Society (ARCS) distributed food at the crossing. "
        "ARCS volunteers said thousands of families had arrived since Monday."
    )
    a = actor(extract(text), "Afghan Red Crescent Society")
    assert mention_texts(a) == ["Afghan Red Crescent Society", "ARCS", "ARCS"]
    assert a.code == "AFG"


def test_unlisted_organisation_with_a_country_in_its_name(extract: Extract) -> None:
    text = (
        "The Afghanistan Cricket Board (ACB) said it would withdraw from the series. "
        "The ACB said three players had been killed in the strike."
    )
    a = actor(extract(text), "Afghanistan Cricket Board")
    assert a.code == "AFG"
    assert mention_texts(a) == ["Afghanistan Cricket Board", "ACB", "ACB"]


def test_mixed_case_acronym_in_brackets(extract: Extract) -> None:
    text = (
        "Afghanistan's Ministry of Refugees and Repatriation (MoRR) said 2,000 families returned on Monday. "
        "MoRR officials said more were expected this week."
    )
    a = actor(extract(text), "Afghanistan's Ministry of Refugees and Repatriation")
    assert "MoRR" in mention_texts(a)


def test_agency_in_a_dateline_is_not_an_acronym_of_the_country(extract: Extract) -> None:
    text = "PESHAWAR, Pakistan (AP) - Police said three people were killed in the attack."
    result = extract(text)
    for a in result.actors:
        assert "AP" not in mention_texts(a) or a.kind == "outlet", a
    assert no_actor(result, "Pakistan")


def test_country_possessive_before_a_group_is_one_entity(extract: Extract) -> None:
    text = "Afghanistan's Taliban government said on Sunday it would not attend further talks."
    result = extract(text)
    afg_gov = [a for a in result.actors if (a.code, a.sector) == ("AFG", "GOV")]
    assert len(afg_gov) == 1
    assert afg_gov[0].directory_id == "taliban"


# -- entity records ---------------------------------------------------------------------------------------


def test_every_entity_carries_the_output_fields_and_exact_offsets(extract: Extract) -> None:
    text = (
        "ISLAMABAD, Oct 25 (Reuters) - Pakistan's defence minister Khawaja Asif said on Saturday that "
        "Afghan Taliban fighters had attacked border posts in Kurram. Kabul denied the claim, and "
        "Zabihullah Mujahid said Pakistani troops had fired first. Asif said Islamabad would respond."
    )
    result = extract(text)
    assert len({a.id for a in result.actors}) == len(result.actors)
    starts = [a.mentions[0].start for a in result.actors]
    assert starts == sorted(starts)
    spans = [(m.start, m.end) for a in result.actors for m in a.mentions]
    for (s1, e1), (s2, e2) in itertools.combinations(spans, 2):
        assert e1 <= s2 or e2 <= s1, "two actor mentions overlap"
    asif = actor(result, "Khawaja Asif")
    assert "Asif" in mention_texts(asif)
    assert (actor(result, "Kabul").code, actor(result, "Islamabad").code) == ("AFG", "PAK")
    assert actor(result, "Pakistani troops").sector == "MIL"
    assert actor(result, "Zabihullah Mujahid").office == "Spokesperson of the Islamic Emirate"
    assert no_actor(result, "ISLAMABAD")
    for a in result.actors:
        assert a.code is None or len(a.code) == 3
        ref = a.ref()
        assert (ref.code, ref.sector, ref.office, ref.identifier_text) == (
            a.code,
            a.sector,
            a.office,
            a.identifier_text,
        )
        assert ref.entity_text == a.mentions[0].text


def test_ambiguous_capital_acts_when_the_story_names_its_country(extract: Extract) -> None:
    result = extract("The U.S. imposed new sanctions on Iran. Washington warned Tehran on Sunday.")
    usa = actor(result, "Washington")
    assert (usa.code, usa.sector) == ("USA", "GOV")
    assert "U.S." in mention_texts(usa)  # an abbreviation with full stops is no dateline
    assert not any(m.text == "U.S." for p in result.places for m in p.mentions)


def test_ambiguous_capital_inside_a_personal_name_is_no_actor(extract: Extract) -> None:
    result = extract("The U.S. embassy reopened. George Washington was the first president.")
    assert no_actor(result, "Washington")


# -- ethnic groups are not nationalities ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        # a country adjective before an ethnonym: the people of that country
        ("Afghan Tajiks fled the fighting in Kunduz last week.", "Afghan Tajiks", "AFG"),
        ("Croatian Serbs boycotted the regional election.", "Croatian Serbs", "HRV"),
        # "ethnic X in PLACE", "the X minority/population" placed by a locative
        ("Ethnic Russians in eastern Moldova demanded autonomy.", "Russians", "MDA"),
        ("The Uzbek minority in Kyrgyzstan appealed for help.", "Uzbek minority in Kyrgyzstan", "KGZ"),
        # "ethnic X" and a single place named in the sentence
        ("Police detained ten ethnic Hungarians at a rally in Romania on Sunday.", "Hungarians", "ROU"),
        # "the X of PLACE" with an ethnonym
        ("The Armenians of Georgia asked for schools in their language.", "Armenians", "GEO"),
    ],
)
def test_an_ethnic_group_takes_the_country_it_lives_in(
    extract: Extract, text: str, mention: str, code: str
) -> None:
    a = actor(extract(text), mention)
    assert a.code == code
    assert a.sector == "CVL"


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        ("Turkish Cypriots rejected the reunification plan.", "Cypriots", "CYP"),  # a citizens' word second
        ("Afghans living in Iran complained of raids.", "Afghans", "AFG"),  # nationals abroad, no marker
        # two other places: no guess
        ("Ethnic Kazakhs protested in Beijing and in Moscow.", "Kazakhs", "KAZ"),
    ],
)
def test_nationals_and_unplaced_ethnic_groups_keep_their_nationality(
    extract: Extract, text: str, mention: str, code: str
) -> None:
    assert actor(extract(text), mention).code == code


def test_a_country_after_according_to_is_a_source_not_a_place(extract: Extract) -> None:
    text = "Gunmen attacked the ethnic Greek population on Tuesday in Cyprus, according to the UK government."
    assert actor(extract(text), "Greek population").code == "CYP"


# -- a group placed by a locative --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        # a body with no owner after "in": the place's country, not the nearest nationality
        (
            "Chadian officials accused Sudanese-backed forces of raids, and forces in Darfur denied it.",
            "forces",
            "SDN",
        ),
        (
            "Kenyan mediators met Somali elders while rebels in the south of Ethiopia regrouped.",
            "rebels",
            "ETH",
        ),
        # an ambiguous group noun is an actor once a locative places it
        ("Iranian envoys tried to calm rival militias in Mosul.", "rival militias", "IRQ"),
        # the subject of a verb with a locative: "prisoners rioted at a jail in X"
        (
            "Prisoners rioted at a prison in Kandahar, demanding an end to Pakistani raids.",
            "Prisoners",
            "AFG",
        ),
    ],
)
def test_a_group_without_owner_takes_the_country_of_its_place(
    extract: Extract, text: str, mention: str, code: str
) -> None:
    assert actor(extract(text), mention).code == code


def test_a_group_at_a_border_is_not_placed_across_it(extract: Extract) -> None:
    text = "Iranian officials said soldiers at the border with Pakistan fired warning shots."
    assert actor(extract(text), "soldiers").code == "IRN"


# -- names read as of the publication day ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "mention", "code"),
    [
        ("Juba accused Khartoum of arming militias.", dt.date(2005, 3, 1), "Juba", "SDN"),
        ("Juba accused Khartoum of arming militias.", dt.date(2015, 3, 1), "Juba", "SSD"),
        ("Angola warned Congo and Gabon over the oil dispute.", dt.date(1993, 6, 1), "Congo", "COG"),
        ("Greece blocked Macedonia from the talks.", dt.date(2005, 3, 1), "Macedonia", "MKD"),
        ("Rwanda accused Zaire of sheltering the militias.", dt.date(1995, 3, 1), "Zaire", "COD"),
    ],
)
def test_a_name_is_read_as_of_the_publication_day(
    extract: Extract, text: str, published: dt.date, mention: str, code: str
) -> None:
    assert actor(extract(text, published), mention).code == code


def test_every_dated_name_is_a_national_form_of_the_directory() -> None:
    from flashpoint.actors.directory import default_directory
    from flashpoint.actors.resolve import dated_names

    d = default_directory()
    for name in dated_names().values():
        assert name.code in d.countries, name
        kinds = {f.kind for f in d.forms_for(name.text)}
        assert kinds & {"country", "capital", "demonym", "plural"}, name
