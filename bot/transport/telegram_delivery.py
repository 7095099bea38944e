"""The outbox's send function for a real Bot: operations on Telegram, its errors as the worker's."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

from bot.transport.delivery import (
    RejectedError,
    RetryLater,
    SendFunction,
    Sent,
    TransientError,
    UnreachableError,
)
from bot.transport.rate_limit import BULK, retry_seconds
from storage.outbox import Payload

Bot = ExtBot[Any]  # the Application's bot: its requests take `rate_limit_args`

_UNREACHABLE_400 = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")
# An edit that changes nothing, or a delete of a message already gone, has reached its goal.
_ALREADY_DONE_400 = ("message is not modified", "message to delete not found")


def telegram_sender(bot: Bot) -> SendFunction:
    """Send (by file_id for attachments), edit or delete a message, as the payload says."""
    uploaded: dict[str, str] = {}  # a file the bot made → its file_id once Telegram has it

    async def send(chat_id: int, payload: Payload) -> Sent:
        try:
            if payload.operation == "edit":
                return await _edit(bot, chat_id, payload)
            if payload.operation == "delete":
                return await _delete(bot, chat_id, payload)
            return await _send(bot, chat_id, _by_file_id(payload, uploaded), uploaded)
        except RetryAfter as flood:
            raise RetryLater(retry_seconds(flood.retry_after)) from flood
        except Forbidden as error:
            raise UnreachableError(error.message) from error
        except BadRequest as error:
            reason = error.message.lower()
            if any(text in reason for text in _UNREACHABLE_400):
                raise UnreachableError(error.message) from error
            if payload.operation != "send" and any(text in reason for text in _ALREADY_DONE_400):
                return Sent(payload.message_id or 0, payload.extra_message_id)
            raise RejectedError(error.message) from error
        except (TimedOut, NetworkError) as error:  # 5xx arrive as NetworkError too
            raise TransientError(error.message) from error

    return send


def _by_file_id(payload: Payload, uploaded: dict[str, str]) -> Payload:
    """A file the bot made goes by file_id once one copy of it is on Telegram."""
    if payload.attachment_path is None or payload.attachment_path not in uploaded:
        return payload
    return replace(payload, attachment_file_id=uploaded[payload.attachment_path], attachment_path=None)


async def _send(bot: Bot, chat_id: int, payload: Payload, uploaded: dict[str, str]) -> Sent:
    markup = _markup(payload.keyboard, bot)
    if payload.attachment_kind is None:
        return Sent(
            (await bot.send_message(chat_id, payload.text, reply_markup=markup, **_bulk(bot))).message_id
        )
    if not payload.text_apart:
        message = await _attachment(bot, chat_id, payload, payload.text, markup, uploaded)
        return Sent(message.message_id)
    attachment = await _attachment(bot, chat_id, payload, None, None, uploaded)
    text = await bot.send_message(chat_id, payload.text, reply_markup=markup, **_bulk(bot))
    return Sent(text.message_id, attachment.message_id)


async def _attachment(
    bot: Bot,
    chat_id: int,
    payload: Payload,
    caption: str | None,
    markup: InlineKeyboardMarkup | None,
    uploaded: dict[str, str],
) -> Message:
    content: str | Path = payload.attachment_file_id or ""
    if payload.attachment_path is not None:
        content = Path(payload.attachment_path)  # python-telegram-bot uploads it
    if payload.attachment_kind == "photo":
        message = await bot.send_photo(chat_id, content, caption=caption, reply_markup=markup, **_bulk(bot))
        if payload.attachment_path is not None and message.photo:
            uploaded[payload.attachment_path] = message.photo[-1].file_id
        return message
    message = await bot.send_document(chat_id, content, caption=caption, reply_markup=markup, **_bulk(bot))
    if payload.attachment_path is not None and message.document:
        uploaded[payload.attachment_path] = message.document.file_id
    return message


async def _edit(bot: Bot, chat_id: int, payload: Payload) -> Sent:
    if payload.message_id is None:
        raise RejectedError("an edit names no message")
    markup = _markup(payload.keyboard, bot)
    if payload.attachment_kind is not None and not payload.text_apart:
        await bot.edit_message_caption(
            chat_id, payload.message_id, caption=payload.text, reply_markup=markup, **_bulk(bot)
        )
    else:
        await bot.edit_message_text(
            payload.text, chat_id, payload.message_id, reply_markup=markup, **_bulk(bot)
        )
    return Sent(payload.message_id, payload.extra_message_id)


async def _delete(bot: Bot, chat_id: int, payload: Payload) -> Sent:
    if payload.message_id is None:
        raise RejectedError("a delete names no message")
    if payload.extra_message_id is not None:
        await bot.delete_message(chat_id, payload.extra_message_id, **_bulk(bot))
    await bot.delete_message(chat_id, payload.message_id, **_bulk(bot))
    return Sent(payload.message_id, payload.extra_message_id)


def _bulk(bot: Bot) -> dict[str, Any]:
    """Mark the request as a bulk send for the rate limiter (a bot without one takes no such mark)."""
    return {"rate_limit_args": BULK} if bot.rate_limiter is not None else {}


def _markup(keyboard: str | None, bot: Bot) -> InlineKeyboardMarkup | None:
    if keyboard is None:
        return None
    return InlineKeyboardMarkup.de_json(json.loads(keyboard), bot)
