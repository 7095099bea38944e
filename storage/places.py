"""Places of the codifier: regions, hromadas and cities, with their raion and oblast."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from storage.collation import ukrainian_key
from storage.db import Database


@dataclass(frozen=True)
class Place:
    """A place that carries posts, with the names that tell it apart from its namesakes."""

    code: str
    kind: str
    name_uk: str
    name_en: str
    region_code: str
    region_name_uk: str
    region_name_en: str
    raion_name_uk: str | None
    raion_name_en: str | None

    def name(self, language: str) -> str:
        """The place's name in a language."""
        return self.name_uk if language == "uk" else self.name_en

    def full_name(self, language: str) -> str:
        """Name, raion and oblast: "Черкаська громада, Черкаський район, Черкаська область"."""
        if self.kind == "region":
            return self.name(language)
        raion = self.raion_name_uk if language == "uk" else self.raion_name_en
        region = self.region_name_uk if language == "uk" else self.region_name_en
        return ", ".join(part for part in (self.name(language), raion, region) if part)


_SELECT = """
    SELECT p.code, p.kind, p.name_uk, p.name_en, p.region_code, r.name_uk AS region_name_uk,
           r.name_en AS region_name_en, p.raion_name_uk, p.raion_name_en
    FROM places p JOIN places r ON r.code = p.region_code
"""


def _place(row: sqlite3.Row) -> Place:
    return Place(*row)


async def get_place(db: Database, code: str) -> Place | None:
    """The place with this codifier code."""
    row = await db.fetch_one(f"{_SELECT} WHERE p.code = ?", (code,))
    return None if row is None else _place(row)


def _alphabetical(found: list[Place]) -> list[Place]:
    return sorted(found, key=lambda p: (ukrainian_key(p.name_uk), ukrainian_key(p.raion_name_uk or "")))


async def regions(db: Database) -> list[Place]:
    """The 25 regions, in Ukrainian alphabetical order."""
    return _alphabetical([_place(row) for row in await db.fetch_all(f"{_SELECT} WHERE p.kind = 'region'")])


async def places_of_region(db: Database, region_code: str, kind: str) -> list[Place]:
    """The hromadas or cities of one region, in Ukrainian alphabetical order."""
    rows = await db.fetch_all(f"{_SELECT} WHERE p.region_code = ? AND p.kind = ?", (region_code, kind))
    return _alphabetical([_place(row) for row in rows])


async def all_places(db: Database) -> list[Place]:
    """Every place (about 1,940)."""
    return [_place(row) for row in await db.fetch_all(_SELECT)]
