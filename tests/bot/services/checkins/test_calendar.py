"""Which weeks /checkins lists and opens (started ones, back to the first on record) and marks."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.services.checkins.calendar import (
    known_cycle,
    listed_cycles,
    markable,
    next_cycle,
    set_nonworking,
    started_cycle,
)
from bot.services.checkins.cycles import cycle_at
from storage import audit, checkins
from storage.db import Database

KYIV = ZoneInfo("Europe/Kyiv")
THURSDAY = datetime(2026, 11, 26, 12, 0, tzinfo=KYIV)  # week 48


def test_listed_weeks_run_from_this_one_back_to_the_first_on_record() -> None:
    assert [c.key for c in listed_cycles(THURSDAY, KYIV, "2026-W45")] == [
        "2026-W48",
        "2026-W47",
        "2026-W46",
        "2026-W45",
    ]
    assert [c.key for c in listed_cycles(THURSDAY, KYIV, None)] == ["2026-W48"]
    assert [c.key for c in listed_cycles(THURSDAY, KYIV, "2026-W50")] == ["2026-W48"]
    new_year = datetime(2027, 1, 6, 9, 0, tzinfo=KYIV)
    assert [c.key for c in listed_cycles(new_year, KYIV, "2026-W52")] == ["2027-W01", "2026-W53", "2026-W52"]


def test_forged_keys_are_not_weeks() -> None:
    for key in ("2026-W54", "2027-W53", "2026-W1", "2026-W00", "W48", "2026-48", "99999-W01", "x"):
        assert known_cycle(key, KYIV) is None, key
    assert known_cycle("2026-W53", KYIV) is not None


def test_only_started_weeks_on_record_open() -> None:
    assert started_cycle("2026-W48", THURSDAY, KYIV, None) is not None  # this week, even with no record
    assert started_cycle("2026-W46", THURSDAY, KYIV, "2026-W45") is not None
    assert started_cycle("2026-W44", THURSDAY, KYIV, "2026-W45") is None  # before the first week
    assert started_cycle("2026-W49", THURSDAY, KYIV, "2026-W45") is None  # not started yet
    assert started_cycle("2026-W4x", THURSDAY, KYIV, "2026-W45") is None


def test_only_this_week_and_the_next_may_be_marked() -> None:
    this_week = cycle_at(THURSDAY, KYIV)
    assert next_cycle(this_week).key == "2026-W49"
    assert markable(this_week, THURSDAY, KYIV)
    assert markable(next_cycle(this_week), THURSDAY, KYIV)
    assert not markable(this_week.previous(), THURSDAY, KYIV)
    assert not markable(next_cycle(next_cycle(this_week)), THURSDAY, KYIV)


async def test_marking_and_unmarking_are_audited_once(db: Database) -> None:
    week = cycle_at(THURSDAY, KYIV)
    assert await set_nonworking(db, week, True, 501)
    assert not await set_nonworking(db, week, True, 501)
    assert await checkins.is_nonworking(db, week.key)
    assert await set_nonworking(db, week, False, 502)
    assert not await set_nonworking(db, week, False, 502)
    entries = await audit.latest(db)
    assert [(e.actor_id, e.action, e.subject) for e in entries] == [
        (502, "checkin.working", "cycle:2026-W48"),
        (501, "checkin.nonworking", "cycle:2026-W48"),
    ]
