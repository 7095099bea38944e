"""Personal data kept only for a while: rejected join requests, and the text of delivered messages."""

from __future__ import annotations

from storage.db import Database


async def forget_rejected_requests(db: Database, decided_before: str) -> int:
    """Delete rejected join requests decided before then (with their coordinators' copies); how many."""
    async with db.transaction() as connection:
        cursor = await connection.execute(
            "DELETE FROM join_requests WHERE status = 'rejected' AND decided_at < ?", (decided_before,)
        )
        return cursor.rowcount


async def purge_delivered_texts(db: Database, sent_before: str) -> int:
    """Empty the text of messages delivered (or given up) before then; how many.

    What editing or deleting a delivered copy needs (its message ids, keyboard, attachment) stays.
    """
    async with db.transaction() as connection:
        cursor = await connection.execute(
            "UPDATE deliveries SET payload = json_set(payload, '$.text', '')"
            " WHERE status NOT IN ('pending', 'sending') AND json_extract(payload, '$.text') != ''"
            " AND coalesce(sent_at, (SELECT b.created_at FROM delivery_batches b WHERE b.id = batch_id)) < ?",
            (sent_before,),
        )
        return cursor.rowcount
