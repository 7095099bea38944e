"""Users: recorded from updates, language and role saved, stale menus found."""

from __future__ import annotations

from storage import users
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
