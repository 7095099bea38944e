"""Reactions with a text and questions, on a real database: who may react, what is stored, who asks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.i18n import Catalogs
from bot.services import broadcasts as service
from bot.services.broadcasts import questions
from bot.services.broadcasts.audience import Audience
from bot.text_input import TextProblem
from bot.transport.delivery import DeliveryWorker
from storage import broadcasts, directory, outbox, reachability, users
from storage.db import Database
from storage.users import SeenUser
from tests.auxil.broadcast_service import SMILA, draft, holder, never_sent, settings

CATALOGS = Catalogs()
AUTHOR = 900


@pytest.fixture
async def sent(db: Database) -> int:
    """A broadcast to municipal holders, delivered to member 1 (Smila) and not to member 2."""
    await holder(db, 1, "municipal", SMILA, "uk")
    await holder(db, 2, "regional", "UA71000000000010357")
    worker = DeliveryWorker(db, never_sent, rate=25, max_attempts=8)
    published = await service.publish(
        db,
        worker,
        CATALOGS,
        settings(),
        AUTHOR,
        draft(Audience("tiers", tiers=("municipal",))),
        datetime.now(UTC),
    )
    for delivery in await outbox.claim_due(db, datetime.now(UTC).timestamp() + 1, 10):
        await outbox.mark_sent(db, delivery.id, 50, datetime.now(UTC).isoformat(timespec="seconds"))
    return published.broadcast.id


async def test_only_a_recipient_of_a_live_broadcast_may_react(db: Database, sent: int) -> None:
    target = await questions.reaction_target(db, sent, 1)
    assert target.broadcast.id == sent and target.copy.message_id == 50
    for broadcast_id, chat_id, reason in ((sent + 1, 1, "unknown"), (sent, 2, "not_received")):
        with pytest.raises(questions.NotReactableError) as refused:
            await questions.reaction_target(db, broadcast_id, chat_id)
        assert refused.value.reason == reason
    await broadcasts.set_status(db, sent, "recalled")
    with pytest.raises(questions.NotReactableError) as refused:
        await questions.reaction_target(db, sent, 1)
    assert refused.value.reason == "recalled"


async def test_a_question_is_stored_with_the_reaction_and_the_asker_is_named(db: Database, sent: int) -> None:
    target = await questions.reaction_target(db, sent, 1)
    keyboard, question = await questions.record(db, CATALOGS, "uk", target, 1, "question", "Чи є API?")
    assert "ваш вибір" in keyboard
    assert question is not None and question.body == "Чи є API?" and question.asker_id == 1
    reaction = await broadcasts.reaction_of(db, sent, 1)
    assert reaction is not None and (reaction.kind, reaction.note, reaction.place_code) == (
        "question",
        "Чи є API?",
        SMILA,
    )
    _, none = await questions.record(db, CATALOGS, "uk", target, 1, "similar", "Е-Черга")
    assert none is None
    asker = await questions.asker_of(db, 1, "Telegram Name")
    assert asker.name == "Holder 1" and asker.tier == "municipal"
    assert asker.place is not None and asker.place.full_name("uk").startswith("Смілянська громада")
    await users.record_seen(db, SeenUser(5, "Ірина", None, None, "uk"))
    assert await questions.asker_of(db, 5, "Ірина") == questions.Asker("Ірина", None, None)


async def test_five_questions_a_day_about_one_broadcast_then_the_oldest_must_age_out(
    db: Database, sent: int
) -> None:
    target = await questions.reaction_target(db, sent, 1)
    first = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for hour in range(questions.QUESTIONS_PER_DAY):
        moment = first + timedelta(hours=hour)
        assert await questions.next_question_at(db, sent, 1, moment) is None
        await questions.record(db, CATALOGS, "uk", target, 1, "question", f"Питання {hour}", now=moment)

    later = first + timedelta(hours=10)
    assert await questions.next_question_at(db, sent, 1, later) == first + timedelta(hours=24)
    with pytest.raises(questions.QuestionLimitError) as refused:
        await questions.record(db, CATALOGS, "uk", target, 1, "question", "Шосте", now=later)
    assert refused.value.next_at == first + timedelta(hours=24)
    assert await db.fetch_value("SELECT count(*) FROM broadcast_questions") == questions.QUESTIONS_PER_DAY
    reaction = await broadcasts.reaction_of(db, sent, 1)
    assert reaction is not None and reaction.note == "Питання 4"  # the refused one changed nothing
    _, none = await questions.record(db, CATALOGS, "uk", target, 1, "similar", "Е-Черга", now=later)
    assert none is None  # the other reactions are not capped

    day_later = first + timedelta(hours=24)  # the first question has left the window
    assert await questions.next_question_at(db, sent, 1, day_later - timedelta(seconds=1)) is not None
    assert await questions.next_question_at(db, sent, 1, day_later) is None
    _, sixth = await questions.record(db, CATALOGS, "uk", target, 1, "question", "Шосте", now=day_later)
    assert sixth is not None
    assert await questions.next_question_at(db, sent, 1, day_later) == first + timedelta(hours=25)


def test_notes_and_answers_are_checked() -> None:
    assert questions.check_note(" \x00 ").problem is TextProblem.EMPTY
    assert questions.check_note("а" * 1001).problem is TextProblem.TOO_LONG
    assert questions.check_note(" https://example.org ").text == "https://example.org"
    assert questions.check_answer("а" * 2001).problem is TextProblem.TOO_LONG


async def test_the_roster_card_carries_the_unreachable_mark(db: Database) -> None:
    await holder(db, 1, "municipal", SMILA)
    await reachability.mark_unreachable(db, 1, "Forbidden: bot was blocked by the user")
    [card] = await directory.cards_at(db, [SMILA])
    assert card.holder_unreachable_since is not None
    await reachability.clear_unreachable(db, 1)
    [card] = await directory.cards_at(db, [SMILA])
    assert card.holder_unreachable_since is None
