"""Rules of holding posts: one post per person, history kept, the holder becomes a member."""

from __future__ import annotations

from storage import audit, people, posts, users
from storage.audit import AuditAction
from storage.db import Database
from storage.people import Person
from storage.posts import (
    PLACE_KIND_OF_TIER as PLACE_KIND_OF_TIER,
    STATUSES as STATUSES,
    TIERS as TIERS,
    Post as Post,
    PostStatus as PostStatus,
    Tier as Tier,
    coverage_counts as coverage_counts,
    find_post as find_post,
    get_post as get_post,
    post_of_person as post_of_person,
)
from storage.users import Role


class HoldsAnotherPostError(Exception):
    """The person already holds a different post."""

    def __init__(self, post: Post) -> None:
        super().__init__(f"already holds post {post.id}")
        self.post = post


async def appoint(db: Database, post: Post, person: Person, actor_id: int | None) -> None:
    """Make `person` the holder of `post`, ending the previous holder's term."""
    async with db.transaction():
        current = await posts.post_of_person(db, person.id)
        if current is not None and current.id != post.id:
            raise HoldsAnotherPostError(current)
        if current is not None:
            return
        if post.holder_id is not None:
            await posts.clear_holder(db, post.id)
        await posts.set_holder(db, post.id, person.id, person.full_name)
        if person.telegram_id is not None:
            await make_member(db, person.telegram_id)
        await audit.record(db, actor_id, AuditAction.POST_APPOINTED, f"post:{post.id}", person.full_name)


async def make_member(db: Database, telegram_id: int) -> None:
    """Give a user the member role unless they already have a higher one."""
    user = await users.get_user(db, telegram_id)
    if user is not None and user.role in (Role.STRANGER, Role.PENDING):
        await users.set_role(db, telegram_id, Role.MEMBER)


async def vacate(db: Database, post: Post, actor_id: int | None, status: str = PostStatus.VACANT) -> None:
    """End the holder's term (if any) and give the post `status`."""
    async with db.transaction():
        await posts.clear_holder(db, post.id, status)
        await audit.record(db, actor_id, AuditAction.POST_STATUS, f"post:{post.id}", status)


async def person_for_user(db: Database, telegram_id: int, full_name: str) -> Person:
    """The person bound to a Telegram account, created if the account has none."""
    person = await people.person_of_user(db, telegram_id)
    if person is None:
        person = await people.create_person(db, full_name, telegram_id=telegram_id)
    return person
