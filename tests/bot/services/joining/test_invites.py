"""Invite tokens: random, hashed, single use, expiring; redeeming refuses without changing anything."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.joining import invites as service
from bot.services.joining.invites import InviteProblem, Redeemed, Refused
from bot.services.roster.posts import appoint
from storage import people, posts, users
from storage.db import Database
from storage.people import Person
from storage.posts import Post
from storage.users import SeenUser, User

ZHYTOMYRSKA = "UA18040190000029215"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


async def a_user(db: Database, telegram_id: int, name: str = "Olena") -> User:
    return await users.record_seen(db, SeenUser(telegram_id, name, None, None, "uk"))


async def a_post(db: Database) -> Post:
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None
    return post


def test_tokens_are_long_random_url_safe_and_fit_a_deep_link() -> None:
    tokens = {service.new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    for token in tokens:
        assert len(token) == service.TOKEN_LENGTH <= 64
        assert service.shape_problem(token) is None
    assert service.TOKEN_BYTES * 8 >= 128


def test_the_hash_is_sha256_of_the_token() -> None:
    assert service.hash_token("abc") == hashlib.sha256(b"abc").hexdigest()


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("A" * 31, InviteProblem.TRUNCATED),
        ("A", InviteProblem.TRUNCATED),
        ("A" * 33, InviteProblem.FORGED),
        ("A" * 31 + "=", InviteProblem.FORGED),
        ("привіт", InviteProblem.FORGED),
        ("", InviteProblem.FORGED),
    ],
)
def test_the_shape_of_a_token(token: str, problem: InviteProblem) -> None:
    assert service.shape_problem(token) is problem


async def test_only_the_hash_is_stored_and_the_expiry_follows_the_ttl(db: Database) -> None:
    created = await service.create_invite(db, await a_post(db), 1, 14, now=NOW)
    row = await db.fetch_one("SELECT token_hash, expires_at FROM invites")
    assert row is not None
    assert row["token_hash"] == service.hash_token(created.token) != created.token
    assert created.expires_at == NOW + timedelta(days=14)


async def test_an_invite_works_once(db: Database) -> None:
    created = await service.create_invite(db, await a_post(db), 1, 14, now=NOW)
    first = await service.redeem(db, created.token, await a_user(db, 10), now=NOW)
    assert isinstance(first, Redeemed) and first.post.holder_telegram_id == 10
    second = await service.redeem(db, created.token, await a_user(db, 11), now=NOW)
    assert second == Refused(InviteProblem.USED)
    assert await people.person_of_user(db, 11) is None


async def test_an_invite_expires_at_its_time(db: Database) -> None:
    created = await service.create_invite(db, await a_post(db), 1, 14, now=NOW)
    user = await a_user(db, 10)
    late = await service.redeem(db, created.token, user, now=NOW + timedelta(days=14))
    assert late == Refused(InviteProblem.EXPIRED)
    assert (await a_post(db)).holder_id is None
    in_time = await service.redeem(db, created.token, user, now=NOW + timedelta(days=14, seconds=-1))
    assert isinstance(in_time, Redeemed)


async def test_two_people_opening_the_same_link_at_once_one_gets_the_post(db: Database) -> None:
    created = await service.create_invite(db, await a_post(db), 1, 14, now=NOW)
    olena, petro = await a_user(db, 10, "Olena"), await a_user(db, 11, "Petro")
    results = await asyncio.gather(
        service.redeem(db, created.token, olena, now=NOW), service.redeem(db, created.token, petro, now=NOW)
    )
    assert sorted(type(result).__name__ for result in results) == ["Redeemed", "Refused"]
    assert len(await posts.history(db, (await a_post(db)).id)) == 1


async def test_a_holder_of_another_post_is_refused_and_the_invite_stays_usable(db: Database) -> None:
    user = await a_user(db, 10)
    regional = await posts.find_post(db, "regional", "UA18000000000041385")
    assert regional is not None
    first = await service.create_invite(db, regional, 1, 14, now=NOW)
    assert isinstance(await service.redeem(db, first.token, user, now=NOW), Redeemed)
    second = await service.create_invite(db, await a_post(db), 1, 14, now=NOW)
    refused = await service.redeem(db, second.token, user, now=NOW)
    assert isinstance(refused, Refused) and refused.problem is InviteProblem.HOLDS_OTHER_POST
    assert refused.post is not None and refused.post.id == regional.id
    assert await db.fetch_value("SELECT used_at FROM invites WHERE id = ?", (second.invite.id,)) is None


async def test_a_failure_after_the_claim_leaves_the_invite_unused_and_nobody_appointed(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = await a_post(db)
    petro = await people.create_person(db, "Petro", telegram_id=11)
    await appoint(db, post, petro, None)
    created = await service.create_invite(db, await a_post(db), 1, 14, now=NOW)
    olena = await a_user(db, 10)
    before = await _everything_a_redemption_writes(db)

    async def appoint_then_fail(db: Database, post: Post, person: Person, actor_id: int | None) -> None:
        await appoint(db, post, person, actor_id)  # the whole appointment is written, then the work fails
        raise RuntimeError("crash after the appointment")

    monkeypatch.setattr(service, "appoint", appoint_then_fail)
    with pytest.raises(RuntimeError):
        await service.redeem(db, created.token, olena, now=NOW)
    assert await _everything_a_redemption_writes(db) == before
    assert await db.fetch_value("SELECT used_at FROM invites WHERE id = ?", (created.invite.id,)) is None

    monkeypatch.undo()
    redeemed = await service.redeem(db, created.token, olena, now=NOW)
    assert isinstance(redeemed, Redeemed) and redeemed.previous_holder == "Petro"
    assert (await a_post(db)).holder_telegram_id == 10


async def _everything_a_redemption_writes(db: Database) -> list[tuple[object, ...]]:
    """Invites, holders, terms, people, roles and the audit log, row by row."""
    queries = (
        "SELECT id, used_at, used_by FROM invites ORDER BY id",
        "SELECT id, holder_id, status FROM posts WHERE holder_id IS NOT NULL ORDER BY id",
        "SELECT * FROM post_history ORDER BY id",
        "SELECT id, telegram_id, full_name FROM people ORDER BY id",
        "SELECT telegram_id, role FROM users ORDER BY telegram_id",
        "SELECT id, action FROM audit_log ORDER BY id",
    )
    return [tuple(row) for query in queries for row in await db.fetch_all(query)]


async def test_a_personal_invite_binds_its_person_and_nobody_else(db: Database) -> None:
    person = await people.create_person(db, "Imported Holder", phone="+380501234567")
    made = await service.personal_invites(db, 1, 14, now=NOW)
    assert made == []  # no post held yet
    await appoint(db, await a_post(db), person, None)
    older = await service.personal_invites(db, 1, 14, now=NOW)
    made = await service.personal_invites(db, 1, 14, now=NOW)
    assert len(made) == 1 and made[0].holder.full_name == "Imported Holder"
    stale = await service.redeem(db, older[0].token, await a_user(db, 10), now=NOW)
    assert stale == Refused(InviteProblem.EXPIRED)  # a fresh export replaces the earlier links

    bound = await service.redeem(db, made[0].token, await a_user(db, 10), now=NOW)
    assert isinstance(bound, Redeemed) and bound.bound_imported and bound.person.id == person.id
    assert (await a_post(db)).holder_telegram_id == 10
    assert await db.fetch_value("SELECT role FROM users WHERE telegram_id = 10") == "member"
