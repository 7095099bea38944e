"""/feedback: messages to the admins, and their replies."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers.feedback import flow


def register(app: AnyApplication) -> None:
    """Add the feature's handlers, in order."""
    flow.register(app)
