"""Chats the bot cannot write to: marked by a failed delivery, cleared when the person writes again."""

from __future__ import annotations

from storage.clock import utc_now
from storage.db import Database


async def mark_unreachable(db: Database, telegram_id: int, reason: str) -> None:
    """Telegram refused a delivery for good (403, chat not found): skip this chat from now on."""
    await db.execute(
        "INSERT INTO unreachable_chats (telegram_id, reason, since) VALUES (?, ?, ?)"
        " ON CONFLICT (telegram_id) DO UPDATE SET reason = excluded.reason",
        (telegram_id, reason, utc_now()),
    )


async def clear_unreachable(db: Database, telegram_id: int) -> bool:
    """The person wrote to the bot (or unblocked it): reachable again. True if they were not."""
    if await db.fetch_value("SELECT 1 FROM unreachable_chats WHERE telegram_id = ?", (telegram_id,)) is None:
        return False  # the common case: no write, so every update does not pay for a transaction
    await db.execute("DELETE FROM unreachable_chats WHERE telegram_id = ?", (telegram_id,))
    return True


async def is_unreachable(db: Database, telegram_id: int) -> bool:
    """Whether deliveries to this chat are being skipped."""
    return (
        await db.fetch_value("SELECT 1 FROM unreachable_chats WHERE telegram_id = ?", (telegram_id,))
        is not None
    )


async def unreachable_ids(db: Database) -> frozenset[int]:
    """Every chat deliveries skip."""
    rows = await db.fetch_all("SELECT telegram_id FROM unreachable_chats")
    return frozenset(int(row[0]) for row in rows)
