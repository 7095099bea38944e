"""The SQLite persistence: user data and conversation states survive a new instance."""

from __future__ import annotations

from bot.transport.persistence import SqlitePersistence
from storage.db import Database


async def test_user_data_and_conversations_round_trip(db: Database) -> None:
    first = SqlitePersistence(db)
    assert await first.get_user_data() == {}
    await first.update_user_data(7, {"feedback_draft": {"topic": "idea", "body": "Привіт"}})
    await first.get_conversations("feedback")
    await first.update_conversation("feedback", (7, 7), "writing")

    second = SqlitePersistence(db)
    assert await second.get_user_data() == {7: {"feedback_draft": {"topic": "idea", "body": "Привіт"}}}
    assert await second.get_conversations("feedback") == {(7, 7): "writing"}

    await second.update_conversation("feedback", (7, 7), None)
    await second.drop_user_data(7)
    third = SqlitePersistence(db)
    assert await third.get_conversations("feedback") == {}
    assert await third.get_user_data() == {}


async def test_unchanged_data_is_not_written_again(db: Database) -> None:
    persistence = SqlitePersistence(db)
    await persistence.get_user_data()
    await persistence.update_user_data(1, {"a": 1})
    await db.execute("DELETE FROM persisted_user_data")
    await persistence.update_user_data(1, {"a": 1})
    assert await db.fetch_value("SELECT count(*) FROM persisted_user_data") == 0
