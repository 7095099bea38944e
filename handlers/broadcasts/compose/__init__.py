"""/broadcast: composing a broadcast step by step, previewing it, sending or scheduling it."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers.broadcasts.compose import flow


def register(app: AnyApplication) -> None:
    """Add the /broadcast flow (its steps live in the package's other modules)."""
    flow.register(app)
