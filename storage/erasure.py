"""Deleting everything the bot keeps about one Telegram account (a person's own request)."""

from __future__ import annotations

from dataclasses import dataclass

from storage import persistence, posts
from storage.db import Database


@dataclass(frozen=True)
class ErasedAccount:
    """What the erasure removed or changed."""

    person_id: int | None
    vacated_post_id: int | None
    join_requests: int


async def erase_account(db: Database, telegram_id: int) -> ErasedAccount:
    """Remove the person, their requests, flow data and user row; vacate their post. Call in a transaction.

    The post's history keeps the name (post_history.person_id is set to NULL by the foreign key), so
    the roster still knows who held it; feedback and invites of the person go with the rows they hang on.
    """
    person_id = await db.fetch_value("SELECT id FROM people WHERE telegram_id = ?", (telegram_id,))
    post_id = None
    if person_id is not None:
        post_id = await db.fetch_value("SELECT id FROM posts WHERE holder_id = ?", (person_id,))
        if post_id is not None:
            await posts.clear_holder(db, post_id)
        await db.execute("DELETE FROM people WHERE id = ?", (person_id,))
    requests = int(
        await db.fetch_value("SELECT count(*) FROM join_requests WHERE telegram_id = ?", (telegram_id,))
    )
    await db.execute("DELETE FROM join_requests WHERE telegram_id = ?", (telegram_id,))
    await persistence.drop_user_data(db, telegram_id)
    await persistence.drop_conversations_of_user(db, telegram_id)
    await db.execute("DELETE FROM users WHERE telegram_id = ?", (telegram_id,))
    return ErasedAccount(person_id, post_id, requests)
