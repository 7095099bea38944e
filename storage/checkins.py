"""Weekly check-ins: answer sheets per cycle, absences, non-working weeks, and the sends made."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storage.clock import utc_now
from storage.db import Database
from storage.outbox import Batch, Recipient, insert_batch

Answers = dict[str, Any]  # question id → text, number or true/false


@dataclass(frozen=True)
class Checkin:
    """A member's sheet for one cycle."""

    cycle: str
    telegram_id: int
    status: str  # draft, submitted, on_leave
    answers: Answers
    late: bool
    started_at: str
    submitted_at: str | None
    updated_at: str


_COLUMNS = "cycle, telegram_id, status, answers, late, started_at, submitted_at, updated_at"


def _checkin(row: sqlite3.Row) -> Checkin:
    return Checkin(row[0], row[1], row[2], json.loads(row[3]), bool(row[4]), row[5], row[6], row[7])


async def get_checkin(db: Database, cycle: str, telegram_id: int) -> Checkin | None:
    """A member's sheet for a cycle, if they started one."""
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM checkins WHERE cycle = ? AND telegram_id = ?", (cycle, telegram_id)
    )
    return None if row is None else _checkin(row)


async def save_draft(db: Database, cycle: str, telegram_id: int, answers: Answers) -> None:
    """Keep the answers so far; a sheet already submitted stays submitted until the new one is."""
    now = utc_now()
    await db.execute(
        "INSERT INTO checkins (cycle, telegram_id, status, answers, started_at, updated_at)"
        " VALUES (?, ?, 'draft', ?, ?, ?)"
        " ON CONFLICT (cycle, telegram_id) DO UPDATE SET answers = excluded.answers,"
        " updated_at = excluded.updated_at WHERE checkins.status = 'draft'",
        (cycle, telegram_id, json.dumps(answers, ensure_ascii=False), now, now),
    )


async def submit(db: Database, cycle: str, telegram_id: int, answers: Answers, *, late: bool) -> None:
    """The member confirmed: the sheet counts (again, if they changed it)."""
    await _finish(db, cycle, telegram_id, "submitted", answers, late)


async def mark_on_leave(db: Database, cycle: str, telegram_id: int, *, late: bool) -> None:
    """ "On leave this week": the whole cycle is answered, and counts as away."""
    await _finish(db, cycle, telegram_id, "on_leave", {}, late)


async def _finish(
    db: Database, cycle: str, telegram_id: int, status: str, answers: Answers, late: bool
) -> None:
    now = utc_now()
    await db.execute(
        "INSERT INTO checkins (cycle, telegram_id, status, answers, late, started_at, submitted_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (cycle, telegram_id) DO UPDATE SET status = excluded.status,"
        " answers = excluded.answers, late = excluded.late, submitted_at = excluded.submitted_at,"
        " updated_at = excluded.updated_at",
        (cycle, telegram_id, status, json.dumps(answers, ensure_ascii=False), int(late), now, now, now),
    )


async def checkins_of_cycle(db: Database, cycle: str) -> list[Checkin]:
    """Every sheet of a cycle (drafts too), by member."""
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM checkins WHERE cycle = ? ORDER BY telegram_id", (cycle,)
    )
    return [_checkin(row) for row in rows]


@dataclass(frozen=True)
class SheetLine:
    """A finished sheet as a list of weeks shows it, without its answers."""

    cycle: str
    status: str  # submitted, on_leave
    late: bool


# A member's finished sheets, newest first (cycle keys sort in time order).
_FINISHED = "FROM checkins WHERE telegram_id = ? AND status != 'draft'"


async def finished_count(db: Database, telegram_id: int) -> int:
    """How many weeks a member has answered."""
    return int(await db.fetch_value(f"SELECT count(*) {_FINISHED}", (telegram_id,)))


async def finished_page(db: Database, telegram_id: int, offset: int, limit: int) -> list[SheetLine]:
    """A page of a member's finished sheets, newest first; answers stay in the database."""
    rows = await db.fetch_all(
        f"SELECT cycle, status, late {_FINISHED} ORDER BY cycle DESC LIMIT ? OFFSET ?",
        (telegram_id, limit, offset),
    )
    return [SheetLine(row[0], row[1], bool(row[2])) for row in rows]


async def newer_finished(db: Database, telegram_id: int, cycle: str) -> int:
    """How many of a member's finished sheets are newer than `cycle`: its place in the list."""
    return int(await db.fetch_value(f"SELECT count(*) {_FINISHED} AND cycle > ?", (telegram_id, cycle)))


# -- absences and non-working weeks -------------------------------------------------------------


async def set_absence(db: Database, telegram_id: int, starts_on: str, ends_on: str) -> None:
    """Away from `starts_on` to `ends_on` inclusive (YYYY-MM-DD); replaces one starting the same day."""
    await db.execute(
        "INSERT INTO absences (telegram_id, starts_on, ends_on, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (telegram_id, starts_on) DO UPDATE SET ends_on = excluded.ends_on",
        (telegram_id, starts_on, ends_on, utc_now()),
    )


async def end_absences(db: Database, telegram_id: int, today: str) -> int:
    """Back early: absences still running end yesterday, future ones go; how many changed."""
    async with db.transaction() as connection:
        gone = await connection.execute(
            "DELETE FROM absences WHERE telegram_id = ? AND starts_on > ?", (telegram_id, today)
        )
        ended = await connection.execute(
            "UPDATE absences SET ends_on = date(?, '-1 day')"
            " WHERE telegram_id = ? AND starts_on <= ? AND ends_on >= ?",
            (today, telegram_id, today, today),
        )
        return gone.rowcount + ended.rowcount


async def away_between(db: Database, first_day: str, last_day: str) -> frozenset[int]:
    """Members with an absence overlapping the days `first_day`..`last_day` (a cycle's week)."""
    rows = await db.fetch_all(
        "SELECT DISTINCT telegram_id FROM absences WHERE starts_on <= ? AND ends_on >= ?",
        (last_day, first_day),
    )
    return frozenset(int(row[0]) for row in rows)


async def absence_on(db: Database, telegram_id: int, day: str) -> str | None:
    """The end date of the member's absence covering `day`, if any."""
    value = await db.fetch_value(
        "SELECT max(ends_on) FROM absences WHERE telegram_id = ? AND starts_on <= ? AND ends_on >= ?",
        (telegram_id, day, day),
    )
    return None if value is None else str(value)


async def mark_nonworking(db: Database, cycle: str, actor_id: int | None) -> bool:
    """A non-working week for everyone; False if it already was."""
    async with db.transaction() as connection:
        cursor = await connection.execute(
            "INSERT OR IGNORE INTO nonworking_cycles (cycle, marked_by, marked_at) VALUES (?, ?, ?)",
            (cycle, actor_id, utc_now()),
        )
        return cursor.rowcount > 0


async def is_nonworking(db: Database, cycle: str) -> bool:
    """Whether coordinators marked this week non-working."""
    return await db.fetch_value("SELECT 1 FROM nonworking_cycles WHERE cycle = ?", (cycle,)) is not None


# -- scheduled sends ----------------------------------------------------------------------------


async def claim_send(db: Database, cycle: str, kind: str) -> bool:
    """Record that this cycle's reminder, nudge or digest is being made; False if it already was."""
    async with db.transaction() as connection:
        cursor = await connection.execute(
            "INSERT OR IGNORE INTO checkin_sends (cycle, kind, made_at) VALUES (?, ?, ?)",
            (cycle, kind, utc_now()),
        )
        return cursor.rowcount > 0


async def claim_send_batch(
    db: Database, cycle: str, kind: str, recipients: Iterable[Recipient], not_before: float
) -> Batch | None:
    """Record this cycle's reminder, nudge or digest and store its outbox batch, in one transaction;
    None if it was made already (so a restart or a second trigger never sends it twice)."""
    async with db.transaction() as connection:
        cursor = await connection.execute(
            "INSERT OR IGNORE INTO checkin_sends (cycle, kind, made_at) VALUES (?, ?, ?)",
            (cycle, kind, utc_now()),
        )
        if cursor.rowcount == 0:
            return None
        batch = await insert_batch(
            connection, f"checkin_{kind}", None, recipients, not_before, f"checkin:{cycle}"
        )
        await connection.execute(
            "UPDATE checkin_sends SET batch_id = ? WHERE cycle = ? AND kind = ?", (batch.id, cycle, kind)
        )
        return batch


async def send_made(db: Database, cycle: str, kind: str) -> bool:
    """Whether this cycle's reminder, nudge or digest was made."""
    row = await db.fetch_one("SELECT 1 FROM checkin_sends WHERE cycle = ? AND kind = ?", (cycle, kind))
    return row is not None
