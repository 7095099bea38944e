"""Crontab schedules: Sunday is 0 and 7 in crontab, 6 in APScheduler; triggers fire on the right day."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.cron import CronError, parse_schedule

KYIV = ZoneInfo("Europe/Kyiv")
THURSDAY = datetime(2026, 11, 26, 12, 0, tzinfo=KYIV)


def next_fire(text: str) -> datetime:
    fire = parse_schedule(text).trigger(KYIV).get_next_fire_time(None, THURSDAY)
    assert fire is not None
    return fire


@pytest.mark.parametrize("weekday", ["0", "7", "sun", "SUN"])
def test_sunday_in_every_spelling_fires_on_sunday(weekday: str) -> None:
    fire = next_fire(f"0 10 * * {weekday}")
    assert (fire.strftime("%A"), fire.day, fire.hour) == ("Sunday", 29, 10)


@pytest.mark.parametrize(
    ("weekday", "expected"),
    [
        ("1", "Monday"),
        ("mon", "Monday"),
        ("3", "Wednesday"),
        ("wed", "Wednesday"),
        ("5", "Friday"),
        ("fri", "Friday"),
    ],
)
def test_crontab_numbers_are_not_apscheduler_numbers(weekday: str, expected: str) -> None:
    assert next_fire(f"0 10 * * {weekday}").strftime("%A") == expected


def test_the_defaults_of_the_check_in_schedules() -> None:
    assert next_fire("0 10 * * mon") == datetime(2026, 11, 30, 10, 0, tzinfo=KYIV)
    assert next_fire("0 10 * * wed") == datetime(2026, 12, 2, 10, 0, tzinfo=KYIV)
    assert next_fire("0 16 * * fri") == datetime(2026, 11, 27, 16, 0, tzinfo=KYIV)


@pytest.mark.parametrize(
    ("field", "days"),
    [
        ("1-5", {1, 2, 3, 4, 5}),
        ("5-7", {5, 6, 0}),
        ("fri-sun", {5, 6, 0}),
        ("*/2", {0, 2, 4, 6}),
        ("mon,3,fri", {1, 3, 5}),
        ("*", set(range(7))),
    ],
)
def test_ranges_lists_and_steps(field: str, days: set[int]) -> None:
    assert parse_schedule(f"0 10 * * {field}").weekdays == days


@pytest.mark.parametrize(
    "text", ["0 10 * *", "0 25 * * mon", "0 10 * * 8", "0 10 * * funday", "0 10 * * 5-1", "x 10 * * mon"]
)
def test_bad_schedules_say_what_is_wrong(text: str) -> None:
    with pytest.raises(CronError):
        parse_schedule(text)
