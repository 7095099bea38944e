"""What someone over USER_RATE_LIMIT is told, once, before the bot ignores them for a while."""

from __future__ import annotations

import functools
import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden

from bot.runtime import AnyApplication, runtime_of
from bot.transport.update_order import PerPersonOrder

log = logging.getLogger(__name__)


async def slow_down(app: AnyApplication, update: Update) -> None:
    """ "Too many at once": in the chat they wrote in, or as the answer to their press."""
    user = update.effective_user
    assert user is not None
    runtime = runtime_of(app)
    language = await runtime.language_of(user.id)
    text = runtime.text(language, "flood.slow_down", seconds=round(runtime.settings.user_rate_window))
    log.info("user %s sends too fast: told once, ignored for a while", user.id)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_chat is not None and update.inline_query is None:
            await app.bot.send_message(update.effective_chat.id, text)
    except (BadRequest, Forbidden) as error:
        log.info("user %s not told to slow down: %s", user.id, error.message)


def register(app: AnyApplication) -> None:
    """Give the update processor the words for it (it judges each person's pace before any handler)."""
    processor = app.update_processor
    if isinstance(processor, PerPersonOrder):
        processor.on_over_limit = functools.partial(slow_down, app)
