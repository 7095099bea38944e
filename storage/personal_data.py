"""The map of personal data: every column of every table, what it holds of a person, and what erasing
that person does to it; and the erasure itself, which follows the map.

A person is erased by their Telegram id. Rows that count for others (past check-ins and who a week
expected, reactions, authored broadcasts, the audit log) stay under a pseudonym: the negative of the
erasure's number in `erased_people`, shown as "erased person #N". No Telegram account has a negative
id, so a later update from the same account finds none of it. Text the person wrote is emptied in
the rows that stay; their name, username, phone and e-mail are replaced by the pseudonym's label in
free text that may quote them. tests/storage/test_personal_data.py fails when a column is missing here.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from storage import audit
from storage.audit import AuditAction
from storage.clock import utc_now
from storage.db import Database


class Treatment(StrEnum):
    """What erasing a person does to a column."""

    NOT_PERSONAL = "holds nothing of a person"
    KEY = "identifies the person: their rows are deleted"
    IN_ROW = "goes with its row, deleted through another column or a foreign key"
    PSEUDONYM = "the person's id becomes their pseudonym; the row stays"
    WRITTEN = "what the row's person wrote: emptied when that person is erased"
    SCRUBBED = "free text that may quote people: their details are replaced by the pseudonym's label"
    SPECIAL = "handled by a step of its own (see `why`)"


@dataclass(frozen=True)
class Column:
    """A column's place in the map."""

    treatment: Treatment
    why: str = ""
    owner: str | None = None  # WRITTEN: the column of the same row saying whose text it is
    empty: str = "NULL"  # WRITTEN: the SQL value that replaces the text
    scrubbed: bool = False  # also scrubbed in other people's rows (their text may name this person)


_NO = Column(Treatment.NOT_PERSONAL)
_KEY = Column(Treatment.KEY)
_IN_ROW = Column(Treatment.IN_ROW)
_PSEUDONYM = Column(Treatment.PSEUDONYM)

# Table by table; KEY deletions run in this order (children before the rows they hang on).
MAP: dict[str, dict[str, Column]] = {
    "schema_version": {"version": _NO, "name": _NO, "applied_at": _NO},
    "bot_state": {"key": _NO, "value": Column(Treatment.NOT_PERSONAL, "deployment facts (menus version)")},
    "places": dict.fromkeys(
        (
            "code",
            "kind",
            "name_uk",
            "name_en",
            "region_code",
            "raion_code",
            "raion_name_uk",
            "raion_name_en",
            "hromada_code",
        ),
        _NO,
    ),
    "services": dict.fromkeys(
        (
            "id",
            "title",
            "title_key",
            "description_html",
            "link",
            "owner_body",
            "category",
            "created_at",
            "updated_at",
        ),
        Column(Treatment.NOT_PERSONAL, "the catalog of central services: the ministry's, kept"),
    ),
    "erased_people": {"id": _NO, "erased_at": _NO},
    "persisted_user_data": {"user_id": _KEY, "data": _IN_ROW},
    "persisted_conversations": {
        "name": _NO,
        "conversation_key": Column(Treatment.SPECIAL, "JSON [chat, user]: the person's flows are deleted"),
        "state": _NO,
    },
    "unreachable_chats": {"telegram_id": _KEY, "reason": _IN_ROW, "since": _IN_ROW},
    "join_request_copies": {
        "request_id": _NO,
        "chat_id": Column(Treatment.KEY, "a coordinator's copies of requests: only kept to edit them"),
        "message_id": _IN_ROW,
    },
    "feedback_copies": {
        "feedback_id": _NO,
        "admin_id": Column(Treatment.KEY, "an admin's copies of feedback: only kept to reply to them"),
        "message_id": _IN_ROW,
    },
    "feedback_answers": {
        "id": _NO,
        "feedback_id": Column(Treatment.IN_ROW, "the person's own feedback goes, its answers cascade"),
        "admin_id": _PSEUDONYM,
        "body": Column(Treatment.WRITTEN, owner="admin_id", empty="''", scrubbed=True),
        "created_at": _NO,
    },
    "feedback": {
        "id": _NO,
        "user_id": _KEY,
        "topic": _IN_ROW,
        "body": Column(Treatment.IN_ROW, "deleted with the person's rows; others' bodies are scrubbed"),
        "created_at": _IN_ROW,
    },
    "invites": {
        "id": _NO,
        "token_hash": _NO,
        "post_id": _NO,
        "person_id": Column(Treatment.IN_ROW, "personal invites go with the person (a foreign key cascades)"),
        "created_by": _PSEUDONYM,
        "created_at": _NO,
        "expires_at": _NO,
        "used_at": _NO,
        "used_by": _PSEUDONYM,
    },
    "posts": {
        "id": _NO,
        "tier": _NO,
        "place_code": _NO,
        "status": _NO,
        "holder_id": Column(Treatment.SPECIAL, "the person's post becomes vacant"),
        "updated_at": _NO,
    },
    "post_history": {
        "id": _NO,
        "post_id": _NO,
        "person_id": Column(Treatment.IN_ROW, "set to NULL by the foreign key when the person goes"),
        "full_name": Column(Treatment.SPECIAL, "the person's terms say 'erased holder' (stored as '')"),
        "started_at": _NO,
        "ended_at": _NO,
    },
    "people": {
        "id": _NO,
        "telegram_id": _KEY,
        "full_name": _IN_ROW,
        "telegram_username": _IN_ROW,
        "phone": _IN_ROW,
        "email": _IN_ROW,
        "contacts_visible_to": _IN_ROW,
        "privacy_accepted_at": _IN_ROW,
        "created_at": _IN_ROW,
    },
    "join_requests": {
        "id": _NO,
        "telegram_id": _KEY,
        "full_name": _IN_ROW,
        "tier": _IN_ROW,
        "place_code": _IN_ROW,
        "phone": _IN_ROW,
        "email": _IN_ROW,
        "status": _IN_ROW,
        "decided_by": _PSEUDONYM,
        "decided_at": _NO,
        "created_at": _IN_ROW,
        "matched_person_id": Column(Treatment.NOT_PERSONAL, "a row id; the entry itself is in people"),
    },
    "delivery_batches": {
        "id": _NO,
        "kind": _NO,
        "owner_id": _PSEUDONYM,
        "created_at": _NO,
        "finished_at": _NO,
        "status": _NO,
        "subject": _NO,
    },
    "deliveries": {
        "id": _NO,
        "batch_id": _NO,
        "chat_id": _PSEUDONYM,
        "payload": Column(
            Treatment.SPECIAL,
            "messages to the person lose their text (pending ones are cancelled); others' that quote them"
            " lose their text if delivered, or are cancelled",
        ),
        "status": _NO,
        "attempts": _NO,
        "next_attempt_at": _NO,
        "last_error": Column(Treatment.NOT_PERSONAL, "Telegram's error description"),
        "message_id": _NO,
        "sent_at": _NO,
        "extra_message_id": _NO,
    },
    "broadcasts": {
        "id": _NO,
        "service_id": _NO,
        "author_id": Column(Treatment.PSEUDONYM, "shown as 'erased coordinator'"),
        "title": Column(Treatment.NOT_PERSONAL, "the ministry's announcement, kept in the services catalog"),
        "body_html": Column(Treatment.NOT_PERSONAL, "the ministry's announcement, kept"),
        "body_length": _NO,
        "link": _NO,
        "owner_body": _NO,
        "category": _NO,
        "attachment_kind": _NO,
        "attachment_file_id": _NO,
        "audience": _NO,
        "urgent": _NO,
        "status": _NO,
        "starts_at": _NO,
        "batch_id": _NO,
        "progress_chat_id": Column(Treatment.PSEUDONYM, "the author's chat"),
        "progress_message_id": _NO,
        "created_at": _NO,
        "corrected_at": _NO,
        "recalled_at": _NO,
    },
    "broadcast_reactions": {
        "broadcast_id": _NO,
        "telegram_id": _PSEUDONYM,
        "kind": _NO,
        "place_code": _NO,
        "note": Column(Treatment.WRITTEN, owner="telegram_id", scrubbed=True),
        "updated_at": _NO,
    },
    "broadcast_questions": {
        "id": _NO,
        "broadcast_id": _NO,
        "asker_id": _PSEUDONYM,
        "body": Column(Treatment.WRITTEN, owner="asker_id", empty="''", scrubbed=True),
        "author_chat_id": Column(Treatment.PSEUDONYM, "the author's chat"),
        "author_message_id": _NO,
        "created_at": _NO,
        "answered_at": _NO,
    },
    "checkins": {
        "id": _NO,
        "cycle": _NO,
        "telegram_id": _PSEUDONYM,
        "status": _NO,
        "answers": Column(Treatment.WRITTEN, owner="telegram_id", empty="'{}'", scrubbed=True),
        "late": _NO,
        "started_at": _NO,
        "submitted_at": _NO,
        "updated_at": _NO,
    },
    "absences": {"telegram_id": _PSEUDONYM, "starts_on": _NO, "ends_on": _NO, "created_at": _NO},
    "nonworking_cycles": {"cycle": _NO, "marked_by": _PSEUDONYM, "marked_at": _NO},
    "checkin_sends": {"cycle": _NO, "kind": _NO, "batch_id": _NO, "made_at": _NO},
    "checkin_expected": {
        "cycle": _NO,
        "telegram_id": _PSEUDONYM,
        "tier": _NO,
        "place_code": _NO,
        "region_code": _NO,
    },
    "audit_log": {
        "id": _NO,
        "at": _NO,
        "actor_id": _PSEUDONYM,
        "action": _NO,
        "subject": Column(Treatment.SPECIAL, "'user:<id>' becomes 'user:<pseudonym>'"),
        "details": Column(Treatment.SCRUBBED),
    },
    "users": {
        "telegram_id": _KEY,
        "first_name": _IN_ROW,
        "last_name": _IN_ROW,
        "username": _IN_ROW,
        "telegram_language": _IN_ROW,
        "language": _IN_ROW,
        "role": _IN_ROW,
        "menu_version": _IN_ROW,
        "created_at": _IN_ROW,
        "last_seen_at": _IN_ROW,
    },
}


def erased_number(telegram_id: int | None) -> int | None:
    """The number of the erased person a pseudonymous id stands for; None for a real account."""
    return -telegram_id if telegram_id is not None and telegram_id < 0 else None


@dataclass(frozen=True)
class MessageCopy:
    """A message the bot put into someone's chat that quotes the erased person (to delete if recent)."""

    chat_id: int
    message_id: int
    sent_at: str


@dataclass(frozen=True)
class Erased:
    """What an erasure did."""

    number: int  # "erased person #number"
    vacated_post_id: int | None
    copies: list[MessageCopy] = field(default_factory=list)


async def erase(db: Database, telegram_id: int, label: Callable[[int], str]) -> Erased:
    """Erase one account by the map, in one transaction, with its audit entry (under the pseudonym).

    `label(number)` is what replaces the person's details in free text ("erased person #17").
    """
    async with db.transaction():
        number = await db.execute("INSERT INTO erased_people (erased_at) VALUES (?)", (utc_now(),))
        pseudonym = -number
        details = await _details_of(db, telegram_id)
        written = await _written_texts(db, telegram_id)
        copies = await _copies_of(db, telegram_id)
        post_id = await _vacate_post(db, telegram_id)
        await _empty_written(db, telegram_id)
        await _scrub(db, details, label(number))
        await _scrub_payloads(db, telegram_id, [*details, *written])
        await _pseudonymise(db, telegram_id, pseudonym)
        await db.execute(
            "UPDATE audit_log SET subject = ? WHERE subject = ?", (f"user:{pseudonym}", f"user:{telegram_id}")
        )
        await db.execute(
            "DELETE FROM persisted_conversations WHERE json_extract(conversation_key, '$[#-1]') = ?",
            (telegram_id,),
        )
        for table, column in _columns(Treatment.KEY):
            await db.execute(f"DELETE FROM {table} WHERE {column} = ?", (telegram_id,))
        vacated = "" if post_id is None else f"post:{post_id} vacant"
        await audit.record(db, pseudonym, AuditAction.DATA_DELETED, f"user:{pseudonym}", vacated)
    return Erased(number, post_id, copies)


def _columns(treatment: Treatment) -> Iterable[tuple[str, str]]:
    return (
        (t, c) for t, columns in MAP.items() for c, rule in columns.items() if rule.treatment is treatment
    )


async def _details_of(db: Database, telegram_id: int) -> list[str]:
    """The person's name(s), usernames, phones and e-mails as stored anywhere they are kept."""
    rows = await db.fetch_all(
        "SELECT full_name, telegram_username, phone, email FROM people WHERE telegram_id = ?"
        " UNION ALL SELECT trim(first_name || ' ' || coalesce(last_name, '')), username, NULL, NULL"
        " FROM users WHERE telegram_id = ?"
        " UNION ALL SELECT full_name, NULL, phone, email FROM join_requests WHERE telegram_id = ?",
        (telegram_id, telegram_id, telegram_id),
    )
    found: set[str] = set()
    for name, username, phone, email in rows:
        # A lone first name ("Петро") is too common to replace in others' text; a full one is not.
        if name and " " in name.strip():
            found.add(name.strip())
        if username:
            found.add(f"@{username}")
        found.update(value for value in (phone, email) if value)
    # Longest first, so that "Петро Коваленко-Сидоренко" is replaced before a shorter part of it.
    return sorted(found, key=len, reverse=True)


async def _written_texts(db: Database, telegram_id: int) -> list[str]:
    """Everything the person wrote that rows keep: answers, notes, questions, feedback."""
    texts: list[str] = []
    for (answers,) in await db.fetch_all(
        "SELECT answers FROM checkins WHERE telegram_id = ?", (telegram_id,)
    ):
        texts.extend(value for value in json.loads(answers).values() if isinstance(value, str))
    rows = await db.fetch_all(
        "SELECT note FROM broadcast_reactions WHERE telegram_id = ? AND note IS NOT NULL"
        " UNION ALL SELECT body FROM broadcast_questions WHERE asker_id = ?"
        " UNION ALL SELECT body FROM feedback WHERE user_id = ?",
        (telegram_id, telegram_id, telegram_id),
    )
    texts.extend(row[0] for row in rows)
    return [text for text in texts if text.strip()]


async def _copies_of(db: Database, telegram_id: int) -> list[MessageCopy]:
    """Copies of the person's messages in others' chats: feedback, join requests, questions."""
    rows = await db.fetch_all(
        "SELECT c.admin_id, c.message_id, f.created_at FROM feedback_copies c"
        " JOIN feedback f ON f.id = c.feedback_id WHERE f.user_id = ?"
        " UNION ALL SELECT c.chat_id, c.message_id, r.created_at FROM join_request_copies c"
        " JOIN join_requests r ON r.id = c.request_id WHERE r.telegram_id = ?"
        " UNION ALL SELECT author_chat_id, author_message_id, created_at FROM broadcast_questions"
        " WHERE asker_id = ? AND author_chat_id IS NOT NULL AND author_message_id IS NOT NULL",
        (telegram_id, telegram_id, telegram_id),
    )
    return [MessageCopy(int(chat), int(message), str(at)) for chat, message, at in rows]


async def _vacate_post(db: Database, telegram_id: int) -> int | None:
    """The person's post becomes vacant; their terms in its history say 'erased holder' ('')."""
    person_id = await db.fetch_value("SELECT id FROM people WHERE telegram_id = ?", (telegram_id,))
    if person_id is None:
        return None
    await db.execute("UPDATE post_history SET full_name = '' WHERE person_id = ?", (person_id,))
    post_id = await db.fetch_value("SELECT id FROM posts WHERE holder_id = ?", (person_id,))
    if post_id is None:
        return None
    now = utc_now()
    await db.execute(
        "UPDATE post_history SET ended_at = ? WHERE post_id = ? AND ended_at IS NULL", (now, post_id)
    )
    await db.execute(
        "UPDATE posts SET holder_id = NULL, status = 'vacant', updated_at = ? WHERE id = ?", (now, post_id)
    )
    return int(post_id)


async def _empty_written(db: Database, telegram_id: int) -> None:
    for table, columns in MAP.items():
        for name, rule in columns.items():
            if rule.treatment is Treatment.WRITTEN:
                await db.execute(
                    f"UPDATE {table} SET {name} = {rule.empty} WHERE {rule.owner} = ?", (telegram_id,)
                )


async def _scrub(db: Database, details: list[str], label: str) -> None:
    """Replace the person's details in every free text that may quote them."""
    scrubbed = [
        (table, name)
        for table, columns in MAP.items()
        for name, rule in columns.items()
        if rule.treatment is Treatment.SCRUBBED or rule.scrubbed
    ]
    for table, name in scrubbed:
        for detail in details:
            for form in _forms(detail):
                await db.execute(
                    f"UPDATE {table} SET {name} = replace({name}, ?, ?) WHERE instr({name}, ?) > 0",
                    (form, label, form),
                )


def _forms(text: str) -> list[str]:
    """A text as stored: as typed, HTML-escaped (messages), JSON-escaped (answers, payloads), both."""
    escaped = html.escape(text)
    return list(dict.fromkeys((text, escaped, _in_json(text), _in_json(escaped))))


def _in_json(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1]


# A digest quotes a long answer cut short: this much of its start is enough to recognise it.
_QUOTE_PREFIX = 40


async def _scrub_payloads(db: Database, telegram_id: int, needles: list[str]) -> None:
    """Messages to the person lose their text; others' that quote them too, or are cancelled if unsent."""
    await db.execute(
        "UPDATE deliveries SET payload = json_set(payload, '$.text', ''),"
        " status = CASE WHEN status IN ('pending', 'sending') THEN 'cancelled' ELSE status END"
        " WHERE chat_id = ?",
        (telegram_id,),
    )
    forms = {form for needle in needles for form in _forms(needle[:_QUOTE_PREFIX])}
    for form in sorted(forms):
        await db.execute(
            "UPDATE deliveries SET payload = json_set(payload, '$.text', ''),"
            " status = CASE WHEN status IN ('pending', 'sending') THEN 'cancelled' ELSE status END"
            " WHERE instr(payload, ?) > 0",
            (form,),
        )


async def _pseudonymise(db: Database, telegram_id: int, pseudonym: int) -> None:
    for table, name in _columns(Treatment.PSEUDONYM):
        await db.execute(f"UPDATE {table} SET {name} = ? WHERE {name} = ?", (pseudonym, telegram_id))
