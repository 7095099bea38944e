"""/start, /help and /language."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers.start import language, start


def register(app: AnyApplication) -> None:
    """Add the feature's handlers, in order."""
    start.register(app)
    language.register(app)
