"""Places end to end: geocoding at the right resolution, places versus acting capitals, datelines, borders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from flashpoint.records import DocumentResult, PlaceEntity

Extract = Callable[..., DocumentResult]

DAY = dt.date(2025, 10, 25)


@pytest.fixture(scope="session")
def extract(make_extract: Callable[[dt.date], Extract]) -> Extract:
    """``extract(text, published=DAY)``: the result, with every offset checked (see tests/conftest.py)."""
    return make_extract(DAY)


def place(result: DocumentResult, mention: str) -> PlaceEntity:
    """The one place that has a mention written exactly ``mention``."""
    found = [p for p in result.places if any(m.text == mention for m in p.mentions)]
    assert len(found) == 1, f"{mention!r}: {[(p.name, [m.text for m in p.mentions]) for p in result.places]}"
    return found[0]


def near(p: PlaceEntity, lat: float, lon: float, degrees: float) -> bool:
    assert p.lat is not None
    assert p.lon is not None
    return abs(p.lat - lat) <= degrees and abs(p.lon - lon) <= degrees


# -- geocoding at each resolution ----------------------------------------------------------------------------

#: (text, the place mention, country, resolution, approximate lat, lon, tolerance in degrees)
GEOCODED = [
    ("Hundreds of trucks were stranded at the Torkham crossing on Monday.", "Torkham crossing",
     "PAK", "site", 34.10, 71.09, 0.1),
    ("Thousands of trucks queued at Torkham after the border was sealed.", "Torkham",
     "PAK", "site", 34.10, 71.09, 0.1),
    ("Three soldiers were killed in Kurram district on Sunday.", "Kurram",
     "PAK", "district", 33.8, 70.2, 0.6),
    ("Fighting broke out in Paktika province overnight, residents said.", "Paktika province",
     "AFG", "province", 32.5, 68.8, 1.0),
    ("Security was tightened in Peshawar after the suicide attack.", "Peshawar",
     "PAK", "city", 34.01, 71.58, 0.1),
    ("Explosions were heard in Kandahar city late on Thursday.", "Kandahar",
     "AFG", "city", 31.61, 65.71, 0.2),
    ("Pakistani drones were seen over Afghanistan on Friday.", "Afghanistan",
     "AFG", "country", 33.9, 67.7, 2.0),
    ("The Chaman border crossing was closed on Monday.", "Chaman border crossing",
     "PAK", "site", 30.99, 66.41, 0.1),
    ("A drone strike hit a house in the Barmal district of Paktika.", "Barmal district",
     "AFG", "district", 32.7, 69.2, 0.5),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "mention", "country", "resolution", "lat", "lon", "tolerance"),
    GEOCODED,
    ids=[g[1] for g in GEOCODED],
)
def test_place_is_geocoded_at_its_resolution(
    extract: Extract,
    text: str,
    mention: str,
    country: str,
    resolution: str,
    lat: float,
    lon: float,
    tolerance: float,
) -> None:
    p = place(extract(text), mention)
    assert (p.country, p.resolution) == (country, resolution)
    assert near(p, lat, lon, tolerance), (p.lat, p.lon)
    assert p.code


def test_a_district_named_with_its_province_is_in_that_province(extract: Extract) -> None:
    result = extract("A drone strike hit a house in the Barmal district of Paktika.")
    barmal = place(result, "Barmal district")
    paktika = place(result, "Paktika")
    assert (barmal.resolution, paktika.resolution) == ("district", "province")
    assert barmal.country == paktika.country == "AFG"


def test_repeated_place_is_one_entity_with_every_mention(extract: Extract) -> None:
    text = "Trade through Torkham stopped on Sunday. Traders at Torkham said perishable goods were rotting."
    p = place(extract(text), "Torkham")
    assert [m.start for m in p.mentions] == [text.index("Torkham"), text.rindex("Torkham")]


def test_coordinated_provinces_share_the_level_word(extract: Extract) -> None:
    text = "Pakistani forces carried out strikes in Khost and Paktika provinces, Afghan officials said."
    result = extract(text)
    assert place(result, "Khost").resolution == "province"


# -- places versus capitals acting ---------------------------------------------------------------------------


def test_the_afghan_capital_after_a_preposition_is_kabul(extract: Extract) -> None:
    text = "Residents in the Afghan capital heard explosions late on Thursday."
    p = place(extract(text), "the Afghan capital")
    assert p.country == "AFG"
    assert p.resolution == "city"
    assert near(p, 34.53, 69.17, 0.1)


@pytest.mark.parametrize(
    "text",
    [
        "Kabul rejected the accusation on Sunday.",
        "Islamabad warned that it would respond to any attack.",
        "Kabul accused Islamabad of violating its airspace.",
    ],
)
def test_a_capital_that_acts_is_not_a_place(extract: Extract, text: str) -> None:
    result = extract(text)
    assert result.places == ()
    assert result.actors


def test_a_capital_where_something_happens_is_a_place(extract: Extract) -> None:
    result = extract("A blast in Kabul killed five people on Friday.")
    p = place(result, "Kabul")
    assert (p.country, p.resolution) == ("AFG", "city")
    assert not any(m.text == "Kabul" for a in result.actors for m in a.mentions)


def test_same_capital_acting_and_located_in_one_article(extract: Extract) -> None:
    text = "Kabul denied the report on Sunday. Later, a blast in Kabul killed three people."
    result = extract(text)
    p = place(result, "Kabul")
    assert [m.start for m in p.mentions] == [text.rindex("Kabul")]
    acting = [a for a in result.actors if any(m.start == 0 for m in a.mentions)]
    assert [(a.code, a.sector) for a in acting] == [("AFG", "GOV")]


def test_a_place_before_a_verb_that_is_also_a_people_noun(extract: Extract) -> None:
    text = "A blast in Kabul wounded three people on Saturday."
    result = extract(text)
    assert place(result, "Kabul").country == "AFG"
    assert not any("Kabul" in m.text for a in result.actors for m in a.mentions)


def test_a_capital_before_a_common_noun_is_a_place(extract: Extract) -> None:
    result = extract("Kabul airport was shut after the blast.")
    p = place(result, "Kabul airport")
    assert (p.country, p.resolution) == ("AFG", "site")


# -- datelines -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dateline", "country"),
    [
        (
            "KABUL, Oct 26 (Reuters) - The Taliban said on Sunday they would not attend more talks.",
            "KABUL",
            "AFG",
        ),
        ("ISLAMABAD, Oct 26 (Reuters) - Pakistan said the talks had failed.", "ISLAMABAD", "PAK"),
        ("PESHAWAR, Pakistan (AP) - Police said three people were killed.", "PESHAWAR", "PAK"),
        ("DOHA, Oct 19 (Reuters) - Pakistan and Afghanistan agreed to a ceasefire.", "DOHA", "QAT"),
    ],
)
def test_a_dateline_is_a_place(extract: Extract, text: str, dateline: str, country: str) -> None:
    result = extract(text, dt.date(2025, 10, 26))
    p = place(result, dateline)
    assert (p.country, p.resolution) == (country, "city")
    assert p.mentions[0].start == 0
    assert not any(m.text == dateline for a in result.actors for m in a.mentions)


def test_a_two_word_dateline_is_one_place(extract: Extract) -> None:
    result = extract("NEW DELHI, Oct 26 (Reuters) - India said it was watching the situation closely.")
    p = place(result, "NEW DELHI")
    assert p.country == "IND"


def test_a_two_word_dateline_in_the_focus_region(extract: Extract) -> None:
    result = extract("SPIN BOLDAK, Afghanistan (AP) - Families waited at the crossing for days.")
    assert place(result, "SPIN BOLDAK").country == "AFG"


# -- the border ----------------------------------------------------------------------------------------------


def test_the_border_in_an_article_about_two_countries(extract: Extract) -> None:
    text = (
        "Pakistan accused Afghanistan of sheltering militants. "
        "Clashes erupted at several points along the border on Saturday."
    )
    p = place(extract(text), "the border")
    assert p.resolution == "region"
    assert "Pakistan" in p.name
    assert "Afghanistan" in p.name
    assert near(p, 32.5, 69.3, 3.0)


def test_the_border_takes_the_two_countries_of_the_article(extract: Extract) -> None:
    text = (
        "India and Pakistan traded artillery fire on Saturday. Villagers fled the border as shelling "
        "continued. New Delhi blamed Islamabad."
    )
    p = place(extract(text, dt.date(2025, 5, 10)), "the border")
    assert p.resolution == "region"
    assert "India" in p.name
    assert "Pakistan" in p.name


def test_a_border_crossing_is_not_the_border_region(extract: Extract) -> None:
    text = "Pakistan's army said militants attacked a checkpoint. Troops were sent to the border crossing."
    result = extract(text)
    assert not any("border" in m.text for p in result.places for m in p.mentions)


def test_places_do_not_overlap_actor_mentions(extract: Extract) -> None:
    text = (
        "Pakistani forces shelled villages in Kunar province. Afghan officials in Kabul said civilians were "
        "killed in Chaman and Spin Boldak, and Islamabad denied it."
    )
    result = extract(text)
    actor_spans = [(m.start, m.end) for a in result.actors for m in a.mentions]
    for p in result.places:
        for m in p.mentions:
            assert all(e <= m.start or m.end <= s for s, e in actor_spans), m
    assert place(result, "Kunar province").resolution == "province"
    assert place(result, "Spin Boldak").country == "AFG"
    assert place(result, "Chaman").country == "PAK"
    assert not any(m.text == "Islamabad" for p in result.places for m in p.mentions)


def test_a_country_outside_iso_3166_is_read_not_a_crash(extract: Extract) -> None:
    r = extract("Serbia offered talks to Kosovo negotiators. Fighting was reported in Kosovo on Monday.")
    p = place(r, "Kosovo")
    assert p.country == "XKX"
    assert near(p, 42.6, 20.9, 1.0)


def test_a_month_abbreviation_in_a_dateline_is_no_place(extract: Extract) -> None:
    r = extract("PESHAWAR, Nov 3 (Reuters) - A bomb killed 12 people at a market in Peshawar on Sept 2.")
    assert {p.country for p in r.places} == {"PAK"}
    bomber = [a for a in r.actors if a.code not in ("PAK", "GBR")]
    assert bomber == []
