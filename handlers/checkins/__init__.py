"""Weekly check-ins: the flow, /away, the coordinators' weeks, one's own, exports."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers.checkins import away, export, flow, mine, weeks


def register(app: AnyApplication) -> None:
    """Add the feature's handlers, in order."""
    flow.register(app)
    away.register(app)
    weeks.register(app)
    mine.register(app)
    export.register(app)
