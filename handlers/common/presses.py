"""Opening a button handler: the press's query and its unpacked data, in one line."""

from __future__ import annotations

from typing import NamedTuple

from telegram import CallbackQuery, Update

from bot.callbacks import CallbackData, unpack


class Press(NamedTuple):
    """A button press: the query to answer, and its data (None when forged or not ours)."""

    query: CallbackQuery
    data: CallbackData | None


def pressed(update: Update) -> Press:
    """The press behind an update that a CallbackQueryHandler matched."""
    query = update.callback_query
    assert query is not None  # only button handlers call this
    return Press(query, unpack(query.data))
