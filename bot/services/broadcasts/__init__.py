"""Broadcasts: publish to an audience through the outbox, cancel, recall, correct, remind, react."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Literal, cast

from bot.i18n import Catalogs, choose_language
from bot.services.broadcasts.audience import Audience, members_of
from bot.services.broadcasts.text import Content, fit, message_payload, reaction_keyboard, render
from bot.services.broadcasts.timing import start_time
from bot.settings import Settings
from bot.transport.delivery import DeliveryWorker
from storage import audiences, audit, broadcasts, outbox, people, posts, reachability
from storage.audit import AuditAction
from storage.broadcasts import (
    CATEGORIES as CATEGORIES,
    REACTIONS as REACTIONS,
    Broadcast as Broadcast,
    Draft,
    Question as Question,
    Service as Service,
    all_services as all_services,
    get_broadcast as get_broadcast,
    get_service as get_service,
    mark_answered as mark_answered,
    question_by_copy as question_by_copy,
    reaction_counts as reaction_counts,
    recent_broadcasts as recent_broadcasts,
    recipients_without_reaction as recipients_without_reaction,
    service_reaction_counts as service_reaction_counts,
    set_progress_message as set_progress_message,
    set_question_copy as set_question_copy,
)
from storage.clock import parse_stored
from storage.db import Database
from storage.outbox import AttachmentKind, BatchCounts as BatchCounts, Payload as Payload, Recipient

RECALL_WINDOW = timedelta(hours=48)  # Telegram lets a bot delete its messages only this long


class EmptyAudienceError(Exception):
    """Nobody reachable is in the chosen audience."""


class NotEditableError(Exception):
    """The broadcast cannot be changed this way now; `reason` says why (for the author)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def subject_of(broadcast_id: int) -> str:
    """The outbox subject of every batch of a broadcast (its copies, edits, deletes, reminders)."""
    return f"broadcast:{broadcast_id}"


def content_of(broadcast: Broadcast) -> Content:
    """What a stored broadcast says."""
    return Content(
        title=broadcast.title,
        body_html=broadcast.body_html,
        body_length=broadcast.body_length,
        link=broadcast.link,
        owner_body=broadcast.owner_body,
        category=broadcast.category,
        attachment_kind=cast(AttachmentKind | None, broadcast.attachment_kind),
        attachment_file_id=broadcast.attachment_file_id,
        corrected=broadcast.corrected_at is not None,
    )


class Languages:
    """Each chat's language for a batch: saved choice, Telegram's, or the default."""

    def __init__(self, saved: dict[int, tuple[str | None, str | None]], default: str) -> None:
        self._saved = saved
        self._default = default

    @classmethod
    async def load(cls, db: Database, default: str) -> Languages:
        """Every user's, in one query."""
        return cls(await audiences.saved_languages(db), default)

    def of(self, chat_id: int) -> str:
        """The language to write to this chat in."""
        saved, telegram = self._saved.get(chat_id, (None, None))
        return choose_language(saved, telegram, self._default)


@dataclass(frozen=True)
class Published:
    """A stored broadcast, how many it goes to, and when sending starts."""

    broadcast: Broadcast
    recipients: int
    starts_at: datetime


async def count_audience(db: Database, audience: Audience, settings: Settings) -> int:
    """How many reachable members the audience means now."""
    return len(await members_of(db, audience, settings.admin_ids))


async def publish(
    db: Database,
    worker: DeliveryWorker,
    catalogs: Catalogs,
    settings: Settings,
    author_id: int,
    draft: Draft,
    requested: datetime,
) -> Published:
    """Store the service and the broadcast and queue one message per member, in one transaction.

    Sending starts at `requested`, or when the quiet hours end if it falls inside them and the
    broadcast is not urgent. The recipients are fixed now (a scheduled broadcast keeps them).
    """
    starts = start_time(requested, settings.quiet_window, settings.zone, urgent=draft.urgent)
    languages = await Languages.load(db, settings.default_language)
    async with db.transaction():
        members = await members_of(db, Audience.from_json(draft.audience), settings.admin_ids)
        if not members:
            raise EmptyAudienceError
        service = await broadcasts.save_service(db, draft)
        status = "scheduled" if starts > datetime.now(UTC) else "sending"
        stored = await broadcasts.create_broadcast(
            db, service.id, author_id, draft, starts.astimezone(UTC).isoformat(timespec="seconds"), status
        )
        content = content_of(stored)
        recipients = [
            Recipient(
                m.telegram_id, message_payload(catalogs, languages.of(m.telegram_id), stored.id, content)
            )
            for m in members
        ]
        batch = await worker.enqueue(
            "broadcast", author_id, recipients, not_before=starts.timestamp(), subject=subject_of(stored.id)
        )
        await broadcasts.set_batch(db, stored.id, batch.id)
        await audit.record(
            db, author_id, AuditAction.BROADCAST_PUBLISHED, f"broadcast:{stored.id}", draft.title
        )
    published = await broadcasts.get_broadcast(db, stored.id)
    assert published is not None
    return Published(published, len(recipients), starts)


async def refresh_status(db: Database, broadcast: Broadcast, now: datetime) -> Broadcast:
    """Bring the stored status up to date with its delivery: started, done, or cancelled."""
    if broadcast.status not in ("scheduled", "sending") or broadcast.batch_id is None:
        return broadcast
    batch = await outbox.get_batch(db, broadcast.batch_id)
    status = broadcast.status
    if batch is not None and batch.status != "running":
        status = "done" if batch.status == "done" else "cancelled"
    elif status == "scheduled" and parse_stored(broadcast.starts_at) <= now:
        status = "sending"
    if status == broadcast.status:
        return broadcast
    await broadcasts.set_status(db, broadcast.id, status, only_from=("scheduled", "sending"))
    return await broadcasts.get_broadcast(db, broadcast.id) or broadcast


async def cancel(db: Database, worker: DeliveryWorker, broadcast: Broadcast, actor_id: int) -> bool:
    """Stop a scheduled or sending broadcast: copies not yet sent are dropped. False if it had ended."""
    if broadcast.batch_id is None or not await worker.cancel(broadcast.batch_id):
        return False
    await broadcasts.set_status(db, broadcast.id, "cancelled", only_from=("scheduled", "sending"))
    await audit.record(
        db, actor_id, AuditAction.BROADCAST_CANCELLED, f"broadcast:{broadcast.id}", broadcast.title
    )
    return True


@dataclass(frozen=True)
class Recall:
    """How many copies are being deleted, and how many are too old to delete."""

    deleting: int
    too_old: int


async def recall(
    db: Database, worker: DeliveryWorker, broadcast: Broadcast, actor_id: int, now: datetime
) -> Recall:
    """Delete every delivered copy (and reminder) still within Telegram's 48 hours; stop the rest."""
    if broadcast.status == "recalled":
        raise NotEditableError("recalled")
    if broadcast.batch_id is not None:
        await worker.cancel(broadcast.batch_id)
    copies = await outbox.sent_about(db, subject_of(broadcast.id))
    fresh = [c for c in copies if now - parse_stored(c.sent_at) < RECALL_WINDOW]
    deletes = [
        Recipient(
            c.chat_id,
            Payload("", operation="delete", message_id=c.message_id, extra_message_id=c.extra_message_id),
        )
        for c in fresh
    ]
    # A chat may hold the broadcast and a reminder: one delete row per chat and batch, so two batches.
    first, later = _one_per_chat(deletes)
    for group in (first, later):
        if group:
            await worker.enqueue("broadcast_recall", actor_id, group, subject=subject_of(broadcast.id))
    await broadcasts.set_status(db, broadcast.id, "recalled")
    await audit.record(
        db, actor_id, AuditAction.BROADCAST_RECALLED, f"broadcast:{broadcast.id}", broadcast.title
    )
    return Recall(len(fresh), len(copies) - len(fresh))


def _one_per_chat(rows: list[Recipient]) -> tuple[list[Recipient], list[Recipient]]:
    seen: set[int] = set()
    first: list[Recipient] = []
    rest: list[Recipient] = []
    for row in rows:
        (rest if row.chat_id in seen else first).append(row)
        seen.add(row.chat_id)
    return first, rest


@dataclass(frozen=True)
class Correction:
    """Delivered copies being edited, and queued copies that will go out corrected."""

    editing: int
    requeued: int


async def correct(
    db: Database,
    worker: DeliveryWorker,
    catalogs: Catalogs,
    settings: Settings,
    broadcast: Broadcast,
    body_html: str,
    body_length: int,
    actor_id: int,
) -> Correction:
    """Replace the body: delivered copies are edited in place (each keeps its member's buttons),
    copies still queued go out corrected. The new text must fit the way the first one was sent."""
    if broadcast.status in ("cancelled", "recalled") or broadcast.batch_id is None:
        raise NotEditableError(broadcast.status)
    old = content_of(broadcast)
    new = replace(old, body_html=body_html, body_length=body_length, corrected=True)
    new_fit = fit(catalogs, new)
    if new_fit == "too_long" or (new_fit == "caption_apart" and fit(catalogs, old) == "ok"):
        raise NotEditableError("caption_too_long" if new_fit == "caption_apart" else "too_long")
    languages = await Languages.load(db, settings.default_language)
    async with db.transaction():
        await broadcasts.correct_body(db, broadcast.id, body_html, body_length)
        requeued = [
            (row_id, replace(payload, text=render(catalogs, languages.of(chat_id), new)))
            for row_id, chat_id, payload in await outbox.pending_payloads(db, broadcast.batch_id)
        ]
        await outbox.replace_payloads(db, requeued)
        copies = await outbox.sent_copies(db, broadcast.batch_id)
        edits = [
            Recipient(
                c.chat_id,
                replace(
                    c.payload,
                    text=render(catalogs, languages.of(c.chat_id), new),
                    operation="edit",
                    message_id=c.message_id,
                    extra_message_id=c.extra_message_id,
                ),
            )
            for c in copies
        ]
        if edits:
            await worker.enqueue("broadcast_edit", actor_id, edits, subject=subject_of(broadcast.id))
        await audit.record(
            db, actor_id, AuditAction.BROADCAST_CORRECTED, f"broadcast:{broadcast.id}", broadcast.title
        )
    return Correction(len(edits), len(requeued))


async def remind(
    db: Database,
    worker: DeliveryWorker,
    catalogs: Catalogs,
    settings: Settings,
    broadcast: Broadcast,
    actor_id: int,
) -> int:
    """Send the reaction buttons again to members who received it and have not reacted; how many."""
    if broadcast.status in ("cancelled", "recalled"):
        raise NotEditableError(broadcast.status)
    skipped = await reachability.unreachable_ids(db)
    chats = [c for c in await broadcasts.recipients_without_reaction(db, broadcast.id) if c not in skipped]
    languages = await Languages.load(db, settings.default_language)
    reminders = [
        Recipient(
            chat,
            Payload(
                catalogs.text(languages.of(chat), "broadcast.reminder", title=escape(broadcast.title)),
                keyboard=reaction_keyboard(catalogs, languages.of(chat), broadcast.id, None),
            ),
        )
        for chat in chats
    ]
    if reminders:
        await worker.enqueue("broadcast_reminder", actor_id, reminders, subject=subject_of(broadcast.id))
        await audit.record(
            db, actor_id, AuditAction.BROADCAST_REMINDED, f"broadcast:{broadcast.id}", str(len(reminders))
        )
    return len(reminders)


ReactionKind = Literal["use", "similar", "question"]


async def react(
    db: Database,
    catalogs: Catalogs,
    language: str,
    broadcast: Broadcast,
    telegram_id: int,
    kind: ReactionKind,
    note: str | None,
) -> str:
    """Record a member's reaction (with their place) and return their new keyboard, which every
    stored copy for them keeps from now on."""
    place_code = None
    person = await people.person_of_user(db, telegram_id)
    if person is not None:
        post = await posts.post_of_person(db, person.id)
        place_code = post.place_code if post is not None else None
    await broadcasts.set_reaction(db, broadcast.id, telegram_id, kind, place_code, note)
    keyboard = reaction_keyboard(catalogs, language, broadcast.id, kind)
    await outbox.set_keyboard(db, subject_of(broadcast.id), telegram_id, keyboard)
    return keyboard


async def delivery_counts(db: Database, batch_id: int) -> BatchCounts:
    """How the copies of a broadcast's batch stand: sent, waiting, failed."""
    return await outbox.counts(db, batch_id)
