"""Check-in storage: drafts, submissions that can change, leave, absences, non-working weeks, sends."""

from __future__ import annotations

from storage import checkins
from storage.db import Database

WEEK = "2026-W48"


async def test_a_draft_becomes_a_submission_and_can_change(db: Database) -> None:
    await checkins.save_draft(db, WEEK, 1, {"done": "Запустили ЦНАП"})
    draft = await checkins.get_checkin(db, WEEK, 1)
    assert draft is not None and draft.status == "draft" and draft.answers == {"done": "Запустили ЦНАП"}

    await checkins.submit(db, WEEK, 1, {"done": "Запустили ЦНАП", "needs_help": False}, late=False)
    await checkins.save_draft(db, WEEK, 1, {"done": "half-edited"})  # editing does not un-submit
    sheet = await checkins.get_checkin(db, WEEK, 1)
    assert sheet is not None and sheet.status == "submitted" and sheet.answers["needs_help"] is False

    await checkins.submit(db, WEEK, 1, {"done": "Запустили два ЦНАП"}, late=True)
    changed = await checkins.get_checkin(db, WEEK, 1)
    assert changed is not None and changed.answers == {"done": "Запустили два ЦНАП"} and changed.late


async def test_on_leave_answers_the_week_and_history_lists_finished_sheets(db: Database) -> None:
    await checkins.mark_on_leave(db, "2026-W47", 1, late=False)
    await checkins.submit(db, WEEK, 1, {"done": "x"}, late=False)
    await checkins.save_draft(db, "2026-W49", 1, {"done": "y"})
    assert await checkins.finished_count(db, 1) == 2
    assert await checkins.finished_page(db, 1, 0, 10) == [
        checkins.SheetLine(WEEK, "submitted", False),
        checkins.SheetLine("2026-W47", "on_leave", False),
    ]
    assert await checkins.finished_page(db, 1, 1, 10) == [checkins.SheetLine("2026-W47", "on_leave", False)]
    assert await checkins.newer_finished(db, 1, "2026-W47") == 1
    assert [c.telegram_id for c in await checkins.checkins_of_cycle(db, WEEK)] == [1]


async def test_absences_cover_days_and_end_early(db: Database) -> None:
    await checkins.set_absence(db, 1, "2026-11-25", "2026-12-05")
    await checkins.set_absence(db, 2, "2026-12-10", "2026-12-12")
    assert await checkins.away_between(db, "2026-11-23", "2026-11-29") == {1}
    assert await checkins.absence_on(db, 1, "2026-12-05") == "2026-12-05"
    assert await checkins.absence_on(db, 1, "2026-12-06") is None
    assert await checkins.end_absences(db, 1, "2026-11-27") == 1
    assert await checkins.absence_on(db, 1, "2026-11-27") is None
    assert await checkins.absence_on(db, 1, "2026-11-26") == "2026-11-26"
    assert await checkins.end_absences(db, 2, "2026-11-27") == 1  # a future absence is dropped
    assert await checkins.away_between(db, "2026-12-07", "2026-12-13") == frozenset()


async def test_a_week_is_marked_non_working_once(db: Database) -> None:
    assert await checkins.mark_nonworking(db, WEEK, 900)
    assert not await checkins.mark_nonworking(db, WEEK, 901)
    assert await checkins.is_nonworking(db, WEEK)
    assert not await checkins.is_nonworking(db, "2026-W49")


async def test_each_scheduled_send_is_made_once_per_cycle(db: Database) -> None:
    assert await checkins.claim_send(db, WEEK, "reminder")
    assert not await checkins.claim_send(db, WEEK, "reminder")  # a restart, or a second trigger
    assert await checkins.send_made(db, WEEK, "reminder")
    assert not await checkins.send_made(db, WEEK, "nudge")
    assert await checkins.claim_send(db, "2026-W49", "reminder")
