"""When a broadcast starts: the author's date and time, and quiet hours."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%y %H:%M")


class ScheduleError(ValueError):
    """The author's time cannot be used; `reason` is 'format' or 'past'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_when(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    """`DD.MM.YYYY HH:MM` or ISO 8601, in `zone` unless it names its own offset; not in the past."""
    cleaned = " ".join(text.split())
    when: datetime | None = None
    for form in FORMATS:
        try:
            when = datetime.strptime(cleaned, form)
            break
        except ValueError:
            continue
    if when is None:
        try:
            when = datetime.fromisoformat(cleaned)
        except ValueError:
            raise ScheduleError("format") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=zone)
    if when <= now:
        raise ScheduleError("past")
    return when


def in_quiet_hours(moment: datetime, window: tuple[time, time], zone: ZoneInfo) -> bool:
    """Whether `moment` falls inside the quiet window (which may span midnight)."""
    start, end = window
    if start == end:
        return False
    clock = moment.astimezone(zone).time().replace(tzinfo=None)
    if start < end:
        return start <= clock < end
    return clock >= start or clock < end


def start_time(requested: datetime, window: tuple[time, time], zone: ZoneInfo, *, urgent: bool) -> datetime:
    """When sending really starts: `requested`, or the end of the quiet hours it falls in."""
    if urgent or not in_quiet_hours(requested, window, zone):
        return requested
    local = requested.astimezone(zone)
    morning = datetime.combine(local.date(), window[1], tzinfo=zone)
    if morning <= local:
        morning = datetime.combine(local.date() + timedelta(days=1), window[1], tzinfo=zone)
    return morning
