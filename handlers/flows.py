"""Conversation handlers as every flow of the bot builds them: persistent, per user, resumable."""

from __future__ import annotations

import warnings
from typing import Any

from telegram.ext import BaseHandler, ConversationHandler
from telegram.warnings import PTBUserWarning


def flow(
    name: str,
    entry_points: list[BaseHandler[Any, Any, Any]],
    states: dict[object, list[BaseHandler[Any, Any, Any]]],
    fallbacks: list[BaseHandler[Any, Any, Any]],
) -> ConversationHandler[Any]:
    """A persistent ConversationHandler (its state is saved after every update)."""
    with warnings.catch_warnings():
        # Our flows mix button and text steps, so per_message stays False; PTB warns about
        # exactly that combination, and it is what we want: one state per user and chat.
        warnings.filterwarnings("ignore", message=r".*per_message=False.*", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=entry_points,
            states=states,
            fallbacks=fallbacks,
            name=name,
            persistent=True,
            allow_reentry=True,
        )
