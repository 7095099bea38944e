"""Reports over broadcasts: the list's pages, each service's broadcasts, and reactions with their people."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database


@dataclass(frozen=True)
class ReactionRow:
    """One reaction with who gave it (name, post, place) and what it was about, for an export."""

    broadcast_id: int
    broadcast_title: str
    service_title: str
    telegram_id: int
    member_name: str
    tier: str | None
    place_name_uk: str | None
    place_name_en: str | None
    raion_name_uk: str | None
    raion_name_en: str | None
    region_name_uk: str | None
    region_name_en: str | None
    kind: str
    note: str | None
    updated_at: str


# The member's name: as the roster knows them, else as Telegram does, else their id. The place is the
# one stored with the reaction (where they worked when they answered); the tier is of that post.
_REACTIONS = """
    SELECT r.broadcast_id, b.title, s.title, r.telegram_id,
        coalesce(pe.full_name, nullif(trim(u.first_name || ' ' || coalesce(u.last_name, '')), ''),
                 CAST(r.telegram_id AS TEXT)),
        (SELECT po.tier FROM posts po WHERE po.place_code = r.place_code AND po.holder_id = pe.id),
        pl.name_uk, pl.name_en, pl.raion_name_uk, pl.raion_name_en, rg.name_uk, rg.name_en,
        r.kind, r.note, r.updated_at
    FROM broadcast_reactions r
    JOIN broadcasts b ON b.id = r.broadcast_id
    JOIN services s ON s.id = b.service_id
    LEFT JOIN people pe ON pe.telegram_id = r.telegram_id
    LEFT JOIN users u ON u.telegram_id = r.telegram_id
    LEFT JOIN places pl ON pl.code = r.place_code
    LEFT JOIN places rg ON rg.code = pl.region_code
"""


async def count_broadcasts(db: Database) -> int:
    """How many broadcasts there are, for the list's pages."""
    return int(await db.fetch_value("SELECT count(*) FROM broadcasts"))


async def broadcasts_per_service(db: Database, service_id: int) -> int:
    """How many times a service was announced."""
    return int(await db.fetch_value("SELECT count(*) FROM broadcasts WHERE service_id = ?", (service_id,)))


async def reactions_to_broadcast(db: Database, broadcast_id: int) -> list[ReactionRow]:
    """Every reaction to one broadcast, oldest first."""
    rows = await db.fetch_all(
        _REACTIONS + " WHERE r.broadcast_id = ? ORDER BY r.updated_at, r.telegram_id", (broadcast_id,)
    )
    return [ReactionRow(*row) for row in rows]


async def reactions_to_service(db: Database, service_id: int) -> list[ReactionRow]:
    """Every reaction to every broadcast of a service, by broadcast, then oldest first."""
    rows = await db.fetch_all(
        _REACTIONS + " WHERE b.service_id = ? ORDER BY r.broadcast_id, r.updated_at, r.telegram_id",
        (service_id,),
    )
    return [ReactionRow(*row) for row in rows]
