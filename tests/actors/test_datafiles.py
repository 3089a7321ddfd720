"""Validation of the actor data files: every malformed input is a ResourceError naming file and line."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.actors import datafiles
from flashpoint.actors.datafiles import build_directory
from flashpoint.errors import ResourceError

COUNTRIES = (
    "# test countries\n"
    "iso3\tiso2\tname\taliases\tdemonyms\tplurals\tcapital\tcapital_aliases\n"
    "PAK\tPK\tPakistan\tIslamic Republic of Pakistan\tPakistani\tPakistanis\tIslamabad\t\n"
    "AFG\tAF\tAfghanistan\t\tAfghan\tAfghans\tKabul\t\n"
    "COD\tCD\tDemocratic Republic of the Congo\tDRC|~Congo\t~Congolese\t\tKinshasa\t\n"
    "COG\tCG\tRepublic of the Congo\t~Congo\t~Congolese\t\tBrazzaville\t\n"
)
TITLES = """
honorifics = ["Mullah"]

[[title]]
key = "spokesperson"
kind = "person"
sector = "GOV"
office = "Spokesperson"
words = ["spokesman", "spokesperson"]
inherit_sector = true

[[title]]
key = "defence_minister"
kind = "person"
sector = "GOV"
office = "Minister of Defence"
words = ["defence minister", "defense minister"]
"""
GROUPS = """
[[group]]
key = "taliban"
name = "Taliban"
aliases = ["Afghan Taliban"]
roles = [
    { code = "AFG", sector = "REB", end = "2021-08-14" },
    { code = "AFG", sector = "GOV", start = "2021-08-15" },
]
"""
PEOPLE = """
[[person]]
key = "khawaja-asif"
name = "Khawaja Asif"
short_forms = ["Asif"]
roles = [{ code = "PAK", sector = "GOV", office = "Minister of Defence", start = "2024-03", end = "2025" }]
"""
OUTLETS = """
[[outlet]]
key = "dawn"
name = "Dawn"
aliases = ["~Dawn"]
code = "PAK"
domains = ["dawn.com"]
"""


def files(**replace: str) -> dict[str, str]:
    texts = {
        "countries.tsv": COUNTRIES,
        "titles.toml": TITLES,
        "organs.toml": "",
        "groups.toml": GROUPS,
        "people.toml": PEOPLE,
        "igos.toml": "",
        "outlets.toml": OUTLETS,
    }
    texts.update({name.replace("_", ".", 1): text for name, text in replace.items()})
    return texts


def fails(match: str, **replace: str) -> str:
    with pytest.raises(ResourceError, match=match) as caught:
        build_directory(files(**replace))
    return str(caught.value)


def test_a_valid_set_of_files_builds_a_directory() -> None:
    directory = build_directory(files())
    asif = directory.entry("khawaja-asif")
    role = asif.roles[0]
    assert (role.start, role.end) == (date(2024, 3, 1), date(2025, 12, 31))
    assert role.titles == ()
    assert [e.key for e in directory.holders("PAK", "Minister of Defence", date(2024, 3, 31))] == [
        "khawaja-asif"
    ]
    dawn = directory.entry("dawn")
    assert dawn.roles[0].sector == "JRN"
    assert dawn.ambiguous == frozenset({"Dawn"})
    assert dawn.aliases == ()
    assert directory.country("COD").ambiguous == frozenset({"Congo", "Congolese"})
    assert directory.country_for("Congo") is None
    assert directory.honorifics == frozenset({"Mullah"})


def test_unknown_sector_names_file_and_line() -> None:
    message = fails("unknown sector", people_toml=PEOPLE.replace('sector = "GOV"', 'sector = "XXX"'))
    assert message.startswith("people.toml:3:")


def test_bad_date() -> None:
    assert fails("bad date", people_toml=PEOPLE.replace('"2024-03"', '"March 2024"')).startswith(
        "people.toml:3:"
    )
    fails("bad date", people_toml=PEOPLE.replace('"2024-03"', '"2024-13"'))


def test_role_dates_out_of_order() -> None:
    fails("out of order", people_toml=PEOPLE.replace('end = "2025"', 'end = "2023-01-01"'))


def test_duplicate_key_across_files() -> None:
    message = fails("duplicate key 'taliban'", outlets_toml=OUTLETS.replace('"dawn"', '"taliban"', 1))
    assert "groups.toml:3" in message
    assert message.startswith("outlets.toml:3:")


def test_duplicate_title_key() -> None:
    fails("duplicate title key", titles_toml=TITLES.replace('"defence_minister"', '"spokesperson"'))


def test_unknown_field_and_unknown_table() -> None:
    fails(r"unknown fields \['alias'\]", groups_toml=GROUPS.replace("aliases =", "alias ="))
    fails("unknown top-level keys", groups_toml=GROUPS.replace("[[group]]", "[[groups]]"))


def test_unknown_code_and_title_key() -> None:
    fails(
        "unknown actor code 'XYZ'",
        groups_toml=GROUPS.replace('code = "AFG", sector = "REB"', 'code = "XYZ", sector = "REB"'),
    )
    fails(
        "unknown title key", people_toml=PEOPLE.replace('end = "2025" }', 'end = "2025", titles = ["nope"] }')
    )


def test_code_and_roles_are_exclusive() -> None:
    fails(
        "either code/sector or roles",
        groups_toml=GROUPS.replace('name = "Taliban"', 'name = "Taliban"\ncode = "AFG"'),
    )


def test_malformed_toml_and_tsv() -> None:
    fails("malformed TOML", groups_toml=GROUPS + "\n[[group]\n")
    fails("expected 8 tab-separated columns", countries_tsv=COUNTRIES + "IRN\tIR\tIran\n")
    fails("expected the header", countries_tsv=COUNTRIES.replace("capital_aliases", "capitals"))
    fails("duplicate country PAK", countries_tsv=COUNTRIES + "PAK\tPK\tPakistan\t\t\t\t\t\n")
    fails("malformed form", countries_tsv=COUNTRIES.replace("DRC|~Congo", "DRC| Congo"))


def test_missing_name_and_bad_key() -> None:
    fails("a name", groups_toml=GROUPS.replace('name = "Taliban"\n', ""))
    fails("bad or missing key", groups_toml=GROUPS.replace('key = "taliban"', 'key = "Taliban Movement"'))


def test_unflagged_collision_is_refused() -> None:
    clash = GROUPS.replace('aliases = ["Afghan Taliban"]', 'aliases = ["Afghan Taliban", "Afghans"]')
    message = fails("points at several targets", groups_toml=clash)
    assert "countries.tsv:4" in message
    assert "groups.toml:3" in message
    # flagged in all readings but one: accepted, and the country keeps its default reading
    directory = build_directory(files(groups_toml=clash.replace('"Afghans"]', '"~Afghans"]')))
    found = directory.country_for("Afghans")
    assert found is not None
    assert found.iso3 == "AFG"


def test_title_word_colliding_with_a_name_must_be_flagged() -> None:
    fails(
        "points at several targets",
        outlets_toml=OUTLETS.replace('aliases = ["~Dawn"]', 'aliases = ["~Dawn", "spokesman"]'),
    )


def test_unreadable_resource_is_a_resource_error() -> None:
    with pytest.raises(ResourceError, match="cannot be read"):
        datafiles.read_resource("no-such-file.toml")
