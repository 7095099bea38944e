"""Join requests: the name check, one open request per user, and the first decision winning."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.joining import join_requests as service
from bot.services.joining.join_requests import (
    AlreadyDecided,
    Decided,
    Draft,
    EntryTaken,
    NameProblem,
    Outcome,
    TooSoon,
)
from bot.services.roster.posts import appoint
from storage import join_requests, people, posts, users
from storage.db import Database
from storage.join_requests import JoinRequest
from storage.people import Person
from storage.users import SeenUser

ZHYTOMYRSKA = "UA18040190000029215"
ZHYTOMYR_CITY = "UA18040190010057814"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ENTRY_POST = ("Коваленко Петро", "municipal", ZHYTOMYRSKA)


@pytest.mark.parametrize(
    ("typed", "expected", "problem"),
    [
        ("  Шевченко   Олена ", "Шевченко Олена", None),
        ("Д'Артаньян-Петренко Олена", "Д'Артаньян-Петренко Олена", None),
        ("Олена", "Олена", NameProblem.ONE_WORD),
        ("", "", NameProblem.EMPTY),
        ("\x00\u202e", "", NameProblem.EMPTY),
        ("Agent 007", "Agent 007", NameProblem.NOT_A_NAME),
        ("<b>Bold</b> Name", "<b>Bold</b> Name", NameProblem.NOT_A_NAME),
        ("Я Я" + "я" * 200, None, NameProblem.TOO_LONG),
    ],
)
def test_the_full_name_check(typed: str, expected: str | None, problem: NameProblem | None) -> None:
    checked = service.check_name(typed)
    assert checked.problem is problem
    if expected is not None:
        assert checked.text == expected


async def requester(db: Database, telegram_id: int = 20) -> None:
    await users.record_seen(db, SeenUser(telegram_id, "Olena", None, "olena", "uk"))


def draft(place: str = ZHYTOMYRSKA, tier: str = "municipal") -> Draft:
    return Draft("Шевченко Олена", tier, place, "+380501234567", None)


async def test_submitting_makes_the_user_pending_and_only_one_request_is_open(db: Database) -> None:
    await requester(db)
    request = await service.submit(db, 20, draft())
    assert request is not None and request.status == "open"
    assert await db.fetch_value("SELECT role FROM users WHERE telegram_id = 20") == "pending"
    assert await service.submit(db, 20, draft()) is None


async def test_the_first_of_two_simultaneous_decisions_wins(db: Database) -> None:
    await requester(db)
    request = await service.submit(db, 20, draft())
    assert request is not None
    results = await asyncio.gather(
        service.decide(db, request.id, True, 101), service.decide(db, request.id, False, 102)
    )
    winners = [result for result in results if isinstance(result, Decided)]
    losers = [result for result in results if isinstance(result, AlreadyDecided)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].request is not None and losers[0].request.decided_by == winners[0].request.decided_by
    stored = await join_requests.get_request(db, request.id)
    assert stored is not None and stored.decided_by == winners[0].request.decided_by
    assert await db.fetch_value("SELECT count(*) FROM audit_log WHERE action LIKE 'join.%ed'") == 2


async def test_many_deciders_at_once_still_one_decision(db: Database) -> None:
    await requester(db)
    request = await service.submit(db, 20, draft())
    assert request is not None
    results = await asyncio.gather(*(service.decide(db, request.id, i % 2 == 0, 100 + i) for i in range(20)))
    assert sum(isinstance(result, Decided) for result in results) == 1


async def test_approval_appoints_to_a_vacant_post_with_the_contacts(db: Database) -> None:
    await requester(db)
    request = await service.submit(db, 20, draft())
    assert request is not None
    decided = await service.decide(db, request.id, True, 101)
    assert isinstance(decided, Decided) and decided.outcome is Outcome.APPOINTED
    person = await people.person_of_user(db, 20)
    assert person is not None and person.phone == "+380501234567" and person.telegram_username == "olena"
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None and post.holder_id == person.id
    assert await db.fetch_value("SELECT role FROM users WHERE telegram_id = 20") == "member"


async def test_approval_for_a_held_post_makes_a_member_without_a_post(db: Database) -> None:
    holder = await people.create_person(db, "Holder Already")
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None
    await appoint(db, post, holder, None)
    await requester(db)
    request = await service.submit(db, 20, draft())
    assert request is not None
    decided = await service.decide(db, request.id, True, 101)
    assert isinstance(decided, Decided) and decided.outcome is Outcome.POST_HELD
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None and post.holder_id == holder.id
    assert await db.fetch_value("SELECT role FROM users WHERE telegram_id = 20") == "member"


async def test_approval_for_a_city_without_a_post(db: Database) -> None:
    await requester(db)
    request = await service.submit(db, 20, draft(ZHYTOMYR_CITY, "city"))
    assert request is not None
    decided = await service.decide(db, request.id, True, 101)
    assert isinstance(decided, Decided) and decided.outcome is Outcome.NO_POST


async def test_rejection_returns_the_user_to_stranger(db: Database) -> None:
    await requester(db)
    request = await service.submit(db, 20, draft())
    assert request is not None
    decided = await service.decide(db, request.id, False, 101)
    assert isinstance(decided, Decided) and decided.outcome is Outcome.REJECTED
    assert await db.fetch_value("SELECT role FROM users WHERE telegram_id = 20") == "stranger"
    assert await people.person_of_user(db, 20) is None


async def test_after_a_rejection_a_new_request_waits_a_week(db: Database) -> None:
    await requester(db)
    request = await service.submit(db, 20, draft(), NOW)
    assert isinstance(request, JoinRequest)
    await service.decide(db, request.id, False, 101, NOW)
    waiting = await service.submit(db, 20, draft(), NOW + timedelta(days=6))
    assert waiting == TooSoon(NOW + timedelta(days=7))
    assert await join_requests.open_request_of(db, 20) is None
    assert isinstance(await service.submit(db, 20, draft(), NOW + timedelta(days=7)), JoinRequest)


async def _holder_with_username(db: Database) -> Person:
    entry = await people.create_person(
        db, "Коваленко Петро", telegram_username="Petro_Kov", phone="+380671112233"
    )
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None
    await appoint(db, post, entry, None)
    return entry


async def test_a_matching_username_files_a_request_from_the_entry_and_approval_binds_it(db: Database) -> None:
    entry = await _holder_with_username(db)
    user = await users.record_seen(db, SeenUser(21, "Mallory", None, "petro_kov", "uk"))
    request = await service.file_for_username_match(db, user, NOW)
    assert request is not None and request.matched_person_id == entry.id
    assert (request.full_name, request.tier, request.place_code) == (
        "Коваленко Петро",
        "municipal",
        ZHYTOMYRSKA,
    )
    assert (request.phone, request.email) == (None, None)  # the entry's contacts stay in the roster
    assert await people.person_of_user(db, 21) is None
    assert await db.fetch_value("SELECT role FROM users WHERE telegram_id = 21") == "pending"
    pending = await users.get_user(db, 21)
    assert pending is not None and await service.file_for_username_match(db, pending, NOW) is None

    decided = await service.decide(db, request.id, True, 101, NOW)
    assert isinstance(decided, Decided) and decided.outcome is Outcome.BOUND
    bound = await people.get_person(db, entry.id)
    assert bound is not None and bound.telegram_id == 21 and bound.phone == "+380671112233"
    assert decided.post is not None and decided.post.holder_id == entry.id
    assert await db.fetch_value("SELECT count(*) FROM people") == 1


async def test_no_request_for_a_bound_entry_nor_after_a_recent_rejection(db: Database) -> None:
    entry = await _holder_with_username(db)
    user = await users.record_seen(db, SeenUser(21, "Mallory", None, "petro_kov", "uk"))
    request = await service.file_for_username_match(db, user, NOW)
    assert request is not None
    await service.decide(db, request.id, False, 101, NOW)
    stranger = await users.get_user(db, 21)
    assert stranger is not None and stranger.role == "stranger"
    assert await service.file_for_username_match(db, stranger, NOW + timedelta(days=1)) is None
    await people.bind_telegram(db, entry.id, 99)
    assert await service.file_for_username_match(db, stranger, NOW + timedelta(days=8)) is None


async def test_a_request_whose_entry_was_bound_meanwhile_cannot_be_approved(db: Database) -> None:
    entry = await _holder_with_username(db)
    user = await users.record_seen(db, SeenUser(21, "Mallory", None, "petro_kov", "uk"))
    request = await service.file_for_username_match(db, user, NOW)
    assert request is not None
    await people.bind_telegram(db, entry.id, 99)  # the real holder shared their phone meanwhile
    assert isinstance(await service.decide(db, request.id, True, 101, NOW), EntryTaken)
    still = await join_requests.get_request(db, request.id)
    assert still is not None and still.status == "open"
    assert isinstance(await service.decide(db, request.id, False, 101, NOW), Decided)


async def test_a_decision_on_a_missing_request(db: Database) -> None:
    assert await service.decide(db, 999, True, 101) == AlreadyDecided(None)
