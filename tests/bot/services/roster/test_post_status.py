"""Rules of /setstatus: changes are audited, ending a term needs a confirmation, city posts up to the cap."""

from __future__ import annotations

import pytest

from bot.services.roster import post_status
from bot.services.roster.post_status import Outcome
from bot.services.roster.posts import appoint
from storage import audit, people, posts
from storage.db import Database

COORDINATOR = 5001
ZHYTOMYRSKA = "UA18040190000029215"  # a hromada
CITY_LIMIT = 38


async def _city_codes(db: Database, count: int) -> list[str]:
    rows = await db.fetch_all("SELECT code FROM places WHERE kind = 'city' ORDER BY code LIMIT ?", (count,))
    return [row[0] for row in rows]


async def _set(
    db: Database, tier: str, code: str, status: str, **kwargs: int | None
) -> post_status.StatusChange:
    return await post_status.change_status(
        db, COORDINATOR, tier, code, status, city_limit=CITY_LIMIT, **kwargs
    )


async def test_a_vacant_post_becomes_appointing_and_the_change_is_audited(db: Database) -> None:
    change = await _set(db, "municipal", ZHYTOMYRSKA, "appointing")
    assert change.outcome is Outcome.CHANGED and change.old_status == "vacant"
    assert change.post is not None and change.post.status == "appointing"
    entry = (await audit.latest(db, 1))[0]
    assert (entry.actor_id, entry.action, entry.subject) == (
        COORDINATOR,
        "post.status",
        f"post:{change.post.id}",
    )
    assert entry.details == "vacant → appointing"


async def test_appointed_without_a_holder_is_allowed(db: Database) -> None:
    change = await _set(db, "regional", "UA05000000000010236", "appointed")
    assert change.outcome is Outcome.CHANGED
    assert change.post is not None and change.post.status == "appointed" and change.post.holder_id is None


async def test_the_same_status_changes_nothing_and_records_nothing(db: Database) -> None:
    change = await _set(db, "municipal", ZHYTOMYRSKA, "vacant")
    assert change.outcome is Outcome.UNCHANGED
    assert await audit.latest(db) == []


async def test_ending_a_holders_term_waits_for_the_confirmation_of_that_holder(db: Database) -> None:
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None
    olena = await people.create_person(db, "Олена Коваленко", telegram_id=7001)
    await appoint(db, post, olena, actor_id=None)

    asked = await _set(db, "municipal", ZHYTOMYRSKA, "appointing")
    assert asked.outcome is Outcome.CONFIRM_END_OF_TERM and asked.ended_term_of == "Олена Коваленко"
    assert (await posts.get_post(db, post.id)) == asked.post  # nothing changed yet

    stale = await _set(db, "municipal", ZHYTOMYRSKA, "appointing", end_term_of=olena.id + 100)
    assert stale.outcome is Outcome.CONFIRM_END_OF_TERM  # confirmed for someone else: ask again

    done = await _set(db, "municipal", ZHYTOMYRSKA, "appointing", end_term_of=olena.id)
    assert done.outcome is Outcome.CHANGED and done.ended_term_of == "Олена Коваленко"
    assert done.post is not None and done.post.holder_id is None and done.post.status == "appointing"
    [term] = await posts.history(db, post.id)
    assert term.full_name == "Олена Коваленко" and term.ended_at is not None
    assert (await audit.latest(db, 1))[0].details == "appointed → appointing (term of Олена Коваленко ended)"


async def test_appointed_on_a_held_post_keeps_the_holder(db: Database) -> None:
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None
    await appoint(db, post, await people.create_person(db, "Ivan", telegram_id=7002), actor_id=None)
    change = await _set(db, "municipal", ZHYTOMYRSKA, "appointed")
    assert change.outcome is Outcome.UNCHANGED
    assert change.post is not None and change.post.holder_name == "Ivan"


async def test_a_city_post_is_created_by_its_first_status(db: Database) -> None:
    [city] = await _city_codes(db, 1)
    change = await _set(db, "city", city, "appointing")
    assert change.outcome is Outcome.CHANGED and change.old_status is None
    assert change.post is not None and (change.post.tier, change.post.status) == ("city", "appointing")
    actions = [entry.action for entry in await audit.latest(db)]
    assert actions == ["post.status", "post.created"]
    assert (await post_status.city_posts(db, CITY_LIMIT)).created == 1


async def test_a_vacant_city_post_can_be_created(db: Database) -> None:
    [city] = await _city_codes(db, 1)
    change = await _set(db, "city", city, "vacant")
    assert change.outcome is Outcome.CHANGED and change.old_status is None
    assert [entry.action for entry in await audit.latest(db)] == ["post.created"]


async def test_no_city_post_beyond_the_cap(db: Database) -> None:
    *first, extra = await _city_codes(db, CITY_LIMIT + 1)
    for code in first:
        await posts.create_post(db, "city", code)
    assert (await post_status.city_posts(db, CITY_LIMIT)).full
    refused = await _set(db, "city", extra, "appointed")
    assert refused.outcome is Outcome.CITY_LIMIT_REACHED and refused.post is None
    assert await posts.find_post(db, "city", extra) is None
    existing = await _set(db, "city", first[0], "appointed")  # existing city posts still change
    assert existing.outcome is Outcome.CHANGED


async def test_only_cities_get_city_posts(db: Database) -> None:
    change = await _set(db, "city", ZHYTOMYRSKA, "appointed")
    assert change.outcome is Outcome.NO_POST
    assert await posts.count_posts(db, "city") == 0


async def test_an_unknown_status_is_a_programming_error(db: Database) -> None:
    assert not post_status.is_status("fired")
    with pytest.raises(ValueError, match="fired"):
        await _set(db, "municipal", ZHYTOMYRSKA, "fired")
