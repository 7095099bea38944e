"""Load the codifier's places and open the vacant regional and municipal posts."""

from __future__ import annotations

import aiosqlite

from storage.clock import utc_now
from storage.places_data import load_places

_TIER_OF_KIND = {"region": "regional", "hromada": "municipal"}


async def apply(connection: aiosqlite.Connection) -> None:
    """Insert every place (regions first, for the foreign keys) and one vacant post per region and hromada."""
    places = sorted(load_places(), key=lambda place: ("region", "hromada", "city").index(place.kind))
    await connection.executemany(
        "INSERT INTO places (code, kind, name_uk, name_en, region_code, raion_code, raion_name_uk,"
        " raion_name_en, hromada_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                p.code,
                p.kind,
                p.name_uk,
                p.name_en,
                p.region_code,
                p.raion_code,
                p.raion_name_uk,
                p.raion_name_en,
                p.hromada_code,
            )
            for p in places
        ],
    )
    now = utc_now()
    await connection.executemany(
        "INSERT INTO posts (tier, place_code, status, updated_at) VALUES (?, ?, 'vacant', ?)",
        [(_TIER_OF_KIND[p.kind], p.code, now) for p in places if p.kind in _TIER_OF_KIND],
    )
