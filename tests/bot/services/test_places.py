"""A region's short name: one rule for every button and table."""

from __future__ import annotations

from bot.search.places import codifier_places
from bot.services.places import short_region_names

REGIONS = [place for place in codifier_places() if place.kind == "region"]
KYIV_CITY, KYIV_OBLAST, CHERKASY = "UA80000000000093317", "UA32000000000030281", "UA71000000000010357"


def test_the_word_for_oblast_goes_unless_two_regions_would_read_the_same() -> None:
    english = short_region_names(REGIONS, "en")
    assert (english[KYIV_CITY], english[KYIV_OBLAST], english[CHERKASY]) == (
        "Kyiv",
        "Kyiv Oblast",
        "Cherkasy",
    )
    ukrainian = short_region_names(REGIONS, "uk")
    assert (ukrainian[KYIV_CITY], ukrainian[KYIV_OBLAST], ukrainian[CHERKASY]) == (
        "Київ",
        "Київська",
        "Черкаська",
    )


def test_every_region_has_a_name_of_its_own() -> None:
    for language in ("uk", "en"):
        names = short_region_names(REGIONS, language)
        assert len(names) == 25 and len(set(names.values())) == 25
