"""Which check-in weeks coordinators may open and mark: started ones only, marks for this week and next.

Button data names a week by its key; it can be forged, so every key from a button is read back
through `started_cycle` (a real week, already started, not before the first week on record).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.services.checkins.cycles import Cycle, cycle_at, parse_key
from storage import audit, checkin_weeks, checkins
from storage.audit import AuditAction
from storage.db import Database


def listed_cycles(now: datetime, zone: ZoneInfo, first_key: str | None) -> list[Cycle]:
    """Every week from the current one back to the first on record, newest first."""
    cycle = cycle_at(now, zone)
    weeks = [cycle]
    while first_key is not None and cycle.key > first_key:
        cycle = cycle.previous()
        weeks.append(cycle)
    return weeks


def next_cycle(cycle: Cycle) -> Cycle:
    """The week after."""
    return cycle_at(cycle.closes + timedelta(hours=12), cycle.opens.tzinfo)  # type: ignore[arg-type]


def known_cycle(key: str, zone: ZoneInfo) -> Cycle | None:
    """The week a key names, or None if it is not a well-formed key of a real week."""
    try:
        cycle = parse_key(key, zone)
    except ValueError:
        return None
    return cycle if cycle.key == key else None


def started_cycle(key: str, now: datetime, zone: ZoneInfo, first_key: str | None) -> Cycle | None:
    """The week a key names if it may be opened: started, and not before the first week on record."""
    cycle = known_cycle(key, zone)
    if cycle is None or cycle.opens > now:
        return None
    if cycle.key != cycle_at(now, zone).key and (first_key is None or cycle.key < first_key):
        return None
    return cycle


def markable(cycle: Cycle, now: datetime, zone: ZoneInfo) -> bool:
    """Only this week and the next may be marked non-working (or working again)."""
    current = cycle_at(now, zone)
    return cycle.key in (current.key, next_cycle(current).key)


async def set_nonworking(db: Database, cycle: Cycle, nonworking: bool, actor_id: int) -> bool:
    """Mark a week non-working, or working again, and write it to the audit log; False if it already was."""
    if nonworking:
        changed = await checkins.mark_nonworking(db, cycle.key, actor_id)
    else:
        changed = await checkin_weeks.unmark_nonworking(db, cycle.key)
    if changed:
        action = AuditAction.CHECKIN_NONWORKING if nonworking else AuditAction.CHECKIN_WORKING
        await audit.record(db, actor_id, action, f"cycle:{cycle.key}")
    return changed
