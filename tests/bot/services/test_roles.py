"""Who can be made a coordinator or lose the role, and what they become."""

from __future__ import annotations

import pytest

from bot.access import Role
from bot.services import roles
from bot.services.roles import Refusal, TargetRef, grant_refusal, parse_target, role_after_revoke
from storage import audit, people, users
from storage.db import Database
from storage.users import SeenUser

ADMINS = frozenset({9001})


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("12345", TargetRef(telegram_id=12345)),
        (" 12345 ", TargetRef(telegram_id=12345)),
        ("@olha_p", TargetRef(username="olha_p")),
        ("OlhaP", TargetRef(username="OlhaP")),
        ("", None),
        (None, None),
        ("@ab", None),  # usernames have at least 5 characters
        ("@1abcde", None),
        ("0123", None),
        ("-5", None),
        ("@olha p", None),
        ("@ольга", None),
    ],
)
def test_the_argument_names_an_id_or_a_username(argument: str | None, expected: TargetRef | None) -> None:
    assert parse_target(argument) == expected


@pytest.mark.parametrize(
    ("role", "refusal"),
    [
        (Role.STRANGER, None),
        (Role.PENDING, None),
        (Role.MEMBER, None),
        (Role.COORDINATOR, Refusal.ALREADY_COORDINATOR),
        (Role.ADMIN, Refusal.IS_ADMIN),
    ],
)
def test_who_can_be_granted(role: Role, refusal: Refusal | None) -> None:
    assert grant_refusal(role) is refusal


@pytest.mark.parametrize(
    ("role", "in_roster", "outcome"),
    [
        (Role.COORDINATOR, True, Role.MEMBER),
        (Role.COORDINATOR, False, Role.STRANGER),
        (Role.MEMBER, True, Refusal.NOT_COORDINATOR),
        (Role.STRANGER, False, Refusal.NOT_COORDINATOR),
        (Role.PENDING, False, Refusal.NOT_COORDINATOR),
        (Role.ADMIN, True, Refusal.IS_ADMIN),
    ],
)
def test_what_a_revoked_coordinator_becomes(role: Role, in_roster: bool, outcome: Role | Refusal) -> None:
    assert role_after_revoke(role, in_roster) is outcome


async def test_grant_then_revoke_is_audited(db: Database) -> None:
    target = await users.record_seen(db, SeenUser(601, "Ivan", None, "ivan_k", "uk"))
    assert await roles.find_target(db, TargetRef(username="IVAN_K")) == target
    assert await roles.find_target(db, TargetRef(telegram_id=602)) is None

    change = await roles.grant(db, 9001, target, ADMINS)
    assert (change.refusal, change.old_role, change.new_role) == (None, Role.STRANGER, Role.COORDINATOR)
    assert change.user.role == "coordinator"
    again = await roles.grant(db, 9001, target, ADMINS)
    assert again.refusal is Refusal.ALREADY_COORDINATOR

    change = await roles.revoke(db, 9001, target, ADMINS)
    assert (change.refusal, change.new_role, change.user.role) == (None, Role.STRANGER, "stranger")
    assert (await roles.revoke(db, 9001, target, ADMINS)).refusal is Refusal.NOT_COORDINATOR

    entries = await audit.latest(db)
    assert [(e.action, e.actor_id, e.subject) for e in entries] == [
        ("role.revoked", 9001, "user:601"),
        ("role.granted", 9001, "user:601"),
    ]


async def test_a_revoked_coordinator_in_the_roster_stays_a_member(db: Database) -> None:
    target = await users.record_seen(db, SeenUser(603, "Olena", None, None, "uk"))
    await people.create_person(db, "Олена", telegram_id=603)
    await roles.grant(db, 9001, target, ADMINS)
    change = await roles.revoke(db, 9001, target, ADMINS)
    assert change.new_role is Role.MEMBER


async def test_an_admin_cannot_be_changed(db: Database) -> None:
    admin = await users.record_seen(db, SeenUser(9001, "Admin", None, None, "en"))
    assert (await roles.grant(db, 9001, admin, ADMINS)).refusal is Refusal.IS_ADMIN
    assert (await roles.revoke(db, 9001, admin, ADMINS)).refusal is Refusal.IS_ADMIN
    assert await audit.latest(db) == []
