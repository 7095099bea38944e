"""Feedback to the admins: topics, limits, and storing a message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from bot.text_input import CheckedText, check
from storage import audit, feedback as feedback_rows
from storage.audit import AuditAction
from storage.db import Database
from storage.feedback import (
    Feedback as Feedback,
    add_answer as add_answer,
    find_by_copy as find_by_copy,
    record_copy as record_copy,
)

MAX_LENGTH = 2000
DAILY_LIMIT = 10


class Topic(StrEnum):
    """What a feedback message is about."""

    QUESTION = "question"
    IDEA = "idea"
    PROBLEM = "problem"
    OTHER = "other"


def check_body(raw: str | None) -> CheckedText:
    """A feedback text, cleaned, or why it is refused."""
    return check(raw, MAX_LENGTH)


async def over_daily_limit(db: Database, user_id: int) -> bool:
    """Whether the user already sent as many messages as a day allows."""
    since = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="seconds")
    return await feedback_rows.count_since(db, user_id, since) >= DAILY_LIMIT


async def submit(db: Database, user_id: int, topic: Topic, body: str) -> Feedback:
    """Store a message for the admins."""
    stored = await feedback_rows.add(db, user_id, topic.value, body)
    await audit.record(db, user_id, AuditAction.FEEDBACK_SENT, f"feedback:{stored.id}", topic.value)
    return stored
