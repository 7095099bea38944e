"""The bot object handlers talk through: python-telegram-bot's, with one failure made harmless."""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import BadRequest
from telegram.ext import ExtBot

log = logging.getLogger(__name__)

# Telegram's answer when a button press waited longer than its ~15 s window (or the id is unknown).
EXPIRED_QUERY = "query is too old"


class CdtoBot(ExtBot[Any]):
    """A press answered too late (a crowd held it up) still runs its handler to the end.

    Handlers answer a press first, to stop the spinner; if Telegram refuses that answer because the
    press is too old, the person's choice must still be stored and the next step shown, so the refusal
    is logged and `answer_callback_query` returns False instead of raising out of the handler.
    """

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> bool:
        """Answer a press; False if Telegram says it is too old to answer."""
        try:
            answered: bool = await super().answer_callback_query(*args, **kwargs)
        except BadRequest as error:
            if EXPIRED_QUERY not in error.message.lower():
                raise
            log.warning("a button press was answered too late: %s", error.message)
            return False
        return answered
