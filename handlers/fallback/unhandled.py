"""What nothing else handled: /cancel outside a flow, unknown commands, stray text, stale buttons."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.access import Action
from bot.runtime import AnyApplication, BotContext
from handlers.common.presses import pressed
from handlers.common.replies import answer, in_private

# Registered last in the default group, so every feature handler gets the update first.
MAX_COMMAND_SHOWN = 40


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """/cancel when no flow is open."""
    if context.actor_or_none is not None:
        await answer(update, context.t("cancel.nothing"))


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command the bot does not know, or not in this chat."""
    message = update.effective_message
    if message is None or context.actor_or_none is None or not in_private(update):
        return
    command = (message.text or "").split(maxsplit=1)[0][:MAX_COMMAND_SHOWN]
    await answer(update, context.t("fallback.unknown_command", command=html.escape(command)))


async def text_hint(update: Update, context: BotContext) -> None:
    """Text or media outside any flow: say what the bot understands."""
    if context.actor_or_none is None or not in_private(update):
        return
    await answer(update, context.t("fallback.text"))


async def stale_button(update: Update, context: BotContext) -> None:
    """A button whose flow has ended, or forged data."""
    query = pressed(update).query
    await query.answer(context.t("button.stale") if context.actor_or_none else None)


def register(app: AnyApplication) -> None:
    """Add the catch-all handlers; call this after every feature module."""
    app.add_handler(CommandHandler(Action.CANCEL.value, nothing_to_cancel))
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(~filters.StatusUpdate.ALL & ~filters.UpdateType.EDITED, text_hint))
    app.add_handler(CallbackQueryHandler(stale_button))
