"""Invite links: only the token's hash is stored; each is used once, before it expires."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from storage.db import Database


@dataclass(frozen=True)
class Invite:
    """One invite to a post (and, for an imported holder, to a person)."""

    id: int
    token_hash: str
    post_id: int
    person_id: int | None
    created_by: int | None
    created_at: str
    expires_at: str
    used_at: str | None
    used_by: int | None


_COLUMNS = "id, token_hash, post_id, person_id, created_by, created_at, expires_at, used_at, used_by"


def _invite(row: sqlite3.Row) -> Invite:
    return Invite(*row)


async def create_invite(
    db: Database,
    token_hash: str,
    post_id: int,
    *,
    person_id: int | None,
    created_by: int | None,
    created_at: str,
    expires_at: str,
) -> Invite:
    """Store a new invite by its token's hash."""
    row = await db.write_returning(
        f"INSERT INTO invites (token_hash, post_id, person_id, created_by, created_at, expires_at)"
        f" VALUES (?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
        (token_hash, post_id, person_id, created_by, created_at, expires_at),
    )
    assert row is not None
    return _invite(row)


async def find_by_hash(db: Database, token_hash: str) -> Invite | None:
    """The invite whose token hashes to this."""
    row = await db.fetch_one(f"SELECT {_COLUMNS} FROM invites WHERE token_hash = ?", (token_hash,))
    return None if row is None else _invite(row)


async def claim(db: Database, invite_id: int, used_by: int, now: str) -> bool:
    """Mark the invite used, only if it is still unused and unexpired; whether this call did it."""
    row = await db.write_returning(
        "UPDATE invites SET used_at = ?, used_by = ?"
        " WHERE id = ? AND used_at IS NULL AND expires_at > ? RETURNING id",
        (now, used_by, invite_id, now),
    )
    return row is not None


@dataclass(frozen=True)
class NewPersonalInvite:
    """A personal invite to store: its token's hash, the post and the person it binds."""

    token_hash: str
    post_id: int
    person_id: int


async def replace_personal_invites(
    db: Database, fresh: list[NewPersonalInvite], created_by: int | None, created_at: str, expires_at: str
) -> None:
    """Store fresh personal invites in one transaction; the same people's earlier unused ones end now."""
    async with db.transaction() as connection:
        await connection.executemany(
            "UPDATE invites SET expires_at = ? WHERE person_id = ? AND used_at IS NULL AND expires_at > ?",
            [(created_at, invite.person_id, created_at) for invite in fresh],
        )
        await connection.executemany(
            "INSERT INTO invites (token_hash, post_id, person_id, created_by, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (invite.token_hash, invite.post_id, invite.person_id, created_by, created_at, expires_at)
                for invite in fresh
            ],
        )


@dataclass(frozen=True)
class UnboundHolder:
    """A post holder who is not in the bot yet (imported without a Telegram account)."""

    person_id: int
    post_id: int
    tier: str
    place_code: str
    full_name: str
    phone: str | None
    email: str | None


async def unbound_holders(db: Database) -> list[UnboundHolder]:
    """Every holder without a Telegram account, by tier and place."""
    rows = await db.fetch_all(
        """
        SELECT pe.id, po.id, po.tier, po.place_code, pe.full_name, pe.phone, pe.email
        FROM posts po JOIN people pe ON pe.id = po.holder_id
        WHERE pe.telegram_id IS NULL
        ORDER BY CASE po.tier WHEN 'regional' THEN 0 WHEN 'city' THEN 1 ELSE 2 END, po.place_code
        """
    )
    return [UnboundHolder(*row) for row in rows]
