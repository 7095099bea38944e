"""Joining the network: invites, requests and decisions, shared contacts, the privacy Accept."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers import invite, join, onboarding, pending


def register(app: AnyApplication) -> None:
    """Add every joining handler (invite links themselves arrive through /start)."""
    invite.register(app)
    join.register(app)
    pending.register(app)
    onboarding.register(app)
