"""Check-in cycles are ISO weeks in the configured zone, closing at local midnight on Sunday."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.services.checkins.cycles import cycle_at, parse_key

KYIV = ZoneInfo("Europe/Kyiv")


def test_a_week_runs_from_monday_to_sunday_night_in_kyiv() -> None:
    cycle = cycle_at(datetime(2026, 11, 26, 12, 0, tzinfo=KYIV), KYIV)
    assert cycle.key == "2026-W48"
    assert cycle.opens == datetime(2026, 11, 23, 0, 0, tzinfo=KYIV)
    assert cycle.is_open(datetime(2026, 11, 29, 23, 59, 59, tzinfo=KYIV))
    assert not cycle.is_open(datetime(2026, 11, 30, 0, 0, tzinfo=KYIV))
    assert cycle.previous().key == "2026-W47"


def test_the_zone_decides_the_week_near_midnight() -> None:
    sunday_late_utc = datetime(2026, 11, 29, 22, 30, tzinfo=UTC)  # already Monday 00:30 in Kyiv
    assert cycle_at(sunday_late_utc, KYIV).key == "2026-W49"
    assert cycle_at(sunday_late_utc, ZoneInfo("UTC")).key == "2026-W48"


def test_iso_years_and_a_week_53() -> None:
    assert cycle_at(datetime(2027, 1, 1, tzinfo=KYIV), KYIV).key == "2026-W53"
    assert cycle_at(datetime(2026, 12, 31, tzinfo=KYIV), KYIV).key == "2026-W53"
    assert parse_key("2026-W53", KYIV).closes == datetime(2027, 1, 4, 0, 0, tzinfo=KYIV)


def test_a_daylight_saving_week_still_ends_at_local_midnight() -> None:
    cycle = parse_key("2026-W13", KYIV)  # clocks go forward on Sunday 29 March 2026
    assert cycle.closes == datetime(2026, 3, 30, 0, 0, tzinfo=KYIV)
    real_length = cycle.closes.astimezone(UTC) - cycle.opens.astimezone(UTC)
    assert real_length.total_seconds() == 7 * 24 * 3600 - 3600  # an hour shorter, as lived


@pytest.mark.parametrize("key", ["2026W48", "2026-48", "x-W1", "2026-W54"])
def test_bad_keys_are_refused(key: str) -> None:
    with pytest.raises(ValueError):
        parse_key(key, KYIV)
