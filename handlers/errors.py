"""The global error handler: log, apologise to the user, tell the admins (at most once a minute)."""

from __future__ import annotations

import html
import json
import logging
import time

from telegram import Update
from telegram.error import TelegramError

from bot.i18n import choose_language
from bot.runtime import AnyApplication, BotContext, Runtime

log = logging.getLogger(__name__)

ADMIN_NOTICE_INTERVAL_SECONDS = 60
MAX_NOTICE_DETAIL = 3000


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure with its update, then apologise and notify."""
    error = context.error
    log.error("error while handling %r", update, exc_info=error)
    runtime = context.runtime
    if isinstance(update, Update):
        await _apologise(update, context, runtime)
    await _notify_admins(update, context, runtime)


async def _apologise(update: Update, context: BotContext, runtime: Runtime) -> None:
    chat = update.effective_chat
    if chat is None or chat.type != chat.PRIVATE:
        return
    if context.actor_or_none is not None:
        language = context.actor.language
    else:
        user = update.effective_user
        code = user.language_code if user else None
        language = choose_language(None, code, runtime.settings.default_language)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await chat.send_message(runtime.text(language, "error.apology"))
    except TelegramError as failure:
        log.warning("could not apologise in chat %s: %s", chat.id, failure)


async def _notify_admins(update: object, context: BotContext, runtime: Runtime) -> None:
    now = time.monotonic()
    last = runtime.last_admin_notice_at
    if last is not None and now - last < ADMIN_NOTICE_INTERVAL_SECONDS:
        return
    runtime.last_admin_notice_at = now
    error = context.error
    described = f"{type(error).__name__}: {error}"
    if isinstance(update, Update):
        payload = json.dumps(update.to_dict(), ensure_ascii=False, indent=1)
    else:
        payload = repr(update)
    detail = html.escape(f"{described}\n\n{payload}"[:MAX_NOTICE_DETAIL])
    for admin_id in sorted(runtime.settings.admin_ids):
        text = runtime.text(await runtime.language_of(admin_id), "error.admin_notice", detail=detail)
        try:
            await context.bot.send_message(admin_id, text)
        except TelegramError as failure:
            log.warning("could not notify admin %s: %s", admin_id, failure)


def register(app: AnyApplication) -> None:
    """Install the error handler."""
    app.add_error_handler(on_error)
