"""A check-in week as people name it: "Тиждень 48 (23–29.11)"."""

from __future__ import annotations

from datetime import timedelta

from bot.runtime import BotContext
from bot.services.checkins.cycles import Cycle


def week_span(cycle: Cycle) -> str:
    """Monday to Sunday: "23–29.11", or "30.11–06.12" across months."""
    first, last = cycle.opens.date(), (cycle.closes - timedelta(days=1)).date()
    if first.month == last.month:
        return f"{first:%d}–{last:%d.%m}"
    return f"{first:%d.%m}–{last:%d.%m}"


def week_label(context: BotContext, cycle: Cycle) -> str:
    """The week's number and days, in the reader's language."""
    return context.t("checkins_admin.week", week=cycle.week, span=week_span(cycle))
