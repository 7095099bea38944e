"""Last: what nothing else handled, and the error handler."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers.fallback import errors, unhandled


def register(app: AnyApplication) -> None:
    """Add the feature's handlers, in order."""
    unhandled.register(app)  # last in the default group
    errors.register(app)
