"""Rows behind python-telegram-bot's persistence: per-user data and conversation states."""

from __future__ import annotations

from storage.db import Database


async def load_user_data(db: Database) -> dict[int, str]:
    """Every user's stored data, as JSON text."""
    rows = await db.fetch_all("SELECT user_id, data FROM persisted_user_data")
    return {row["user_id"]: row["data"] for row in rows}


async def save_user_data(db: Database, user_id: int, data_json: str) -> None:
    """Store one user's data."""
    await db.execute(
        "INSERT INTO persisted_user_data (user_id, data) VALUES (?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET data = excluded.data",
        (user_id, data_json),
    )


async def drop_user_data(db: Database, user_id: int) -> None:
    """Forget one user's data."""
    await db.execute("DELETE FROM persisted_user_data WHERE user_id = ?", (user_id,))


async def load_conversations(db: Database, name: str) -> dict[str, str]:
    """The states of one conversation handler, keyed and valued as JSON text."""
    rows = await db.fetch_all(
        "SELECT conversation_key, state FROM persisted_conversations WHERE name = ?", (name,)
    )
    return {row["conversation_key"]: row["state"] for row in rows}


async def save_conversation(db: Database, name: str, key_json: str, state_json: str | None) -> None:
    """Store a state, or delete it when the conversation ended (None)."""
    if state_json is None:
        await db.execute(
            "DELETE FROM persisted_conversations WHERE name = ? AND conversation_key = ?", (name, key_json)
        )
        return
    await db.execute(
        "INSERT INTO persisted_conversations (name, conversation_key, state) VALUES (?, ?, ?)"
        " ON CONFLICT (name, conversation_key) DO UPDATE SET state = excluded.state",
        (name, key_json, state_json),
    )
