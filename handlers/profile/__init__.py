"""/me: one's own profile, contacts, leaving the post, deleting one's data."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers.profile import me


def register(app: AnyApplication) -> None:
    """Add the feature's handlers, in order."""
    me.register(app)
