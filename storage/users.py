"""Users: everyone who has written to the bot."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from storage.clock import parse_stored, utc_now
from storage.db import Database


class Role(StrEnum):
    """Who a user is to the bot, from least to most trusted. Admins come from ADMIN_IDS, never stored."""

    STRANGER = "stranger"
    PENDING = "pending"
    MEMBER = "member"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


ROLES = tuple(role for role in Role if role is not Role.ADMIN)  # what a user's stored role may be

# How fresh `last_seen_at` is kept: within it, a person's updates only read their row.
SEEN_PRECISION = timedelta(minutes=10)


@dataclass(frozen=True)
class User:
    """A Telegram user as the bot knows them."""

    telegram_id: int
    first_name: str
    last_name: str | None
    username: str | None
    telegram_language: str | None
    language: str | None
    role: str
    menu_version: str | None

    @property
    def display_name(self) -> str:
        """First and last name as Telegram shows them."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass(frozen=True)
class SeenUser:
    """What an update tells about its sender."""

    telegram_id: int
    first_name: str
    last_name: str | None
    username: str | None
    telegram_language: str | None


def _user(row: sqlite3.Row) -> User:
    return User(
        telegram_id=row["telegram_id"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        username=row["username"],
        telegram_language=row["telegram_language"],
        language=row["language"],
        role=row["role"],
        menu_version=row["menu_version"],
    )


_COLUMNS = "telegram_id, first_name, last_name, username, telegram_language, language, role, menu_version"


@dataclass(frozen=True)
class Sighting:
    """A sender as stored after an update: whether deliveries to their chat were being skipped, and
    whether the roster has a person bound to their Telegram id."""

    user: User
    unreachable: bool
    in_roster: bool


async def record_seen(db: Database, seen: SeenUser) -> User:
    """Insert or refresh a user from an update and return the stored record."""
    return (await record_sighting(db, seen)).user


async def record_sighting(db: Database, seen: SeenUser) -> Sighting:
    """`record_seen`, with the chat's reachability and whether the roster knows the id, in one query.

    Every update comes through here, so the usual case is one read: the row is written only when
    the person is new, their name or language changed, or `last_seen_at` is older than SEEN_PRECISION.
    """
    row = await db.fetch_one(
        f"SELECT {_COLUMNS}, last_seen_at,"
        " EXISTS (SELECT 1 FROM unreachable_chats WHERE telegram_id = users.telegram_id) AS unreachable,"
        " EXISTS (SELECT 1 FROM people WHERE telegram_id = users.telegram_id) AS in_roster"
        " FROM users WHERE telegram_id = ?",
        (seen.telegram_id,),
    )
    if row is None:
        in_roster = await db.fetch_one("SELECT 1 FROM people WHERE telegram_id = ?", (seen.telegram_id,))
        return Sighting(_user(await _write_seen(db, seen)), False, in_roster is not None)
    sighting = Sighting(_user(row), bool(row["unreachable"]), bool(row["in_roster"]))
    if _up_to_date(row, seen):
        return sighting
    return replace(sighting, user=_user(await _write_seen(db, seen)))


def _up_to_date(row: sqlite3.Row, seen: SeenUser) -> bool:
    same = (row["first_name"], row["last_name"], row["username"], row["telegram_language"]) == (
        seen.first_name,
        seen.last_name,
        seen.username,
        seen.telegram_language,
    )
    recent = datetime.now(UTC) - parse_stored(row["last_seen_at"]) < SEEN_PRECISION
    return same and recent


async def _write_seen(db: Database, seen: SeenUser) -> sqlite3.Row:
    now = utc_now()
    row = await db.write_returning(
        f"""
        INSERT INTO users (telegram_id, first_name, last_name, username, telegram_language,
                           created_at, last_seen_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (telegram_id) DO UPDATE SET
            first_name = excluded.first_name, last_name = excluded.last_name,
            username = excluded.username, telegram_language = excluded.telegram_language,
            last_seen_at = excluded.last_seen_at
        RETURNING {_COLUMNS}
        """,
        (seen.telegram_id, seen.first_name, seen.last_name, seen.username, seen.telegram_language, now, now),
    )
    assert row is not None
    return row


async def get_user(db: Database, telegram_id: int) -> User | None:
    """The user with this Telegram id, if they ever wrote to the bot."""
    row = await db.fetch_one(f"SELECT {_COLUMNS} FROM users WHERE telegram_id = ?", (telegram_id,))
    return None if row is None else _user(row)


async def find_by_username(db: Database, username: str) -> User | None:
    """The user with this @username (case-insensitive), if known."""
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM users WHERE lower(username) = lower(?)", (username.lstrip("@"),)
    )
    return None if row is None else _user(row)


async def set_language(db: Database, telegram_id: int, language: str) -> None:
    """Save the user's chosen language."""
    await db.execute("UPDATE users SET language = ? WHERE telegram_id = ?", (language, telegram_id))


async def set_role(db: Database, telegram_id: int, role: str) -> None:
    """Change the stored role (admins come from the settings, not from here)."""
    await db.execute("UPDATE users SET role = ? WHERE telegram_id = ?", (role, telegram_id))


async def set_menu_version(db: Database, telegram_id: int, version: str | None) -> None:
    """Remember which command menu Telegram now shows this user."""
    await db.execute("UPDATE users SET menu_version = ? WHERE telegram_id = ?", (version, telegram_id))


async def users_with_stale_menu(db: Database, version: str) -> list[User]:
    """Users who have a personal menu from an older version of the bot."""
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM users WHERE menu_version IS NOT NULL AND menu_version NOT LIKE ? || ':%'"
        " ORDER BY telegram_id",
        (version,),
    )
    return [_user(row) for row in rows]
