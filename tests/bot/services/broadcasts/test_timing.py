"""When broadcasts start: the author's date formats, the past refused, quiet hours across midnight."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.services.broadcasts.timing import ScheduleError, in_quiet_hours, parse_when, start_time

KYIV = ZoneInfo("Europe/Kyiv")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=KYIV)
NIGHT = (time(21, 0), time(8, 0))


@pytest.mark.parametrize(
    "text",
    ["27.11.2026 09:30", " 27.11.2026   09:30 ", "27.11.26 09:30", "2026-11-27T09:30", "2026-11-27 09:30"],
)
def test_the_formats_authors_type_mean_the_zone_of_the_deployment(text: str) -> None:
    assert parse_when(text, KYIV, NOW) == datetime(2026, 11, 27, 9, 30, tzinfo=KYIV)


def test_an_iso_time_with_its_own_offset_keeps_it() -> None:
    when = parse_when("2026-11-27T09:30+00:00", KYIV, NOW)
    assert when.astimezone(KYIV).hour == 11


@pytest.mark.parametrize(
    ("text", "reason"),
    [("завтра", "format"), ("31.02.2026 10:00", "format"), ("26.11.2026 11:59", "past"), ("", "format")],
)
def test_bad_or_past_times_say_why(text: str, reason: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_when(text, KYIV, NOW)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("clock", "quiet"),
    [
        (time(20, 59), False),
        (time(21, 0), True),
        (time(23, 30), True),
        (time(0, 0), True),
        (time(7, 59), True),
        (time(8, 0), False),
        (time(12, 0), False),
    ],
)
def test_a_night_window_spans_midnight(clock: time, quiet: bool) -> None:
    moment = datetime.combine(NOW.date(), clock, tzinfo=KYIV)
    assert in_quiet_hours(moment, NIGHT, KYIV) is quiet


def test_equal_ends_mean_never_quiet() -> None:
    assert not in_quiet_hours(NOW, (time(8, 0), time(8, 0)), KYIV)


def test_a_late_evening_send_waits_for_the_next_morning_unless_urgent() -> None:
    evening = datetime(2026, 11, 26, 22, 15, tzinfo=KYIV)
    assert start_time(evening, NIGHT, KYIV, urgent=False) == datetime(2026, 11, 27, 8, 0, tzinfo=KYIV)
    assert start_time(evening, NIGHT, KYIV, urgent=True) == evening


def test_an_early_morning_send_waits_for_the_same_morning() -> None:
    early = datetime(2026, 11, 27, 6, 0, tzinfo=KYIV)
    assert start_time(early, NIGHT, KYIV, urgent=False) == datetime(2026, 11, 27, 8, 0, tzinfo=KYIV)


def test_a_daytime_send_starts_when_asked() -> None:
    assert start_time(NOW, NIGHT, KYIV, urgent=False) == NOW
