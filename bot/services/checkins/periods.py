"""Periods of check-ins to export: dates typed by people, and the cycles whose weeks they touch."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.services.checkins.cycles import Cycle, cycle_of

DAY_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
# Two dates apart by spaces, a hyphen or a dash: "01.10.2026 30.11.2026", "01.10.2026 – 30.11.2026".
_PERIOD = re.compile(r"^\s*(\d{1,2}\.\d{1,2}\.\d{4})\s*(?:[-–—]|\s)\s*(\d{1,2}\.\d{1,2}\.\d{4})\s*$")
COMPACT = "%Y%m%d"  # dates in button data: 20261001


class PeriodProblem(StrEnum):
    """Why a typed period is refused (the keys of the hints)."""

    FORMAT = "format"
    NO_SUCH_DAY = "no_such_day"
    REVERSED = "reversed"
    FUTURE = "future"


class PeriodError(ValueError):
    """A period that cannot be exported; `problem` says why, `text` is the offending part."""

    def __init__(self, problem: PeriodProblem, text: str = "") -> None:
        super().__init__(f"{problem.value}: {text}")
        self.problem = problem
        self.text = text


@dataclass(frozen=True)
class CycleRange:
    """The cycles from `first` to `last` inclusive; None is unbounded (every cycle stored that way)."""

    first: Cycle | None
    last: Cycle | None


def parse_day(text: str) -> date:
    """A date as YYYY-MM-DD or DD.MM.YYYY; ValueError otherwise."""
    for form in DAY_FORMATS:
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date like 2026-11-30 or 30.11.2026")


def parse_period(text: str, today: date) -> tuple[date, date]:
    """ "01.10.2026 30.11.2026" (or with a dash) into its days; PeriodError says what is wrong."""
    found = _PERIOD.match(text or "")
    if found is None:
        raise PeriodError(PeriodProblem.FORMAT)
    days = []
    for part in found.groups():
        try:
            days.append(datetime.strptime(part, "%d.%m.%Y").date())
        except ValueError:
            raise PeriodError(PeriodProblem.NO_SUCH_DAY, part) from None
    check_period(days[0], days[1], today)
    return days[0], days[1]


def check_period(first_day: date, last_day: date, today: date) -> None:
    """Refuse a reversed period, or one that has not begun (nothing can be stored for it yet)."""
    if first_day > last_day:
        raise PeriodError(PeriodProblem.REVERSED)
    if first_day > today:
        raise PeriodError(PeriodProblem.FUTURE)


def cycles_for_dates(first_day: date | None, last_day: date | None, zone: ZoneInfo) -> CycleRange:
    """The cycles whose weeks touch the days `first_day`..`last_day` (None: unbounded on that side)."""
    return CycleRange(
        None if first_day is None else _cycle_of_day(first_day, zone),
        None if last_day is None else _cycle_of_day(last_day, zone),
    )


def _cycle_of_day(day: date, zone: ZoneInfo) -> Cycle:
    year, week, _ = day.isocalendar()
    return cycle_of(year, week, zone)


def compact(day: date) -> str:
    """A date for button data (ASCII, short)."""
    return day.strftime(COMPACT)


def from_compact(text: str) -> date:
    """A date back from button data; ValueError if it is not one."""
    if len(text) != 8 or not text.isdigit():
        raise ValueError(f"{text!r} is not a YYYYMMDD date")
    return datetime.strptime(text, COMPACT).date()
