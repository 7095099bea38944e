"""Reads behind the check-in export: the cycles stored in a range, and names of members and places."""

from __future__ import annotations

from storage import checkins, people, users
from storage.checkin_export import PlaceNames, member_names, place_names, stored_cycles
from storage.checkin_members import current_holders, record_expected
from storage.db import Database
from storage.users import SeenUser

BUCHA, KYIV_REGION = "UA32080070000050759", "UA32000000000030281"


async def test_cycles_with_anything_stored_in_a_range(db: Database) -> None:
    await checkins.submit(db, "2026-W40", 1, {"done": "x"}, late=False)
    await record_expected(db, "2026-W45", await current_holders(db))  # nobody holds a post: no rows
    await checkins.claim_send(db, "2026-W46", "reminder")
    await record_expected(db, "2026-W47", [])
    await checkins.save_draft(db, "2026-W48", 2, {})
    await checkins.mark_nonworking(db, "2026-W48", None)
    await checkins.mark_nonworking(db, "2026-W49", None)  # marked, nothing else: not an exported week

    every = await stored_cycles(db, None, None)
    assert [(c.key, c.nonworking) for c in every] == [
        ("2026-W40", False),
        ("2026-W46", False),
        ("2026-W48", True),
    ]
    assert [c.key for c in await stored_cycles(db, "2026-W41", "2026-W48")] == ["2026-W46", "2026-W48"]
    assert [c.key for c in await stored_cycles(db, None, "2026-W40")] == ["2026-W40"]


async def test_names_from_the_roster_else_from_telegram(db: Database) -> None:
    await people.create_person(db, "Тарас Шевчук", telegram_id=1)
    await users.record_seen(db, SeenUser(1, "Taras", None, None, "uk"))
    await users.record_seen(db, SeenUser(2, "Марія", "Гонта", None, "uk"))
    await users.record_seen(db, SeenUser(3, "", None, None, None))
    assert await member_names(db, [1, 2, 3, 4, 1]) == {1: "Тарас Шевчук", 2: "Марія Гонта"}


async def test_places_with_their_regions(db: Database) -> None:
    names = await place_names(db, [BUCHA, KYIV_REGION, "nowhere", ""])
    assert names == {
        BUCHA: PlaceNames("Бучанська громада", "Buchanska hromada", "Київська область", "Kyiv Oblast"),
        KYIV_REGION: PlaceNames("Київська область", "Kyiv Oblast", "Київська область", "Kyiv Oblast"),
    }
