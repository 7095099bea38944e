"""Invite links to a post: random tokens stored as hashes, used once, before they expire."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from bot.services.roster.posts import HoldsAnotherPostError, appoint, make_member
from storage import audit, invites, join_requests, people, posts
from storage.audit import AuditAction
from storage.db import Database
from storage.invites import Invite
from storage.join_requests import Copy
from storage.people import Person
from storage.posts import Post
from storage.users import User

# 24 random bytes are 192 bits; URL-safe base64 makes them 32 characters, within the 64 of a deep link.
TOKEN_BYTES = 24
TOKEN_LENGTH = 32
_TOKEN_CHARACTERS = re.compile(r"^[A-Za-z0-9_-]+$")


def new_token() -> str:
    """A fresh random token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """What the database keeps instead of the token (the token's entropy makes a plain hash enough)."""
    return hashlib.sha256(token.encode()).hexdigest()


def stored_time(moment: datetime) -> str:
    """A time in the form the database stores (ISO 8601, UTC, seconds)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class CreatedInvite:
    """A new invite and the only copy of its token."""

    token: str
    invite: Invite
    post: Post

    @property
    def expires_at(self) -> datetime:
        """When the invite stops working."""
        return datetime.fromisoformat(self.invite.expires_at)


async def create_invite(
    db: Database,
    post: Post,
    actor_id: int | None,
    ttl_days: int,
    *,
    person_id: int | None = None,
    now: datetime | None = None,
) -> CreatedInvite:
    """Make an invite to `post` (for an imported holder: tied to that person) valid for `ttl_days`."""
    moment = now or datetime.now(UTC)
    token = new_token()
    invite = await invites.create_invite(
        db,
        hash_token(token),
        post.id,
        person_id=person_id,
        created_by=actor_id,
        created_at=stored_time(moment),
        expires_at=stored_time(moment + timedelta(days=ttl_days)),
    )
    await audit.record(
        db,
        actor_id,
        AuditAction.INVITE_CREATED,
        f"post:{post.id}",
        f"invite {invite.id}, expires {invite.expires_at}",
    )
    return CreatedInvite(token, invite, post)


class InviteProblem(StrEnum):
    """Why an invite link did nothing."""

    TRUNCATED = "truncated"
    FORGED = "forged"
    USED = "used"
    EXPIRED = "expired"
    HOLDS_OTHER_POST = "holds_other_post"
    FOR_SOMEONE_ELSE = "for_someone_else"


@dataclass(frozen=True)
class Refused:
    """An invite that was refused; `post` is the other post the user holds, when that is the reason."""

    problem: InviteProblem
    post: Post | None = None


@dataclass(frozen=True)
class Redeemed:
    """An invite that worked: who now holds which post, whom it replaced, and who made the invite."""

    invite: Invite
    post: Post
    person: Person
    bound_imported: bool
    previous_holder: str | None
    withdrawn_copies: list[Copy]


def shape_problem(token: str) -> InviteProblem | None:
    """A token that cannot be one of ours: cut off, or not made by us."""
    if not _TOKEN_CHARACTERS.match(token) or len(token) > TOKEN_LENGTH:
        return InviteProblem.FORGED
    if len(token) < TOKEN_LENGTH:
        return InviteProblem.TRUNCATED
    return None


async def redeem(db: Database, token: str, user: User, now: datetime | None = None) -> Redeemed | Refused:
    """Make `user` the holder of the invite's post (or bind the imported holder it was made for).

    The claim and everything it leads to commit together: a crash or a refusal half-way leaves the
    invite unused and nobody appointed.
    """
    moment = now or datetime.now(UTC)
    problem = shape_problem(token)
    if problem is not None:
        return Refused(problem)
    invite = await invites.find_by_hash(db, hash_token(token))
    if invite is None:
        return Refused(InviteProblem.FORGED)
    if invite.used_at is not None:
        return Refused(InviteProblem.USED)
    if datetime.fromisoformat(invite.expires_at) <= moment:
        return Refused(InviteProblem.EXPIRED)
    try:
        async with db.transaction():
            post = await posts.get_post(db, invite.post_id)
            assert post is not None
            existing = await people.person_of_user(db, user.telegram_id)
            if invite.person_id is not None:
                return await _bind_imported(db, invite, post, existing, user, moment)
            return await _appoint_holder(db, invite, post, existing, user, moment)
    except HoldsAnotherPostError as error:  # appoint's own check; the rollback has undone the claim
        return Refused(InviteProblem.HOLDS_OTHER_POST, error.post)


async def _appoint_holder(
    db: Database, invite: Invite, post: Post, existing: Person | None, user: User, moment: datetime
) -> Redeemed | Refused:
    """An invite to a post makes the user its holder, unless they hold another post."""
    if existing is not None:
        current = await posts.post_of_person(db, existing.id)
        if current is not None and current.id != post.id:
            return Refused(InviteProblem.HOLDS_OTHER_POST, current)
    if not await invites.claim(db, invite.id, user.telegram_id, stored_time(moment)):
        return Refused(InviteProblem.USED)
    person = existing or await people.create_person(
        db, user.display_name, telegram_id=user.telegram_id, telegram_username=user.username
    )
    previous = post.holder_name if post.holder_id not in (None, person.id) else None
    await appoint(db, post, person, user.telegram_id)
    return await _finish(db, invite, post, person, user, previous, bound_imported=False)


async def _bind_imported(
    db: Database, invite: Invite, post: Post, existing: Person | None, user: User, moment: datetime
) -> Redeemed | Refused:
    """A personal invite binds the imported holder it was made for; their post is left as it is."""
    assert invite.person_id is not None
    person = await people.get_person(db, invite.person_id)
    if person is None or person.telegram_id not in (None, user.telegram_id):
        return Refused(InviteProblem.FOR_SOMEONE_ELSE)
    if existing is not None and existing.id != person.id:
        return Refused(InviteProblem.FOR_SOMEONE_ELSE)
    if not await invites.claim(db, invite.id, user.telegram_id, stored_time(moment)):
        return Refused(InviteProblem.USED)
    if person.telegram_id is None:
        await people.bind_telegram(db, person.id, user.telegram_id)
    await make_member(db, user.telegram_id)
    bound = await people.get_person(db, person.id)
    assert bound is not None
    held = await posts.post_of_person(db, bound.id)
    return await _finish(db, invite, held or post, bound, user, None, bound_imported=True)


async def _finish(
    db: Database,
    invite: Invite,
    post: Post,
    person: Person,
    user: User,
    previous: str | None,
    *,
    bound_imported: bool,
) -> Redeemed:
    withdrawn = await join_requests.withdraw_open(db, user.telegram_id)
    await audit.record(
        db,
        user.telegram_id,
        AuditAction.INVITE_REDEEMED,
        f"post:{post.id}",
        f"invite {invite.id} by {person.full_name}" + (" (imported holder bound)" if bound_imported else ""),
    )
    fresh = await posts.get_post(db, post.id)
    return Redeemed(invite, fresh or post, person, bound_imported, previous, withdrawn)


@dataclass(frozen=True)
class PersonalInvite:
    """A fresh invite for an imported holder not yet in the bot."""

    holder: invites.UnboundHolder
    token: str
    expires_at: datetime


async def personal_invites(
    db: Database, actor_id: int | None, ttl_days: int, now: datetime | None = None
) -> list[PersonalInvite]:
    """One fresh invite per holder not yet in the bot; their earlier unused invites stop working."""
    moment = now or datetime.now(UTC)
    created_at, expires = stored_time(moment), moment + timedelta(days=ttl_days)
    made = [PersonalInvite(holder, new_token(), expires) for holder in await invites.unbound_holders(db)]
    fresh = [
        invites.NewPersonalInvite(hash_token(each.token), each.holder.post_id, each.holder.person_id)
        for each in made
    ]
    await invites.replace_personal_invites(db, fresh, actor_id, created_at, stored_time(expires))
    await audit.record(db, actor_id, AuditAction.INVITE_EXPORTED, "invites", f"{len(made)} personal invites")
    return made
