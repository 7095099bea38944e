"""The global error handler: log, apologise to the user, tell the admins (at most once a minute).

Neither the log line nor the notice carries the update (what a person wrote, a shared phone number,
an invite token): only what failed, and the numeric ids an admin needs to find the records.
"""

from __future__ import annotations

import html
import logging
import time
import traceback
from dataclasses import dataclass
from types import FrameType

from telegram import Update
from telegram.constants import UpdateType
from telegram.error import TelegramError

from bot.i18n import choose_language
from bot.logs import mask_token
from bot.runtime import AnyApplication, BotContext, Runtime

log = logging.getLogger(__name__)

ADMIN_NOTICE_INTERVAL_SECONDS = 60
# The exception's own text might quote what a person wrote: the admins get only its start.
MAX_ERROR_TEXT = 200


@dataclass(frozen=True)
class Failure:
    """What is told of an error: where, which exception, and ids; nothing from the update's content."""

    handler: str
    error_type: str
    update_id: int | None
    telegram_id: int | None


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure (with its traceback, without the update), then apologise and notify."""
    error = context.error
    failure = _describe(update, context)
    log.error(
        "%s failed with %s (update %s, Telegram id %s)",
        failure.handler,
        failure.error_type,
        failure.update_id,
        failure.telegram_id,
        exc_info=error,
    )
    runtime = context.runtime
    if isinstance(update, Update):
        await _apologise(update, context, runtime)
    await _notify_admins(failure, context, runtime)


def _describe(update: object, context: BotContext) -> Failure:
    """The failure of `update` (or of a job) as the log and the admins are told it."""
    user = update.effective_user if isinstance(update, Update) else None
    return Failure(
        handler=_handler(update, context),
        error_type=type(context.error).__name__,
        update_id=update.update_id if isinstance(update, Update) else None,
        telegram_id=user.id if user is not None else None,
    )


def _handler(update: object, context: BotContext) -> str:
    """The job, or the handler's callback and the kind of update ("message", "callback_query" …)."""
    if context.job is not None:
        return f"job {context.job.name}"
    if isinstance(update, Update):
        kind = next((k.value for k in UpdateType if getattr(update, k.value, None) is not None), "update")
    else:
        kind = "no update" if update is None else type(update).__name__
    callback = _callback_name(context.error) if context.error is not None else None
    return kind if callback is None else f"{callback} ({kind})"


def _callback_name(error: BaseException) -> str | None:
    """The handler python-telegram-bot called, read from the traceback (the library does not say).

    It is what the library's last `handle_update` called; guards and flow gates wrap handlers in
    closures, so the first function below it that is not a closure is the handler they wrap.
    """
    frames = [frame for frame, _ in traceback.walk_tb(error.__traceback__)]
    calls = [index for index, frame in enumerate(frames) if _is_dispatch(frame)]
    below = frames[calls[-1] + 1 :] if calls else []
    if not below:
        return None
    chosen = next((frame for frame in below if "<locals>" not in frame.f_code.co_qualname), below[0])
    return f"{_module(chosen)}.{chosen.f_code.co_qualname}"


def _module(frame: FrameType) -> str:
    return str(frame.f_globals.get("__name__", "?"))


def _is_dispatch(frame: FrameType) -> bool:
    """A frame of python-telegram-bot's `handle_update`, the method that calls a handler's callback."""
    return frame.f_code.co_name == "handle_update" and _module(frame).startswith("telegram.")


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


async def _notify_admins(failure: Failure, context: BotContext, runtime: Runtime) -> None:
    now = time.monotonic()
    last = runtime.last_admin_notice_at
    if last is not None and now - last < ADMIN_NOTICE_INTERVAL_SECONDS:
        return
    runtime.last_admin_notice_at = now
    message = _error_text(context.error, runtime)
    for admin_id in sorted(runtime.settings.admin_ids):
        text = _notice(runtime, await runtime.language_of(admin_id), failure, message)
        try:
            await context.bot.send_message(admin_id, text)
        except TelegramError as error:
            log.warning("could not notify admin %s: %s", admin_id, error)


def _error_text(error: BaseException | None, runtime: Runtime) -> str:
    """The exception's text: the token masked, cut to MAX_ERROR_TEXT characters, HTML-escaped."""
    text = mask_token(str(error), runtime.settings.token()) if error is not None else ""
    if len(text) > MAX_ERROR_TEXT:
        text = text[: MAX_ERROR_TEXT - 1] + "…"
    return html.escape(text)


def _notice(runtime: Runtime, language: str, failure: Failure, message: str) -> str:
    error = f"{failure.error_type}: {message}" if message else failure.error_type
    lines = [runtime.text(language, "error.admin_notice", handler=html.escape(failure.handler), error=error)]
    if failure.update_id is not None:
        lines.append(runtime.text(language, "error.admin_notice_update", update_id=failure.update_id))
    if failure.telegram_id is not None:
        lines.append(runtime.text(language, "error.admin_notice_user", telegram_id=failure.telegram_id))
    return "\n".join(lines)


def register(app: AnyApplication) -> None:
    """Install the error handler."""
    app.add_error_handler(on_error)
