"""Look-ups of the bundled actor directory: countries, titles, dated roles, office holders, surface forms."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.actors.directory import ActorDirectory, Country, Entry, Role, default_directory


@pytest.fixture(scope="module")
def directory() -> ActorDirectory:
    return default_directory()


def keys(entries: list[Entry]) -> list[str]:
    return [e.key for e in entries]


def test_default_directory_is_loaded_once(directory: ActorDirectory) -> None:
    assert default_directory() is directory


def test_a_fresh_load_reads_the_bundled_data() -> None:
    # its speed is measured in bench/, not here: timed tests fail on a shared machine
    fresh = ActorDirectory.load()
    assert fresh.country("PAK").name == "Pakistan"


# -- countries --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Afghan", "AFG"),
        ("Afghans", "AFG"),
        ("Afghanistan", "AFG"),
        ("Kabul", "AFG"),
        ("Islamabad", "PAK"),
        ("Pakistani", "PAK"),
        ("Pakistan's", "PAK"),
        ("pakistanis", "PAK"),
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("Americans", "USA"),
        ("Washington, D.C.", "USA"),
        ("Britain", "GBR"),
        ("British", "GBR"),
        ("Britons", "GBR"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Turkish", "TUR"),
        ("Ankara", "TUR"),
        ("Burma", "MMR"),
        ("Qatari", "QAT"),
        ("Doha", "QAT"),
        ("UAE", "ARE"),
        ("Emirati", "ARE"),
        ("New Delhi", "IND"),
        ("Delhi", "IND"),
        ("Tehran", "IRN"),
        ("Beijing", "CHN"),
        ("Kremlin's", None),  # an organ, not a country form
        ("Kosovo", "XKX"),
        ("Dominican", "DOM"),  # the default reading; Dominica's use of the word is flagged
        ("Georgia", "GEO"),  # flagged (also a US state) but the only country it names
    ],
)
def test_country_for(directory: ActorDirectory, text: str, iso3: str | None) -> None:
    found = directory.country_for(text)
    assert (found.iso3 if found else None) == iso3


@pytest.mark.parametrize("text", ["Congo", "Congolese", "Korea", "Korean", "Taliban", "refugees", ""])
def test_country_for_refuses_shared_or_foreign_words(directory: ActorDirectory, text: str) -> None:
    assert directory.country_for(text) is None


def test_country_record(directory: ActorDirectory) -> None:
    usa = directory.country("usa")
    assert isinstance(usa, Country)
    assert usa.iso2 == "US"
    assert {"US", "U.S.", "America", "United States of America"} <= set(usa.aliases)
    assert "America" in usa.ambiguous
    assert "Washington" in usa.ambiguous
    assert usa.capital == "Washington"
    assert "Americans" in usa.plurals
    assert "Afghani" not in directory.country("AFG").demonyms  # the currency, not a demonym
    with pytest.raises(KeyError):
        directory.country("ZZZ")


# -- named entries and dated roles --------------------------------------------------------------------


def test_taliban_change_sector_when_they_took_power(directory: ActorDirectory) -> None:
    taliban = directory.entry("taliban")
    assert taliban.kind == "group"
    before = taliban.role_on(date(2010, 5, 1))
    after = taliban.role_on(date(2025, 10, 20))
    assert before is not None
    assert (before.code, before.sector) == ("AFG", "REB")
    assert after is not None
    assert (after.code, after.sector) == ("AFG", "GOV")
    assert taliban.role_on(date(2021, 8, 14)) == before
    assert taliban.role_on(date(2021, 8, 15)) == after
    assert taliban.role_on(None) == after


def test_role_on_prefers_the_primary_role_and_returns_none_outside_roles(directory: ActorDirectory) -> None:
    dar = directory.entry("ishaq-dar")
    role = dar.role_on(date(2025, 10, 25))
    assert role is not None
    assert role.office == "Minister of Foreign Affairs"
    assert {r.office for r in dar.roles_on(date(2025, 10, 25))} == {
        "Minister of Foreign Affairs",
        "Deputy Prime Minister",
    }
    assert dar.role_on(date(2019, 1, 1)) is None
    mujahid = directory.entry("zabihullah-mujahid")
    then, now = mujahid.role_on(date(2019, 1, 1)), mujahid.role_on(date(2025, 11, 1))
    assert then is not None
    assert then.sector == "REB"
    assert now is not None
    assert (now.sector, now.office) == ("GOV", "Spokesperson of the Islamic Emirate")


def test_role_on_none_is_the_latest_role() -> None:
    past = Role("PAK", "GOV", "Minister", date(2020, 1, 1), date(2021, 1, 1))
    later = Role("PAK", "ELI", "Former Minister", date(2021, 1, 2), date(2022, 1, 1))
    gone = Entry("x", "person", "X", (), (), (past, later))
    assert gone.role_on(None) == later
    current = Role("PAK", "PTY", None, date(2019, 1, 1), None, secondary=True)
    primary = Role("PAK", "GOV", "Minister", date(2018, 1, 1), None)
    assert Entry("y", "person", "Y", (), (), (current, primary)).role_on(None) == primary
    assert Entry("z", "person", "Z", (), (), ()).role_on(None) is None


@pytest.mark.parametrize(
    ("code", "office", "day", "expected"),
    [
        ("PAK", "Minister of Defence", date(2025, 10, 25), ["khawaja-asif"]),
        ("PAK", "Minister of Defence", date(2023, 10, 25), ["anwar-ali-haider"]),
        ("PAK", "Minister of Defence", None, ["khawaja-asif"]),
        ("PAK", "Prime Minister", date(2021, 6, 1), ["imran-khan"]),
        ("PAK", "Prime Minister", date(2023, 1, 1), ["shehbaz-sharif"]),
        ("PAK", "Prime Minister", date(2023, 10, 1), ["anwaar-ul-haq-kakar"]),
        ("PAK", "Chief of Army Staff", date(2025, 10, 25), ["asim-munir"]),
        ("PAK", "Chief of Army Staff", date(2021, 1, 1), ["qamar-javed-bajwa"]),
        ("AFG", "Minister of Foreign Affairs", date(2025, 10, 25), ["amir-khan-muttaqi"]),
        ("AFG", "Minister of Defence", date(2025, 10, 25), ["mohammad-yaqoob"]),
        ("AFG", "Minister of Interior", date(2025, 10, 25), ["sirajuddin-haqqani"]),
        ("AFG", "Supreme Leader", date(2025, 10, 25), ["hibatullah-akhundzada"]),
        ("AFG", "President", date(2020, 6, 1), ["ashraf-ghani"]),
        ("TUR", "Minister of Foreign Affairs", date(2025, 10, 25), ["hakan-fidan"]),
        ("QAT", "Prime Minister", date(2025, 10, 25), ["mohammed-bin-abdulrahman-al-thani"]),
        ("IRN", "President", date(2024, 6, 15), ["mohammad-mokhber"]),
        # generic title offices find the national equivalents
        ("USA", "Minister of Foreign Affairs", date(2025, 10, 25), ["marco-rubio"]),
        ("USA", "Minister of Defence", date(2025, 10, 25), ["pete-hegseth"]),
        ("IND", "Minister of Foreign Affairs", date(2025, 10, 25), ["s-jaishankar"]),
        ("GBR", "Minister of Foreign Affairs", date(2025, 10, 25), ["yvette-cooper"]),
        ("USA", "Secretary of State", date(2022, 1, 1), ["antony-blinken"]),
        (
            "IGO",
            "Secretary-General",
            date(2025, 10, 25),
            ["antonio-guterres", "hissein-brahim-taha", "mark-rutte"],
        ),
    ],
)
def test_holders(
    directory: ActorDirectory, code: str, office: str, day: date | None, expected: list[str]
) -> None:
    assert sorted(keys(directory.holders(code, office, day))) == sorted(expected)


def test_holders_put_exact_offices_first(directory: ActorDirectory) -> None:
    found = keys(directory.holders("PAK", "Spokesperson", date(2025, 10, 25)))
    assert "tahir-andrabi" in found
    assert "ahmed-sharif-chaudhry" in found
    assert keys(directory.holders("pak", "military spokesperson", date(2025, 10, 25))) == [
        "ahmed-sharif-chaudhry"
    ]
    assert directory.holders("PAK", "Minister of Defence", date(1990, 1, 1)) == []


def test_entries_by_kind(directory: ActorDirectory) -> None:
    kinds = {e.kind for e in directory.entries()}
    assert kinds == {"organ", "group", "person", "igo", "outlet"}
    people = list(directory.entries("person"))
    assert people
    assert all(e.kind == "person" for e in people)
    assert directory.entry("pak.ispr").role_on(None) == Role("PAK", "MIL")
    assert directory.entry("iskp").role_on(date(2025, 1, 1)) == Role("IMG", "REB", start=date(2015, 1, 1))
    assert directory.entry("unhcr").role_on(None) == Role("IGO", "REF")
    assert directory.entry("dawn").role_on(None) == Role("PAK", "JRN")
    with pytest.raises(KeyError):
        directory.entry("no-such-key")


def test_outlet_for_url(directory: ActorDirectory) -> None:
    def outlet(url: str) -> str | None:
        found = directory.outlet_for_url(url)
        return found.key if found else None

    assert outlet("https://www.dawn.com/news/1950000/pakistan-afghanistan-talks") == "dawn"
    assert outlet("https://www.bbc.com/urdu/articles/c0000") == "bbc_urdu"
    assert outlet("https://www.bbc.com/news/world-asia-1") == "bbc"
    assert outlet("https://edition.cnn.com/2025/10/20/asia/x") == "cnn"
    assert outlet("tolonews.com/afghanistan-196000") == "tolonews"
    assert outlet("https://example.org/a") is None


# -- titles -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "sector", "office"),
    [
        ("Defence Minister", "defence_minister", "GOV", "Minister of Defence"),
        ("defense minister", "defence_minister", "GOV", "Minister of Defence"),
        ("minister of defence", "defence_minister", "GOV", "Minister of Defence"),
        ("spokeswoman", "spokesperson", "GOV", "Spokesperson"),
        ("Spokesman", "spokesperson", "GOV", "Spokesperson"),
        ("the Foreign Office", "foreign_ministry", "GOV", "Ministry of Foreign Affairs"),
        ("external affairs ministry", "foreign_ministry", "GOV", "Ministry of Foreign Affairs"),
        ("deputy foreign minister", "deputy_foreign_minister", "GOV", "Deputy Minister of Foreign Affairs"),
        ("vice-president", "vice_president", "GOV", "Vice President"),
        ("Director-General", "director_general", "GOV", "Director General"),
        ("PM", "prime_minister", "GOV", "Prime Minister"),
        ("COAS", "army_chief", "MIL", "Chief of Army Staff"),
        ("chief of army staff", "army_chief", "MIL", "Chief of Army Staff"),
        ("military's media wing", None, None, None),
        ("media wing", "media_wing", "MIL", "Media Wing"),
        ("troops", "troops", "MIL", None),
        ("police", "police", "COP", "Police"),
        ("spy agency", "intelligence_agency", "SPY", "Intelligence Agency"),
        ("national assembly", "national_assembly", "LEG", "National Assembly"),
        ("supreme court", "supreme_court", "JUD", "Supreme Court"),
        ("refugees", "refugees", "REF", None),
        ("asylum-seekers", "refugees", "REF", None),
        ("militants", "militants", "REB", None),
        ("gunmen", "attackers", "UAF", None),
        ("civilians", "civilians", "CVL", None),
        ("journalists", "journalists", "JRN", None),
        ("traders", "business", "BUS", None),
        ("clerics", "clerics", "REL", None),
        ("Taliban", None, None, None),
    ],
)
def test_title_for(
    directory: ActorDirectory, text: str, key: str | None, sector: str | None, office: str | None
) -> None:
    title = directory.title_for(text)
    if key is None:
        assert title is None
    else:
        assert title is not None
        assert (title.key, title.sector, title.office) == (key, sector, office)


def test_title_kinds_and_inheritance(directory: ActorDirectory) -> None:
    spokesperson = directory.title("spokesperson")
    assert spokesperson.kind == "person"
    assert spokesperson.inherit_sector
    assert directory.title("foreign_ministry").kind == "body"
    assert directory.title("refugees").kind == "people"
    assert directory.title("aid_agencies").code == "NGO"
    assert "Mullah" in directory.honorifics
    assert "Sheikh" in directory.honorifics
    with pytest.raises(KeyError):
        directory.title("no_such_title")


# -- surface forms ----------------------------------------------------------------------------------


def test_abbreviations_are_case_sensitive(directory: ActorDirectory) -> None:
    assert {f.target for f in directory.forms_for("US")} == {"USA"}
    assert directory.forms_for("us") == ()
    assert {f.target for f in directory.forms_for("IS")} == {"islamic_state"}
    assert directory.forms_for("is") == ()
    assert directory.forms_for("ap") == ()
    assert all(f.case_sensitive for f in directory.forms_for("TTP"))


def test_common_nouns_are_case_insensitive(directory: ActorDirectory) -> None:
    forms = directory.forms_for("Foreign Ministry")
    assert [(f.target, f.kind, f.case_sensitive) for f in forms] == [("foreign_ministry", "title", False)]
    assert [f.target for f in directory.forms_for("REFUGEES")] == ["refugees"]


@pytest.mark.parametrize(
    "text", ["IS", "AP", "PTI", "ANI", "FC", "Congress", "Dawn", "Washington", "Georgia"]
)
def test_ambiguous_forms_are_flagged(directory: ActorDirectory, text: str) -> None:
    forms = directory.forms_for(text)
    assert forms
    assert all(f.ambiguous for f in forms)


def test_shared_abbreviation_lists_both_readings(directory: ActorDirectory) -> None:
    assert {f.target for f in directory.forms_for("PTI")} == {"pti", "pti_news"}
    assert {f.target for f in directory.forms_for("Congress")} == {"inc", "usa.congress"}


def test_surface_forms_cover_every_kind(directory: ActorDirectory) -> None:
    forms = list(directory.surface_forms())
    kinds = {f.kind for f in forms}
    assert kinds == {"country", "capital", "demonym", "plural", "entry", "short_form", "title"}
    by_text = {(f.text, f.target): f for f in forms}
    assert by_text[("Afghan", "AFG")].kind == "demonym"
    assert by_text[("Islamabad", "PAK")].kind == "capital"
    assert by_text[("Fitna al-Khawarij", "ttp")].kind == "entry"
    assert by_text[("Muttaqi", "amir-khan-muttaqi")].kind == "short_form"
    assert by_text[("spokeswoman", "spokesperson")].kind == "title"
    assert len(by_text) == len(forms)  # each text once per target


def test_sentence_initial_variants_of_lowercase_names(directory: ActorDirectory) -> None:
    targets = {f.target for f in directory.forms_for("Al-Qaeda")}
    assert targets == {"al_qaeda"}
    assert {f.target for f in directory.forms_for("al-Qaeda")} == {"al_qaeda"}
    assert {f.target for f in directory.forms_for("Deputy PM")} == {"deputy_prime_minister"}


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Tehreek-e-Taliban Pakistan", "ttp"),
        ("Tehrik-i-Taliban Pakistan", "ttp"),
        ("Pakistani Taliban", "ttp"),
        ("TTP", "ttp"),
        ("ISIS-K", "iskp"),
        ("Islamic State Khorasan Province", "iskp"),
        ("Balochistan Liberation Army", "bla"),
        ("Haqqani network", "haqqani_network"),
        ("Islamic Emirate", "afg.islamic_emirate"),
        ("ISPR", "pak.ispr"),
        ("Inter-Services Intelligence", "pak.isi"),
        ("Pentagon", "usa.pentagon"),
        ("IRGC", "irn.irgc"),
        ("UNHCR", "unhcr"),
        ("UN refugee agency", "unhcr"),
        ("Reuters", "reuters"),
        ("Agence France-Presse", "afp"),
        ("TOLOnews", "tolonews"),
        ("Khawaja Muhammad Asif", "khawaja-asif"),
        ("Zabiullah Mujahid", "zabihullah-mujahid"),
        ("Amir Khan Motaqi", "amir-khan-muttaqi"),
        ("Syed Asim Munir", "asim-munir"),
        ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
        ("Sheikh Mohammed bin Abdulrahman", "mohammed-bin-abdulrahman-al-thani"),
    ],
)
def test_names_and_spelling_variants(directory: ActorDirectory, text: str, target: str) -> None:
    assert target in {f.target for f in directory.forms_for(text)}
