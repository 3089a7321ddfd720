"""Gazetteer lookups, disambiguation, level words, surface forms and the stop list."""

from __future__ import annotations

import pytest

from flashpoint.geo.assemble import ALTERNATE, NAME, GazetteerData
from flashpoint.geo.gazetteer import Gazetteer, GazetteerPlace, StopList, split_level
from flashpoint.geo.place import distance_km


def _resolve(gazetteer: Gazetteer, text: str, **options: object) -> GazetteerPlace:
    place = gazetteer.resolve(text, **options)  # type: ignore[arg-type]
    assert place is not None, text
    return place


def _near(place: GazetteerPlace, lat: float, lon: float, km: float) -> bool:
    assert place.point is not None
    return distance_km(place.point, (lat, lon)) <= km


def test_torkham_is_the_pakistani_crossing(gazetteer: Gazetteer) -> None:
    place = _resolve(gazetteer, "Torkham")
    assert (place.country, place.resolution, place.kind, place.source) == (
        "PAK",
        "site",
        "crossing",
        "supplement",
    )
    assert _near(place, 34.1, 71.1, 5)
    assert gazetteer.resolve("Torkham border crossing") == place
    assert gazetteer.resolve("the Torkham border") == place


def test_spin_boldak_is_the_afghan_district(gazetteer: Gazetteer) -> None:
    place = _resolve(gazetteer, "Spin Boldak")
    assert (place.country, place.resolution, place.admin1) == ("AFG", "district", "Kandahar")
    # the GeoNames town of the same name was folded into the curated district, and keeps its key
    assert [p.key for p in gazetteer.candidates("Spin Boldak")] == [place.key]
    assert gazetteer.get("geonames:1123906").name == "Spin Boldak"
    assert _resolve(gazetteer, "Spin Buldak") == place


def test_kabul_is_the_city_and_kabul_province_the_province(gazetteer: Gazetteer) -> None:
    city = _resolve(gazetteer, "Kabul")
    assert (city.country, city.resolution, city.source) == ("AFG", "city", "geonames")
    assert _near(city, 34.53, 69.17, 10)
    province = _resolve(gazetteer, "Kabul province")
    assert (province.key, province.resolution) == ("iso3166-2:AF-KAB", "province")
    assert _resolve(gazetteer, "Kabul", prefer="province") == province


def test_punjab_follows_the_context(gazetteer: Gazetteer) -> None:
    assert _resolve(gazetteer, "Punjab").key == "iso3166-2:PK-PB"
    assert _resolve(gazetteer, "Punjab", context_countries=["PAK"]).key == "iso3166-2:PK-PB"
    assert _resolve(gazetteer, "Punjab", context_countries=["IND"]).key == "iso3166-2:IN-PB"
    assert _resolve(gazetteer, "Indian Punjab").key == "iso3166-2:IN-PB"


def test_hyderabad_is_pakistani_only_in_a_pakistani_context(gazetteer: Gazetteer) -> None:
    assert _resolve(gazetteer, "Hyderabad").country == "IND"
    sindh = _resolve(gazetteer, "Hyderabad", context_countries=("PAK", "AFG"))
    assert sindh.country == "PAK"
    assert _near(sindh, 25.4, 68.4, 15)
    near_karachi = _resolve(gazetteer, "Hyderabad", near=(24.86, 67.01))
    assert near_karachi == sindh


def test_chaman_town_district_and_crossing(gazetteer: Gazetteer) -> None:
    town = _resolve(gazetteer, "Chaman")
    assert (town.country, town.resolution) == ("PAK", "city")
    assert _near(town, 30.92, 66.45, 5)
    assert _resolve(gazetteer, "Chaman district").resolution == "district"
    crossing = _resolve(gazetteer, "Chaman border")
    assert (crossing.kind, crossing.key) == ("crossing", "fp:friendship-gate")
    assert _resolve(gazetteer, "Bab-e-Dosti") == crossing
    assert _resolve(gazetteer, "Friendship Gate") == crossing


@pytest.mark.parametrize("text", ["Kurram", "Kurram Agency", "Kurram district", "Kurram valley"])
def test_kurram_is_the_district(gazetteer: Gazetteer, text: str) -> None:
    place = _resolve(gazetteer, text)
    assert (place.key, place.resolution, place.country) == ("fp:kurram", "district", "PAK")


@pytest.mark.parametrize("text", ["KP", "KPK", "K-P", "Khyber Pakhtunkhwa", "NWFP", "Khyber-Pakhtunkhwa"])
def test_khyber_pakhtunkhwa(gazetteer: Gazetteer, text: str) -> None:
    place = _resolve(gazetteer, text)
    assert (place.key, place.resolution, place.name) == ("iso3166-2:PK-KP", "province", "Khyber Pakhtunkhwa")
    assert place.point is not None


def test_khyber_is_the_district_not_the_province(gazetteer: Gazetteer) -> None:
    assert _resolve(gazetteer, "Khyber").key == "fp:khyber"
    assert _resolve(gazetteer, "Khyber Agency").key == "fp:khyber"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Balochistan", "iso3166-2:PK-BA"),
        ("Baluchistan", "iso3166-2:PK-BA"),
        ("Sindh", "iso3166-2:PK-SD"),
        ("Gilgit-Baltistan", "iso3166-2:PK-GB"),
        ("Azad Kashmir", "iso3166-2:PK-JK"),
        ("AJK", "iso3166-2:PK-JK"),
        ("Pakistan-administered Kashmir", "iso3166-2:PK-JK"),
        ("Islamabad Capital Territory", "iso3166-2:PK-IS"),
        ("Indian-administered Kashmir", "iso3166-2:IN-JK"),
        ("Sistan-Baluchestan", "iso3166-2:IR-11"),
        ("North Waziristan", "fp:north-waziristan"),
        ("Mir Ali", "fp:mir-ali"),
        ("Miranshah", "fp:miranshah"),
        ("Miran Shah", "fp:miranshah"),
        ("Angoor Adda", "fp:angoor-adda"),
        ("Ghulam Khan", "fp:ghulam-khan"),
        ("Durand Line", "fp:durand-line"),
        ("the Durand Line", "fp:durand-line"),
        ("FATA", "fp:fata"),
        ("tribal areas", "fp:fata"),
        ("Pak-Afghan border", "fp:pak-afghan-border"),
        ("Line of Control", "fp:line-of-control"),
        ("LoC", "fp:line-of-control"),
        ("Tirah valley", "fp:tirah"),
        ("Mazar-i-Sharif", "fp:mazar-e-sharif"),
        ("Mazar e Sharif", "fp:mazar-e-sharif"),
        ("D.I. Khan", "fp:dera-ismail-khan"),
        ("Islam Qala", "fp:islam-qala"),
        ("Pakistan", "country:PAK"),
        ("Afghanistan", "country:AFG"),
        ("Islamic Emirate of Afghanistan", "country:AFG"),
        ("Türkiye", "country:TUR"),
        ("Turkey", "country:TUR"),
        ("U.S.", "country:USA"),
    ],
)
def test_focus_names(gazetteer: Gazetteer, text: str, key: str) -> None:
    assert _resolve(gazetteer, text).key == key


def test_a_town_stands_for_its_district(gazetteer: Gazetteer) -> None:
    # Hangu is a Pakistani town and district, and a larger Chinese city
    hangu = _resolve(gazetteer, "Hangu")
    assert (hangu.country, hangu.resolution) == ("PAK", "city")
    assert _resolve(gazetteer, "Hangu district").key == "fp:hangu-district"
    assert _resolve(gazetteer, "Hangu", context_countries=["CHN"]).country == "CHN"
    assert _resolve(gazetteer, "Bannu").resolution == "city"
    assert _resolve(gazetteer, "Bannu", prefer="district").key == "fp:bannu-district"


def test_model_town_is_not_split(gazetteer: Gazetteer) -> None:
    place = _resolve(gazetteer, "Model Town")
    assert place.name == "Model Town"


def test_unknown_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Xqzzyville") is None
    assert gazetteer.resolve("Xqzzyville province") is None
    assert gazetteer.candidates("Xqzzyville") == []


def test_get_and_country(gazetteer: Gazetteer) -> None:
    pak = gazetteer.country("pak")
    assert (pak.key, pak.resolution, pak.lat, pak.lon) == ("country:PAK", "country", 30.375321, 69.345116)
    assert pak.population > 100_000_000
    assert gazetteer.get("fp:torkham").name == "Torkham"
    assert "fp:torkham" in gazetteer
    with pytest.raises(KeyError):
        gazetteer.get("fp:nowhere")
    with pytest.raises(KeyError):
        gazetteer.country("XXX")


def test_geonames_places_of_focus_countries_have_provinces(gazetteer: Gazetteer) -> None:
    peshawar = gazetteer.get("geonames:1168197")
    assert (peshawar.name, peshawar.admin1, peshawar.country) == ("Peshawar", "Khyber Pakhtunkhwa", "PAK")
    herat = _resolve(gazetteer, "Herat")
    assert (herat.name, herat.admin1) == ("Herat", "Herat")  # ASCII name for the focus countries


def test_provinces_without_curated_points_borrow_their_city(gazetteer: Gazetteer) -> None:
    tehran = gazetteer.get("iso3166-2:IR-23")
    city = _resolve(gazetteer, "Tehran")
    assert (tehran.lat, tehran.lon) == (city.lat, city.lon)
    assert tehran.resolution == "province"


def test_candidates_list_every_place_of_a_name(gazetteer: Gazetteer) -> None:
    keys = [p.key for p in gazetteer.candidates("Punjab")]
    assert keys[0] == "iso3166-2:PK-PB"
    assert "iso3166-2:IN-PB" in keys
    pishin = gazetteer.candidates("Pishin")
    assert {p.country for p in pishin} >= {"PAK", "IRN"}
    assert gazetteer.resolve("Pishin", context_countries=["IRN"]) == next(
        p for p in pishin if p.country == "IRN"
    )


def test_surface_forms(gazetteer: Gazetteer) -> None:
    forms: dict[str, set[str]] = {}
    for form, key in gazetteer.surface_forms():
        forms.setdefault(form, set()).add(key)
    for form in ("Khyber Pakhtunkhwa", "KP", "K-P", "North Waziristan", "Spin Boldak", "Chaman", "Torkham"):
        assert form in forms, form
    assert "Mazar-e-Sharif" in forms
    assert "Mazar-e Sharif" in forms
    assert "iso3166-2:PK-KP" in forms["KP"]
    assert "Herat" in forms  # ASCII spellings of names with diacritics
    for stop in ("Police", "Split", "Nice", "Mobile", "Reading", "Of", "Khan", "Ali"):
        assert stop not in forms, stop
    assert all(not gazetteer.is_stopword(form) for form in forms)
    with_stops = {form for form, _ in gazetteer.surface_forms(include_stopwords=True)}
    assert {"Split", "Police"} <= with_stops
    assert all(key in gazetteer for keys in forms.values() for key in keys)


def test_surface_forms_are_stable(gazetteer: Gazetteer) -> None:
    first = list(gazetteer.surface_forms())
    assert first == list(gazetteer.surface_forms())
    assert len(first) > 50_000


@pytest.mark.parametrize(
    ("text", "stop"),
    [
        ("Of", True),
        ("of", True),
        ("Along", True),
        ("Nice", True),
        ("Split", True),
        ("Police", True),
        ("Reading", True),
        ("Khan", True),
        ("Hazrat", True),
        ("May", True),
        ("Us", True),
        ("US", False),
        ("KP", False),
        ("Kabul", False),
        ("Swat", False),
        ("Tank", False),
        ("Torkham", False),
        ("Ur", True),
    ],
)
def test_is_stopword(gazetteer: Gazetteer, text: str, stop: bool) -> None:
    assert gazetteer.is_stopword(text) is stop


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kunar province", ("Kunar", "province")),
        ("Kunar Province", ("Kunar", "province")),
        ("Khost and Paktika provinces", ("Khost and Paktika", "province")),
        ("Bajaur district", ("Bajaur", "district")),
        ("Kurram Agency", ("Kurram", "district")),
        ("Torkham border crossing", ("Torkham", "site")),
        ("Chaman crossing", ("Chaman", "site")),
        ("Tirah valley", ("Tirah", "region")),
        ("the city of Quetta", ("Quetta", "city")),
        ("province of Kunar", ("Kunar", "province")),
        ("Quetta city", ("Quetta", "city")),
        ("the Kabul airport", ("Kabul", "site")),
        ("Quetta", ("Quetta", None)),
        ("the Durand Line", ("Durand Line", None)),
    ],
)
def test_split_level(text: str, expected: tuple[str, str | None]) -> None:
    assert split_level(text) == expected


def _place(
    key: str, name: str, country: str, resolution: str, population: int, source: str
) -> GazetteerPlace:
    return GazetteerPlace(key, name, 10.0, 20.0, country, resolution, population, None, source)  # type: ignore[arg-type]


def _small(*places: GazetteerPlace, ranks: dict[str, int] | None = None) -> Gazetteer:
    """A gazetteer of a few hand-made places that all carry the name "Foo"."""
    ranks = ranks or {}
    data = GazetteerData(
        places={p.key: p for p in places},
        index={"foo": {p.key: ranks.get(p.key, NAME) for p in places}},
        names={p.key: (("Foo", ranks.get(p.key, NAME)),) for p in places},
        focus=("PAK", "IND"),
    )
    return Gazetteer(data, StopList(frozenset({"Foo"}), frozenset({"of"})))


def test_ranking_rules_on_a_small_gazetteer() -> None:
    small_town = _place("geonames:1", "Foo", "PAK", "city", 12_000, "geonames")
    big_town = _place("geonames:2", "Foo", "PAK", "city", 20_000, "geonames")
    district = _place("fp:foo", "Foo", "PAK", "district", 0, "supplement")
    abroad = _place("geonames:3", "Foo", "IND", "city", 900_000, "geonames")
    g = _small(small_town, big_town, district, abroad)
    # the largest Pakistani town stands for the curated district and outranks the bigger Indian city
    assert g.resolve("Foo") == big_town
    assert g.resolve("Foo district") == district
    assert g.resolve("Foo", context_countries=["ind"]) == abroad
    assert [p.key for p in g.candidates("Foo")] == ["geonames:2", "geonames:3", "geonames:1", "fp:foo"]
    # the stop list is injected: the only surface form is a stop word here
    assert list(g.surface_forms()) == []
    assert len(list(g.surface_forms(include_stopwords=True))) == 4


def test_alternate_spellings_rank_after_names() -> None:
    named = _place("geonames:1", "Foo", "IRN", "city", 1_000, "geonames")
    alternate = _place("geonames:2", "Fu", "IRN", "city", 5_000_000, "geonames")
    g = _small(named, alternate, ranks={"geonames:2": ALTERNATE})
    assert g.resolve("Foo") == named


def test_focus_order_breaks_ties() -> None:
    india = _place("iso3166-2:IN-FO", "Foo", "IND", "province", 0, "pycountry")
    pakistan = _place("iso3166-2:PK-FO", "Foo", "PAK", "province", 0, "pycountry")
    assert _small(india, pakistan).resolve("Foo") == pakistan


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("West Bank", "PSE"),
        ("Gaza Strip", "PSE"),
        ("Darfur", "SDN"),
        ("Donbas", "UKR"),
        ("Nagorno-Karabakh", "AZE"),
        ("Golan", "SYR"),  # the heights, not the Iranian village of that name
    ],
)
def test_regions_of_conflict_news_elsewhere(gazetteer: Gazetteer, text: str, country: str) -> None:
    place = gazetteer.resolve(text)
    assert place is not None
    assert place.country == country
