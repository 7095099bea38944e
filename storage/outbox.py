"""The outbox: batches of prepared messages, one row per recipient, and their delivery state.

A row goes pending → sending → sent | failed | unreachable (or cancelled with its batch). Delivery
is at-least-once: rows still `sending` when the process died are put back to pending at start-up, so
a message that was in flight at the crash may arrive twice; a `sent` row is never sent again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Literal

import aiosqlite

from storage.clock import utc_now
from storage.db import Database

AttachmentKind = Literal["document", "photo"]
BatchStatus = Literal["running", "done", "cancelled"]
Operation = Literal["send", "edit", "delete"]


@dataclass(frozen=True)
class Payload:
    """What to do in one chat: send a message, edit a delivered one, or delete it.

    A message is HTML text (a caption with an attachment, unless `text_apart`: then the attachment
    goes first and the text as a second message), a keyboard as JSON, an attachment by file_id. An
    edit or a delete names the delivered message (`message_id`, and `extra_message_id` for the
    attachment sent apart).
    """

    text: str
    keyboard: str | None = None  # reply_markup as JSON, e.g. {"inline_keyboard": [[…]]}
    attachment_kind: AttachmentKind | None = None
    attachment_file_id: str | None = None
    attachment_path: str | None = None  # a file the bot made (a chart): uploaded once, then by file_id
    text_apart: bool = False
    operation: Operation = "send"
    message_id: int | None = None
    extra_message_id: int | None = None

    def to_json(self) -> str:
        """As stored in the row."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, stored: str) -> Payload:
        """Back from the row."""
        return cls(**json.loads(stored))


@dataclass(frozen=True)
class Recipient:
    """One chat to deliver to, with the message prepared for it (language, personal buttons)."""

    chat_id: int
    payload: Payload


@dataclass(frozen=True)
class Batch:
    """A broadcast or a round of reminders."""

    id: int
    kind: str
    owner_id: int | None
    created_at: str
    finished_at: str | None
    status: BatchStatus


@dataclass(frozen=True)
class Delivery:
    """A claimed row, ready to send; `attempts` counts this one."""

    id: int
    batch_id: int
    chat_id: int
    payload: Payload
    attempts: int


@dataclass(frozen=True)
class BatchCounts:
    """How many rows of a batch are in each state."""

    pending: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0
    unreachable: int = 0
    cancelled: int = 0

    @property
    def left(self) -> int:
        """Rows still to go."""
        return self.pending + self.sending

    @property
    def total(self) -> int:
        """Every row of the batch."""
        return self.left + self.sent + self.failed + self.unreachable + self.cancelled


_BATCH_COLUMNS = "id, kind, owner_id, created_at, finished_at, status"


async def create_batch(
    db: Database,
    kind: str,
    owner_id: int | None,
    recipients: Iterable[Recipient],
    not_before: float,
    subject: str | None = None,
) -> Batch:
    """A running batch with one pending row per recipient (one chat once), in one transaction."""
    async with db.transaction() as connection:
        return await insert_batch(connection, kind, owner_id, recipients, not_before, subject)


async def insert_batch(
    connection: aiosqlite.Connection,
    kind: str,
    owner_id: int | None,
    recipients: Iterable[Recipient],
    not_before: float,
    subject: str | None = None,
) -> Batch:
    """`create_batch` inside a transaction the caller holds (to record something with it atomically)."""
    created_at = utc_now()
    cursor = await connection.execute(
        "INSERT INTO delivery_batches (kind, owner_id, created_at, subject) VALUES (?, ?, ?, ?)",
        (kind, owner_id, created_at, subject),
    )
    batch_id = cursor.lastrowid
    await connection.executemany(
        "INSERT OR IGNORE INTO deliveries (batch_id, chat_id, payload, next_attempt_at) VALUES (?, ?, ?, ?)",
        ((batch_id, r.chat_id, r.payload.to_json(), not_before) for r in recipients),
    )
    assert batch_id is not None
    return Batch(batch_id, kind, owner_id, created_at, None, "running")


async def get_batch(db: Database, batch_id: int) -> Batch | None:
    """One batch, or None."""
    row = await db.fetch_one(f"SELECT {_BATCH_COLUMNS} FROM delivery_batches WHERE id = ?", (batch_id,))
    return None if row is None else Batch(*row)


async def running_batches(db: Database) -> list[Batch]:
    """Batches not yet done nor cancelled, oldest first."""
    rows = await db.fetch_all(
        f"SELECT {_BATCH_COLUMNS} FROM delivery_batches WHERE status = 'running' ORDER BY id"
    )
    return [Batch(*row) for row in rows]


async def release_in_flight(db: Database) -> int:
    """At start-up: rows left `sending` by a dead process go back to pending (at-least-once)."""
    async with db.transaction() as connection:
        cursor = await connection.execute("UPDATE deliveries SET status = 'pending' WHERE status = 'sending'")
        return cursor.rowcount


async def claim_due(db: Database, now: float, limit: int, skip_chats: Sequence[int] = ()) -> list[Delivery]:
    """Mark up to `limit` due rows of running batches `sending` and return them, oldest due first.

    Rows for `skip_chats` (chats sent to a moment ago) wait for a later claim.
    """
    async with db.transaction() as connection:
        cursor = await connection.execute(
            "UPDATE deliveries SET status = 'sending', attempts = attempts + 1"
            " WHERE id IN ("
            "  SELECT d.id FROM deliveries d JOIN delivery_batches b ON b.id = d.batch_id"
            "  WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND b.status = 'running'"
            "  AND d.chat_id NOT IN (SELECT value FROM json_each(?))"
            "  ORDER BY d.next_attempt_at, d.id LIMIT ?)"
            " RETURNING id, batch_id, chat_id, payload, attempts, next_attempt_at",
            (now, json.dumps(list(skip_chats)), limit),
        )
        rows = list(await cursor.fetchall())
    rows.sort(key=lambda row: (row[5], row[0]))  # RETURNING has no defined order
    return [Delivery(row[0], row[1], row[2], Payload.from_json(row[3]), row[4]) for row in rows]


async def next_due_at(db: Database) -> float | None:
    """When the earliest pending row of a running batch is due, or None if there is none."""
    value = await db.fetch_value(
        "SELECT min(d.next_attempt_at) FROM deliveries d JOIN delivery_batches b ON b.id = d.batch_id"
        " WHERE d.status = 'pending' AND b.status = 'running'"
    )
    return None if value is None else float(value)


async def mark_sent(
    db: Database, delivery_id: int, message_id: int, sent_at: str, extra_message_id: int | None = None
) -> None:
    """Delivered: remember the message (and an attachment sent apart), to edit or delete it later."""
    await db.execute(
        "UPDATE deliveries SET status = 'sent', message_id = ?, extra_message_id = ?, sent_at = ?,"
        " last_error = NULL WHERE id = ?",
        (message_id, extra_message_id, sent_at, delivery_id),
    )


async def mark_failed(db: Database, delivery_id: int, error: str) -> None:
    """Given up: retries ran out or Telegram refused the message itself."""
    await db.execute(
        "UPDATE deliveries SET status = 'failed', last_error = ? WHERE id = ?", (error, delivery_id)
    )


async def mark_unreachable(db: Database, delivery_id: int, error: str) -> None:
    """The chat cannot be written to (blocked the bot, never started it, chat not found)."""
    await db.execute(
        "UPDATE deliveries SET status = 'unreachable', last_error = ? WHERE id = ?",
        (error, delivery_id),
    )


async def retry_at(
    db: Database, delivery_id: int, when: float, error: str, *, count_attempt: bool = True
) -> None:
    """Back to pending until `when`; a flood wait (429) does not count as an attempt."""
    await db.execute(
        "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, last_error = ?,"
        " attempts = attempts - ? WHERE id = ?",
        (when, error, 0 if count_attempt else 1, delivery_id),
    )


async def finish_if_complete(db: Database, batch_id: int) -> bool:
    """Mark a running batch done once no row is left to send; True if this call did it."""
    left = await db.fetch_value(
        "SELECT 1 FROM deliveries WHERE batch_id = ? AND status IN ('pending', 'sending') LIMIT 1",
        (batch_id,),
    )
    if left is not None:  # the common case while a batch sends: no write transaction for nothing
        return False
    async with db.transaction() as connection:
        cursor = await connection.execute(
            "UPDATE delivery_batches SET status = 'done', finished_at = ?"
            " WHERE id = ? AND status = 'running' AND NOT EXISTS ("
            "  SELECT 1 FROM deliveries WHERE batch_id = ? AND status IN ('pending', 'sending'))",
            (utc_now(), batch_id, batch_id),
        )
        return cursor.rowcount > 0


async def cancel_batch(db: Database, batch_id: int) -> bool:
    """Stop a running batch: its pending rows become cancelled (rows in flight still finish)."""
    async with db.transaction() as connection:
        cursor = await connection.execute(
            "UPDATE delivery_batches SET status = 'cancelled', finished_at = ?"
            " WHERE id = ? AND status = 'running'",
            (utc_now(), batch_id),
        )
        if cursor.rowcount == 0:
            return False
        await connection.execute(
            "UPDATE deliveries SET status = 'cancelled' WHERE batch_id = ? AND status = 'pending'",
            (batch_id,),
        )
        return True


async def counts(db: Database, batch_id: int) -> BatchCounts:
    """Rows of a batch per state, for progress."""
    rows = await db.fetch_all(
        "SELECT status, count(*) FROM deliveries WHERE batch_id = ? GROUP BY status", (batch_id,)
    )
    return BatchCounts(**{status: int(count) for status, count in rows})


async def left_up_to(db: Database, batch_id: int) -> int:
    """Rows still to go in running batches up to this one (older batches go first), for an ETA."""
    return int(
        await db.fetch_value(
            "SELECT count(*) FROM deliveries d JOIN delivery_batches b ON b.id = d.batch_id"
            " WHERE b.status = 'running' AND b.id <= ? AND d.status IN ('pending', 'sending')",
            (batch_id,),
        )
    )


@dataclass(frozen=True)
class SentCopy:
    """A delivered message of a batch: where it is, and what was sent."""

    chat_id: int
    message_id: int
    extra_message_id: int | None
    payload: Payload
    sent_at: str


async def sent_copies(db: Database, batch_id: int) -> list[SentCopy]:
    """Every delivered message of a batch, to edit or delete them."""
    rows = await db.fetch_all(
        "SELECT chat_id, message_id, extra_message_id, payload, sent_at FROM deliveries"
        " WHERE batch_id = ? AND status = 'sent' ORDER BY id",
        (batch_id,),
    )
    return [SentCopy(row[0], row[1], row[2], Payload.from_json(row[3]), row[4]) for row in rows]


async def sent_copy(db: Database, batch_id: int, chat_id: int) -> SentCopy | None:
    """The delivered message of a batch in one chat, if it was delivered."""
    row = await db.fetch_one(
        "SELECT chat_id, message_id, extra_message_id, payload, sent_at FROM deliveries"
        " WHERE batch_id = ? AND chat_id = ? AND status = 'sent'",
        (batch_id, chat_id),
    )
    return None if row is None else SentCopy(row[0], row[1], row[2], Payload.from_json(row[3]), row[4])


async def pending_payloads(db: Database, batch_id: int) -> list[tuple[int, int, Payload]]:
    """Rows not yet sent (pending): row id, chat, payload, to prepare them again."""
    rows = await db.fetch_all(
        "SELECT id, chat_id, payload FROM deliveries WHERE batch_id = ? AND status = 'pending' ORDER BY id",
        (batch_id,),
    )
    return [(row[0], row[1], Payload.from_json(row[2])) for row in rows]


async def replace_payloads(db: Database, replacements: Iterable[tuple[int, Payload]]) -> None:
    """New payloads for rows still pending (a corrected text); rows sent meanwhile keep theirs."""
    await db.execute_many(
        "UPDATE deliveries SET payload = ? WHERE id = ? AND status = 'pending'",
        ((payload.to_json(), row_id) for row_id, payload in replacements),
    )


async def set_keyboard(db: Database, subject: str, chat_id: int, keyboard: str) -> None:
    """A chat's new keyboard (a reaction) in every row about `subject` that carries one, so later
    edits and sends keep it."""
    async with db.transaction() as connection:
        cursor = await connection.execute(
            "SELECT d.id, d.payload FROM deliveries d JOIN delivery_batches b ON b.id = d.batch_id"
            " WHERE b.subject = ? AND d.chat_id = ?",
            (subject, chat_id),
        )
        for row_id, stored in list(await cursor.fetchall()):
            payload = Payload.from_json(stored)
            if payload.keyboard is not None:
                await connection.execute(
                    "UPDATE deliveries SET payload = ? WHERE id = ?",
                    (replace(payload, keyboard=keyboard).to_json(), row_id),
                )


async def sent_about(db: Database, subject: str) -> list[SentCopy]:
    """Messages delivered (sent, not edits or deletes) by every batch about `subject`."""
    rows = await db.fetch_all(
        "SELECT d.chat_id, d.message_id, d.extra_message_id, d.payload, d.sent_at"
        " FROM deliveries d JOIN delivery_batches b ON b.id = d.batch_id"
        " WHERE b.subject = ? AND d.status = 'sent' ORDER BY d.id",
        (subject,),
    )
    copies = [SentCopy(row[0], row[1], row[2], Payload.from_json(row[3]), row[4]) for row in rows]
    return [copy for copy in copies if copy.payload.operation == "send"]
