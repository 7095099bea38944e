"""Binding imported holders to their Telegram account: by id, or by their own phone number.

An @username never binds by itself (anyone can register a released one): a match files a join
request instead (bot.services.joining.join_requests.file_for_username_match).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.services.contacts import normalise_phone
from bot.services.roster.posts import make_member
from storage import audit, join_requests, people, users
from storage.audit import AuditAction
from storage.db import Database
from storage.join_requests import Copy
from storage.people import Person
from storage.users import Role, User


class Way(StrEnum):
    """How the account was recognised."""

    TELEGRAM_ID = "telegram_id"
    PHONE = "phone"


@dataclass(frozen=True)
class Bound:
    """A roster person now bound to the user, who became a member (`user` as stored now)."""

    person: Person
    user: User
    way: Way
    withdrawn_copies: list[Copy]


class ContactRefusal(StrEnum):
    """Why a shared contact bound nobody."""

    NOT_OWN = "not_own"
    NOT_A_NUMBER = "not_a_number"
    NO_MATCH = "no_match"
    ALREADY_BOUND = "already_bound"


OUTSIDER_ROLES = (Role.STRANGER, Role.PENDING)


async def recognise(db: Database, user: User) -> Bound | None:
    """An outsider whose Telegram id the roster holds becomes a member, at their first update after the
    import, whatever it is (a command, a message, a reminder's or a broadcast's button)."""
    if user.role not in OUTSIDER_ROLES:
        return None
    person = await people.person_of_user(db, user.telegram_id)
    if person is None:
        return None
    return await _bound(db, user, person, Way.TELEGRAM_ID)


async def bind_by_contact(
    db: Database, user: User, contact_user_id: int | None, phone_number: str
) -> Bound | ContactRefusal:
    """A shared contact binds the unbound person with that number, if the contact is the sender's own."""
    if contact_user_id != user.telegram_id:
        return ContactRefusal.NOT_OWN
    if await people.person_of_user(db, user.telegram_id) is not None:
        return ContactRefusal.ALREADY_BOUND
    # Telegram sends numbers without the plus ("380501234567"); the normal form needs it.
    phone = normalise_phone(phone_number if phone_number.startswith("+") else f"+{phone_number}")
    if phone is None:
        return ContactRefusal.NOT_A_NUMBER
    person = await people.unbound_by_phone(db, phone)
    if person is None:
        return ContactRefusal.NO_MATCH
    return await _bound(db, user, person, Way.PHONE)


async def _bound(db: Database, user: User, person: Person, way: Way) -> Bound:
    """Bind (if not yet), make a member, close an open join request, audit: one transaction."""
    async with db.transaction():
        if person.telegram_id is None:
            await people.bind_telegram(db, person.id, user.telegram_id)
        await make_member(db, user.telegram_id)
        withdrawn = await join_requests.withdraw_open(db, user.telegram_id)
        await audit.record(db, user.telegram_id, AuditAction.PERSON_BOUND, f"person:{person.id}", f"by {way}")
        fresh = await people.get_person(db, person.id)
        member = await users.get_user(db, user.telegram_id)
    return Bound(fresh or person, member or user, way, withdrawn)
