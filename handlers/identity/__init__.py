"""Who is writing: recognising them, their pace, and whether they blocked the bot."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers.identity import chat_membership, flood, identify


def register(app: AnyApplication) -> None:
    """Add the feature's handlers, in order."""
    identify.register(app)  # run first for every update (group IDENTIFY)
    flood.register(app)  # not a handler: what someone over USER_RATE_LIMIT is told
    chat_membership.register(app)  # a member blocks or unblocks the bot
