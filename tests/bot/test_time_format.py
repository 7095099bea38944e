"""Dates and times as the network reads them, in one place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.time_format import shown_day, shown_moment, sortable_moment

KYIV = ZoneInfo("Europe/Kyiv")


def test_a_day_and_a_moment_in_kyiv_time() -> None:
    assert shown_day(date(2026, 12, 5)) == "05.12.2026"
    moment = datetime(2026, 12, 15, 8, 0, tzinfo=UTC)  # 10:00 in Kyiv in winter
    assert shown_moment(moment, KYIV) == "15.12.2026 10:00"
    assert sortable_moment(moment, KYIV) == "2026-12-15 10:00"


def test_summer_time_is_kyivs_too() -> None:
    assert shown_moment(datetime(2026, 7, 1, 7, 30, tzinfo=UTC), KYIV) == "01.07.2026 10:30"
