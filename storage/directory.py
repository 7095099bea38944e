"""Reads for lookups: posts with their place and holder, a place's posts, a filtered roster."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from storage.collation import ukrainian_key
from storage.db import Database
from storage.places import Place
from storage.posts import TIERS


@dataclass(frozen=True)
class PostCard:
    """A post as a lookup shows it: the place, the status, and the holder with their contacts."""

    post_id: int
    tier: str
    status: str
    place: Place
    holder_name: str | None
    holder_telegram_id: int | None
    holder_username: str | None
    holder_phone: str | None
    holder_email: str | None
    contacts_visible_to: str | None
    holder_unreachable_since: str | None = None  # deliveries skip the holder's chat since then (UTC)


_SELECT = """
    SELECT po.id, po.tier, po.status,
           pl.code, pl.kind, pl.name_uk, pl.name_en, pl.region_code, r.name_uk, r.name_en,
           pl.raion_name_uk, pl.raion_name_en,
           pe.full_name, pe.telegram_id,
           -- A holder who wrote to the bot: the username Telegram last sent; else the imported one.
           CASE WHEN hu.telegram_id IS NOT NULL THEN hu.username ELSE pe.telegram_username END,
           pe.phone, pe.email, pe.contacts_visible_to,
           u.since
    FROM posts po
    JOIN places pl ON pl.code = po.place_code
    JOIN places r ON r.code = pl.region_code
    LEFT JOIN people pe ON pe.id = po.holder_id
    LEFT JOIN users hu ON hu.telegram_id = pe.telegram_id
    LEFT JOIN unreachable_chats u ON u.telegram_id = pe.telegram_id
"""


def _card(row: sqlite3.Row) -> PostCard:
    place = Place(*row[3:12])
    return PostCard(row[0], row[1], row[2], place, *row[12:])


def _ordered(cards: list[PostCard]) -> list[PostCard]:
    return sorted(
        cards,
        key=lambda c: (
            TIERS.index(c.tier),
            ukrainian_key(c.place.region_name_uk),
            ukrainian_key(c.place.name_uk),
            ukrainian_key(c.place.raion_name_uk or ""),
        ),
    )


async def card(db: Database, post_id: int) -> PostCard | None:
    """One post's card."""
    row = await db.fetch_one(f"{_SELECT} WHERE po.id = ?", (post_id,))
    return None if row is None else _card(row)


async def cards_at(db: Database, place_codes: list[str]) -> list[PostCard]:
    """The posts of these places (a city's, its hromada's, a region's), regional first."""
    if not place_codes:
        return []
    marks = ", ".join("?" for _ in place_codes)
    rows = await db.fetch_all(f"{_SELECT} WHERE po.place_code IN ({marks})", tuple(place_codes))
    return _ordered([_card(row) for row in rows])


async def hromada_of_city(db: Database, city_code: str) -> str | None:
    """The hromada a city lies in."""
    value = await db.fetch_value("SELECT hromada_code FROM places WHERE code = ?", (city_code,))
    return None if value is None else str(value)


async def roster(db: Database, tier: str | None, region_code: str | None) -> list[PostCard]:
    """Every post of a tier and region (either may be None for all), in roster order."""
    conditions, params = [], []
    if tier is not None:
        conditions.append("po.tier = ?")
        params.append(tier)
    if region_code is not None:
        conditions.append("pl.region_code = ?")
        params.append(region_code)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return _ordered([_card(row) for row in await db.fetch_all(f"{_SELECT}{where}", tuple(params))])


async def held_posts(db: Database) -> list[PostCard]:
    """Every post that has a holder (the people /find searches)."""
    return _ordered([_card(row) for row in await db.fetch_all(f"{_SELECT} WHERE po.holder_id IS NOT NULL")])
