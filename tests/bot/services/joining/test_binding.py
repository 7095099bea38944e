"""Binding imported holders: by Telegram id (outsiders only) or their own number; never by @username."""

from __future__ import annotations

from dataclasses import replace

from bot.services.joining import binding
from bot.services.joining.binding import Bound, ContactRefusal, Way
from storage import join_requests, people, users
from storage.db import Database
from storage.users import SeenUser, User

ZHYTOMYRSKA = "UA18040190000029215"


async def a_user(db: Database, telegram_id: int, username: str | None = None) -> User:
    return await users.record_seen(db, SeenUser(telegram_id, "Name", None, username, "uk"))


async def test_by_telegram_id(db: Database) -> None:
    person = await people.create_person(db, "Imported", telegram_id=30)
    bound = await binding.recognise(db, await a_user(db, 30))
    assert isinstance(bound, Bound) and bound.way is Way.TELEGRAM_ID and bound.person.id == person.id
    assert bound.user.role == "member"
    assert await db.fetch_value("SELECT role FROM users WHERE telegram_id = 30") == "member"
    assert await binding.recognise(db, await a_user(db, 30)) is None  # a member: nothing to do
    assert await binding.recognise(db, await a_user(db, 31)) is None  # not in the roster


async def test_an_open_join_request_is_withdrawn_when_its_author_is_recognised(db: Database) -> None:
    user = await a_user(db, 32)
    await join_requests.create_request(db, 32, "Імпортований Петро", "municipal", ZHYTOMYRSKA, None, None)
    await users.set_role(db, 32, "pending")
    await people.create_person(db, "Imported", telegram_id=32)
    bound = await binding.recognise(db, replace(user, role="pending"))
    assert bound is not None and bound.user.role == "member"
    assert await join_requests.open_request_of(db, 32) is None


async def test_a_username_alone_binds_nobody(db: Database) -> None:
    await people.create_person(db, "Free", telegram_username="Free_Name")
    assert await binding.recognise(db, await a_user(db, 36, "free_name")) is None
    assert await people.person_of_user(db, 36) is None


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
