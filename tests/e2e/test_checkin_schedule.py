"""The check-in schedule with the clock in the test's hands: reminders, the button, nudges, restarts,
absences and two weeks in a row."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.jobs.checkin_schedule import job_name
from bot.lifecycle import RunningBot, start_bot, stop_bot
from bot.settings import Settings
from storage import checkins, outbox, reachability
from tests.auxil.bot_under_test import MONDAY_MORNING, MovableClock
from tests.auxil.broadcast_steps import network
from tests.auxil.checkin_steps import MONDAY_10, NEXT_WEEK, WEDNESDAY_10, WEEK, answer_all, delivered, fire
from tg_emulator import TelegramEmulator

REMINDER = "Щотижневий звіт: тиждень 48 (23–29.11.2026)"


async def test_the_reminder_comes_at_its_time_to_every_member_once(
    emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock
) -> None:
    group = await network(emulator, bot)
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name(job_name("reminder"))
    due = job.next_t
    assert due is not None
    local = due.astimezone(bot.runtime.settings.zone)
    assert (local.isoweekday(), local.hour, local.minute) == (1, 10, 0)  # crontab "0 10 * * mon"

    await fire(bot, clock, "reminder", MONDAY_10)
    for member in group.members:
        reminder = await member.next_message()
        assert REMINDER in reminder.text and reminder.button_texts() == ["📝 Почати звіт"]
    await group.coordinator.no_message(within=0.2)  # coordinators hold no post: not asked

    await fire(bot, clock, "reminder", MONDAY_10 + timedelta(hours=2))  # a second trigger, a restart…
    for member in group.members:
        await member.no_message(within=0.2)
    assert await checkins.send_made(bot.runtime.db, WEEK, "reminder")


async def test_the_button_starts_this_weeks_check_in(
    emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock
) -> None:
    group = await network(emulator, bot)
    olena = group.members[0]
    await fire(bot, clock, "reminder", MONDAY_10)
    reminder = await olena.next_message()
    await answer_all(olena, reminder)
    sheet = await checkins.get_checkin(bot.runtime.db, WEEK, olena.id)
    assert sheet is not None and sheet.status == "submitted" and not sheet.late

    clock.moment = MONDAY_10 + NEXT_WEEK  # last week's button, pressed a week later
    await olena.press(reminder, "📝 Почати звіт")
    assert "Тиждень того нагадування вже закрито" in (await olena.next_message()).text
    first = await olena.next_message()
    assert "Щотижневий звіт" in first.text and "1 з 6" in first.text
    await olena.no_message(within=0.3)


async def test_the_nudge_goes_only_to_who_has_not_answered(
    emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock
) -> None:
    group = await network(emulator, bot)
    olena, petro, iryna = group.members
    await fire(bot, clock, "reminder", MONDAY_10)
    for member in group.members:
        await member.next_message()
    await answer_all(olena)
    await iryna.send("/checkin")  # starts, answers one question, never confirms: a draft
    await iryna.next_message()
    await iryna.send("Почала, але не закінчила")
    await iryna.next_message()

    await fire(bot, clock, "nudge", WEDNESDAY_10)
    for member in (petro, iryna):
        nudge = await member.next_message()
        assert "Вже відповів 1 колега з 3" in nudge.text and nudge.button_texts() == ["📝 Почати звіт"]
    await olena.no_message(within=0.2)
    await fire(bot, clock, "nudge", WEDNESDAY_10 + timedelta(hours=1))
    await petro.no_message(within=0.2)


async def test_unreachable_and_away_members_are_left_alone_until_they_are_back(
    emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock
) -> None:
    group = await network(emulator, bot)
    olena, petro, iryna = group.members
    await reachability.mark_unreachable(bot.runtime.db, iryna.id, "Forbidden: bot was blocked by the user")
    await petro.send("/away 29.11.2026")  # on Monday morning, away until Sunday
    assert "29.11.2026" in (await petro.next_message()).text

    await fire(bot, clock, "reminder", MONDAY_10)
    assert REMINDER in (await olena.next_message()).text
    await petro.no_message(within=0.2)
    await iryna.no_message(within=0.2)

    await fire(bot, clock, "reminder", MONDAY_10 + NEXT_WEEK)  # the absence ended by itself
    reminder = await petro.next_message()
    assert "тиждень 49 (30.11–06.12.2026)" in reminder.text
    await olena.next_message()
    await iryna.no_message(within=0.2)  # still unreachable: she never wrote again


async def test_two_cycles_in_a_row(emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock) -> None:
    group = await network(emulator, bot)
    olena, petro, iryna = group.members
    for week in range(2):
        await fire(bot, clock, "reminder", MONDAY_10 + week * NEXT_WEEK)
        for member in group.members:
            assert f"тиждень {48 + week}" in (await member.next_message()).text
        await answer_all(olena)
        await fire(bot, clock, "nudge", WEDNESDAY_10 + week * NEXT_WEEK)
        for silent in (petro, iryna):
            assert f"тиждень {48 + week}" in (await silent.next_message()).text
        await olena.no_message(within=0.2)
    first = await checkins.get_checkin(bot.runtime.db, "2026-W48", olena.id)
    second = await checkins.get_checkin(bot.runtime.db, "2026-W49", olena.id)
    assert first is not None and second is not None
    assert first.status == second.status == "submitted"


async def test_a_reminder_missed_while_the_bot_was_down_is_sent_at_start_up(
    emulator: TelegramEmulator, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    clock = MovableClock(MONDAY_MORNING)
    running = await start_bot(settings, clock=clock)
    try:
        group = await network(emulator, running)
    finally:
        await stop_bot(running)

    clock.moment = MONDAY_10 + timedelta(days=1)  # down over Monday 10:00; back on Tuesday
    running = await start_bot(settings, clock=clock)
    try:
        await delivered(running)
        for member in group.members:
            assert REMINDER in (await member.next_message()).text
    finally:
        await stop_bot(running)

    # Down from Tuesday to the next Thursday: that week's nudge and digest are over (skipped, logged);
    # the new week's reminder and nudge are both due: only the reminder goes.
    clock.moment = WEDNESDAY_10 + NEXT_WEEK + timedelta(days=1)
    with caplog.at_level(logging.WARNING, logger="bot.jobs.checkin_schedule"):
        running = await start_bot(settings, clock=clock)
    try:
        await delivered(running)
        for member in group.members:
            assert "тиждень 49" in (await member.next_message()).text
            await member.no_message(within=0.2)
    finally:
        await stop_bot(running)
    log = caplog.text
    assert "nudge of 2026-W48" in log and "its week is over: skipped" in log
    assert "digest of 2026-W48" in log
    assert "nudge of 2026-W49" in log and "late reminder just went" in log


async def test_a_non_working_week_has_no_reminder_nor_nudge(
    emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock
) -> None:
    group = await network(emulator, bot)
    await checkins.mark_nonworking(bot.runtime.db, WEEK, actor_id=None)
    await fire(bot, clock, "reminder", MONDAY_10)
    await fire(bot, clock, "nudge", WEDNESDAY_10)
    for member in group.members:
        await member.no_message(within=0.2)
    await fire(bot, clock, "reminder", MONDAY_10 + NEXT_WEEK)  # the next week works again
    for member in group.members:
        assert "тиждень 49" in (await member.next_message()).text


async def test_a_send_caught_up_at_night_waits_for_the_morning(
    emulator: TelegramEmulator, settings: Settings
) -> None:
    clock = MovableClock(MONDAY_MORNING)
    running = await start_bot(settings, clock=clock)
    try:
        group = await network(emulator, running)
    finally:
        await stop_bot(running)
    clock.moment = MONDAY_10.replace(hour=3) + timedelta(days=1)  # restarted on Tuesday at 03:00
    running = await start_bot(settings, clock=clock)
    try:
        worker = running.runtime.deliveries()
        due = await outbox.next_due_at(running.runtime.db)
        assert due is not None and 4.9 * 3600 < due - worker.now() <= 5 * 3600  # QUIET_HOURS end at 08:00
        for member in group.members:
            await member.no_message(within=0.2)
    finally:
        await stop_bot(running)
