"""When a schedule last fell in a cycle: what start-up catches up on."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.cron import parse_schedule
from bot.jobs.checkin_schedule import last_due
from bot.services.checkins.cycles import cycle_at

KYIV = ZoneInfo("Europe/Kyiv")
WEEK = cycle_at(datetime(2026, 11, 25, 12, 0, tzinfo=KYIV), KYIV)  # Mon 23.11 – Sun 29.11


def _due(line: str, now: datetime) -> datetime | None:
    return last_due(parse_schedule(line).trigger(KYIV), WEEK, now)


def test_not_yet_due_this_week() -> None:
    assert _due("0 10 * * mon", datetime(2026, 11, 23, 9, 59, tzinfo=KYIV)) is None


def test_due_at_its_minute_and_after() -> None:
    monday_10 = datetime(2026, 11, 23, 10, 0, tzinfo=KYIV)
    assert _due("0 10 * * mon", monday_10) == monday_10
    assert _due("0 10 * * mon", datetime(2026, 11, 28, 23, 0, tzinfo=KYIV)) == monday_10


def test_the_last_of_several_times_in_the_week() -> None:
    friday = datetime(2026, 11, 27, 12, 0, tzinfo=KYIV)
    assert _due("0 9 * * 1-5", friday) == datetime(2026, 11, 27, 9, 0, tzinfo=KYIV)


def test_sunday_as_zero_is_the_end_of_the_week() -> None:
    sunday_evening = datetime(2026, 11, 29, 20, 0, tzinfo=KYIV)
    assert _due("0 18 * * 0", sunday_evening) == datetime(2026, 11, 29, 18, 0, tzinfo=KYIV)
    assert _due("0 18 * * 0", datetime(2026, 11, 28, 20, 0, tzinfo=KYIV)) is None


def test_a_week_over_counts_up_to_its_end() -> None:
    next_week = datetime(2026, 12, 2, 12, 0, tzinfo=KYIV)
    assert _due("0 16 * * fri", next_week) == datetime(2026, 11, 27, 16, 0, tzinfo=KYIV)
