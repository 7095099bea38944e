"""Requests to join: the name check, submitting, and deciding (the first decision wins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from bot.services.joining.invites import stored_time
from bot.services.roster.posts import HoldsAnotherPostError, appoint, make_member
from bot.text_input import clean
from storage import audit, join_requests, people, posts, users
from storage.audit import AuditAction
from storage.clock import parse_stored
from storage.db import Database
from storage.join_requests import (
    AlreadyOpenError,
    Copy as Copy,
    JoinRequest as JoinRequest,
    coordinator_ids as coordinator_ids,
    copies as copies,
    count_open as count_open,
    open_request_of as open_request_of,
    open_requests as open_requests,
    record_copy as record_copy,
)
from storage.people import Person
from storage.posts import Post
from storage.users import Role, User

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


# After a rejection, a new request is accepted only this much later: coordinators are not asked daily.
REJOIN_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class TooSoon:
    """The user's request was rejected lately: a new one is accepted from `allowed_at` (UTC)."""

    allowed_at: datetime


async def too_soon(db: Database, telegram_id: int, now: datetime) -> TooSoon | None:
    """Whether a rejection forbids a new request now, and until when."""
    rejected_at = await join_requests.last_rejected_at(db, telegram_id)
    if rejected_at is None:
        return None
    allowed_at = parse_stored(rejected_at) + REJOIN_AFTER
    return TooSoon(allowed_at) if now < allowed_at else None


async def submit(
    db: Database,
    telegram_id: int,
    draft: Draft,
    now: datetime | None = None,
    *,
    matched_person_id: int | None = None,
) -> JoinRequest | TooSoon | None:
    """Open the request and make the user pending; None if they already have one open."""
    async with db.transaction():
        waiting = await too_soon(db, telegram_id, now or datetime.now(UTC))
        if waiting is not None:
            return waiting
        try:
            request = await join_requests.create_request(
                db,
                telegram_id,
                draft.full_name,
                draft.tier,
                draft.place_code,
                draft.phone,
                draft.email,
                matched_person_id=matched_person_id,
            )
        except AlreadyOpenError:
            return None
        user = await users.get_user(db, telegram_id)
        if user is not None and user.role == Role.STRANGER:
            await users.set_role(db, telegram_id, Role.PENDING)
        details = "" if matched_person_id is None else f"username matches person:{matched_person_id}"
        await audit.record(db, telegram_id, AuditAction.JOIN_REQUESTED, f"request:{request.id}", details)
    return request


async def file_for_username_match(db: Database, user: User, now: datetime) -> JoinRequest | None:
    """A stranger whose @username matches an unbound roster entry: a request on their behalf.

    A username can be released and registered by anyone, so it never binds by itself: the request,
    filled from the entry (name, tier, place; its contacts stay in the roster), goes to the
    coordinators, and approving it binds the requester to the entry. None when nothing matches, the
    entry holds no post, or the user may not ask now (an open request, a recent rejection).
    """
    if user.role != Role.STRANGER or not user.username:
        return None
    entry = await people.unbound_by_username(db, user.username)
    post = None if entry is None else await posts.post_of_person(db, entry.id)
    if entry is None or post is None:
        return None
    draft = Draft(entry.full_name, post.tier, post.place_code, None, None)
    filed = await submit(db, user.telegram_id, draft, now, matched_person_id=entry.id)
    return filed if isinstance(filed, JoinRequest) else None


class Outcome(StrEnum):
    """What a decision did."""

    APPOINTED = "appointed"  # approved and now holds the requested post
    BOUND = "bound"  # approved: the requester is the roster entry their @username matched
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


@dataclass(frozen=True)
class EntryTaken:
    """The roster entry the requester's @username matched was bound to another account meanwhile."""

    request: JoinRequest


async def decide(
    db: Database, request_id: int, approve: bool, actor_id: int, now: datetime | None = None
) -> Decided | AlreadyDecided | EntryTaken:
    """Approve or reject, if nobody did first (one atomic UPDATE … WHERE status = 'open').

    The claim and everything it leads to (person, post, role, audit) are one transaction. A request
    filed for a matching @username is approved only while its roster entry is still unbound.
    """
    moment = now or datetime.now(UTC)
    async with db.transaction():
        current = await join_requests.get_request(db, request_id)
        if current is None or current.status != "open":
            return AlreadyDecided(current)
        entry = await _matched_entry(db, current) if approve else None
        if approve and current.matched_person_id is not None and entry is None:
            return EntryTaken(current)
        status = "approved" if approve else "rejected"
        request = await join_requests.decide(db, request_id, status, actor_id, stored_time(moment))
        if request is None:  # the UPDATE … WHERE status = 'open' is the claim, whatever was read above
            return AlreadyDecided(await join_requests.get_request(db, request_id))
        if not approve:
            user = await users.get_user(db, request.telegram_id)
            if user is not None and user.role == Role.PENDING:
                await users.set_role(db, request.telegram_id, Role.STRANGER)
            # No name: a rejected request is deleted after JOIN_REQUEST_RETENTION_DAYS, the audit stays.
            await audit.record(db, actor_id, AuditAction.JOIN_REJECTED, f"request:{request.id}")
            return Decided(request, Outcome.REJECTED)
        if entry is not None:
            return await _bind_to_entry(db, request, entry, actor_id)
        person = await _person_of(db, request)
        post = await posts.find_post(db, request.tier, request.place_code)
        outcome = await _appoint_if_free(db, post, person, actor_id)
        await make_member(db, request.telegram_id)
        await audit.record(
            db,
            actor_id,
            AuditAction.JOIN_APPROVED,
            f"request:{request.id}",
            f"{request.full_name}: {outcome}",
        )
        return Decided(request, outcome, post, person)


async def _matched_entry(db: Database, request: JoinRequest) -> Person | None:
    """The roster entry a username-matched request names, while it and the requester are both unbound."""
    if request.matched_person_id is None or await people.person_of_user(db, request.telegram_id):
        return None
    entry = await people.get_person(db, request.matched_person_id)
    return entry if entry is not None and entry.telegram_id is None else None


async def _bind_to_entry(db: Database, request: JoinRequest, entry: Person, actor_id: int) -> Decided:
    """The requester becomes the entry: its post and contacts stay as the roster has them."""
    await people.bind_telegram(db, entry.id, request.telegram_id)
    await make_member(db, request.telegram_id)
    details = f"{request.full_name}: bound person:{entry.id}"
    await audit.record(db, actor_id, AuditAction.JOIN_APPROVED, f"request:{request.id}", details)
    post = await posts.post_of_person(db, entry.id)
    return Decided(request, Outcome.BOUND, post, await people.get_person(db, entry.id))


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
