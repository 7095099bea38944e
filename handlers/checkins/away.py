"""/away DD.MM.YYYY: a member is away until a date (no check-in asked); /away off ends it."""

from __future__ import annotations

from datetime import date, datetime

from telegram import Update
from telegram.ext import CommandHandler

from bot.access import Action
from bot.runtime import AnyApplication, BotContext
from bot.services.checkins import records
from bot.time_format import DAY, shown_day
from handlers.common.guards import requires
from handlers.common.replies import answer

OFF = "off"


def _shown(iso_day: str) -> str:
    return shown_day(date.fromisoformat(iso_day))


@requires(Action.AWAY)
async def away(update: Update, context: BotContext) -> None:
    """Show, set or end the member's absence."""
    runtime = context.runtime
    member = context.actor.telegram_id
    today = runtime.now().astimezone(runtime.settings.zone).date()
    argument = " ".join(context.args or []).strip()
    if not argument:
        until = await records.absence_on(runtime.db, member, today.isoformat())
        if until is None:
            await answer(update, context.t("checkin.away.none"))
        else:
            await answer(update, context.t("checkin.away.current", until=_shown(until)))
        return
    if argument.lower() == OFF:
        changed = await records.end_absences(runtime.db, member, today.isoformat())
        await answer(update, context.t("checkin.away.ended" if changed else "checkin.away.none"))
        return
    try:
        until_day = datetime.strptime(argument, DAY).date()
    except ValueError:
        await answer(update, context.t("checkin.away.bad_format"))
        return
    if until_day < today:
        await answer(update, context.t("checkin.away.past", today=shown_day(today)))
        return
    await records.set_absence(runtime.db, member, today.isoformat(), until_day.isoformat())
    await answer(update, context.t("checkin.away.set", until=shown_day(until_day)))


def register(app: AnyApplication) -> None:
    """Add /away."""
    app.add_handler(CommandHandler(Action.AWAY.value, away))
