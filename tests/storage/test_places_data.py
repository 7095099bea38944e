"""The committed place roster holds the 25 regions, every hromada and every city outside Crimea."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from storage.places_data import DEFAULT_PATH, PlaceRecord, load_places

# The exclusion-zone cities: the codifier puts them straight under Kyiv Oblast, with no raion or hromada.
RAIONLESS_CITIES = {"UA32000000010085013": "Прип’ять", "UA32000000020050699": "Чорнобиль"}
KYIV = "UA80000000000093317"
CODE = re.compile(r"UA\d{17}")


@pytest.fixture(scope="module")
def places() -> list[PlaceRecord]:
    return load_places()


def _of(places: list[PlaceRecord], kind: str) -> list[PlaceRecord]:
    return [place for place in places if place.kind == kind]


def test_counts(places: list[PlaceRecord]) -> None:
    assert Counter(place.kind for place in places) == {"region": 25, "hromada": 1469, "city": 444}


def test_codes_are_unique_and_well_formed(places: list[PlaceRecord]) -> None:
    codes = [place.code for place in places]
    assert len(set(codes)) == len(codes)
    assert all(CODE.fullmatch(code) for code in codes)


def test_no_crimea_or_sevastopol(places: list[PlaceRecord]) -> None:
    for place in places:
        assert not place.code.startswith(("UA01", "UA85")), place
        assert not place.region_code.startswith(("UA01", "UA85")), place
    names = {place.name_uk for place in places}
    assert not names & {"Автономна Республіка Крим", "Севастополь", "Сімферополь", "Ялта"}


def test_regions(places: list[PlaceRecord]) -> None:
    regions = {place.code: place for place in _of(places, "region")}
    assert regions[KYIV].name_uk == "Київ"
    assert regions[KYIV].name_en == "Kyiv"
    assert regions["UA71000000000010357"].name_uk == "Черкаська область"
    assert regions["UA71000000000010357"].name_en == "Cherkasy Oblast"
    for region in regions.values():
        assert region.region_code == region.code
        assert region.raion_code is region.raion_name_uk is region.raion_name_en is None
        assert region.hromada_code is None
    oblasts = [region for code, region in regions.items() if code != KYIV]
    assert all(region.name_uk.endswith(" область") for region in oblasts)
    assert all(region.name_en.endswith(" Oblast") for region in oblasts)


def test_kyiv_is_a_region_not_a_city(places: list[PlaceRecord]) -> None:
    assert [place.kind for place in places if place.name_uk == "Київ"] == ["region"]


def test_every_place_lies_in_a_loaded_region(places: list[PlaceRecord]) -> None:
    regions = {place.code for place in _of(places, "region")}
    for place in places:
        assert place.region_code in regions, place
        # KATOTTH codes open with the two digits of their oblast.
        assert place.code[:4] == place.region_code[:4], place


def test_every_hromada_has_a_raion(places: list[PlaceRecord]) -> None:
    for hromada in _of(places, "hromada"):
        assert hromada.raion_code and hromada.raion_name_uk and hromada.raion_name_en, hromada
        assert hromada.raion_name_uk.endswith(" район")
        assert hromada.raion_name_en.endswith(" Raion")
        assert hromada.name_uk.endswith(" громада")
        assert hromada.name_en.endswith(" hromada")
        assert hromada.hromada_code is None


def test_every_city_lies_in_a_raion_and_a_hromada_but_the_exclusion_zone(places: list[PlaceRecord]) -> None:
    hromadas = {place.code: place for place in _of(places, "hromada")}
    for city in _of(places, "city"):
        if city.code in RAIONLESS_CITIES:
            assert city.name_uk == RAIONLESS_CITIES[city.code]
            assert city.raion_code is city.hromada_code is None
            continue
        assert city.hromada_code is not None, city
        hromada = hromadas[city.hromada_code]
        assert (city.region_code, city.raion_code) == (hromada.region_code, hromada.raion_code)
        assert city.raion_name_uk == hromada.raion_name_uk
        assert city.raion_name_en == hromada.raion_name_en
    assert {city.code for city in _of(places, "city")} >= RAIONLESS_CITIES.keys()


def test_cherkaska_is_a_region_and_three_hromadas(places: list[PlaceRecord]) -> None:
    cherkaska = Counter(place.kind for place in places if place.name_uk.startswith("Черкаська "))
    assert cherkaska == {"region": 1, "hromada": 3}
    assert [place.name_en for place in places if place.code == "UA71080490010015879"] == ["Cherkasy"]


def test_english_names_are_ascii(places: list[PlaceRecord]) -> None:
    for place in places:
        for name in (place.name_en, place.raion_name_en):
            assert name is None or (name.strip() and name.isascii()), place


def test_reads_plain_csv(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text(
        "code,kind,name_uk,name_en,region_code,raion_code,raion_name_uk,raion_name_en,hromada_code\n"
        "UA80000000000093317,region,Київ,Kyiv,UA80000000000093317,,,,\n",
        encoding="utf-8",
    )
    assert load_places(path) == [
        PlaceRecord(
            "UA80000000000093317", "region", "Київ", "Kyiv", "UA80000000000093317", None, None, None, None
        )
    ]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("code,kind\n", "missing columns"),
        (
            "code,kind,name_uk,name_en,region_code,raion_code,raion_name_uk,raion_name_en,hromada_code\n"
            "UA80000000000093317,village,Київ,Kyiv,UA80000000000093317,,,,\n",
            "unknown kind",
        ),
        (
            "code,kind,name_uk,name_en,region_code,raion_code,raion_name_uk,raion_name_en,hromada_code\n"
            "UA80000000000093317,region,Київ,,UA80000000000093317,,,,\n",
            "empty",
        ),
    ],
)
def test_rejects_a_malformed_file(tmp_path: Path, content: str, error: str) -> None:
    path = tmp_path / "places.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        load_places(path)


def test_default_path_is_the_committed_file() -> None:
    assert DEFAULT_PATH.is_file()
    assert DEFAULT_PATH.parent.name == "data"
