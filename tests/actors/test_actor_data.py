"""Integrity of the bundled actor data: all countries, valid sectors and codes, ordered dates, no clashes."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from itertools import combinations

import pycountry
import pytest

from flashpoint.actors.directory import SECTORS, SPECIAL_CODES, ActorDirectory, default_directory, fold


@pytest.fixture(scope="module")
def directory() -> ActorDirectory:
    return default_directory()


def test_every_iso_3166_country_is_present(directory: ActorDirectory) -> None:
    expected = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    present = {iso3: c.iso2 for iso3, c in directory.countries.items()}
    assert set(expected) <= set(present)
    assert set(present) - set(expected) == {"XKX"}
    assert {iso3: present[iso3] for iso3 in expected} == expected
    assert directory.country("XKX").iso2 == "XK"


def test_countries_have_names_and_people_forms(directory: ActorDirectory) -> None:
    for country in directory.countries.values():
        assert country.name, country.iso3
        assert country.name not in country.aliases, country.iso3
    # every sovereign state of the focus region has demonym, plural and capital
    for iso3 in ("PAK", "AFG", "IRN", "IND", "CHN", "TUR", "QAT", "SAU", "ARE", "USA", "GBR", "RUS"):
        country = directory.country(iso3)
        assert country.demonyms, iso3
        assert country.capital, iso3
        assert country.plurals or iso3 == "CHN", iso3


def test_every_sector_and_code_is_valid(directory: ActorDirectory) -> None:
    codes = set(directory.countries) | SPECIAL_CODES
    for entry in directory.entries():
        assert entry.roles, entry.key
        for role in entry.roles:
            assert role.sector in SECTORS, entry.key
            assert role.code in codes, entry.key
    for title in directory.titles():
        assert title.sector in SECTORS, title.key
        assert title.code is None or title.code in SPECIAL_CODES, title.key


def test_role_dates_are_ordered_and_plausible(directory: ActorDirectory) -> None:
    for entry in directory.entries():
        for role in entry.roles:
            if role.start and role.end:
                assert role.start <= role.end, entry.key
            for day in (role.start, role.end):
                assert day is None or date(1900, 1, 1) <= day <= date(2026, 12, 31), entry.key


def test_role_titles_exist(directory: ActorDirectory) -> None:
    title_keys = {t.key for t in directory.titles()}
    for entry in directory.entries("person"):
        for role in entry.roles:
            assert set(role.titles) <= title_keys, entry.key


def test_people_have_an_office_whenever_they_hold_a_post(directory: ActorDirectory) -> None:
    for entry in directory.entries("person"):
        offices = [r.office for r in entry.roles if r.sector not in {"REB", "PTY"}]
        assert all(offices), entry.key


def test_keys_are_well_formed_and_unique(directory: ActorDirectory) -> None:
    keys = [e.key for e in directory.entries()]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9._-]*", key) for key in keys)
    title_keys = [t.key for t in directory.titles()]
    assert len(title_keys) == len(set(title_keys))


def test_forms_are_clean(directory: ActorDirectory) -> None:
    for form in directory.surface_forms():
        assert form.text, form
        assert form.text == form.text.strip(), form
        assert "~" not in form.text, form
        assert "  " not in form.text, form


def test_no_text_points_at_two_targets_unless_flagged(directory: ActorDirectory) -> None:
    """A shared text must be flagged ambiguous for all its targets but at most one (its default reading)."""
    targets: defaultdict[str, dict[tuple[str, str], bool]] = defaultdict(dict)
    for form in directory.surface_forms():
        if form.kind == "short_form":
            continue  # short forms only apply after their entry's full name appeared
        group = "title" if form.kind == "title" else "entry" if form.kind == "entry" else "country"
        seen = targets[fold(form.text)]
        seen[(group, form.target)] = seen.get((group, form.target), True) and form.ambiguous
    for text, by_target in targets.items():
        if len(by_target) > 1:
            unflagged = [target for target, ambiguous in by_target.items() if not ambiguous]
            assert len(unflagged) <= 1, (text, by_target)


def test_titles_do_not_overlap(directory: ActorDirectory) -> None:
    seen: dict[str, str] = {}
    for title in directory.titles():
        for word in title.words:
            key = " ".join(fold(word).replace("-", " ").split())
            assert seen.setdefault(key, title.key) == title.key, (word, seen[key], title.key)


def test_case_sensitivity_follows_the_rules(directory: ActorDirectory) -> None:
    for form in directory.surface_forms():
        if form.kind != "title":
            assert form.case_sensitive, form  # proper names and abbreviations
        elif form.text.islower():
            assert not form.case_sensitive, form  # common nouns and titles
    assert all(f.case_sensitive for f in directory.forms_for("PM"))


#: Offices with one holder at a time; handovers may overlap by a month when a date is known to the month.
SINGLE_HOLDER_OFFICES = (
    "Prime Minister", "President", "Supreme Leader", "Emir", "King", "Minister of Foreign Affairs",
    "Minister of Defence", "Minister of Interior", "Minister of Information", "Chief of Army Staff",
    "Secretary of State", "Foreign Secretary", "Home Secretary", "Defence Secretary", "Secretary of Defense",
    "National Security Adviser", "Chief of the General Staff", "Chief of Defence Staff",
    "Director General of Inter-Services Intelligence", "Director General of Inter-Services Public Relations",
    "Chairman of the Joint Chiefs of Staff", "Chief Justice", "Chief Minister of Khyber Pakhtunkhwa",
    "Secretary-General of the United Nations", "United Nations High Commissioner for Refugees",
)  # fmt: skip


def test_single_holder_offices_do_not_overlap(directory: ActorDirectory) -> None:
    spans: defaultdict[tuple[str, str], list[tuple[str, date, date]]] = defaultdict(list)
    for entry in directory.entries("person"):
        for role in entry.roles:
            if role.office in SINGLE_HOLDER_OFFICES:
                spans[(role.code, role.office)].append(
                    (entry.key, role.start or date.min, role.end or date(2100, 1, 1))
                )
    for office, held in spans.items():
        for (a, a_start, a_end), (b, b_start, b_end) in combinations(held, 2):
            if a == b:
                continue
            overlap = min(a_end, b_end) - max(a_start, b_start)
            assert overlap < timedelta(days=31), (office, a, b)


def test_focus_countries_have_their_current_leaders(directory: ActorDirectory) -> None:
    day = date(2025, 11, 1)
    expected = {
        ("PAK", "Prime Minister"): "shehbaz-sharif",
        ("PAK", "President"): "asif-ali-zardari",
        ("PAK", "Minister of Foreign Affairs"): "ishaq-dar",
        ("PAK", "Minister of Interior"): "mohsin-naqvi",
        ("PAK", "Minister of Information"): "attaullah-tarar",
        ("AFG", "Prime Minister"): "mohammad-hassan-akhund",
        ("IRN", "Minister of Foreign Affairs"): "abbas-araghchi",
        ("IND", "Prime Minister"): "narendra-modi",
        ("CHN", "President"): "xi-jinping",
        ("TUR", "President"): "recep-tayyip-erdogan",
        ("SAU", "Minister of Foreign Affairs"): "faisal-bin-farhan",
        ("ARE", "President"): "mohamed-bin-zayed",
        ("USA", "President"): "donald-trump",
        ("GBR", "Prime Minister"): "keir-starmer",
        ("RUS", "Minister of Foreign Affairs"): "sergei-lavrov",
    }
    for (code, office), key in expected.items():
        assert [e.key for e in directory.holders(code, office, day)] == [key], (code, office)


@pytest.mark.parametrize(
    ("code", "office", "day", "expected"),
    [
        ("USA", "President", date(1991, 1, 17), "george-h-w-bush"),
        ("USA", "President", date(1995, 6, 1), "bill-clinton"),
        ("USA", "President", date(2005, 6, 1), "george-w-bush"),
        ("USA", "President", date(2012, 6, 1), "barack-obama"),
        ("USA", "Secretary of Defense", date(2003, 3, 20), "donald-rumsfeld"),
        ("USA", "Minister of Foreign Affairs", date(2010, 6, 1), "hillary-clinton"),
        ("GBR", "Prime Minister", date(2003, 3, 20), "tony-blair"),
        ("GBR", "Minister of Foreign Affairs", date(2012, 6, 1), "william-hague"),
        ("FRA", "President", date(2010, 6, 1), "nicolas-sarkozy"),
        ("RUS", "President", date(1995, 6, 1), "boris-yeltsin"),
        ("RUS", "President", date(2010, 6, 1), "dmitry-medvedev"),
        ("RUS", "Prime Minister", date(2010, 6, 1), "vladimir-putin"),
        ("CHN", "President", date(2000, 6, 1), "jiang-zemin"),
        ("CHN", "Prime Minister", date(2008, 6, 1), "wen-jiabao"),
        ("IGO", "Secretary-General of the United Nations", date(1994, 6, 1), "boutros-boutros-ghali"),
        ("IGO", "Secretary-General of the United Nations", date(2003, 3, 1), "kofi-annan"),
        ("IGO", "Secretary-General of the United Nations", date(2010, 6, 1), "ban-ki-moon"),
        ("IGO", "United Nations High Commissioner for Refugees", date(2010, 6, 1), "antonio-guterres"),
        (
            "IGO",
            "Director General of the International Atomic Energy Agency",
            date(2005, 6, 1),
            "mohamed-elbaradei",
        ),
        ("PAK", "President", date(2005, 6, 1), "pervez-musharraf"),
        ("PAK", "Prime Minister", date(1995, 6, 1), "benazir-bhutto"),
        ("PAK", "Prime Minister", date(2010, 6, 1), "yousaf-raza-gilani"),
        ("PAK", "Prime Minister", date(2015, 6, 1), "nawaz-sharif"),
        ("PAK", "Chief of Army Staff", date(2010, 6, 1), "ashfaq-parvez-kayani"),
        ("AFG", "President", date(1995, 6, 1), "burhanuddin-rabbani"),
        ("AFG", "President", date(2010, 6, 1), "hamid-karzai"),
        ("AFG", "Supreme Leader", date(1998, 8, 20), "mullah-omar"),
        ("IRN", "President", date(2008, 6, 1), "mahmoud-ahmadinejad"),
        ("IRN", "Supreme Leader", date(1985, 6, 1), "ruhollah-khomeini"),
        ("ISR", "Prime Minister", date(2005, 6, 1), "ariel-sharon"),
        ("ISR", "Prime Minister", date(2025, 10, 25), "benjamin-netanyahu"),
        ("IRQ", "Prime Minister", date(2010, 6, 1), "nouri-al-maliki"),
        ("SYR", "President", date(2015, 6, 1), "bashar-al-assad"),
        ("SYR", "President", date(2025, 10, 25), "ahmed-al-sharaa"),
        ("EGY", "President", date(2013, 1, 1), "mohamed-morsi"),
        ("UKR", "President", date(2025, 10, 25), "volodymyr-zelensky"),
        ("PSE", "President", date(2025, 10, 25), "mahmoud-abbas"),
        ("KHM", "Prime Minister", date(2025, 10, 25), "hun-manet"),
        ("THA", "Prime Minister", date(2025, 10, 25), "anutin-charnvirakul"),
        ("JPN", "Prime Minister", date(2025, 10, 25), "sanae-takaichi"),
        ("KOR", "President", date(2025, 10, 25), "lee-jae-myung"),
        ("BRA", "President", date(2025, 10, 25), "lula-da-silva"),
        ("USA", "President", date(1985, 6, 1), "ronald-reagan"),
        ("GBR", "Prime Minister", date(1985, 6, 1), "margaret-thatcher"),
        ("DZA", "President", date(2005, 6, 1), "abdelaziz-bouteflika"),
        ("AGO", "President", date(1995, 6, 1), "jose-eduardo-dos-santos"),
        ("ZAF", "President", date(1996, 6, 1), "nelson-mandela"),
        ("NGA", "President", date(1995, 6, 1), "sani-abacha"),
        ("LBR", "President", date(2000, 6, 1), "charles-taylor"),
        ("CIV", "President", date(2005, 6, 1), "laurent-gbagbo"),
        ("SRB", "President", date(1995, 6, 1), "slobodan-milosevic"),
        ("HRV", "President", date(1995, 6, 1), "franjo-tudjman"),
        ("ARG", "President", date(1995, 6, 1), "carlos-menem"),
        ("NIC", "President", date(1987, 6, 1), "daniel-ortega"),
        # national offices found through the generic title they are an instance of
        ("SDN", "President", date(2025, 10, 25), "abdel-fattah-al-burhan"),
        ("BGD", "Prime Minister", date(2025, 10, 25), "muhammad-yunus"),
        ("DEU", "Prime Minister", date(2025, 10, 25), "friedrich-merz"),
        ("MMR", "President", date(2025, 10, 25), "min-aung-hlaing"),
    ],
)
def test_heads_of_state_and_government_since_1990_are_dated(
    directory: ActorDirectory, code: str, office: str, day: date, expected: str
) -> None:
    assert [e.key for e in directory.holders(code, office, day)] == [expected], (code, office, day)


def test_militant_leaders_are_armed_opposition_until_they_govern(directory: ActorDirectory) -> None:
    def coded(key: str, day: date) -> tuple[str, str] | None:
        role = directory.entry(key).role_on(day)
        return None if role is None else (role.code, role.sector)

    assert coded("osama-bin-laden", date(2001, 9, 12)) == ("IMG", "REB")
    assert coded("ayman-al-zawahiri", date(2015, 1, 1)) == ("IMG", "REB")
    assert coded("baitullah-mehsud", date(2008, 6, 1)) == ("PAK", "REB")
    assert coded("sanaullah-ghafari", date(2025, 10, 25)) == ("IMG", "REB")
    assert coded("ismail-haniyeh", date(2006, 6, 1)) == ("PSE", "GOV")
    assert coded("ismail-haniyeh", date(2020, 6, 1)) == ("PSE", "REB")
    assert coded("mullah-omar", date(1995, 6, 1)) == ("AFG", "REB")
    assert coded("mullah-omar", date(1999, 6, 1)) == ("AFG", "GOV")
    assert coded("ahmed-al-sharaa", date(2020, 6, 1)) == ("SYR", "REB")
    assert coded("ahmed-al-sharaa", date(2025, 10, 25)) == ("SYR", "GOV")
    assert coded("mohamed-hamdan-dagalo", date(2020, 6, 1)) == ("SDN", "GOV")
    assert coded("mohamed-hamdan-dagalo", date(2024, 6, 1)) == ("SDN", "REB")
    assert coded("abdul-malik-al-houthi", date(2025, 10, 25)) == ("YEM", "REB")


def test_shared_surnames_read_first_as_the_more_reported_person(directory: ActorDirectory) -> None:
    """A short form shared by relatives lists the person news means by default first (the resolver takes the
    first reading when a title precedes the surname: "President Bush")."""
    expected = {
        "Bush": "george-w-bush",
        "Assad": "bashar-al-assad",
        "Aoun": "joseph-aoun",
        "Hariri": "saad-hariri",
        "Kabila": "joseph-kabila",
        "Gaddafi": "muammar-gaddafi",
    }
    for text, key in expected.items():
        targets = [f.target for f in directory.forms_for(text) if f.kind == "short_form"]
        assert len(targets) == len(set(targets)) >= 1, text
        assert targets[0] == key, (text, targets)


def test_unflagged_short_forms_are_no_other_form(directory: ActorDirectory) -> None:
    """A surname used bare must not also be a country, capital, demonym, title or full name ("Jordan",
    "Major"); such surnames are flagged "~" and then only read after the full name or a title."""
    others = {fold(f.text) for f in directory.surface_forms() if f.kind != "short_form"}
    clashes = [
        (f.text, f.target)
        for f in directory.surface_forms()
        if f.kind == "short_form" and not f.ambiguous and fold(f.text) in others
    ]
    assert clashes == []
    for common in ("Rice", "Brown", "Fox", "Abbas", "Wardak", "Sadr", "Kerry", "Gates"):
        readings = [f for f in directory.forms_for(common) if f.kind == "short_form"]
        assert readings, common
        assert all(f.ambiguous for f in readings), common


#: How news names armed groups, militias, parties and gangs, and the group each name stands for.
GROUP_NAMES = {
    "Hayat Tahrir al-Sham": "hts",
    "Jabhat al-Nusra": "al_nusra",
    "Kata'ib Hezbollah": "kataib_hezbollah",
    "Hashd al-Shaabi": "pmf",
    "Ezzedine al-Qassam Brigades": "hamas",
    "Saraya al-Quds": "pij",
    "Ansarallah": "houthis",
    "Al Shabaab": "al_shabaab",
    "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad": "boko_haram",
    "ISWAP": "iswap",
    "Islamic State in the Greater Sahara": "is_sahel",
    "Jamaat Nusrat al-Islam wal-Muslimin": "jnim",
    "SPLM-IO": "splm_io",
    "Tigray People's Liberation Front": "tplf",
    "Mayi-Mayi": "mai_mai",
    "Ta'ang National Liberation Army": "tnla",
    "Kachin Independence Organization": "kia",
    "CPI (Maoist)": "cpi_maoist",
    "Hizb-ul-Mujahideen": "hizbul_mujahideen",
    "Liwa Zainabiyoun": "zainabiyoun",
    "Sindhudesh Revolutionary Army": "sindhudesh_revolutionary_army",
    "Tamil Tigers": "ltte",
    "Abu Sayyaf Group": "abu_sayyaf",
    "Azov Regiment": "azov",
    "Segunda Marquetalia": "segunda_marquetalia",
    "Urabeños": "clan_del_golfo",
    "Cártel de Jalisco Nueva Generación": "cjng",
    "Viv Ansanm": "viv_ansanm",
    "Polisario Front": "polisario",
    "Palestine Liberation Organization": "plo",
    "Islamic Salvation Front": "fis",
    "Khmer Rouge": "khmer_rouge",
    "Sandinistas": "fsln",
    "South Lebanon Army": "south_lebanon_army",
    "Liberation Tigers": "ltte",
    "Kifaya": "kefaya",
}


@pytest.mark.parametrize(("text", "key"), sorted(GROUP_NAMES.items()))
def test_group_names_and_spellings_find_their_group(directory: ActorDirectory, text: str, key: str) -> None:
    targets = [f.target for f in directory.forms_for(text) if f.kind == "entry"]
    assert targets == [key], (text, targets)
    assert directory.entry(key).kind == "group"


@pytest.mark.parametrize(
    ("key", "day", "expected"),
    [
        # groups whose role changed when they took power, made peace, went to war or joined the state
        ("tplf", date(2019, 6, 1), ("ETH", "PTY")),
        ("tplf", date(2021, 6, 1), ("ETH", "REB")),
        ("tplf", date(2024, 6, 1), ("ETH", "PTY")),
        ("rpf", date(1993, 6, 1), ("RWA", "REB")),
        ("rpf", date(2000, 6, 1), ("RWA", "PTY")),
        ("farc", date(2010, 6, 1), ("COL", "REB")),
        ("farc", date(2018, 6, 1), ("COL", "PTY")),
        ("splm", date(1995, 6, 1), ("SDN", "REB")),
        ("splm", date(2015, 6, 1), ("SSD", "PTY")),
        ("azov", date(2014, 6, 1), ("UKR", "PRM")),
        ("azov", date(2022, 6, 1), ("UKR", "MIL")),
        ("fano", date(2021, 6, 1), ("ETH", "PRM")),
        ("fano", date(2025, 6, 1), ("ETH", "REB")),
        ("seleka", date(2013, 6, 1), ("CAF", "GOV")),
        ("nld", date(2018, 6, 1), ("MMR", "PTY")),
        ("nld", date(2022, 6, 1), ("MMR", "OPP")),
        ("awami_league", date(2020, 6, 1), ("BGD", "PTY")),
        ("awami_league", date(2025, 6, 1), ("BGD", "OPP")),
        ("islamic_state_of_iraq", date(2010, 6, 1), ("IRQ", "REB")),
        ("is_sinai", date(2013, 6, 1), ("EGY", "REB")),
        ("is_sinai", date(2018, 6, 1), ("IMG", "REB")),
        # sectors other than armed opposition
        ("pmf", date(2025, 10, 25), ("IRQ", "PRM")),
        ("wagner_group", date(2022, 6, 1), ("RUS", "PRM")),
        ("wazalendo", date(2025, 2, 1), ("COD", "PRM")),
        ("nug", date(2025, 10, 25), ("MMR", "OPP")),
        ("sinaloa_cartel", date(2025, 10, 25), ("MEX", "CRM")),
        ("g9", date(2025, 10, 25), ("HTI", "CRM")),
    ],
)
def test_group_roles_follow_their_history(
    directory: ActorDirectory, key: str, day: date, expected: tuple[str, str]
) -> None:
    role = directory.entry(key).role_on(day)
    assert role is not None, (key, day)
    assert (role.code, role.sector) == expected, (key, day)


def test_islamic_state_and_al_qaeda_branches_are_transnational(directory: ActorDirectory) -> None:
    day = date(2025, 10, 25)
    for key in ("iskp", "iswap", "is_sahel", "iscap", "is_mozambique", "is_somalia", "aqap", "aqim", "jnim"):
        role = directory.entry(key).role_on(day)
        assert role is not None, key
        assert (role.code, role.sector) == ("IMG", "REB"), key


def test_predecessors_end_where_successors_begin(directory: ActorDirectory) -> None:
    """A renamed group hands over without a gap or an overlap: al-Qaeda in Iraq, the Islamic State of Iraq,
    the Islamic State; al-Nusra and HTS; the GSPC and AQIM."""
    for before, after in (
        ("aqi", "islamic_state_of_iraq"),
        ("islamic_state_of_iraq", "islamic_state"),
        ("al_nusra", "hts"),
        ("gspc", "aqim"),
    ):
        end = directory.entry(before).roles[-1].end
        start = directory.entry(after).roles[0].start
        assert end is not None, before
        assert start is not None, after
        assert start - end == timedelta(days=1), (before, after, end, start)


def test_shared_abbreviations_need_context(directory: ActorDirectory) -> None:
    """Abbreviations such as "SDF" (also Japan's Self-Defense Forces), "PDF", "AA", "ETA", "IRA" or "NDA"
    (India's ruling alliance) are flagged, so a group is read only in a story about its country."""
    for text in ("SDF", "PDF", "AA", "ETA", "IRA", "NDA", "FACT", "MEND", "STC", "Maoists", "Azov"):
        forms = [f for f in directory.forms_for(text) if f.kind == "entry"]
        assert forms, text
        assert all(f.ambiguous for f in forms), text
    # a shared abbreviation keeps one default reading: "ADF" is the Allied Democratic Forces
    readings = {f.target: f.ambiguous for f in directory.forms_for("ADF") if f.kind == "entry"}
    assert readings == {"adf": False, "ambazonia_defence_forces": True}


def test_group_sectors_are_non_state_or_the_state_they_became(directory: ActorDirectory) -> None:
    allowed = {"REB", "PRM", "PTY", "OPP", "SOC", "CRM", "GOV", "MIL"}
    for entry in directory.entries("group"):
        assert {role.sector for role in entry.roles} <= allowed, entry.key
        for role in entry.roles:
            assert role.code != "IMG" or role.sector == "REB", entry.key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("International Labor Office", "ilo"),
        ("APEC", "apec"),
        ("Organization of African Unity", "oau"),
        ("ECOMOG", "ecomog"),
        ("Common Market", "eu"),
        ("Canadian Security Intelligence Service", "can.csis"),
        ("Knesset", "isr.knesset"),
    ],
)
def test_bodies_named_in_the_wire_archives_are_listed(directory: ActorDirectory, text: str, key: str) -> None:
    targets = [f.target for f in directory.forms_for(text) if f.kind == "entry"]
    assert targets == [key], (text, targets)
    assert directory.entry(key).role_on(date(1995, 6, 1)) is not None
