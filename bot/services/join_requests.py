"""Requests to join: the name check, submitting, and deciding (the first decision wins)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.services.posts import HoldsAnotherPostError, appoint, make_member
from bot.text_input import clean
from storage import audit, join_requests, people, posts, users
from storage.db import Database
from storage.join_requests import AlreadyOpenError, JoinRequest
from storage.people import Person
from storage.posts import Post

MIN_NAME, MAX_NAME = 3, 100
_NAME_PUNCTUATION = set(" -'ʼ’.")


class NameProblem(StrEnum):
    """Why a typed full name was refused."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOT_A_NAME = "not_a_name"
    ONE_WORD = "one_word"


@dataclass(frozen=True)
class CheckedName:
    """A cleaned full name, or why it was refused."""

    text: str
    problem: NameProblem | None = None


def check_name(raw: str | None) -> CheckedName:
    """Letters, spaces, hyphens and apostrophes; at least two words ("Surname Name")."""
    text = " ".join(clean(raw).split())
    if not text:
        return CheckedName(text, NameProblem.EMPTY)
    if len(text) > MAX_NAME:
        return CheckedName(text, NameProblem.TOO_LONG)
    if len(text) < MIN_NAME or not all(char.isalpha() or char in _NAME_PUNCTUATION for char in text):
        return CheckedName(text, NameProblem.NOT_A_NAME)
    if len(text.split()) < 2:
        return CheckedName(text, NameProblem.ONE_WORD)
    return CheckedName(text)


@dataclass(frozen=True)
class Draft:
    """What the requester filled in."""

    full_name: str
    tier: str
    place_code: str
    phone: str | None
    email: str | None


async def submit(db: Database, telegram_id: int, draft: Draft) -> JoinRequest | None:
    """Open the request and make the user pending; None if they already have one open."""
    try:
        request = await join_requests.create_request(
            db, telegram_id, draft.full_name, draft.tier, draft.place_code, draft.phone, draft.email
        )
    except AlreadyOpenError:
        return None
    user = await users.get_user(db, telegram_id)
    if user is not None and user.role == "stranger":
        await users.set_role(db, telegram_id, "pending")
    await audit.record(db, telegram_id, "join.requested", f"request:{request.id}", draft.full_name)
    return request


class Outcome(StrEnum):
    """What a decision did."""

    APPOINTED = "appointed"  # approved and now holds the requested post
    POST_HELD = "post_held"  # approved as a member: someone else holds the post
    NO_POST = "no_post"  # approved as a member: that post does not exist (a city without one)
    HOLDS_OTHER = "holds_other"  # approved as a member: they already hold another post
    REJECTED = "rejected"


@dataclass(frozen=True)
class Decided:
    """This decision won."""

    request: JoinRequest
    outcome: Outcome
    post: Post | None = None
    person: Person | None = None


@dataclass(frozen=True)
class AlreadyDecided:
    """Someone decided first (or the request is gone: `request` is None)."""

    request: JoinRequest | None


async def decide(db: Database, request_id: int, approve: bool, actor_id: int) -> Decided | AlreadyDecided:
    """Approve or reject, if nobody did first (one atomic UPDATE … WHERE status = 'open').

    The claim and everything it leads to (person, post, role, audit) are one transaction.
    """
    async with db.transaction():
        request = await join_requests.decide(db, request_id, "approved" if approve else "rejected", actor_id)
        if request is None:
            return AlreadyDecided(await join_requests.get_request(db, request_id))
        if not approve:
            user = await users.get_user(db, request.telegram_id)
            if user is not None and user.role == "pending":
                await users.set_role(db, request.telegram_id, "stranger")
            await audit.record(db, actor_id, "join.rejected", f"request:{request.id}", request.full_name)
            return Decided(request, Outcome.REJECTED)
        person = await _person_of(db, request)
        post = await posts.find_post(db, request.tier, request.place_code)
        outcome = await _appoint_if_free(db, post, person, actor_id)
        await make_member(db, request.telegram_id)
        await audit.record(
            db, actor_id, "join.approved", f"request:{request.id}", f"{request.full_name}: {outcome}"
        )
        return Decided(request, outcome, post, person)


async def _person_of(db: Database, request: JoinRequest) -> Person:
    """The requester's roster record: created with their contacts, or completed with them."""
    person = await people.person_of_user(db, request.telegram_id)
    if person is None:
        user = await users.get_user(db, request.telegram_id)
        return await people.create_person(
            db,
            request.full_name,
            telegram_id=request.telegram_id,
            telegram_username=user.username if user else None,
            phone=request.phone,
            email=request.email,
        )
    await people.update_contacts(db, person.id, request.phone or person.phone, request.email or person.email)
    return person


async def _appoint_if_free(db: Database, post: Post | None, person: Person, actor_id: int) -> Outcome:
    if post is None:
        return Outcome.NO_POST
    if post.holder_id is not None and post.holder_id != person.id:
        return Outcome.POST_HELD
    try:
        await appoint(db, post, person, actor_id)
    except HoldsAnotherPostError:
        return Outcome.HOLDS_OTHER
    return Outcome.APPOINTED
