"""One's own profile: what the bot keeps, contacts and who sees them, leaving the post, deleting one's data.

Checking and normalising phone numbers and e-mail addresses lives in bot.services.contacts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.services.roster import posts as post_rules
from storage import audit, feedback, join_requests, people, personal_data, places, posts
from storage.audit import AuditAction
from storage.db import Database
from storage.join_requests import JoinRequest
from storage.people import Person
from storage.personal_data import MessageCopy as MessageCopy
from storage.places import Place
from storage.posts import Post
from storage.users import User


class Visibility(StrEnum):
    """Who sees a person's phone and e-mail (besides the person)."""

    MEMBERS = "members"
    COORDINATORS = "coordinators"


class ContactField(StrEnum):
    """The contacts a person edits in their profile."""

    PHONE = "phone"
    EMAIL = "email"


@dataclass(frozen=True)
class Profile:
    """What /me shows: the account, the person (if any), their post and its place."""

    user: User
    person: Person | None
    post: Post | None
    place: Place | None
    requests: list[JoinRequest]
    feedback_sent: int

    @property
    def name(self) -> str:
        """The roster name, else the name Telegram shows."""
        return self.person.full_name if self.person else self.user.display_name


async def load_profile(db: Database, user: User) -> Profile:
    """Gather a user's profile, with what else the bot keeps about them (requests, feedback)."""
    person = await people.person_of_user(db, user.telegram_id)
    post = None if person is None else await posts.post_of_person(db, person.id)
    place = None if post is None else await places.get_place(db, post.place_code)
    requests = await join_requests.requests_of(db, user.telegram_id)
    return Profile(user, person, post, place, requests, await feedback.count_of(db, user.telegram_id))


async def save_contact(db: Database, user: User, field: ContactField, value: str | None) -> Person:
    """Set (or clear, with None) one contact; a user without a person row gets one."""
    person = await post_rules.person_for_user(db, user.telegram_id, user.display_name)
    phone = value if field is ContactField.PHONE else person.phone
    email = value if field is ContactField.EMAIL else person.email
    await people.update_contacts(db, person.id, phone, email)
    return await _reloaded(db, person)


async def set_visibility(db: Database, user: User, visibility: Visibility) -> Person:
    """Choose who sees the phone and e-mail."""
    person = await post_rules.person_for_user(db, user.telegram_id, user.display_name)
    await people.set_visibility(db, person.id, visibility.value)
    return await _reloaded(db, person)


async def _reloaded(db: Database, person: Person) -> Person:
    fresh = await people.get_person(db, person.id)
    assert fresh is not None
    return fresh


async def leave_post(db: Database, telegram_id: int, post_id: int) -> Post | None:
    """Give up the post `post_id` if the user still holds it; it becomes vacant, its history stays.

    Returns the post as it was, or None when the user no longer holds that post (a stale button).
    The user stays a member without a post.
    """
    person = await people.person_of_user(db, telegram_id)
    post = None if person is None else await posts.post_of_person(db, person.id)
    if person is None or post is None or post.id != post_id:
        return None
    await post_rules.vacate(db, post, telegram_id)
    await audit.record(db, telegram_id, AuditAction.POST_LEFT, f"post:{post.id}", person.full_name)
    return post


async def delete_data(db: Database, telegram_id: int, label: Callable[[int], str]) -> personal_data.Erased:
    """Erase everything the bot keeps about the account, by the map of personal data (one transaction);
    then checkpoint the WAL, so the deleted bytes leave it too (secure_delete overwrites them in the file).

    `label(number)` is what replaces the person's details in others' text ("erased person #17").
    """
    erased = await personal_data.erase(db, telegram_id, label)
    await db.truncate_wal()
    return erased
