"""Readers of the place files and of the GeoNames extracts: parsing, validation, the scan and its fallback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from flashpoint.errors import ResourceError
from flashpoint.geo import sources
from flashpoint.geo.assemble import surface_variants

HEADER = "key\tname\taliases\tlat\tlon\tcountry\tresolution\tadmin1\tkind\taccuracy_km\n"


@pytest.fixture
def fake_files(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Replace the bundled place files by the texts put in the returned dict."""
    files: dict[str, str] = {}

    def read_text(name: str) -> str:
        if name not in files:
            raise ResourceError(f"no file {name}")
        return files[name]

    monkeypatch.setattr(sources, "read_text", read_text)
    caches = (
        sources.load_supplement_rows,
        sources.load_country_rows,
        sources.load_config,
        sources.load_not_places,
    )
    for loader in caches:
        loader.cache_clear()
    yield files
    for loader in caches:
        loader.cache_clear()


def test_read_tsv_skips_comments_and_checks_columns(fake_files: dict[str, str]) -> None:
    fake_files["a.tsv"] = "# what and where from\na\tb\n\n1\t2\n# a comment\n3\t4\n"
    assert sources.read_tsv("a.tsv") == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]
    fake_files["bad.tsv"] = "a\tb\n1\t2\t3\n"
    with pytest.raises(ResourceError, match="3 columns"):
        sources.read_tsv("bad.tsv")
    fake_files["empty.tsv"] = "# nothing\n"
    with pytest.raises(ResourceError, match="no header"):
        sources.read_tsv("empty.tsv")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("torkham\tTorkham\t\t34.1\t71.1\tPAK\tsite\t\tcrossing\t2", "fp:<slug>"),
        ("fp:x\tX\t\t34.1\t71.1\tPAK\ttown\t\tcrossing\t2", "unknown resolution"),
        ("fp:x\tX\t\t34.1\t71.1\tPK\tsite\t\tcrossing\t2", "alpha-3"),
        ("fp:x\tX\t\t34.1\t71.1\t\tsite\t\tcrossing\t2", "only a region"),
        ("fp:x\tX\t\t134.1\t71.1\tPAK\tsite\t\tcrossing\t2", "outside"),
        ("fp:x\tX\t\tnorth\t71.1\tPAK\tsite\t\tcrossing\t2", "not a number"),
        ("fp:x\tX\t\t34.1\t71.1\tPAK\tsite\t\t\t2", "kind"),
    ],
)
def test_supplement_rows_are_validated(fake_files: dict[str, str], row: str, message: str) -> None:
    fake_files["supplement.tsv"] = HEADER + row + "\n"
    with pytest.raises(ResourceError, match=message):
        sources.load_supplement_rows()


def test_supplement_row_fields(fake_files: dict[str, str]) -> None:
    fake_files["supplement.tsv"] = HEADER + "fp:x\tX\tY| Z |\t34.1\t71.1\t\tregion\t\tregion\t50\n"
    (row,) = sources.load_supplement_rows()
    assert (row.key, row.aliases, row.country, row.admin1, row.accuracy_km) == (
        "fp:x",
        ("Y", "Z"),
        None,
        None,
        50,
    )


def test_config_errors(fake_files: dict[str, str]) -> None:
    fake_files["gazetteer.toml"] = "[geonames]\nworld_file = 'x.json'\n"
    with pytest.raises(ResourceError, match="malformed"):
        sources.load_config()


def test_not_places_comments(fake_files: dict[str, str]) -> None:
    fake_files["not_places.txt"] = "# header\nSplit  # a town in Croatia\n\nNice\n"
    assert sources.load_not_places() == frozenset({"Split", "Nice"})


def _write_cities(path: Path, records: list[dict[str, object]], indent: int | None = None) -> None:
    path.write_text(json.dumps({str(r["geonameid"]): r for r in records}, indent=indent), encoding="utf-8")


RECORDS: list[dict[str, object]] = [
    {"geonameid": 1, "name": "A", "latitude": 1.0, "longitude": 2.0, "countrycode": "PK", "population": 5,
     "timezone": "Asia/Karachi", "admin1code": "03", "alternatenames": ["Ay"]},
    {"geonameid": 2, "name": "B", "latitude": 1.0, "longitude": 2.0, "countrycode": "CN", "population": 5,
     "timezone": "Asia/Urumqi", "admin1code": "13", "alternatenames": []},
    {"geonameid": 3, "name": "C", "latitude": 1.0, "longitude": 2.0, "countrycode": "CN", "population": 5,
     "timezone": "Asia/Shanghai", "admin1code": "02", "alternatenames": []},
    {"geonameid": 4, "name": "D", "latitude": 1.0, "longitude": 2.0, "countrycode": "FR", "population": 5,
     "timezone": "Europe/Paris", "admin1code": "11", "alternatenames": []},
]  # fmt: skip


@pytest.mark.parametrize("indent", [None, 2])
def test_scan_reads_only_the_wanted_records(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, indent: int | None
) -> None:
    # indent=2 is another layout: the scan gives up and the file is parsed whole, with the same result
    _write_cities(tmp_path / "cities.json", RECORDS, indent)
    monkeypatch.setattr(sources, "geonames_folder", lambda: tmp_path)
    found = sources.scan_focus_cities("cities.json", ("PK",), {"CN": frozenset({"13"})})
    assert sorted(r["geonameid"] for r in found) == [1, 2]
    skipped = sources.scan_focus_cities("cities.json", ("PK",), {"CN": frozenset({"13"})}, frozenset({1}))
    assert [r["geonameid"] for r in skipped] == [2]


def test_missing_or_broken_geonames_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sources, "geonames_folder", lambda: tmp_path)
    with pytest.raises(ResourceError, match="cannot read"):
        sources.read_world_cities("absent.json")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(ResourceError, match="not valid JSON"):
        sources.read_world_cities("broken.json")
    with pytest.raises(ResourceError, match="not valid JSON"):
        sources.scan_focus_cities("broken.json", ("PK",), {})


def test_the_real_geonames_layout_is_scanned() -> None:
    config = sources.load_config()
    records = sources.scan_focus_cities(config.focus_file, ("AF",), {})
    assert len(records) > 250
    assert {r["countrycode"] for r in records} == {"AF"}


@pytest.mark.parametrize(
    ("form", "variants"),
    [
        ("Kabul", ["Kabul"]),
        ("Khōst", ["Khōst", "Khost"]),
        ("Mazar-e Sharif", ["Mazar-e Sharif", "Mazar-e-Sharif", "Mazar e Sharif"]),
        ("Pul-i-Khumri", ["Pul-i-Khumri", "Pul-i Khumri", "Pul i Khumri"]),
        ("'t Hofke", []),
        # an ayn or hamza written as an apostrophe is dropped in English spellings
        ("Sāmarrā’", ["Sāmarrā’", "Samarra'", "Samarra"]),
        ("Ba‘qūbah", ["Ba‘qūbah", "Baqubah"]),
    ],
)
def test_surface_variants(form: str, variants: list[str]) -> None:
    assert surface_variants(form) == variants
