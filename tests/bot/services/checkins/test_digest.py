"""The digest's figures against the data: answered, away by absence and by leave, drafts, late, scope."""

from __future__ import annotations

import sqlite3

from bot.services.checkins.digest import build_digest, participation_weeks
from bot.services.checkins.participation import Share
from bot.services.checkins.questions import load_questions
from storage import checkins, reachability
from storage.checkin_members import current_holders, record_expected
from storage.db import Database, Params
from tests.auxil.checkin_network import (
    CHERKASY,
    LAST_WEEK,
    LVIV,
    WEEK,
    appoint,
    cycle_keys,
    hromadas,
    small_network,
)

QUESTIONS = load_questions()


async def _a_week_of_answers(db: Database) -> None:
    """W48: two regional holders answered (Lviv's late), the city CDTO on leave, ch1 only a draft, ch2
    away on /away, lv1 answered with a blank blocker and a request for help; ch3 and lv2 silent."""
    await checkins.submit(
        db,
        WEEK.key,
        101,
        {
            "done": "x",
            "blockers": "Немає інтернету <у селі>",
            "needs_help": True,
            "help_with": "Потрібен юрист",
        },
        late=False,
    )
    # help_with kept from an earlier "yes", but the answer now is "no": not asked, so not listed.
    await checkins.submit(db, WEEK.key, 102, {"needs_help": False, "help_with": "stale"}, late=True)
    await checkins.mark_on_leave(db, WEEK.key, 103, late=False)
    await checkins.save_draft(db, WEEK.key, 111, {"done": "half"})
    await checkins.set_absence(db, 112, "2026-11-28", "2026-12-10")
    await checkins.submit(
        db, WEEK.key, 121, {"blockers": "   ", "needs_help": True, "help_with": "Львів"}, late=False
    )
    # W47: only ch3 answered.
    await checkins.submit(db, LAST_WEEK.key, 113, {"done": "y"}, late=False)
    await reachability.mark_unreachable(db, 122, "blocked")


async def test_the_network_digest_counts_what_the_sheets_say(db: Database) -> None:
    await small_network(db)
    await _a_week_of_answers(db)
    digest = await build_digest(db, QUESTIONS, WEEK, None)

    assert digest.participation.overall == Share(expected=8, away=2, answered=3)
    assert digest.participation.by_tier == {
        "regional": Share(2, 0, 2),
        "city": Share(1, 1, 0),
        "municipal": Share(5, 1, 1),
    }
    assert digest.participation.by_region[LVIV] == Share(3, 0, 2)
    assert digest.late == 1 and digest.unreachable == 1 and not digest.nonworking
    assert [(e.person.name, e.text) for e in digest.blockers] == [
        ("Олена Коваль", "Немає інтернету <у селі>")
    ]
    assert [(e.person.telegram_id, e.text) for e in digest.help_requests] == [
        (121, "Львів"),
        (101, "Потрібен юрист"),
    ]
    assert {p.telegram_id for p in digest.silent_twice} == {111, 122}  # ch3 answered last week, lv1 this one
    assert all(p.place_code and p.place == p.place_code for p in digest.silent_twice)


async def test_a_region_digest_holds_only_that_region(db: Database) -> None:
    await small_network(db)
    await _a_week_of_answers(db)
    digest = await build_digest(db, QUESTIONS, WEEK, CHERKASY)

    assert digest.region_code == CHERKASY
    assert digest.participation.overall == Share(expected=5, away=2, answered=1)
    assert set(digest.participation.by_region) == {CHERKASY}
    assert [e.person.telegram_id for e in digest.help_requests] == [101]
    assert [p.telegram_id for p in digest.silent_twice] == [111]
    assert digest.late == 0 and digest.unreachable == 0


async def test_a_non_working_week_is_marked_and_names_nobody_silent(db: Database) -> None:
    await small_network(db)
    await _a_week_of_answers(db)
    await checkins.mark_nonworking(db, WEEK.key, 9001)
    digest = await build_digest(db, QUESTIONS, WEEK, None)
    assert digest.nonworking and digest.silent_twice == ()
    assert digest.participation.overall.answered == 3  # still computed, shown as not counted


async def test_silence_skips_a_non_working_week_before(db: Database) -> None:
    await small_network(db)
    await _a_week_of_answers(db)
    await checkins.mark_nonworking(db, LAST_WEEK.key, 9001)
    # The week before the holiday: everyone but ch1 answered.
    for telegram_id in (101, 102, 103, 112, 113, 121, 122):
        await checkins.submit(db, LAST_WEEK.previous().key, telegram_id, {"done": "z"}, late=False)
    digest = await build_digest(db, QUESTIONS, WEEK, None)
    assert [p.telegram_id for p in digest.silent_twice] == [111]


async def test_nobody_is_silent_twice_in_the_bots_first_week(db: Database) -> None:
    await small_network(db)
    digest = await build_digest(db, QUESTIONS, WEEK, None)
    assert digest.participation.overall == Share(8, 0, 0)
    assert digest.silent_twice == ()


async def test_a_cycle_keeps_the_members_recorded_at_its_reminder(db: Database) -> None:
    await small_network(db)
    await record_expected(db, WEEK.key, [m for m in await current_holders(db) if m.telegram_id != 113])
    later = (await hromadas(db, CHERKASY, 4))[-1]
    await appoint(db, 140, "Новий лідер", "municipal", later)  # appointed after the reminder
    digest = await build_digest(db, QUESTIONS, WEEK, None)
    assert digest.participation.overall.expected == 7


async def test_a_member_without_a_post_is_heard_by_the_network_digest_only(db: Database) -> None:
    await small_network(db)
    await db.execute(
        "INSERT INTO users (telegram_id, first_name, last_name, role, created_at, last_seen_at)"
        " VALUES (555, 'Тарас', 'Бондар', 'member', 't', 't')"
    )
    await checkins.submit(
        db, WEEK.key, 555, {"needs_help": True, "help_with": "Доступ до реєстру"}, late=False
    )
    await checkins.submit(db, WEEK.key, 999, {"needs_help": True, "help_with": "Хто я?"}, late=False)
    network = await build_digest(db, QUESTIONS, WEEK, None)
    assert [(e.person.name, e.person.place_code) for e in network.help_requests] == [
        ("999", None),  # no name known: the id stands in
        ("Тарас Бондар", None),
    ]
    assert network.participation.overall.answered == 0  # not expected, so not in participation
    assert (await build_digest(db, QUESTIONS, WEEK, CHERKASY)).help_requests == ()


async def test_participation_weeks_mark_gaps_and_non_working_weeks(db: Database) -> None:
    await small_network(db)
    await _a_week_of_answers(db)
    await checkins.mark_nonworking(db, "2026-W46", 9001)
    await checkins.submit(db, "2026-W45", 101, {"done": "a"}, late=False)
    points = await participation_weeks(db, WEEK, None)

    assert [p.cycle_key for p in points][:2] == ["2026-W37", "2026-W38"] and len(points) == 12
    assert [p.week for p in points][-1] == 48
    by_key = {p.cycle_key: p for p in points}
    assert all(by_key[f"2026-W{week}"].rate is None for week in range(37, 45))  # the bot asked nobody
    assert by_key["2026-W45"].rate == 1 / 8
    assert by_key["2026-W46"].nonworking and by_key["2026-W46"].rate is None
    assert by_key["2026-W47"].rate == 1 / 8
    assert by_key["2026-W48"].rate == 3 / 6 and not by_key["2026-W48"].nonworking
    lviv = {p.cycle_key: p for p in await participation_weeks(db, WEEK, LVIV, weeks=2)}
    assert (
        lviv
        == {
            "2026-W47": lviv["2026-W47"],
            "2026-W48": lviv["2026-W48"],
        }
        and lviv["2026-W48"].rate == 2 / 3
        and lviv["2026-W47"].rate == 0.0
    )


async def test_participation_weeks_reads_each_kind_of_data_once(db: Database) -> None:
    await small_network(db)
    for key in cycle_keys(WEEK, 52):
        await record_expected(db, key, await current_holders(db))
    queries: list[str] = []
    original = db.fetch_all

    async def counted(sql: str, params: Params = ()) -> list[sqlite3.Row]:
        queries.append(sql)
        return await original(sql, params)

    db.fetch_all = counted  # type: ignore[method-assign]
    points = await participation_weeks(db, WEEK, None, weeks=52)
    assert len(points) == 52 and len(queries) == 4  # expected, sheets, absences, non-working weeks
