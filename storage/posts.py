"""Posts of the network: tier, place, status, holder, and the history of holders."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from storage.clock import utc_now
from storage.db import Database

TIERS = ("regional", "city", "municipal")
STATUSES = ("vacant", "appointing", "appointed")


@dataclass(frozen=True)
class Post:
    """A post and who holds it."""

    id: int
    tier: str
    place_code: str
    status: str
    holder_id: int | None
    holder_name: str | None
    holder_telegram_id: int | None


_SELECT = """
    SELECT po.id, po.tier, po.place_code, po.status, po.holder_id,
           pe.full_name AS holder_name, pe.telegram_id AS holder_telegram_id
    FROM posts po LEFT JOIN people pe ON pe.id = po.holder_id
"""


def _post(row: sqlite3.Row) -> Post:
    return Post(*row)


async def get_post(db: Database, post_id: int) -> Post | None:
    """The post with this id."""
    row = await db.fetch_one(f"{_SELECT} WHERE po.id = ?", (post_id,))
    return None if row is None else _post(row)


async def find_post(db: Database, tier: str, place_code: str) -> Post | None:
    """The post of a tier at a place, if it exists."""
    row = await db.fetch_one(f"{_SELECT} WHERE po.tier = ? AND po.place_code = ?", (tier, place_code))
    return None if row is None else _post(row)


async def post_of_person(db: Database, person_id: int) -> Post | None:
    """The post a person holds, if any."""
    row = await db.fetch_one(f"{_SELECT} WHERE po.holder_id = ?", (person_id,))
    return None if row is None else _post(row)


async def create_post(db: Database, tier: str, place_code: str) -> Post:
    """Open a new vacant post (city posts are created this way)."""
    post_id = await db.execute(
        "INSERT INTO posts (tier, place_code, status, updated_at) VALUES (?, ?, 'vacant', ?)",
        (tier, place_code, utc_now()),
    )
    post = await get_post(db, post_id)
    assert post is not None
    return post


async def count_posts(db: Database, tier: str) -> int:
    """How many posts of a tier exist."""
    return int(await db.fetch_value("SELECT count(*) FROM posts WHERE tier = ?", (tier,)))
