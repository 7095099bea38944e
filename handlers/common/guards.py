"""Access checks wrapped around handlers: the role (asked of bot.access) and private chats."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.access import Action
from bot.runtime import BotContext
from handlers.common.replies import answer, in_private, refuse

Result = TypeVar("Result")
Callback = Callable[[Update, BotContext], Coroutine[Any, Any, Result]]


def requires(action: Action, *, private: bool = True) -> Callable[[Callback[Result]], Callback[Any]]:
    """Run the handler only for users whose role allows `action` (and only in private chats)."""

    def wrap(handler: Callback[Result]) -> Callback[Any]:
        @functools.wraps(handler)
        async def guarded(update: Update, context: BotContext) -> Any:
            if context.actor_or_none is None:
                return None
            if private and not in_private(update):
                await ask_for_private_chat(update, context)
                return None
            if not context.actor.may(action):
                await refuse(update, context)
                return None
            return await handler(update, context)

        return guarded

    return wrap


async def ask_for_private_chat(update: Update, context: BotContext) -> None:
    """In a group: nothing personal here; a button opens the private chat."""
    link = f"https://t.me/{context.bot.username}"
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(context.t("group.open_private"), url=link)]])
    await answer(update, context.t("group.private_only"), markup)
