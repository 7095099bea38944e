"""What a check-in export reads besides the sheets: which cycles are stored, names of people and places."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database


@dataclass(frozen=True)
class StoredCycle:
    """A cycle the bot ran: it asked someone, someone answered, or one of its sends was made."""

    key: str
    nonworking: bool


# Keys like "2026-W48" sort in time order, so the bounds compare as text.
_STORED = """
    SELECT s.cycle, s.cycle IN (SELECT cycle FROM nonworking_cycles)
    FROM (SELECT cycle FROM checkins UNION SELECT cycle FROM checkin_expected
          UNION SELECT cycle FROM checkin_sends) s
    WHERE s.cycle >= ? AND s.cycle <= ?
    ORDER BY s.cycle
"""
_FIRST_KEY, _LAST_KEY = "0000", "9999"


async def stored_cycles(db: Database, first_key: str | None, last_key: str | None) -> list[StoredCycle]:
    """The cycles with anything stored from `first_key` to `last_key` (None: no bound), oldest first."""
    rows = await db.fetch_all(_STORED, (first_key or _FIRST_KEY, last_key or _LAST_KEY))
    return [StoredCycle(str(row[0]), bool(row[1])) for row in rows]
