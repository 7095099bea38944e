"""Users: recorded from updates, language and role saved, stale menus found."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import reachability, users
from storage.db import Database
from storage.users import SeenUser


async def test_seen_user_is_inserted_then_refreshed(db: Database) -> None:
    first = await users.record_seen(db, SeenUser(1, "Ivan", None, "ivan", "uk"))
    assert first.role == "stranger"
    assert first.language is None
    await users.set_language(db, 1, "en")
    again = await users.record_seen(db, SeenUser(1, "Іван", "Петренко", "ivan_p", "uk"))
    assert again.display_name == "Іван Петренко"
    assert again.username == "ivan_p"
    assert again.language == "en"


async def test_find_by_username_ignores_case_and_at(db: Database) -> None:
    await users.record_seen(db, SeenUser(2, "Olena", None, "OlenaK", None))
    found = await users.find_by_username(db, "@olenak")
    assert found is not None
    assert found.telegram_id == 2


async def test_users_with_stale_menus(db: Database) -> None:
    for telegram_id in (1, 2, 3):
        await users.record_seen(db, SeenUser(telegram_id, "x", None, None, None))
    await users.set_menu_version(db, 1, "old:member:uk")
    await users.set_menu_version(db, 2, "new:member:uk")
    stale = await users.users_with_stale_menu(db, "new")
    assert [user.telegram_id for user in stale] == [1]


async def _last_seen(db: Database, telegram_id: int) -> str:
    return str(await db.fetch_value("SELECT last_seen_at FROM users WHERE telegram_id = ?", (telegram_id,)))


async def test_a_sender_seen_lately_is_only_read_and_an_older_sighting_is_refreshed(db: Database) -> None:
    seen = SeenUser(4, "Taras", None, "taras", "uk")
    await users.record_seen(db, seen)
    lately = (datetime.now(UTC) - timedelta(minutes=1)).isoformat(timespec="seconds")
    await db.execute("UPDATE users SET last_seen_at = ? WHERE telegram_id = 4", (lately,))
    await users.record_seen(db, seen)
    assert await _last_seen(db, 4) == lately

    long_ago = (datetime.now(UTC) - users.SEEN_PRECISION - timedelta(minutes=1)).isoformat(timespec="seconds")
    await db.execute("UPDATE users SET last_seen_at = ? WHERE telegram_id = 4", (long_ago,))
    await users.record_seen(db, seen)
    assert await _last_seen(db, 4) > long_ago


async def test_a_changed_name_is_written_at_once_and_the_sighting_tells_reachability(db: Database) -> None:
    await users.record_seen(db, SeenUser(5, "Olha", None, None, "uk"))
    await reachability.mark_unreachable(db, 5, "blocked")
    sighting = await users.record_sighting(db, SeenUser(5, "Olha", "Koval", None, "uk"))
    assert sighting.user.display_name == "Olha Koval"
    assert sighting.unreachable
    assert not (await users.record_sighting(db, SeenUser(6, "New", None, None, None))).unreachable
