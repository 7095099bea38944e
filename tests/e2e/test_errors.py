"""The global error handler: an apology in the user's language and one admin notice a minute."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.lifecycle import RunningBot
from bot.runtime import BotContext
from tests.e2e.conftest import ADMIN_ID
from tg_emulator import TelegramEmulator


async def _fail(update: Update, context: BotContext) -> None:
    raise RuntimeError("boom <in> the handler")


async def test_a_failing_handler_yields_an_apology_and_one_admin_notice(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    bot.app.add_handler(CommandHandler("boom", _fail), group=-1)
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/start")
    await admin.next_message()

    user = emulator.user(4001, "Yurii", language_code="uk")
    await user.send("/boom")
    assert (await user.next_message()).text.startswith("Перепрошую, сталася помилка")
    notice = await admin.next_message()
    assert "Error in the bot" in notice.text
    assert "RuntimeError: boom <in> the handler" in notice.text

    other = emulator.user(4002, "Kate", language_code="en")
    await other.send("/boom")
    assert (await other.next_message()).text.startswith("Sorry, something went wrong")
    await admin.no_message(within=0.5)  # at most one notice a minute
