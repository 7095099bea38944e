"""Dates and times as the network reads them: 15.12.2026 and 15.12.2026 10:00, in the configured zone;
sortable ones (2026-12-15 10:00) in exported files."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

DAY = "%d.%m.%Y"
DAY_AND_TIME = "%d.%m.%Y %H:%M"
SORTABLE = "%Y-%m-%d %H:%M"


def shown_day(day: date) -> str:
    """ "15.12.2026"."""
    return day.strftime(DAY)


def shown_moment(moment: datetime, zone: ZoneInfo) -> str:
    """An aware moment as people in `zone` read it: "15.12.2026 10:00"."""
    return moment.astimezone(zone).strftime(DAY_AND_TIME)


def sortable_moment(moment: datetime, zone: ZoneInfo) -> str:
    """An aware moment in `zone` for a file's column: "2026-12-15 10:00" sorts as text."""
    return moment.astimezone(zone).strftime(SORTABLE)
