"""What a check-in export reads besides the sheets: which cycles are stored, names of people and places."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from storage.db import Database


@dataclass(frozen=True)
class StoredCycle:
    """A cycle the bot ran: it asked someone, someone answered, or one of its sends was made."""

    key: str
    nonworking: bool


@dataclass(frozen=True)
class PlaceNames:
    """A place's name and its region's, in both languages."""

    name_uk: str
    name_en: str
    region_uk: str
    region_en: str


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


async def member_names(db: Database, telegram_ids: Iterable[int]) -> dict[int, str]:
    """Each member's name: as the roster knows them, else as Telegram does (missing: no name known)."""
    rows = await db.fetch_all(
        "SELECT ids.value,"
        " coalesce(pe.full_name, nullif(trim(u.first_name || ' ' || coalesce(u.last_name, '')), ''))"
        " FROM json_each(?) ids"
        " LEFT JOIN people pe ON pe.telegram_id = ids.value"
        " LEFT JOIN users u ON u.telegram_id = ids.value",
        (json.dumps(sorted(set(telegram_ids))),),
    )
    return {int(row[0]): str(row[1]) for row in rows if row[1] is not None}


async def place_names(db: Database, codes: Iterable[str]) -> dict[str, PlaceNames]:
    """The names of these places and of their regions."""
    rows = await db.fetch_all(
        "SELECT pl.code, pl.name_uk, pl.name_en, rg.name_uk, rg.name_en"
        " FROM places pl JOIN places rg ON rg.code = pl.region_code"
        " WHERE pl.code IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(codes))),),
    )
    return {str(row[0]): PlaceNames(row[1], row[2], row[3], row[4]) for row in rows}
