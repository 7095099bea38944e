"""Members' reactions with a text (similar, question) and questions answered by the broadcast's author."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from bot.i18n import Catalogs
from bot.services.broadcasts import ReactionKind, react
from bot.text_input import CheckedText, check
from storage import broadcasts, outbox, people, places, posts
from storage.broadcasts import Broadcast, Question
from storage.clock import parse_stored, to_stored
from storage.db import Database
from storage.outbox import SentCopy
from storage.places import Place

MAX_NOTE = 1000  # a description, a link or a question
MAX_ANSWER = 2000  # with the title and the quoted question it stays well under Telegram's 4096
# Each question reaches the broadcast's author as a message: a member may ask this many about one
# broadcast in any QUESTION_WINDOW (rolling, from the stored times).
QUESTIONS_PER_DAY = 5
QUESTION_WINDOW = timedelta(hours=24)

Refusal = Literal["unknown", "recalled", "not_received"]


class NotReactableError(Exception):
    """This member cannot react to this broadcast now; `reason` says why."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason)
        self.reason: Refusal = reason


class QuestionLimitError(Exception):
    """The member has asked QUESTIONS_PER_DAY questions about this broadcast within QUESTION_WINDOW."""

    def __init__(self, next_at: datetime) -> None:
        super().__init__(f"the next question is allowed at {next_at.isoformat()}")
        self.next_at = next_at


@dataclass(frozen=True)
class Target:
    """A broadcast a member may react to, and its copy in their chat (whose buttons follow the reaction)."""

    broadcast: Broadcast
    copy: SentCopy


async def reaction_target(db: Database, broadcast_id: int, chat_id: int) -> Target:
    """The broadcast, if it exists, is not recalled, and was delivered to this chat (data can be forged)."""
    broadcast = await broadcasts.get_broadcast(db, broadcast_id)
    if broadcast is None:
        raise NotReactableError("unknown")
    if broadcast.status == "recalled":
        raise NotReactableError("recalled")
    # Reminders go only to chats the broadcast itself reached, so its own batch is the proof.
    copy = None if broadcast.batch_id is None else await outbox.sent_copy(db, broadcast.batch_id, chat_id)
    if copy is None:
        raise NotReactableError("not_received")
    return Target(broadcast, copy)


def check_note(raw: str | None) -> CheckedText:
    """A description, link or question, cleaned, or why it is refused."""
    return check(raw, MAX_NOTE)


def check_answer(raw: str | None) -> CheckedText:
    """The author's answer, cleaned, or why it is refused."""
    return check(raw, MAX_ANSWER)


async def next_question_at(
    db: Database, broadcast_id: int, telegram_id: int, now: datetime
) -> datetime | None:
    """When the member may ask about this broadcast again, if they are at the cap; None if they may now."""
    asked = await broadcasts.question_times(db, broadcast_id, telegram_id, to_stored(now - QUESTION_WINDOW))
    if len(asked) < QUESTIONS_PER_DAY:
        return None
    return parse_stored(asked[-QUESTIONS_PER_DAY]) + QUESTION_WINDOW


async def record(
    db: Database,
    catalogs: Catalogs,
    language: str,
    target: Target,
    telegram_id: int,
    kind: ReactionKind,
    note: str | None = None,
    *,
    now: datetime | None = None,
) -> tuple[str, Question | None]:
    """Store the reaction (and a question) in one transaction; the member's new keyboard, and the question.

    A question over the cap stores nothing and raises QuestionLimitError.
    """
    moment = now or datetime.now(UTC)
    asked = note if kind == "question" else None
    broadcast = target.broadcast
    async with db.transaction():
        if asked is not None:
            next_at = await next_question_at(db, broadcast.id, telegram_id, moment)
            if next_at is not None:
                raise QuestionLimitError(next_at)
        keyboard = await react(db, catalogs, language, broadcast, telegram_id, kind, note)
        question = None
        if asked is not None:
            question = await broadcasts.add_question(db, broadcast.id, telegram_id, asked, to_stored(moment))
    return keyboard, question


@dataclass(frozen=True)
class Asker:
    """Who asks: their name as the roster (or Telegram) knows it, and their post's tier and place."""

    name: str
    tier: str | None
    place: Place | None


async def asker_of(db: Database, telegram_id: int, telegram_name: str) -> Asker:
    """The asker as the author should see them."""
    person = await people.person_of_user(db, telegram_id)
    if person is None:
        return Asker(telegram_name, None, None)
    post = await posts.post_of_person(db, person.id)
    if post is None:
        return Asker(person.full_name, None, None)
    return Asker(person.full_name, post.tier, await places.get_place(db, post.place_code))
