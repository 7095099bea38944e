"""The outbox's send function for a real Bot: Telegram's errors become the worker's exceptions."""

from __future__ import annotations

import json
from datetime import timedelta

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.services.delivery import (
    RejectedError,
    RetryLater,
    SendFunction,
    TransientError,
    UnreachableError,
)
from storage.outbox import Payload

_UNREACHABLE_400 = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")


def telegram_sender(bot: Bot) -> SendFunction:
    """sendMessage, or sendDocument/sendPhoto with the text as caption, by file_id."""

    async def send(chat_id: int, payload: Payload) -> int:
        markup = _markup(payload.keyboard, bot)
        try:
            if payload.attachment_kind == "document":
                message = await bot.send_document(
                    chat_id, payload.attachment_file_id or "", caption=payload.text, reply_markup=markup
                )
            elif payload.attachment_kind == "photo":
                message = await bot.send_photo(
                    chat_id, payload.attachment_file_id or "", caption=payload.text, reply_markup=markup
                )
            else:
                message = await bot.send_message(chat_id, payload.text, reply_markup=markup)
        except RetryAfter as flood:
            raise RetryLater(_seconds(flood.retry_after)) from flood
        except Forbidden as error:
            raise UnreachableError(error.message) from error
        except BadRequest as error:
            if any(reason in error.message.lower() for reason in _UNREACHABLE_400):
                raise UnreachableError(error.message) from error
            raise RejectedError(error.message) from error
        except (TimedOut, NetworkError) as error:  # 5xx arrive as NetworkError too
            raise TransientError(error.message) from error
        return message.message_id

    return send


def _markup(keyboard: str | None, bot: Bot) -> InlineKeyboardMarkup | None:
    if keyboard is None:
        return None
    return InlineKeyboardMarkup.de_json(json.loads(keyboard), bot)


def _seconds(retry_after: object) -> float:
    # PTB 22 gives an int (deprecated) or, with PTB_TIMEDELTA=1, a timedelta.
    if isinstance(retry_after, timedelta):
        return retry_after.total_seconds()
    return float(retry_after)  # type: ignore[arg-type]
