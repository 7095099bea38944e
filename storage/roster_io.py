"""SQL of roster import and export: the roster in one read, an import's writes in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage.audit import AuditAction
from storage.clock import utc_now
from storage.collation import ukrainian_key
from storage.db import Database
from storage.people import Person
from storage.posts import TIERS


@dataclass(frozen=True)
class RosterEntry:
    """One post as a roster file shows it: place names, status, and the holder's contacts."""

    post_id: int
    tier: str
    place_code: str
    status: str
    place_name: str
    region_code: str
    region_name: str
    raion_name: str | None
    holder_id: int | None
    holder_telegram_id: int | None
    holder_name: str | None
    holder_username: str | None
    holder_phone: str | None
    holder_email: str | None


async def roster(db: Database) -> list[RosterEntry]:
    """Every post, by tier, then region and place in Ukrainian alphabetical order."""
    rows = await db.fetch_all(
        """
        SELECT po.id, po.tier, po.place_code, po.status, pl.name_uk, r.code, r.name_uk, pl.raion_name_uk,
               pe.id, pe.telegram_id, pe.full_name, pe.telegram_username, pe.phone, pe.email
        FROM posts po
        JOIN places pl ON pl.code = po.place_code
        JOIN places r ON r.code = pl.region_code
        LEFT JOIN people pe ON pe.id = po.holder_id
        """
    )
    entries = [RosterEntry(*row) for row in rows]
    return sorted(
        entries,
        key=lambda e: (
            TIERS.index(e.tier),
            ukrainian_key(e.region_name),
            ukrainian_key(e.place_name),
            ukrainian_key(e.raion_name or ""),
        ),
    )


async def everyone(db: Database) -> list[Person]:
    """Every person of the roster (about 1,500), to match an import's holders against."""
    rows = await db.fetch_all(
        "SELECT id, telegram_id, full_name, telegram_username, phone, email, contacts_visible_to,"
        " privacy_accepted_at FROM people"
    )
    return [Person(*row) for row in rows]


@dataclass(frozen=True)
class PersonWrite:
    """A person an import creates (person_id None) or whose name and contacts it replaces."""

    person_id: int | None
    full_name: str
    telegram_id: int | None
    telegram_username: str | None
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class ImportWrites:
    """Everything an import changes; posts are named by (tier, place_code) since city posts may be new."""

    city_posts: tuple[str, ...]
    people: tuple[PersonWrite, ...]
    releases: tuple[tuple[str, str, str], ...]  # (tier, place_code, status): the holder's term ends
    statuses: tuple[tuple[str, str, str], ...]  # (tier, place_code, status) with no change of holder
    appointments: tuple[tuple[str, str, int], ...]  # (tier, place_code, index into people)


_POST_ID = "(SELECT id FROM posts WHERE tier = ? AND place_code = ?)"


async def apply_writes(db: Database, writes: ImportWrites, actor_id: int | None, details: str) -> None:
    """Apply an import in ONE transaction (all or nothing), history kept, one audit entry."""
    now = utc_now()
    async with db.transaction() as connection:
        await connection.executemany(
            "INSERT INTO posts (tier, place_code, status, updated_at) VALUES ('city', ?, 'vacant', ?)",
            [(code, now) for code in writes.city_posts],
        )
        # Terms end before new ones start, so a holder can move between posts of the same file.
        await connection.executemany(
            f"UPDATE post_history SET ended_at = ? WHERE post_id = {_POST_ID} AND ended_at IS NULL",
            [(now, tier, code) for tier, code, _ in writes.releases],
        )
        await connection.executemany(
            "UPDATE posts SET holder_id = NULL, status = ?, updated_at = ? WHERE tier = ? AND place_code = ?",
            [(status, now, tier, code) for tier, code, status in writes.releases],
        )
        person_ids = [await _write_person(connection, person, now) for person in writes.people]
        appointed = [(tier, code, person_ids[index]) for tier, code, index in writes.appointments]
        await connection.executemany(
            "UPDATE posts SET holder_id = ?, status = 'appointed', updated_at = ?"
            " WHERE tier = ? AND place_code = ?",
            [(person_id, now, tier, code) for tier, code, person_id in appointed],
        )
        await connection.executemany(
            "INSERT INTO post_history (post_id, person_id, full_name, started_at)"
            f" SELECT {_POST_ID}, id, full_name, ? FROM people WHERE id = ?",
            [(tier, code, now, person_id) for tier, code, person_id in appointed],
        )
        await connection.executemany(
            "UPDATE posts SET status = ?, updated_at = ? WHERE tier = ? AND place_code = ?",
            [(status, now, tier, code) for tier, code, status in writes.statuses],
        )
        # Roles are left alone: an imported holder becomes a member at their next update, with a welcome
        # (handlers/identity/identify.py), whether they wrote to the bot before or not.
        await connection.execute(
            "INSERT INTO audit_log (at, actor_id, action, subject, details) VALUES (?, ?, ?, ?, ?)",
            (now, actor_id, AuditAction.ROSTER_IMPORTED, "roster", details),
        )


async def _write_person(connection: aiosqlite.Connection, person: PersonWrite, now: str) -> int:
    values = (person.full_name, person.telegram_id, person.telegram_username, person.phone, person.email)
    if person.person_id is None:
        cursor = await connection.execute(
            "INSERT INTO people (full_name, telegram_id, telegram_username, phone, email, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (*values, now),
        )
        return int(cursor.lastrowid or 0)
    await connection.execute(
        "UPDATE people SET full_name = ?, telegram_id = ?, telegram_username = ?, phone = ?, email = ?"
        " WHERE id = ?",
        (*values, person.person_id),
    )
    return person.person_id
