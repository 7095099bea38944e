"""Granting and revoking the coordinator role: who can be changed, and what they become."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.access import Role, role_of
from storage import audit, people, users
from storage.audit import AuditAction
from storage.db import Database
from storage.users import User

# Telegram usernames: 5–32 letters, digits and underscores, starting with a letter.
_USERNAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{4,31})$")
_TELEGRAM_ID = re.compile(r"^[1-9][0-9]{0,15}$")


@dataclass(frozen=True)
class TargetRef:
    """Whom a command names: a Telegram id or a @username."""

    telegram_id: int | None = None
    username: str | None = None


def parse_target(argument: str | None) -> TargetRef | None:
    """`12345`, `@name` or `name`; None if the argument is neither."""
    text = (argument or "").strip()
    if _TELEGRAM_ID.match(text):
        return TargetRef(telegram_id=int(text))
    match = _USERNAME.match(text)
    return TargetRef(username=match.group(1)) if match else None


async def find_target(db: Database, ref: TargetRef) -> User | None:
    """The user named, if they have ever written to the bot."""
    if ref.telegram_id is not None:
        return await users.get_user(db, ref.telegram_id)
    assert ref.username is not None
    return await users.find_by_username(db, ref.username)


class Refusal(StrEnum):
    """Why a role change was not made."""

    IS_ADMIN = "is_admin"
    ALREADY_COORDINATOR = "already_coordinator"
    NOT_COORDINATOR = "not_coordinator"


def grant_refusal(role: Role) -> Refusal | None:
    """Anyone but an admin or a coordinator can be made a coordinator."""
    if role is Role.ADMIN:
        return Refusal.IS_ADMIN
    if role is Role.COORDINATOR:
        return Refusal.ALREADY_COORDINATOR
    return None


def role_after_revoke(role: Role, in_roster: bool) -> Role | Refusal:
    """A coordinator goes back to member if they are in the roster (a post or a person row), else stranger."""
    if role is Role.ADMIN:
        return Refusal.IS_ADMIN
    if role is not Role.COORDINATOR:
        return Refusal.NOT_COORDINATOR
    return Role.MEMBER if in_roster else Role.STRANGER


@dataclass(frozen=True)
class RoleChange:
    """A role change that was made (user is the record after it) or refused (refusal set)."""

    user: User
    old_role: Role
    new_role: Role
    refusal: Refusal | None = None


async def grant(db: Database, actor_id: int, target: User, admin_ids: frozenset[int]) -> RoleChange:
    """Make `target` a coordinator, unless the rules refuse."""
    async with db.transaction():
        current = await _current(db, target)
        old = role_of(current.role, current.telegram_id, admin_ids)
        refusal = grant_refusal(old)
        if refusal is not None:
            return RoleChange(current, old, old, refusal)
        await users.set_role(db, current.telegram_id, Role.COORDINATOR.value)
        await audit.record(
            db, actor_id, AuditAction.ROLE_GRANTED, f"user:{current.telegram_id}", f"{old} → coordinator"
        )
    return RoleChange(await _current(db, target), old, Role.COORDINATOR)


async def revoke(db: Database, actor_id: int, target: User, admin_ids: frozenset[int]) -> RoleChange:
    """Take the coordinator role from `target`, unless the rules refuse."""
    async with db.transaction():
        current = await _current(db, target)
        old = role_of(current.role, current.telegram_id, admin_ids)
        in_roster = await people.person_of_user(db, current.telegram_id) is not None
        outcome = role_after_revoke(old, in_roster)
        if isinstance(outcome, Refusal):
            return RoleChange(current, old, old, outcome)
        await users.set_role(db, current.telegram_id, outcome.value)
        await audit.record(
            db, actor_id, AuditAction.ROLE_REVOKED, f"user:{current.telegram_id}", f"coordinator → {outcome}"
        )
    return RoleChange(await _current(db, target), old, outcome)


async def _current(db: Database, target: User) -> User:
    fresh = await users.get_user(db, target.telegram_id)
    return target if fresh is None else fresh
