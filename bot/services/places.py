"""Places of the codifier: a place by its code, the regions, a region's places, a region's short name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

# Read by the handlers through this service (handlers never import storage).
from storage.places import (
    Place as Place,
    get_place as get_place,
    places_of_region as places_of_region,
    regions as regions,
)

OBLAST_WORDS = (" область", " Oblast")


def short_region_names(regions: Iterable[Place], language: str) -> dict[str, str]:
    """Each region's name for buttons and tables, by code: "Черкаська", "Cherkasy"; without the word for
    oblast unless two would then read the same ("Kyiv Oblast" beside the city "Kyiv")."""
    full = {region.code: region.name(language) for region in regions}
    short = {code: _without_oblast(name) for code, name in full.items()}
    readings = Counter(short.values())
    return {code: short[code] if readings[short[code]] == 1 else full[code] for code in full}


def _without_oblast(name: str) -> str:
    for word in OBLAST_WORDS:
        name = name.removesuffix(word)
    return name
