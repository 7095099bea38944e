"""Broadcasts of central services: the catalog, each broadcast, its reactions and questions."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from storage.clock import utc_now
from storage.db import Database

CATEGORIES = ("admin", "health", "education", "social", "transport", "economy", "security", "other")
REACTIONS = ("use", "similar", "question")


@dataclass(frozen=True)
class Service:
    """An entry of the catalog of central-government services."""

    id: int
    title: str
    description_html: str
    link: str
    owner_body: str
    category: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Draft:
    """What the author composed: everything a broadcast needs before it is stored."""

    title: str
    body_html: str
    body_length: int
    link: str
    owner_body: str
    category: str
    attachment_kind: str | None
    attachment_file_id: str | None
    audience: str  # JSON
    urgent: bool


@dataclass(frozen=True)
class Broadcast:
    """A stored broadcast and where its delivery stands."""

    id: int
    service_id: int
    author_id: int
    title: str
    body_html: str
    body_length: int
    link: str
    owner_body: str
    category: str
    attachment_kind: str | None
    attachment_file_id: str | None
    audience: str
    urgent: bool
    status: str
    starts_at: str
    batch_id: int | None
    progress_chat_id: int | None
    progress_message_id: int | None
    created_at: str
    corrected_at: str | None
    recalled_at: str | None


@dataclass(frozen=True)
class ReactionCounts:
    """How members answered a broadcast (or all broadcasts of a service)."""

    use: int = 0
    similar: int = 0
    question: int = 0

    @property
    def total(self) -> int:
        """Members who reacted at all."""
        return self.use + self.similar + self.question


@dataclass(frozen=True)
class Reaction:
    """One member's reaction, with their place, for the export."""

    broadcast_id: int
    telegram_id: int
    kind: str
    place_code: str | None
    note: str | None
    updated_at: str


@dataclass(frozen=True)
class Question:
    """A member's question about a broadcast, and the copy its author can reply to."""

    id: int
    broadcast_id: int
    asker_id: int
    body: str
    author_chat_id: int | None
    author_message_id: int | None
    answered_at: str | None


_BROADCAST_COLUMNS = (
    "id, service_id, author_id, title, body_html, body_length, link, owner_body, category,"
    " attachment_kind, attachment_file_id, audience, urgent, status, starts_at, batch_id,"
    " progress_chat_id, progress_message_id, created_at, corrected_at, recalled_at"
)
_SERVICE_COLUMNS = "id, title, description_html, link, owner_body, category, created_at, updated_at"


def _broadcast(row: sqlite3.Row) -> Broadcast:
    values = list(row)
    values[12] = bool(values[12])
    return Broadcast(*values)


def service_key(title: str) -> str:
    """The same service announced again is recognised by its title, whatever the case and spacing."""
    return " ".join(title.casefold().replace("’", "'").split())


async def save_service(db: Database, draft: Draft) -> Service:
    """Create the catalog entry for the draft's service, or update the one with the same title."""
    now = utc_now()
    row = await db.write_returning(
        "INSERT INTO services (title, title_key, description_html, link, owner_body, category,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (title_key) DO UPDATE SET title = excluded.title,"
        " description_html = excluded.description_html, link = excluded.link,"
        " owner_body = excluded.owner_body, category = excluded.category, updated_at = excluded.updated_at"
        f" RETURNING {_SERVICE_COLUMNS}",
        (
            draft.title,
            service_key(draft.title),
            draft.body_html,
            draft.link,
            draft.owner_body,
            draft.category,
            now,
            now,
        ),
    )
    assert row is not None
    return Service(*row)


async def get_service(db: Database, service_id: int) -> Service | None:
    """One catalog entry."""
    row = await db.fetch_one(f"SELECT {_SERVICE_COLUMNS} FROM services WHERE id = ?", (service_id,))
    return None if row is None else Service(*row)


async def all_services(db: Database) -> list[Service]:
    """The whole catalog, newest first (it is small: one entry per central service)."""
    rows = await db.fetch_all(f"SELECT {_SERVICE_COLUMNS} FROM services ORDER BY updated_at DESC, id DESC")
    return [Service(*row) for row in rows]


async def create_broadcast(
    db: Database, service_id: int, author_id: int, draft: Draft, starts_at: str, status: str
) -> Broadcast:
    """Store a broadcast that starts at `starts_at`: 'sending' now, or 'scheduled' for later."""
    row = await db.write_returning(
        "INSERT INTO broadcasts (service_id, author_id, title, body_html, body_length, link, owner_body,"
        " category, attachment_kind, attachment_file_id, audience, urgent, starts_at, status, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        f" RETURNING {_BROADCAST_COLUMNS}",
        (
            service_id,
            author_id,
            draft.title,
            draft.body_html,
            draft.body_length,
            draft.link,
            draft.owner_body,
            draft.category,
            draft.attachment_kind,
            draft.attachment_file_id,
            draft.audience,
            int(draft.urgent),
            starts_at,
            status,
            utc_now(),
        ),
    )
    assert row is not None
    return _broadcast(row)


async def get_broadcast(db: Database, broadcast_id: int) -> Broadcast | None:
    """One broadcast."""
    row = await db.fetch_one(f"SELECT {_BROADCAST_COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,))
    return None if row is None else _broadcast(row)


async def recent_broadcasts(db: Database, limit: int, offset: int = 0) -> list[Broadcast]:
    """The newest broadcasts first."""
    rows = await db.fetch_all(
        f"SELECT {_BROADCAST_COLUMNS} FROM broadcasts ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset)
    )
    return [_broadcast(row) for row in rows]


async def unfinished_broadcasts(db: Database) -> list[Broadcast]:
    """Broadcasts still scheduled or sending, to follow again after a restart."""
    rows = await db.fetch_all(
        f"SELECT {_BROADCAST_COLUMNS} FROM broadcasts WHERE status IN ('scheduled', 'sending') ORDER BY id"
    )
    return [_broadcast(row) for row in rows]


async def set_batch(db: Database, broadcast_id: int, batch_id: int) -> None:
    """Link a broadcast to the delivery batch that carries it."""
    await db.execute("UPDATE broadcasts SET batch_id = ? WHERE id = ?", (batch_id, broadcast_id))


async def set_status(db: Database, broadcast_id: int, status: str, *, only_from: Sequence[str] = ()) -> bool:
    """Move a broadcast to `status` (only from the given ones, if any); True if it moved."""
    condition = ""
    params: list[object] = [status]
    if status == "recalled":
        condition = ", recalled_at = ?"
        params.append(utc_now())
    sql = f"UPDATE broadcasts SET status = ?{condition} WHERE id = ?"
    params.append(broadcast_id)
    if only_from:
        sql += " AND status IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(only_from)))
    async with db.transaction() as connection:
        cursor = await connection.execute(sql, tuple(params))
        return cursor.rowcount > 0


async def set_progress_message(db: Database, broadcast_id: int, chat_id: int, message_id: int) -> None:
    """The author's status message, edited while the broadcast sends."""
    await db.execute(
        "UPDATE broadcasts SET progress_chat_id = ?, progress_message_id = ? WHERE id = ?",
        (chat_id, message_id, broadcast_id),
    )


async def correct_body(db: Database, broadcast_id: int, body_html: str, body_length: int) -> None:
    """The author's corrected text."""
    await db.execute(
        "UPDATE broadcasts SET body_html = ?, body_length = ?, corrected_at = ? WHERE id = ?",
        (body_html, body_length, utc_now(), broadcast_id),
    )
    await db.execute(
        "UPDATE services SET description_html = ?, updated_at = ?"
        " WHERE id = (SELECT service_id FROM broadcasts WHERE id = ?)",
        (body_html, utc_now(), broadcast_id),
    )


# -- reactions --------------------------------------------------------------------------------


async def set_reaction(
    db: Database, broadcast_id: int, telegram_id: int, kind: str, place_code: str | None, note: str | None
) -> None:
    """A member's reaction; a new one replaces the old (one per member per broadcast)."""
    await db.execute(
        "INSERT INTO broadcast_reactions (broadcast_id, telegram_id, kind, place_code, note, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (broadcast_id, telegram_id) DO UPDATE SET kind = excluded.kind,"
        " place_code = excluded.place_code, note = excluded.note, updated_at = excluded.updated_at",
        (broadcast_id, telegram_id, kind, place_code, note, utc_now()),
    )


async def reaction_of(db: Database, broadcast_id: int, telegram_id: int) -> Reaction | None:
    """A member's reaction to a broadcast, if any."""
    row = await db.fetch_one(
        "SELECT broadcast_id, telegram_id, kind, place_code, note, updated_at FROM broadcast_reactions"
        " WHERE broadcast_id = ? AND telegram_id = ?",
        (broadcast_id, telegram_id),
    )
    return None if row is None else Reaction(*row)


async def reactions(db: Database, broadcast_id: int) -> list[Reaction]:
    """Every reaction to a broadcast, oldest first."""
    rows = await db.fetch_all(
        "SELECT broadcast_id, telegram_id, kind, place_code, note, updated_at FROM broadcast_reactions"
        " WHERE broadcast_id = ? ORDER BY updated_at, telegram_id",
        (broadcast_id,),
    )
    return [Reaction(*row) for row in rows]


async def reaction_counts(db: Database, broadcast_id: int) -> ReactionCounts:
    """Reactions to one broadcast by kind."""
    rows = await db.fetch_all(
        "SELECT kind, count(*) FROM broadcast_reactions WHERE broadcast_id = ? GROUP BY kind", (broadcast_id,)
    )
    return ReactionCounts(**{kind: int(n) for kind, n in rows})


async def service_reaction_counts(db: Database, service_id: int) -> ReactionCounts:
    """Places per reaction over every broadcast of a service (a place counts once, its latest answer)."""
    rows = await db.fetch_all(
        "SELECT kind, count(*) FROM ("
        "  SELECT r.kind, row_number() OVER ("
        "    PARTITION BY coalesce(r.place_code, 'user:' || r.telegram_id)"
        "    ORDER BY r.updated_at DESC, r.broadcast_id DESC) AS n"
        "  FROM broadcast_reactions r JOIN broadcasts b ON b.id = r.broadcast_id WHERE b.service_id = ?)"
        " WHERE n = 1 GROUP BY kind",
        (service_id,),
    )
    return ReactionCounts(**{kind: int(n) for kind, n in rows})


async def recipients_without_reaction(db: Database, broadcast_id: int) -> list[int]:
    """Chats the broadcast reached whose member has not reacted (for a reminder, or a new audience)."""
    rows = await db.fetch_all(
        "SELECT d.chat_id FROM deliveries d JOIN broadcasts b ON b.batch_id = d.batch_id"
        " WHERE b.id = ? AND d.status = 'sent' AND d.chat_id NOT IN ("
        "  SELECT telegram_id FROM broadcast_reactions WHERE broadcast_id = ?)"
        " ORDER BY d.chat_id",
        (broadcast_id, broadcast_id),
    )
    return [int(row[0]) for row in rows]


# -- questions --------------------------------------------------------------------------------

_QUESTION_COLUMNS = "id, broadcast_id, asker_id, body, author_chat_id, author_message_id, answered_at"


async def add_question(db: Database, broadcast_id: int, asker_id: int, body: str, asked_at: str) -> Question:
    """Store a member's question before it is forwarded."""
    row = await db.write_returning(
        "INSERT INTO broadcast_questions (broadcast_id, asker_id, body, created_at) VALUES (?, ?, ?, ?)"
        f" RETURNING {_QUESTION_COLUMNS}",
        (broadcast_id, asker_id, body, asked_at),
    )
    assert row is not None
    return Question(*row)


async def question_times(db: Database, broadcast_id: int, asker_id: int, since: str) -> list[str]:
    """When the member asked about the broadcast after `since`, oldest first."""
    rows = await db.fetch_all(
        "SELECT created_at FROM broadcast_questions"
        " WHERE broadcast_id = ? AND asker_id = ? AND created_at > ? ORDER BY created_at",
        (broadcast_id, asker_id, since),
    )
    return [row[0] for row in rows]


async def set_question_copy(db: Database, question_id: int, chat_id: int, message_id: int) -> None:
    """The copy of the question in the author's chat, which the author answers by replying to."""
    await db.execute(
        "UPDATE broadcast_questions SET author_chat_id = ?, author_message_id = ? WHERE id = ?",
        (chat_id, message_id, question_id),
    )


async def question_by_copy(db: Database, chat_id: int, message_id: int) -> Question | None:
    """The question a reply in the author's chat answers."""
    row = await db.fetch_one(
        f"SELECT {_QUESTION_COLUMNS} FROM broadcast_questions"
        " WHERE author_chat_id = ? AND author_message_id = ?",
        (chat_id, message_id),
    )
    return None if row is None else Question(*row)


async def mark_answered(db: Database, question_id: int) -> None:
    """The author answered (the first answer time is kept)."""
    await db.execute(
        "UPDATE broadcast_questions SET answered_at = coalesce(answered_at, ?) WHERE id = ?",
        (utc_now(), question_id),
    )
