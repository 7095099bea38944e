"""Place names for check-in digests: a post's place with its region, and short region names for tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.services.places import short_region_names
from storage import places
from storage.collation import ukrainian_key
from storage.db import Database
from storage.places import Place


@dataclass(frozen=True)
class PlaceNames:
    """Every place by code, and the regions in Ukrainian alphabetical order."""

    by_code: Mapping[str, Place]
    region_codes: tuple[str, ...]

    @classmethod
    def of(cls, known: Iterable[Place]) -> PlaceNames:
        """From places as storage lists them."""
        by_code = {place.code: place for place in known}
        regions = [place for place in by_code.values() if place.kind == "region"]
        ordered = sorted(regions, key=lambda region: ukrainian_key(region.name_uk))
        return cls(by_code, tuple(region.code for region in ordered))

    def place(self, code: str | None, language: str) -> str:
        """ "Черкаська громада, Черкаська область"; a region is its own name; "" if unknown."""
        found = self.by_code.get(code or "")
        if found is None:
            return ""
        if found.kind == "region":
            return found.name(language)
        region = found.region_name_uk if language == "uk" else found.region_name_en
        return f"{found.name(language)}, {region}"

    def region(self, code: str, language: str) -> str:
        """A region's full name ("Черкаська область"); the code itself if unknown."""
        found = self.by_code.get(code)
        return code if found is None else found.name(language)

    def short_region(self, code: str, language: str) -> str:
        """ "Черкаська", "Kyiv Oblast" (bot.services.places.short_region_names); the code if unknown."""
        regions = [self.by_code[other] for other in self.region_codes]
        return short_region_names(regions, language).get(code, code)


async def load_place_names(db: Database) -> PlaceNames:
    """Every place of the codifier (about 1,940; a few milliseconds)."""
    return PlaceNames.of(await places.all_places(db))
