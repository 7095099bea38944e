"""Reads for digests: names with fallbacks, and several cycles' members, sheets, absences and holidays."""

from __future__ import annotations

from storage import checkin_reports, checkins
from storage.checkin_members import current_holders, record_expected
from storage.db import Database
from tests.auxil.checkin_network import CHERKASY, small_network


async def test_names_come_from_the_roster_else_telegram(db: Database) -> None:
    await small_network(db)
    await db.execute(
        "INSERT INTO users (telegram_id, first_name, last_name, role, created_at, last_seen_at)"
        " VALUES (555, 'Тарас', NULL, 'member', 't', 't'), (556, '', NULL, 'member', 't', 't')"
    )
    assert await checkin_reports.names_of(db, {101, 555, 556, 999}) == {101: "Олена Коваль", 555: "Тарас"}
    assert await checkin_reports.names_of(db, set()) == {}


async def test_members_and_sheets_of_a_range_of_cycles(db: Database) -> None:
    await small_network(db)
    holders = await current_holders(db)
    await record_expected(db, "2026-W47", holders)
    await record_expected(db, "2026-W48", [m for m in holders if m.region_code == CHERKASY])
    await record_expected(db, "2026-W49", holders)
    await checkins.submit(db, "2026-W47", 101, {"done": "довга відповідь"}, late=True)
    await checkins.save_draft(db, "2026-W48", 111, {"done": "x"})

    expected = await checkin_reports.expected_between(db, "2026-W47", "2026-W48")
    assert set(expected) == {"2026-W47", "2026-W48"}
    assert len(expected["2026-W47"]) == 8 and {m.region_code for m in expected["2026-W48"]} == {CHERKASY}
    sheets = await checkin_reports.statuses_between(db, "2026-W46", "2026-W48")
    assert [(s.cycle, s.telegram_id, s.status, s.late, s.answers) for s in sheets["2026-W47"]] == [
        ("2026-W47", 101, "submitted", True, {})  # answers are not read
    ]
    assert [s.status for s in sheets["2026-W48"]] == ["draft"]


async def test_cycle_ranges_cross_the_new_year(db: Database) -> None:
    await checkins.mark_nonworking(db, "2026-W53", None)
    await checkins.mark_nonworking(db, "2027-W01", None)
    await checkins.mark_nonworking(db, "2027-W03", None)
    assert await checkin_reports.nonworking_between(db, "2026-W52", "2027-W02") == {"2026-W53", "2027-W01"}


async def test_absences_overlapping_a_range(db: Database) -> None:
    await checkins.set_absence(db, 1, "2026-11-20", "2026-11-23")
    await checkins.set_absence(db, 2, "2026-11-30", "2026-12-02")
    await checkins.set_absence(db, 3, "2026-12-20", "2026-12-24")
    found = await checkin_reports.absences_between(db, "2026-11-23", "2026-12-06")
    assert sorted(a.telegram_id for a in found) == [1, 2]
    first = next(a for a in found if a.telegram_id == 1)
    assert first.overlaps("2026-11-23", "2026-11-29") and not first.overlaps("2026-11-24", "2026-11-30")
