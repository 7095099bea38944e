"""The roster for coordinators: files in and out, coverage, post statuses."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers.roster import files, setstatus, stats


def register(app: AnyApplication) -> None:
    """Add the feature's handlers, in order."""
    files.register(app)  # roster CSV/XLSX sent as documents, import Apply/Cancel, /export
    stats.register(app)
    setstatus.register(app)
