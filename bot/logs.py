"""The process's logging: one line format, and the bot token masked wherever it could be printed.

The token is the key to the bot. Every Bot API URL carries it, aiohttp and httpx put URLs into their
errors, and python-telegram-bot quotes a rejected token whole, so it is masked on the way out: in
every log record's message, exception and stack, and in the traceback of an exception nobody caught.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Protocol
from urllib.parse import quote

from pydantic import SecretStr

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
TOKEN_PLACEHOLDER = "<BOT_TOKEN>"
# The part after the colon alone is masked too, unless it is so short that ordinary words would match.
MIN_SECRET_LENGTH = 8

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


class LoggingSettings(Protocol):
    """What logging needs of the settings (bot.settings.Settings has it; the transport imports this module,
    and must not import the settings, which read the check-in questions)."""

    @property
    def log_level(self) -> str: ...

    @property
    def bot_token(self) -> SecretStr | None: ...


def mask_token(text: str, token: str) -> str:
    """`text` with `token` replaced: whole, URL-quoted (`:` as `%3A`), or only its secret part."""
    if not token:
        return text
    _, _, secret = token.partition(":")
    shown = [token, quote(token, safe="")]
    if len(secret) >= MIN_SECRET_LENGTH:
        shown.append(secret)
    for form in shown:
        text = text.replace(form, TOKEN_PLACEHOLDER)
    return text


class TokenMask(logging.Filter):
    """On a handler: renders each record's message, exception and stack with the token masked.

    The record is changed in place, before any formatter sees it: a formatter reuses the record's
    rendered `exc_text` instead of formatting the exception again.
    """

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record; it is always kept."""
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the message: logging would print both raw
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = mask_token(message, self.token), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_token(record.exc_text, self.token)
        if record.stack_info:
            record.stack_info = mask_token(record.stack_info, self.token)
        return True


def configure_logging(settings: LoggingSettings) -> None:
    """Log to stderr at LOG_LEVEL, with BOT_TOKEN (when set) masked in every record and uncaught error.

    `run` and the sandbox both come this way; the sandbox talks with a token of its own to the emulator.
    """
    logging.basicConfig(level=settings.log_level, format=LOG_FORMAT)
    token = settings.bot_token.get_secret_value().strip() if settings.bot_token is not None else ""
    if not token:
        return
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenMask) and f.token == token for f in handler.filters):
            handler.addFilter(TokenMask(token))
    sys.excepthook = _masked_excepthook(token)


def _masked_excepthook(token: str) -> ExceptHook:
    """Python's printing of an uncaught exception (one at start-up, say), with the token masked."""

    def print_masked(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        sys.stderr.write(mask_token("".join(traceback.format_exception(kind, error, trace)), token))

    return print_masked
