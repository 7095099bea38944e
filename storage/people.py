"""People of the network: post holders and approved members, bound to Telegram or not yet."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from storage.clock import utc_now
from storage.db import Database


@dataclass(frozen=True)
class Person:
    """A person of the roster and their contacts."""

    id: int
    telegram_id: int | None
    full_name: str
    telegram_username: str | None
    phone: str | None
    email: str | None
    contacts_visible_to: str
    privacy_accepted_at: str | None


_COLUMNS = (
    "id, telegram_id, full_name, telegram_username, phone, email, contacts_visible_to, privacy_accepted_at"
)


def _person(row: sqlite3.Row) -> Person:
    return Person(*row)


async def create_person(
    db: Database,
    full_name: str,
    *,
    telegram_id: int | None = None,
    telegram_username: str | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> Person:
    """Add a person."""
    person_id = await db.execute(
        "INSERT INTO people (telegram_id, full_name, telegram_username, phone, email, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (telegram_id, full_name, telegram_username, phone, email, utc_now()),
    )
    person = await get_person(db, person_id)
    assert person is not None
    return person


async def get_person(db: Database, person_id: int) -> Person | None:
    """The person with this id."""
    row = await db.fetch_one(f"SELECT {_COLUMNS} FROM people WHERE id = ?", (person_id,))
    return None if row is None else _person(row)


async def person_of_user(db: Database, telegram_id: int) -> Person | None:
    """The person bound to a Telegram account."""
    row = await db.fetch_one(f"SELECT {_COLUMNS} FROM people WHERE telegram_id = ?", (telegram_id,))
    return None if row is None else _person(row)


async def unbound_by_username(db: Database, username: str) -> Person | None:
    """A person not yet in the bot whose imported @username matches."""
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM people WHERE telegram_id IS NULL AND lower(telegram_username) = lower(?)",
        (username.lstrip("@"),),
    )
    return None if row is None else _person(row)


async def unbound_by_phone(db: Database, phone: str) -> Person | None:
    """A person not yet in the bot whose imported phone number matches (numbers stored normalised)."""
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM people WHERE telegram_id IS NULL AND phone = ?", (phone,)
    )
    return None if row is None else _person(row)


async def bind_telegram(db: Database, person_id: int, telegram_id: int) -> None:
    """Bind a person to the Telegram account that proved to be theirs."""
    await db.execute("UPDATE people SET telegram_id = ? WHERE id = ?", (telegram_id, person_id))


async def update_contacts(db: Database, person_id: int, phone: str | None, email: str | None) -> None:
    """Replace a person's phone and e-mail."""
    await db.execute("UPDATE people SET phone = ?, email = ? WHERE id = ?", (phone, email, person_id))


async def set_visibility(db: Database, person_id: int, visible_to: str) -> None:
    """Who sees the person's phone and e-mail: 'members' or 'coordinators'."""
    await db.execute("UPDATE people SET contacts_visible_to = ? WHERE id = ?", (visible_to, person_id))


async def accept_privacy(db: Database, person_id: int) -> None:
    """Record that the person accepted the privacy notice."""
    await db.execute("UPDATE people SET privacy_accepted_at = ? WHERE id = ?", (utc_now(), person_id))
