"""Erasure that leaves nothing: a person uses every feature through the bot, deletes their data, and
nothing of them is left in any table, in the database file, or in exports made afterwards; past
digests' figures stay as they were."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

import pytest

from bot.jobs.retention import forget_expired
from bot.lifecycle import RunningBot
from bot.services.checkins.cycles import cycle_at
from bot.services.checkins.digest import build_digest
from bot.services.checkins.questions import load_questions
from bot.services.joining import join_requests
from bot.services.joining.join_requests import Draft
from storage.join_requests import JoinRequest
from tests.auxil.bot_under_test import ADMIN_ID, MovableClock
from tests.auxil.checkin_steps import FRIDAY_16, MONDAY_10, fire
from tests.auxil.reaction_steps import publish
from tests.auxil.traces import traces_in_files, traces_in_tables
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient

SetRole = Callable[[int, str], Coroutine[Any, Any, None]]
PERSON = 987_654_321
COORDINATOR = 5801
SMILA = "UA71080390000078978"
FULL_NAME = "Зеленчук Тарасій"
TELEGRAM_NAME = "Тарас Зелений"
USERNAME = "taras_zelenyi"
PHONE = "+380671234599"
EMAIL = "taras.z@example.org"
DONE = "Впровадили онлайн-запис до ЦНАП у Квітневому"
PLANNED = "Навчимо старост Квітневого працювати з Дією"
BLOCKER = "Немає інтернету в старостаті Квітневого"
HELP = "Потрібна допомога з КЕП для старости Квітневого"
SIMILAR = "Маємо свій Квітневий портал"
QUESTION = "Чи є відкрите API для Квітневого порталу?"
FEEDBACK = "Ідея: мапа громад Квітневого краю"
WRITTEN = [DONE, PLANNED, BLOCKER, HELP, SIMILAR, QUESTION, FEEDBACK]
DETAILS = [FULL_NAME, TELEGRAM_NAME, USERNAME, PHONE, EMAIL]


async def _joins(person: UserClient, coordinator: UserClient) -> None:
    await person.send("/join")
    await person.next_message()
    await person.send(FULL_NAME)
    await person.press(await person.next_message(), "Громада (цифровий лідер)")
    await person.send("Смілянська")
    choice = await person.next_message()
    await person.press(choice, choice.button_texts()[0])
    assert "телефон" in (await person.next_message()).text
    await person.send(PHONE)
    await person.next_message()
    await person.send(EMAIL)
    summary = await person.next_message()
    await person.press(summary, "Надіслати заявку")
    await person.next_message()
    card = await coordinator.next_message()
    await coordinator.press(card, "✅ Схвалити")
    result, notice = await person.next_messages(2)
    assert "тепер ви обіймаєте посаду" in result.text
    await person.press(notice, "Погоджуюсь")


async def _answers_the_check_in(person: UserClient) -> None:
    reminder = await person.next_message()
    await person.press(reminder, "📝 Почати звіт")
    await person.next_message()
    for text in (DONE, PLANNED, BLOCKER):
        await person.send(text)
        step = await person.next_message()
    await person.press(step, "Так")
    await person.next_message()
    await person.send(HELP)
    for _ in range(2):
        await person.press(await person.next_message(), "Пропустити")
    await person.press(await person.next_message(), "✅ Підтвердити")
    await person.next_message()


async def _reacts_and_asks(person: UserClient, coordinator: UserClient, bot: RunningBot) -> None:
    await publish(bot, COORDINATOR)
    broadcast = await person.next_message()
    await person.press(broadcast, "🔁 Маємо схоже")
    await person.next_message()
    await person.send(SIMILAR)
    await person.next_message()
    await person.press(broadcast, "❓ Питання")
    await person.next_message()
    await person.send(QUESTION)
    await person.next_message()
    assert QUESTION in (await coordinator.next_message()).text


async def _sends_feedback(person: UserClient, admin: UserClient) -> None:
    await person.send("/feedback")
    topics = await person.next_message()
    await person.press(topics, "Ідея")
    await person.send(FEEDBACK)
    await person.press(await person.next_message(), "Надіслати")
    await person.next_message()
    assert FEEDBACK in (await admin.next_message()).text


async def _erases(person: UserClient) -> None:
    await person.send("/me")
    card = await person.next_message()
    await person.press(card, "🗑 Видалити мої дані")
    confirm = await person.wait_edit(card)
    assert "48 годин" in confirm.text
    await person.press(confirm, "Так, видалити все")
    assert "Ваші дані видалено" in (await person.wait_edit(confirm)).text


async def _checkins_export(coordinator: UserClient) -> str:
    """The coordinator's CSV of the week, from /checkins."""
    await coordinator.send("/checkins")
    weeks = await coordinator.next_message()
    await coordinator.press(weeks, weeks.button_texts()[0])
    _, week = await coordinator.next_messages(2)  # the chart, then the summary with its buttons
    await coordinator.press(week, "📄 CSV")
    document = (await coordinator.next_message()).document
    assert document is not None
    return document.content.decode("utf-8-sig")


# More than USER_RATE_LIMIT steps in a few seconds: a test acts faster than any person.
@pytest.mark.user_rate(0, 10.0)
async def test_erasure_leaves_nothing_of_a_person_who_used_every_feature(
    emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock, make_role: SetRole
) -> None:
    emulator.limits.enabled = False
    db = bot.runtime.db
    await make_role(COORDINATOR, "coordinator")
    coordinator = emulator.user(COORDINATOR, "Olha", language_code="uk")
    admin = emulator.user(ADMIN_ID, "Admin", language_code="uk")
    for staff in (coordinator, admin):
        await staff.send("/help")
        await staff.next_message()
    first, last = TELEGRAM_NAME.split()
    person = emulator.user(PERSON, first, last_name=last, username=USERNAME, language_code="uk")

    await _joins(person, coordinator)
    await admin.next_message()  # the admin's copy of the request
    await fire(bot, clock, "reminder", MONDAY_10)
    await _answers_the_check_in(person)
    await _reacts_and_asks(person, coordinator, bot)
    await _sends_feedback(person, admin)
    await fire(bot, clock, "digest", FRIDAY_16)
    digest = "\n".join(message.text or "" for message in await coordinator.next_messages(2))
    assert HELP in digest and FULL_NAME in digest  # the person is in the digest
    assert FULL_NAME in await _checkins_export(coordinator)  # and in an export
    questions = load_questions(None)
    cycle = cycle_at(clock.moment, bot.runtime.settings.zone)
    before = (await build_digest(db, questions, cycle, None)).participation

    await _erases(person)

    everything = [*DETAILS, *WRITTEN]
    assert await traces_in_tables(db, PERSON, everything) == []
    await db.truncate_wal()
    assert traces_in_files(bot.runtime.settings.database_path, everything) == []
    after = (await build_digest(db, questions, cycle, None)).participation
    assert after == before
    exported = await _checkins_export(coordinator)
    assert not [detail for detail in everything if detail in exported]
    rows = list(csv.reader(io.StringIO(exported)))
    assert any("видалена особа №1" in row for row in rows)

    # Writing to the bot again does not bring the old name back to the old rows.
    await person.send("/start")
    await person.next_message()
    again = await _checkins_export(coordinator)
    assert FULL_NAME not in again and TELEGRAM_NAME not in again and "видалена особа №1" in again


async def test_a_pending_requester_sees_what_is_kept_and_erases_it(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    await make_role(COORDINATOR, "coordinator")
    coordinator = emulator.user(COORDINATOR, "Olha", language_code="uk")
    await coordinator.send("/help")
    await coordinator.next_message()
    first, last = TELEGRAM_NAME.split()
    person = emulator.user(PERSON, first, last_name=last, username=USERNAME, language_code="uk")
    await person.send("/join")
    await person.next_message()
    await person.send(FULL_NAME)
    await person.press(await person.next_message(), "Громада (цифровий лідер)")
    await person.send("Смілянська")
    choice = await person.next_message()
    await person.press(choice, choice.button_texts()[0])
    await person.next_message()
    await person.send(PHONE)
    await person.next_message()
    await person.send(EMAIL)
    await person.press(await person.next_message(), "Надіслати заявку")
    await person.next_message()
    copy = await coordinator.next_message()

    await person.send("/me")
    card = await person.next_message()
    assert "Що бот зберігає про вас" in card.text
    assert (
        FULL_NAME in card.text and PHONE in card.text and EMAIL in card.text and "очікує рішення" in card.text
    )
    assert card.button_texts() == ["🌐 Мова / Language", "🗑 Видалити мої дані"]
    assert (await person.press_data(card, f"me:vis:{PERSON}")).text == "Ця дія вам недоступна."
    await person.press(card, "🗑 Видалити мої дані")
    confirm = await person.wait_edit(card)
    await person.press(confirm, "Так, видалити все")
    await person.wait_edit(confirm)

    assert await traces_in_tables(bot.runtime.db, PERSON, DETAILS) == []
    # The coordinator's copy of the request, sent minutes ago, is gone from their chat.
    assert emulator.world.chat_messages(copy.chat_id)[copy.message_id].deleted


async def test_retention_deletes_old_rejected_requests_and_delivered_texts(
    emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock, make_role: SetRole
) -> None:
    runtime = bot.runtime
    await make_role(PERSON, "stranger")
    draft = Draft(FULL_NAME, "municipal", SMILA, PHONE, EMAIL)
    request = await join_requests.submit(runtime.db, PERSON, draft, clock.moment)
    assert isinstance(request, JoinRequest)
    await join_requests.decide(runtime.db, request.id, False, COORDINATOR, clock.moment)

    clock.moment += timedelta(days=29)
    assert await forget_expired(runtime) == (0, 0)
    clock.moment += timedelta(days=2)
    assert await forget_expired(runtime) == (1, 0)
    assert await runtime.db.fetch_value("SELECT count(*) FROM join_requests") == 0
    left = await traces_in_tables(runtime.db, PERSON, [FULL_NAME, PHONE, EMAIL])
    assert [trace for trace in left if str(PERSON) not in trace] == []  # the audit names no one
    assert bot.app.job_queue is not None and bot.app.job_queue.get_jobs_by_name("retention")
