"""Joining the network: invites, requests and decisions, shared contacts, the privacy Accept."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers.joining import invite, join, onboarding, pending


def register(app: AnyApplication) -> None:
    """Add the feature's handlers, in order."""
    invite.register(app)
    join.register(app)
    pending.register(app)
    onboarding.register(app)  # after /join, whose flow takes a shared contact first
