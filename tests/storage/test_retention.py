"""What is kept only for a while: rejected join requests, delivered messages' texts."""

from __future__ import annotations

import json

from storage import retention
from storage.db import Database

OLD, NEW, CUTOFF = "2026-10-01T10:00:00+00:00", "2026-11-20T10:00:00+00:00", "2026-11-01T00:00:00+00:00"
ZHYTOMYRSKA = "UA18040190000029215"


async def test_rejected_requests_are_deleted_after_their_retention(db: Database) -> None:
    await db.execute(
        "INSERT INTO users (telegram_id, first_name, created_at, last_seen_at) VALUES (1, 'Олена', ?, ?)",
        (OLD, OLD),
    )
    for status, decided in (("rejected", OLD), ("rejected", NEW), ("approved", OLD)):
        await db.execute(
            "INSERT INTO join_requests (telegram_id, full_name, tier, place_code, phone, status, decided_at,"
            " created_at) VALUES (1, 'Шевченко Олена', 'municipal', ?, '+380501234567', ?, ?, ?)",
            (ZHYTOMYRSKA, status, decided, OLD),
        )
    assert await retention.forget_rejected_requests(db, CUTOFF) == 1
    kept = await db.fetch_all("SELECT status, decided_at FROM join_requests ORDER BY id")
    assert [tuple(row) for row in kept] == [("rejected", NEW), ("approved", OLD)]


async def test_delivered_texts_are_emptied_after_their_retention_and_the_rest_kept(db: Database) -> None:
    batch = await db.execute("INSERT INTO delivery_batches (kind, created_at) VALUES ('digest', ?)", (OLD,))
    payload = json.dumps({"text": "Олена Коваль: немає інтернету", "keyboard": "{}", "message_id": None})
    rows = (("sent", OLD, 1), ("sent", NEW, 2), ("pending", None, 3), ("failed", None, 4))
    for status, sent_at, chat in rows:
        await db.execute(
            "INSERT INTO deliveries (batch_id, chat_id, payload, status, next_attempt_at, sent_at)"
            " VALUES (?, ?, ?, ?, 0, ?)",
            (batch, chat, payload, status, sent_at),
        )
    assert await retention.purge_delivered_texts(db, CUTOFF) == 2  # the old sent one, the failed one
    texts = await db.fetch_all(
        "SELECT chat_id, json_extract(payload, '$.text'), json_extract(payload, '$.keyboard') FROM deliveries"
        " ORDER BY chat_id"
    )
    assert [(row[0], bool(row[1]), row[2]) for row in texts] == [
        (1, False, "{}"),
        (2, True, "{}"),
        (3, True, "{}"),
        (4, False, "{}"),
    ]
    assert await retention.purge_delivered_texts(db, CUTOFF) == 0
