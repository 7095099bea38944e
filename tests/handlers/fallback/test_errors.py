"""The global error handler: an apology in the user's language and one admin notice a minute, which
says what failed and whose update it was, never what the update held."""

from __future__ import annotations

import logging

import pytest
from telegram import Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.access import Action
from bot.lifecycle import RunningBot
from bot.runtime import BotContext
from handlers.common.guards import requires
from tests.auxil.bot_under_test import ADMIN_ID, TOKEN
from tg_emulator import TelegramEmulator

PHONE = "+380671234567"
ANSWER = "Наш план для Сміли: 12 старостатів"


async def _fail(update: Update, context: BotContext) -> None:
    raise RuntimeError("boom <in> the handler")


async def test_a_failing_handler_yields_an_apology_and_one_admin_notice(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    bot.app.add_handler(CommandHandler("boom", requires(Action.HELP)(_fail)), group=-1)
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/start")
    await admin.next_message()

    user = emulator.user(4001, "Yurii", language_code="uk")
    await user.send("/boom")
    assert (await user.next_message()).text.startswith("Перепрошую, сталася помилка")
    notice = await admin.next_message()
    assert "Error in the bot" in notice.text
    assert "RuntimeError: boom <in> the handler" in notice.text
    assert f"{__name__}._fail (message)" in notice.text  # the handler, not its guard

    other = emulator.user(4002, "Kate", language_code="en")
    await other.send("/boom")
    assert (await other.next_message()).text.startswith("Sorry, something went wrong")
    await admin.no_message(within=0.5)  # at most one notice a minute


async def _fail_holding_personal_data(update: Update, context: BotContext) -> None:
    context.bot_data.setdefault("failed_updates", []).append(update.update_id)
    raise ValueError("the step could not be saved")


async def test_a_notice_names_what_failed_but_nothing_the_person_sent(
    emulator: TelegramEmulator, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    failing = filters.CONTACT | filters.Regex(r"^Наш план")
    bot.app.add_handler(MessageHandler(failing, _fail_holding_personal_data), group=-1)
    admin = emulator.user(ADMIN_ID, "Admin", language_code="uk")
    await admin.send("/start")
    await admin.next_message()
    user = emulator.user(4003, "Мирослава", last_name="Гнатюк", username="myroslava_h", language_code="uk")

    notices = []
    for send in (lambda: user.send_contact(PHONE), lambda: user.send(ANSWER)):
        bot.runtime.last_admin_notice_at = None  # each failure may notify: not a minute's second one
        await send()  # the bot's other handlers answer the contact too; the apology is not the point here
        notices.append(await admin.next_message())

    for notice, update_id in zip(notices, bot.app.bot_data["failed_updates"], strict=True):
        assert "Помилка в боті" in notice.text
        assert f"{__name__}._fail_holding_personal_data (message)" in notice.text
        assert "ValueError: the step could not be saved" in notice.text
        assert f"Номер оновлення: {update_id}" in notice.text
        assert "Telegram id користувача: 4003" in notice.text
        for personal in (PHONE, "380671234567", ANSWER, "Мирослава", "Гнатюк", "myroslava_h"):
            assert personal not in notice.text
    logged = [
        r for r in caplog.records if r.name == "handlers.fallback.errors" and r.levelno >= logging.ERROR
    ]
    assert len(logged) == 2 and all(record.exc_info for record in logged)
    for record in logged:
        for personal in (PHONE, ANSWER, "Мирослава", "myroslava_h"):
            assert personal not in record.getMessage()


async def _fail_quoting_the_token(update: Update, context: BotContext) -> None:
    raise RuntimeError(f"POST {context.bot.base_url}/sendMessage failed")


async def test_a_notice_never_quotes_the_token(emulator: TelegramEmulator, bot: RunningBot) -> None:
    bot.app.add_handler(CommandHandler("leak", _fail_quoting_the_token), group=-1)
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/leak")
    notice = next(m for m in await admin.next_messages(2) if "Error in the bot" in m.text)
    assert "/bot<BOT_TOKEN>/sendMessage failed" in notice.text
    assert TOKEN not in notice.text
