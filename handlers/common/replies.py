"""Small rendering helpers shared by handlers."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.callbacks import Prefix, pack
from bot.runtime import BotContext


def button(text: str, prefix: Prefix, *parts: str | int) -> InlineKeyboardButton:
    """An inline button whose data is packed by bot.callbacks."""
    return InlineKeyboardButton(text, callback_data=pack(prefix, *parts))


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """An inline keyboard from rows of buttons."""
    return InlineKeyboardMarkup([row for row in rows if row])


async def answer(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """Reply in the chat the update came from."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(text, reply_markup=markup)


def in_private(update: Update) -> bool:
    """Whether the update comes from a private chat."""
    return update.effective_chat is not None and update.effective_chat.type == "private"


async def refuse(update: Update, context: BotContext) -> None:
    """Tell the user this is not for their role."""
    if update.callback_query is not None:
        await update.callback_query.answer(context.t("access.denied"), show_alert=True)
    else:
        await answer(update, context.t("access.denied"))
