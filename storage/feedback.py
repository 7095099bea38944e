"""Feedback to the admins, where each copy was delivered, and the answers."""

from __future__ import annotations

from dataclasses import dataclass

from storage.clock import utc_now
from storage.db import Database


@dataclass(frozen=True)
class Feedback:
    """A message a user sent to the admins."""

    id: int
    user_id: int
    topic: str
    body: str
    created_at: str


async def add(db: Database, user_id: int, topic: str, body: str) -> Feedback:
    """Store a new message."""
    created_at = utc_now()
    feedback_id = await db.execute(
        "INSERT INTO feedback (user_id, topic, body, created_at) VALUES (?, ?, ?, ?)",
        (user_id, topic, body, created_at),
    )
    return Feedback(feedback_id, user_id, topic, body, created_at)


async def count_since(db: Database, user_id: int, since: str) -> int:
    """How many messages a user sent since a time."""
    return int(
        await db.fetch_value(
            "SELECT count(*) FROM feedback WHERE user_id = ? AND created_at >= ?", (user_id, since)
        )
    )


async def record_copy(db: Database, feedback_id: int, admin_id: int, message_id: int) -> None:
    """Remember which admin message carries this feedback, so a reply to it finds it."""
    await db.execute(
        "INSERT OR REPLACE INTO feedback_copies (feedback_id, admin_id, message_id) VALUES (?, ?, ?)",
        (feedback_id, admin_id, message_id),
    )


async def find_by_copy(db: Database, admin_id: int, message_id: int) -> Feedback | None:
    """The feedback an admin's message carries, if it is one."""
    row = await db.fetch_one(
        "SELECT f.id, f.user_id, f.topic, f.body, f.created_at FROM feedback f"
        " JOIN feedback_copies c ON c.feedback_id = f.id WHERE c.admin_id = ? AND c.message_id = ?",
        (admin_id, message_id),
    )
    return None if row is None else Feedback(*row)


async def add_answer(db: Database, feedback_id: int, admin_id: int, body: str) -> None:
    """Store an admin's answer."""
    await db.execute(
        "INSERT INTO feedback_answers (feedback_id, admin_id, body, created_at) VALUES (?, ?, ?, ?)",
        (feedback_id, admin_id, body, utc_now()),
    )


async def count_of(db: Database, user_id: int) -> int:
    """How many feedback messages the user has sent that the bot keeps."""
    return int(await db.fetch_value("SELECT count(*) FROM feedback WHERE user_id = ?", (user_id,)))
