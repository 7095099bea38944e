"""Reads behind check-in digests and their chart: names, and several cycles' sheets at once."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from storage.audiences import Member
from storage.checkins import Checkin
from storage.db import Database


@dataclass(frozen=True)
class Absence:
    """One /away period, days in the configured zone (YYYY-MM-DD, inclusive)."""

    telegram_id: int
    starts_on: str
    ends_on: str

    def overlaps(self, first_day: str, last_day: str) -> bool:
        """Whether the member is away on any day of `first_day`..`last_day`."""
        return self.starts_on <= last_day and self.ends_on >= first_day


def _id_list(ids: Collection[int]) -> str:
    return json.dumps(sorted(ids))


async def names_of(db: Database, ids: Collection[int]) -> dict[int, str]:
    """Names of these accounts: the roster's full name, else the Telegram one (none for unknown ids)."""
    if not ids:
        return {}
    rows = await db.fetch_all(
        "SELECT j.value, pe.full_name, trim(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, ''))"
        " FROM json_each(?) j"
        " LEFT JOIN people pe ON pe.telegram_id = j.value"
        " LEFT JOIN users u ON u.telegram_id = j.value",
        (_id_list(ids),),
    )
    names = {int(row[0]): (row[1] or row[2] or "").strip() for row in rows}
    return {telegram_id: name for telegram_id, name in names.items() if name}


async def expected_between(db: Database, first_cycle: str, last_cycle: str) -> dict[str, list[Member]]:
    """The members each cycle of `first_cycle`..`last_cycle` recorded at its reminder (cycles without
    a record are absent from the answer)."""
    rows = await db.fetch_all(
        "SELECT e.cycle, e.telegram_id, u.language, u.telegram_language, e.tier, e.place_code,"
        " e.region_code, u.role"
        " FROM checkin_expected e LEFT JOIN users u ON u.telegram_id = e.telegram_id"
        " WHERE e.cycle BETWEEN ? AND ? ORDER BY e.cycle, e.telegram_id",
        (first_cycle, last_cycle),
    )
    members: dict[str, list[Member]] = defaultdict(list)
    for row in rows:
        members[row[0]].append(Member(*row[1:]))
    return dict(members)


async def statuses_between(db: Database, first_cycle: str, last_cycle: str) -> dict[str, list[Checkin]]:
    """Every sheet of `first_cycle`..`last_cycle` by cycle, without its answers (left empty): who and how."""
    rows = await db.fetch_all(
        "SELECT cycle, telegram_id, status, late, started_at, submitted_at, updated_at FROM checkins"
        " WHERE cycle BETWEEN ? AND ? ORDER BY cycle, telegram_id",
        (first_cycle, last_cycle),
    )
    sheets: dict[str, list[Checkin]] = defaultdict(list)
    for row in rows:
        sheets[row[0]].append(Checkin(row[0], row[1], row[2], {}, bool(row[3]), row[4], row[5], row[6]))
    return dict(sheets)


async def absences_between(db: Database, first_day: str, last_day: str) -> list[Absence]:
    """The absences overlapping the days `first_day`..`last_day` (YYYY-MM-DD)."""
    rows = await db.fetch_all(
        "SELECT telegram_id, starts_on, ends_on FROM absences WHERE starts_on <= ? AND ends_on >= ?",
        (last_day, first_day),
    )
    return [Absence(int(row[0]), row[1], row[2]) for row in rows]


async def nonworking_between(db: Database, first_cycle: str, last_cycle: str) -> frozenset[str]:
    """The cycles of `first_cycle`..`last_cycle` marked non-working."""
    rows = await db.fetch_all(
        "SELECT cycle FROM nonworking_cycles WHERE cycle BETWEEN ? AND ?", (first_cycle, last_cycle)
    )
    return frozenset(row[0] for row in rows)
