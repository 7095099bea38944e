"""The admins' tools: granting and revoking the coordinator role, the audit log."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers.admin import audit, roles


def register(app: AnyApplication) -> None:
    """Add the feature's handlers, in order."""
    roles.register(app)
    audit.register(app)
