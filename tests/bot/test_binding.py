"""Binding imported holders: by Telegram id, by @username (unbound rows only), by the sender's own number."""

from __future__ import annotations

from bot.services import binding
from bot.services.binding import Bound, ContactRefusal, Way
from storage import people, users
from storage.db import Database
from storage.users import SeenUser, User


async def a_user(db: Database, telegram_id: int, username: str | None = None) -> User:
    return await users.record_seen(db, SeenUser(telegram_id, "Name", None, username, "uk"))


async def test_by_telegram_id(db: Database) -> None:
    person = await people.create_person(db, "Imported", telegram_id=30)
    bound = await binding.bind_on_start(db, await a_user(db, 30))
    assert isinstance(bound, Bound) and bound.way is Way.TELEGRAM_ID and bound.person.id == person.id
    assert (await users.get_user(db, 30)) is not None
    assert await db.fetch_value("SELECT role FROM users WHERE telegram_id = 30") == "member"
    assert await binding.bind_on_start(db, await a_user(db, 30)) is None  # a member: nothing to do


async def test_by_username_case_insensitive_and_only_unbound_rows(db: Database) -> None:
    await people.create_person(db, "Bound Elsewhere", telegram_id=99, telegram_username="taken")
    free = await people.create_person(db, "Free", telegram_username="Free_Name")
    assert await binding.bind_on_start(db, await a_user(db, 31, "TAKEN")) is None
    bound = await binding.bind_on_start(db, await a_user(db, 32, "free_name"))
    assert isinstance(bound, Bound) and bound.way is Way.USERNAME and bound.person.id == free.id
    assert bound.person.telegram_id == 32


async def test_by_the_senders_own_phone_only(db: Database) -> None:
    person = await people.create_person(db, "Phone Holder", phone="+380501234567")
    user = await a_user(db, 33)
    assert await binding.bind_by_contact(db, user, 34, "380501234567") is ContactRefusal.NOT_OWN
    assert await binding.bind_by_contact(db, user, None, "380501234567") is ContactRefusal.NOT_OWN
    assert await binding.bind_by_contact(db, user, 33, "12") is ContactRefusal.NOT_A_NUMBER
    assert await binding.bind_by_contact(db, user, 33, "380671112233") is ContactRefusal.NO_MATCH
    bound = await binding.bind_by_contact(db, user, 33, "380501234567")
    assert isinstance(bound, Bound) and bound.way is Way.PHONE and bound.person.id == person.id
    assert await binding.bind_by_contact(db, user, 33, "380501234567") is ContactRefusal.ALREADY_BOUND
