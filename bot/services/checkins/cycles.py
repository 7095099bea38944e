"""Check-in cycles: one per ISO week in the configured zone, open from Monday 00:00 to Sunday 23:59."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Cycle:
    """An ISO week: its key ("2026-W48"), and when it opens and closes in the zone."""

    year: int
    week: int
    opens: datetime
    closes: datetime  # the first moment after the week: next Monday 00:00

    @property
    def key(self) -> str:
        """As stored: sorts in time order."""
        return f"{self.year}-W{self.week:02d}"

    def is_open(self, moment: datetime) -> bool:
        """Whether answers for this cycle are taken at `moment`."""
        return self.opens <= moment < self.closes

    def previous(self) -> Cycle:
        """The week before."""
        return cycle_at(self.opens - timedelta(days=1), self.opens.tzinfo)  # type: ignore[arg-type]


def cycle_at(moment: datetime, zone: ZoneInfo) -> Cycle:
    """The cycle a moment falls in, reckoned in `zone` (a week's end is local midnight on Sunday)."""
    local = moment.astimezone(zone)
    year, week, _ = local.isocalendar()
    return cycle_of(year, week, zone)


def cycle_of(year: int, week: int, zone: ZoneInfo) -> Cycle:
    """The cycle of an ISO year and week."""
    monday = date.fromisocalendar(year, week, 1)
    opens = datetime.combine(monday, time(0, 0), tzinfo=zone)
    closes = datetime.combine(monday + timedelta(days=7), time(0, 0), tzinfo=zone)
    return Cycle(year, week, opens, closes)


def parse_key(key: str, zone: ZoneInfo) -> Cycle:
    """A stored key ("2026-W48") back into its cycle; ValueError if it is not one."""
    year_text, separator, week_text = key.partition("-W")
    if not separator or not year_text.isdigit() or not week_text.isdigit():
        raise ValueError(f"{key!r} is not a cycle key like 2026-W48")
    return cycle_of(int(year_text), int(week_text), zone)
