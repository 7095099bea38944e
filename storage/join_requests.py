"""Requests to join: one open request per user; coordinators' copies; the first decision wins."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from storage.clock import utc_now
from storage.db import Database


@dataclass(frozen=True)
class JoinRequest:
    """What a stranger asked for, and how it was decided."""

    id: int
    telegram_id: int
    full_name: str
    tier: str
    place_code: str
    phone: str | None
    email: str | None
    status: str
    decided_by: int | None
    decided_at: str | None
    created_at: str
    matched_person_id: int | None  # filed by the bot: the requester's @username matches this roster entry


@dataclass(frozen=True)
class Copy:
    """A coordinator's message showing a request."""

    chat_id: int
    message_id: int


_COLUMNS = (
    "id, telegram_id, full_name, tier, place_code, phone, email, status, decided_by, decided_at, created_at,"
    " matched_person_id"
)


def _request(row: sqlite3.Row) -> JoinRequest:
    return JoinRequest(*row)


class AlreadyOpenError(Exception):
    """The user already has an open request."""


async def create_request(
    db: Database,
    telegram_id: int,
    full_name: str,
    tier: str,
    place_code: str,
    phone: str | None,
    email: str | None,
    *,
    matched_person_id: int | None = None,
) -> JoinRequest:
    """Open a request; raises AlreadyOpenError if the user has one open."""
    try:
        row = await db.write_returning(
            "INSERT INTO join_requests"
            " (telegram_id, full_name, tier, place_code, phone, email, created_at, matched_person_id)"
            f" VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
            (telegram_id, full_name, tier, place_code, phone, email, utc_now(), matched_person_id),
        )
    except sqlite3.IntegrityError as error:
        raise AlreadyOpenError from error
    assert row is not None
    return _request(row)


async def get_request(db: Database, request_id: int) -> JoinRequest | None:
    """The request with this id."""
    row = await db.fetch_one(f"SELECT {_COLUMNS} FROM join_requests WHERE id = ?", (request_id,))
    return None if row is None else _request(row)


async def open_request_of(db: Database, telegram_id: int) -> JoinRequest | None:
    """The user's open request, if any."""
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM join_requests WHERE telegram_id = ? AND status = 'open'", (telegram_id,)
    )
    return None if row is None else _request(row)


async def requests_of(db: Database, telegram_id: int) -> list[JoinRequest]:
    """Every request the user has made that the bot keeps, newest first."""
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM join_requests WHERE telegram_id = ? ORDER BY id DESC", (telegram_id,)
    )
    return [_request(row) for row in rows]


async def open_requests(db: Database, offset: int, limit: int) -> list[JoinRequest]:
    """A page of open requests, oldest first."""
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM join_requests WHERE status = 'open' ORDER BY id LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return [_request(row) for row in rows]


async def count_open(db: Database) -> int:
    """How many requests wait for a decision."""
    return int(await db.fetch_value("SELECT count(*) FROM join_requests WHERE status = 'open'"))


async def decide(
    db: Database, request_id: int, status: str, decided_by: int, decided_at: str
) -> JoinRequest | None:
    """Record the decision if the request is still open; None if someone decided first."""
    row = await db.write_returning(
        f"UPDATE join_requests SET status = ?, decided_by = ?, decided_at = ?"
        f" WHERE id = ? AND status = 'open' RETURNING {_COLUMNS}",
        (status, decided_by, decided_at, request_id),
    )
    return None if row is None else _request(row)


async def last_rejected_at(db: Database, telegram_id: int) -> str | None:
    """When the user's latest rejected request was decided, if any was."""
    value = await db.fetch_value(
        "SELECT max(decided_at) FROM join_requests WHERE telegram_id = ? AND status = 'rejected'",
        (telegram_id,),
    )
    return None if value is None else str(value)


async def withdraw_open(db: Database, telegram_id: int) -> list[Copy]:
    """Delete the user's open request (they joined another way); return its copies to update."""
    request = await open_request_of(db, telegram_id)
    if request is None:
        return []
    found = await copies(db, request.id)
    await db.execute("DELETE FROM join_requests WHERE id = ? AND status = 'open'", (request.id,))
    return found


async def record_copy(db: Database, request_id: int, chat_id: int, message_id: int) -> None:
    """Remember a coordinator's copy (the latest one per coordinator)."""
    await db.execute(
        "INSERT OR REPLACE INTO join_request_copies (request_id, chat_id, message_id) VALUES (?, ?, ?)",
        (request_id, chat_id, message_id),
    )


async def copies(db: Database, request_id: int) -> list[Copy]:
    """Every coordinator's copy of a request."""
    rows = await db.fetch_all(
        "SELECT chat_id, message_id FROM join_request_copies WHERE request_id = ? ORDER BY chat_id",
        (request_id,),
    )
    return [Copy(*row) for row in rows]


async def coordinator_ids(db: Database) -> list[int]:
    """Users with the stored coordinator role (admins come from the settings)."""
    rows = await db.fetch_all("SELECT telegram_id FROM users WHERE role = 'coordinator' ORDER BY telegram_id")
    return [int(row[0]) for row in rows]
