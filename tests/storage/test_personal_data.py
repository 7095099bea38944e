"""The map of personal data covers every column, and erasure by it leaves nothing of the person while
the rows that count for others stay under a pseudonym."""

from __future__ import annotations

import json

from storage import checkins, personal_data
from storage.db import Database
from storage.personal_data import MAP, Treatment
from tests.auxil.traces import traces_in_tables

PERSON = 987_654_321
OTHER = 123_456_789
NAME = "Зеленчук Тарасій"
PHONE = "+380671234599"
EMAIL = "taras.z@example.org"
ANSWER = "Впровадили онлайн-запис до ЦНАП у Квітневому"
NOTE = "Маємо свій Квітневий портал"


async def _schema(db: Database) -> dict[str, set[str]]:
    tables = await db.fetch_all(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return {
        table: {column["name"] for column in await db.fetch_all(f"PRAGMA table_info({table})")}
        for (table,) in tables
    }


async def test_the_map_names_every_column_of_every_table_and_nothing_else(db: Database) -> None:
    schema = await _schema(db)
    mapped = {table: set(columns) for table, columns in MAP.items()}
    missing = {t: sorted(c - mapped.get(t, set())) for t, c in schema.items() if c - mapped.get(t, set())}
    unknown = {t: sorted(c - schema.get(t, set())) for t, c in mapped.items() if c - schema.get(t, set())}
    assert missing == {}, "add these columns to storage/personal_data.py MAP: what erasure does to each"
    assert unknown == {}
    for table, columns in MAP.items():
        for name, rule in columns.items():
            if rule.treatment is Treatment.WRITTEN:
                assert rule.owner in columns, f"{table}.{name}: its owner column is not in the table"


async def _fill(db: Database) -> None:
    """The person in every kind of row, beside another member who mentions them."""
    now = "2026-11-23T08:00:00+00:00"
    for telegram_id, first, username in ((PERSON, "Тарас", "taras_zel"), (OTHER, "Olha", "olha")):
        await db.execute(
            "INSERT INTO users (telegram_id, first_name, last_name, username, role, created_at, last_seen_at)"
            " VALUES (?, ?, 'Зеленчук', ?, 'member', ?, ?)",
            (telegram_id, first, username, now, now),
        )
    person_id = await db.execute(
        "INSERT INTO people (telegram_id, full_name, telegram_username, phone, email, created_at)"
        " VALUES (?, ?, 'taras_zel', ?, ?, ?)",
        (PERSON, NAME, PHONE, EMAIL, now),
    )
    post_id = await db.fetch_value("SELECT id FROM posts WHERE tier = 'municipal' LIMIT 1")
    await db.execute(
        "UPDATE posts SET holder_id = ?, status = 'appointed' WHERE id = ?", (person_id, post_id)
    )
    await db.execute(
        "INSERT INTO post_history (post_id, person_id, full_name, started_at) VALUES (?, ?, ?, ?)",
        (post_id, person_id, NAME, now),
    )
    await db.execute(
        "INSERT INTO audit_log (at, actor_id, action, subject, details)"
        " VALUES (?, ?, 'post.appointed', ?, ?)",
        (now, OTHER, f"post:{post_id}", NAME),
    )
    await db.execute(
        "INSERT INTO audit_log (at, actor_id, action, subject, details) VALUES (?, ?, 'role.granted', ?, '')",
        (now, PERSON, f"user:{PERSON}"),
    )
    await checkins.submit(db, "2026-W48", PERSON, {"done": ANSWER}, late=False)
    await checkins.submit(db, "2026-W48", OTHER, {"done": f"Разом із {NAME} ({PHONE})"}, late=False)
    await db.execute(
        "INSERT INTO checkin_expected (cycle, telegram_id, tier, place_code, region_code)"
        " VALUES ('2026-W48', ?, 'municipal', NULL, NULL)",
        (PERSON,),
    )
    await db.execute(
        "INSERT INTO feedback (user_id, topic, body, created_at) VALUES (?, 'idea', ?, ?)",
        (PERSON, NOTE, now),
    )
    batch = await db.execute(
        "INSERT INTO delivery_batches (kind, owner_id, created_at) VALUES ('digest', NULL, ?)", (now,)
    )
    for chat, text in ((OTHER, f"<b>{NAME}</b>: {ANSWER}"), (PERSON, "Нагадування")):
        await db.execute(
            "INSERT INTO deliveries (batch_id, chat_id, payload, status, next_attempt_at, sent_at)"
            " VALUES (?, ?, ?, 'sent', 0, ?)",
            (batch, chat, json.dumps({"text": text}, ensure_ascii=False), now),
        )
    await db.execute(
        "INSERT INTO persisted_conversations (name, conversation_key, state) VALUES ('checkin', ?, '\"a\"')",
        (json.dumps([PERSON, PERSON]),),
    )


async def test_erasure_leaves_nothing_and_keeps_the_counts(db: Database) -> None:
    await _fill(db)
    before = await db.fetch_value(
        "SELECT count(*) FROM checkins WHERE cycle = '2026-W48' AND status = 'submitted'"
    )

    erased = await personal_data.erase(db, PERSON, lambda number: f"erased person #{number}")

    assert erased.number == 1 and erased.vacated_post_id is not None
    assert (
        await traces_in_tables(db, PERSON, [NAME, "taras_zel", PHONE, EMAIL, ANSWER, NOTE, "Тарас Зеленчук"])
        == []
    )
    sheet = await db.fetch_one("SELECT telegram_id, status, answers FROM checkins ORDER BY telegram_id")
    assert sheet is not None and tuple(sheet) == (-1, "submitted", "{}")
    assert await db.fetch_value("SELECT count(*) FROM checkins WHERE status = 'submitted'") == before
    assert await db.fetch_value("SELECT telegram_id FROM checkin_expected") == -1
    other = await checkins.get_checkin(db, "2026-W48", OTHER)
    assert other is not None and other.answers == {"done": "Разом із erased person #1 (erased person #1)"}
    post = await db.fetch_one("SELECT holder_id, status FROM posts WHERE id = ?", (erased.vacated_post_id,))
    assert tuple(post) == (None, "vacant")
    assert await db.fetch_value("SELECT full_name FROM post_history") == ""
    assert (
        await db.fetch_value("SELECT details FROM audit_log WHERE action = 'post.appointed'")
        == "erased person #1"
    )
    entries = await db.fetch_all(
        "SELECT actor_id, subject FROM audit_log WHERE action != 'post.appointed' ORDER BY id"
    )
    assert [tuple(row) for row in entries] == [(-1, "user:-1"), (-1, "user:-1")]  # the erasure's own last
    olha = await db.fetch_value("SELECT first_name FROM users WHERE telegram_id = ?", (OTHER,))
    assert olha == "Olha"


async def test_a_second_erasure_takes_the_next_number(db: Database) -> None:
    await _fill(db)
    first = await personal_data.erase(db, PERSON, lambda number: f"#{number}")
    second = await personal_data.erase(db, OTHER, lambda number: f"#{number}")
    assert (first.number, second.number) == (1, 2)
    assert await db.fetch_value("SELECT count(*) FROM users") == 0
    assert (
        await db.fetch_value(
            "SELECT group_concat(telegram_id) FROM (SELECT telegram_id FROM checkins ORDER BY id)"
        )
        == "-1,-2"
    )
