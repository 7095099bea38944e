"""Small key/value facts about the deployment."""

from __future__ import annotations

from storage.db import Database


async def get_value(db: Database, key: str) -> str | None:
    """The stored value, or None."""
    value = await db.fetch_value("SELECT value FROM bot_state WHERE key = ?", (key,))
    return None if value is None else str(value)


async def set_value(db: Database, key: str, value: str) -> None:
    """Store or replace a value."""
    await db.execute(
        "INSERT INTO bot_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
