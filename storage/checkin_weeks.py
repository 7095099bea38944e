"""Weeks of the check-in calendar: unmarking a non-working week, the first week on record, and the
region a regional post holder answers for (what their digest buttons may open)."""

from __future__ import annotations

from storage.db import Database


async def unmark_nonworking(db: Database, cycle: str) -> bool:
    """A week marked non-working is a working week again; False if it was not marked."""
    async with db.transaction() as connection:
        cursor = await connection.execute("DELETE FROM nonworking_cycles WHERE cycle = ?", (cycle,))
        return cursor.rowcount > 0


async def first_cycle(db: Database) -> str | None:
    """The earliest week anything was recorded for (a sheet, a send, a mark, an expected member)."""
    value = await db.fetch_value(
        "SELECT min(cycle) FROM (SELECT min(cycle) AS cycle FROM checkins"
        " UNION ALL SELECT min(cycle) FROM checkin_sends"
        " UNION ALL SELECT min(cycle) FROM nonworking_cycles"
        " UNION ALL SELECT min(cycle) FROM checkin_expected)"
    )
    return None if value is None else str(value)


async def region_held_by(db: Database, telegram_id: int) -> str | None:
    """The region whose regional post this person holds now, if any."""
    value = await db.fetch_value(
        "SELECT pl.region_code FROM posts po"
        " JOIN people pe ON pe.id = po.holder_id"
        " JOIN places pl ON pl.code = po.place_code"
        " WHERE po.tier = 'regional' AND pe.telegram_id = ?"
        " ORDER BY po.place_code LIMIT 1",
        (telegram_id,),
    )
    return None if value is None else str(value)
