"""Who a broadcast reaches: members of the network with a Telegram account, by tier, region or role."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database


@dataclass(frozen=True)
class Member:
    """A reachable member: their chat, languages for the message, and their post's tier and place."""

    telegram_id: int
    language: str | None
    telegram_language: str | None
    tier: str | None
    place_code: str | None
    region_code: str | None
    role: str | None


# Post holders with an account, and members and coordinators without a post; chats marked
# unreachable are left out until the person writes to the bot again.
_MEMBERS = """
    WITH network AS (
        SELECT pe.telegram_id, po.tier, po.place_code, pl.region_code
        FROM posts po
        JOIN people pe ON pe.id = po.holder_id
        JOIN places pl ON pl.code = po.place_code
        WHERE pe.telegram_id IS NOT NULL
        UNION ALL
        SELECT u.telegram_id, NULL, NULL, NULL FROM users u
        WHERE u.role IN ('member', 'coordinator')
          AND u.telegram_id NOT IN (
              SELECT pe.telegram_id FROM posts po JOIN people pe ON pe.id = po.holder_id
              WHERE pe.telegram_id IS NOT NULL)
    )
    SELECT n.telegram_id, u.language, u.telegram_language, n.tier, n.place_code, n.region_code, u.role
    FROM network n LEFT JOIN users u ON u.telegram_id = n.telegram_id
    WHERE n.telegram_id NOT IN (SELECT telegram_id FROM unreachable_chats)
    ORDER BY n.telegram_id
"""


async def reachable_members(db: Database) -> list[Member]:
    """Every member the bot can write to."""
    return [Member(*row) for row in await db.fetch_all(_MEMBERS)]


async def coordinators(db: Database, admin_ids: frozenset[int]) -> list[Member]:
    """Coordinators and admins the bot can write to (admins come from the settings)."""
    rows = await db.fetch_all(
        "SELECT u.telegram_id, u.language, u.telegram_language,"
        " po.tier, po.place_code, pl.region_code, u.role"
        " FROM users u"
        " LEFT JOIN people pe ON pe.telegram_id = u.telegram_id"
        " LEFT JOIN posts po ON po.holder_id = pe.id"
        " LEFT JOIN places pl ON pl.code = po.place_code"
        " WHERE (u.role = 'coordinator' OR u.telegram_id IN (SELECT value FROM json_each(?)))"
        " AND u.telegram_id NOT IN (SELECT telegram_id FROM unreachable_chats)"
        " ORDER BY u.telegram_id",
        (f"[{','.join(str(i) for i in sorted(admin_ids))}]",),
    )
    return [Member(*row) for row in rows]


async def saved_languages(db: Database) -> dict[int, tuple[str | None, str | None]]:
    """Every user's saved language and Telegram's, to write to each in their own."""
    rows = await db.fetch_all("SELECT telegram_id, language, telegram_language FROM users")
    return {int(row[0]): (row[1], row[2]) for row in rows}
