"""Coverage and the coordinators' roster tools: /stats (and its chart), /setstatus, /audit."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers import audit, setstatus, stats


def register(app: AnyApplication) -> None:
    """Add /stats, the /setstatus flow and /audit."""
    stats.register(app)
    setstatus.register(app)
    audit.register(app)
