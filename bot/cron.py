"""Schedules written in crontab form, turned into APScheduler triggers.

Crontab counts days of the week from Sunday: 0 and 7 are Sunday, 1 is Monday. APScheduler 3's
CronTrigger counts from Monday: 0 is Monday, 6 is Sunday. A number copied from a crontab would fire
a day late, so the day-of-week field is expanded here (numbers, names, ranges, steps) and handed to
APScheduler as day names, which both read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # crontab order: 0 = Sunday


class CronError(ValueError):
    """A schedule that is not a five-field crontab line; the message says what is wrong."""


@dataclass(frozen=True)
class Schedule:
    """A crontab line: minute, hour, day of month, month, and the days of the week (crontab numbers)."""

    minute: str
    hour: str
    day: str
    month: str
    weekdays: frozenset[int]  # 0 = Sunday … 6 = Saturday; all seven when the field is *
    text: str

    def trigger(self, zone: ZoneInfo) -> CronTrigger:
        """The APScheduler trigger, in the configured zone."""
        names = ",".join(DAY_NAMES[day] for day in sorted(self.weekdays))
        return CronTrigger(
            minute=self.minute,
            hour=self.hour,
            day=self.day,
            month=self.month,
            day_of_week=names,
            timezone=zone,
        )


def parse_schedule(text: str) -> Schedule:
    """`M H DOM MON DOW`, e.g. `0 10 * * mon` or `0 10 * * 1`; raises CronError."""
    fields = text.split()
    if len(fields) != 5:
        raise CronError(f"{text!r} needs five fields: minute hour day month weekday, e.g. '0 10 * * mon'")
    minute, hour, day, month, weekday = fields
    schedule = Schedule(minute, hour, day, month, _weekdays(weekday), " ".join(fields))
    try:
        schedule.trigger(ZoneInfo("UTC"))
    except ValueError as error:
        raise CronError(f"{text!r}: {error}") from None
    return schedule


def _weekdays(field: str) -> frozenset[int]:
    days: set[int] = set()
    for item in field.lower().split(","):
        base, _, step_text = item.partition("/")
        step = _number(step_text, field) if step_text else 1
        if step < 1:
            raise CronError(f"weekday step in {field!r} must be 1 or more")
        if base == "*":
            first, last = 0, 6
        elif "-" in base:
            start, _, end = base.partition("-")
            first, last = _day(start, field), _day(end, field, end_of_range=True)
        else:
            first = last = _day(base, field)
        if last < first:
            raise CronError(f"weekday range {base!r} in {field!r} runs backwards")
        days.update(day % 7 for day in range(first, last + 1, step))
    return frozenset(days)


def _day(text: str, field: str, *, end_of_range: bool = False) -> int:
    if text in DAY_NAMES:
        day = DAY_NAMES.index(text)
        return 7 if end_of_range and day == 0 else day  # "fri-sun" ends on Sunday
    number = _number(text, field)
    if not 0 <= number <= 7:
        raise CronError(f"weekday {text!r} in {field!r} is not 0–7 (0 and 7 are Sunday) or a day name")
    return number


def _number(text: str, field: str) -> int:
    if not text.isdigit():
        raise CronError(f"{text!r} in {field!r} is not a number or a day name (mon, tue, …)")
    return int(text)
