"""Lookups: /whois, /find, /roster, and @bot <place> in any chat."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers.lookup import commands, inline


def register(app: AnyApplication) -> None:
    """Add the feature's handlers, in order."""
    commands.register(app)
    inline.register(app)
