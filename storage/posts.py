"""Posts of the network: tier, place, status, holder, and the history of holders."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from storage.clock import utc_now
from storage.db import Database


class Tier(StrEnum):
    """The three tiers of the 25-38-1400 plan, in its order."""

    REGIONAL = "regional"
    CITY = "city"
    MUNICIPAL = "municipal"


class PostStatus(StrEnum):
    """Where a post stands, from empty to filled."""

    VACANT = "vacant"
    APPOINTING = "appointing"
    APPOINTED = "appointed"


TIERS = tuple(Tier)
STATUSES = tuple(PostStatus)
# The kind of place each tier's post belongs to (the codifier's words).
PLACE_KIND_OF_TIER: dict[str, str] = {Tier.REGIONAL: "region", Tier.CITY: "city", Tier.MUNICIPAL: "hromada"}


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


async def set_status(db: Database, post_id: int, status: str) -> None:
    """Change a post's status."""
    await db.execute("UPDATE posts SET status = ?, updated_at = ? WHERE id = ?", (status, utc_now(), post_id))


async def set_holder(db: Database, post_id: int, person_id: int, full_name: str) -> None:
    """Make a person the holder (status appointed) and open their history row. Call in a transaction."""
    now = utc_now()
    await db.execute(
        "UPDATE posts SET holder_id = ?, status = 'appointed', updated_at = ? WHERE id = ?",
        (person_id, now, post_id),
    )
    await db.execute(
        "INSERT INTO post_history (post_id, person_id, full_name, started_at) VALUES (?, ?, ?, ?)",
        (post_id, person_id, full_name, now),
    )


async def clear_holder(db: Database, post_id: int, status: str = PostStatus.VACANT) -> None:
    """End the current holder's term; the post gets `status`. Call in a transaction."""
    now = utc_now()
    await db.execute(
        "UPDATE post_history SET ended_at = ? WHERE post_id = ? AND ended_at IS NULL", (now, post_id)
    )
    await db.execute(
        "UPDATE posts SET holder_id = NULL, status = ?, updated_at = ? WHERE id = ?", (status, now, post_id)
    )


@dataclass(frozen=True)
class Term:
    """One holder's time on a post."""

    full_name: str
    started_at: str
    ended_at: str | None


async def history(db: Database, post_id: int) -> list[Term]:
    """Every holder of a post, newest first."""
    rows = await db.fetch_all(
        "SELECT full_name, started_at, ended_at FROM post_history WHERE post_id = ? ORDER BY id DESC",
        (post_id,),
    )
    return [Term(*row) for row in rows]


@dataclass(frozen=True)
class TierCounts:
    """Post counts of one tier (and optionally one region)."""

    tier: str
    region_code: str | None
    posts: int
    vacant: int
    appointing: int
    appointed: int
    appointed_in_bot: int


async def coverage_counts(db: Database) -> list[TierCounts]:
    """Counts per tier and region: the raw material of /stats."""
    rows = await db.fetch_all(
        """
        SELECT po.tier, pl.region_code, count(*),
               sum(po.status = 'vacant'), sum(po.status = 'appointing'), sum(po.status = 'appointed'),
               sum(po.status = 'appointed' AND pe.telegram_id IS NOT NULL)
        FROM posts po
        JOIN places pl ON pl.code = po.place_code
        LEFT JOIN people pe ON pe.id = po.holder_id
        GROUP BY po.tier, pl.region_code
        """
    )
    return [TierCounts(*row) for row in rows]
