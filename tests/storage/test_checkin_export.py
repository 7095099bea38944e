"""Reads behind the check-in export: the cycles stored in a range."""

from __future__ import annotations

from storage import checkins
from storage.checkin_export import stored_cycles
from storage.checkin_members import current_holders, record_expected
from storage.db import Database


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
