"""Moving the check-in clock and firing the schedule's jobs, as the check-in stories do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from bot.jobs.checkin_schedule import job_name
from bot.lifecycle import RunningBot
from storage import outbox
from tests.auxil.bot_under_test import MONDAY_MORNING, MovableClock
from tg_emulator import TelegramEmulator
from tg_emulator.client import BotMessage, UserClient

MONDAY_10 = MONDAY_MORNING.replace(hour=10)
WEDNESDAY_10 = MONDAY_10 + timedelta(days=2)
FRIDAY_16 = MONDAY_MORNING.replace(hour=16) + timedelta(days=4)
NEXT_WEEK = timedelta(days=7)
WEEK = "2026-W48"


async def fire(bot: RunningBot, clock: MovableClock, kind: str, at: datetime) -> None:
    """Move the clock to `at` and run the kind's job as its trigger would; wait for its batch."""
    clock.moment = at
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name(job_name(kind))
    await job.run(bot.app)
    await delivered(bot)


async def delivered(bot: RunningBot) -> None:
    """Wait until the outbox has nothing left to send."""
    worker = bot.runtime.deliveries()
    for batch in await outbox.running_batches(bot.runtime.db):
        await worker.wait_finished(batch.id)


async def answer_all(member: UserClient, start: BotMessage | None = None) -> None:
    """Answer the shipped questions (done, planned, skip blockers, no help, skip both numbers), confirm."""
    if start is None:
        await member.send("/checkin")
    else:
        await member.press(start, "📝 Почати звіт")
    await member.next_message()  # the intro and step 1
    await member.send("Запустили чат-бот ЦНАП")
    await member.next_message()
    await member.send("Навчання старост")
    step = await member.next_message()
    await member.press(step, "Пропустити")
    step = await member.next_message()
    await member.press(step, "Ні")
    for _ in range(2):
        step = await member.next_message()
        await member.press(step, "Пропустити")
    summary = await member.next_message()
    await member.press(summary, "✅ Підтвердити")
    assert "Дякуємо" in (await member.next_message()).text


MakeRole = Callable[[int, str], Any]


async def checkin_member(emulator: TelegramEmulator, make_role: MakeRole, telegram_id: int) -> Any:
    """Олена, a member, with the emulator's flood limits off (a story acts faster than a person)."""
    emulator.limits.enabled = False
    await make_role(telegram_id, "member")
    return emulator.user(telegram_id, "Олена", language_code="uk")


async def start_checkin(user: Any) -> BotMessage:
    """/checkin: the intro with the first question."""
    await user.send("/checkin")
    step: BotMessage = await user.next_message()
    assert "Щотижневий звіт" in step.text  # the intro, above the first question
    return step
