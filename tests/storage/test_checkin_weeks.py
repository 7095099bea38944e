"""Check-in weeks: unmarking a non-working week, the first week on record, a regional holder's region."""

from __future__ import annotations

from bot.services.roster.posts import appoint
from storage import checkin_weeks, checkins, people, posts
from storage.db import Database

ZHYTOMYR_OBLAST = "UA18000000000041385"
ZHYTOMYRSKA = "UA18040190000029215"


async def test_a_week_marked_non_working_can_be_unmarked_once(db: Database) -> None:
    assert await checkins.mark_nonworking(db, "2026-W48", 1)
    assert await checkin_weeks.unmark_nonworking(db, "2026-W48")
    assert not await checkins.is_nonworking(db, "2026-W48")
    assert not await checkin_weeks.unmark_nonworking(db, "2026-W48")


async def test_the_first_week_on_record_is_the_earliest_of_any_table(db: Database) -> None:
    assert await checkin_weeks.first_cycle(db) is None
    await checkins.submit(db, "2026-W45", 1, {"done": "x"}, late=False)
    await checkins.mark_nonworking(db, "2026-W50", 1)
    assert await checkin_weeks.first_cycle(db) == "2026-W45"
    await checkins.claim_send(db, "2026-W40", "reminder")
    assert await checkin_weeks.first_cycle(db) == "2026-W40"


async def test_only_a_regional_holder_has_a_region(db: Database) -> None:
    deputy = await people.create_person(db, "Олена Коваленко", telegram_id=71)
    leader = await people.create_person(db, "Іван Петренко", telegram_id=72)
    regional = await posts.find_post(db, "regional", ZHYTOMYR_OBLAST)
    municipal = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert regional is not None and municipal is not None
    await appoint(db, regional, deputy, actor_id=None)
    await appoint(db, municipal, leader, actor_id=None)
    assert await checkin_weeks.region_held_by(db, 71) == ZHYTOMYR_OBLAST
    assert await checkin_weeks.region_held_by(db, 72) is None
    assert await checkin_weeks.region_held_by(db, 73) is None
