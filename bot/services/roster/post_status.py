"""Rules of a coordinator changing a post's status (/setstatus): ending terms, creating city posts.

- `vacant` or `appointing` on a held post ends the holder's term (history kept), once confirmed;
- `appointed` without a holder is allowed: appointed, not yet in the bot;
- a city gets its post when a status is first set on it, up to the city target in total.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storage import audit, places, posts
from storage.audit import AuditAction
from storage.db import Database
from storage.posts import STATUSES, Post, PostStatus, Tier


class Outcome(StrEnum):
    """What a status change came to."""

    CHANGED = "changed"
    UNCHANGED = "unchanged"  # the post already had that status
    CONFIRM_END_OF_TERM = "confirm"  # the post has a holder; ask before ending their term
    CITY_LIMIT_REACHED = "city_limit"
    NO_POST = "no_post"  # not a place of this tier (regional and municipal posts always exist)


@dataclass(frozen=True)
class StatusChange:
    """The outcome, and the post as it is afterwards (None only for NO_POST and CITY_LIMIT_REACHED)."""

    outcome: Outcome
    post: Post | None = None
    old_status: str | None = None  # None when the post was created by this change
    ended_term_of: str | None = None  # the holder whose term ended (or would end, when confirming)


@dataclass(frozen=True)
class CityPosts:
    """City posts created so far, against the most that may exist."""

    created: int
    limit: int

    @property
    def full(self) -> bool:
        """No more city posts may be created."""
        return self.created >= self.limit


async def city_posts(db: Database, limit: int) -> CityPosts:
    """How many city posts exist, against `limit` (the city target)."""
    return CityPosts(await posts.count_posts(db, Tier.CITY), limit)


def is_status(value: str) -> bool:
    """Whether `value` is a post status (button data can be forged)."""
    return value in STATUSES


async def change_status(
    db: Database,
    actor_id: int,
    tier: str,
    place_code: str,
    status: str,
    *,
    city_limit: int,
    end_term_of: int | None = None,
) -> StatusChange:
    """Give the post of `tier` at `place_code` the `status`, by the rules above; audited.

    `end_term_of` is the holder (person id) whose term the coordinator confirmed to end; if the post
    now has another holder, or the confirmation is missing, the change waits for a confirmation.
    """
    if not is_status(status):
        raise ValueError(f"{status!r} is not a post status")
    async with db.transaction():
        post = await posts.find_post(db, tier, place_code)
        created = False
        if post is None:
            if tier != Tier.CITY or not await _is_city(db, place_code):
                return StatusChange(Outcome.NO_POST)
            if (await city_posts(db, city_limit)).full:
                return StatusChange(Outcome.CITY_LIMIT_REACHED)
            post = await posts.create_post(db, tier, place_code)
            await audit.record(
                db, actor_id, AuditAction.POST_CREATED, f"post:{post.id}", f"{tier} {place_code}"
            )
            created = True
        old = post.status
        ended = None
        if post.holder_id is not None and status != PostStatus.APPOINTED:
            if end_term_of != post.holder_id:
                return StatusChange(Outcome.CONFIRM_END_OF_TERM, post, old, post.holder_name)
            await posts.clear_holder(db, post.id, status)
            ended = post.holder_name
        elif old == status:
            return StatusChange(
                Outcome.CHANGED if created else Outcome.UNCHANGED, post, None if created else old
            )
        else:
            await posts.set_status(db, post.id, status)
        details = f"{old} → {status}" + (f" (term of {ended} ended)" if ended else "")
        await audit.record(db, actor_id, AuditAction.POST_STATUS, f"post:{post.id}", details)
        changed = await posts.get_post(db, post.id)
    return StatusChange(Outcome.CHANGED, changed, None if created else old, ended)


async def _is_city(db: Database, place_code: str) -> bool:
    place = await places.get_place(db, place_code)
    return place is not None and place.kind == "city"
