"""/checkins: the network's check-in weeks for coordinators, each week's chart and digest, its details
(also pressed from the Friday digest by regional post holders), regions, and non-working weeks.

Every press is checked again: the week must be a real one that has started (marks: this week or the
next), the scope the whole network or a real region, and a regional holder may read only their region.
"""

from __future__ import annotations

from typing import Literal

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext
from bot.services.checkins import records
from bot.services.checkins.calendar import known_cycle, markable, set_nonworking, started_cycle
from bot.services.checkins.cycles import Cycle
from bot.services.checkins.digest import build_digest
from bot.services.checkins.digest_text import digest_details
from bot.services.checkins.place_names import PlaceNames, load_place_names
from handlers.broadcasts.admin_cards import show_in_place
from handlers.checkins.steps import questions_of
from handlers.checkins.week_cards import (
    ALL,
    BLOCKERS,
    NONWORKING,
    OFF,
    ON,
    OPEN,
    PAGE,
    REGIONS,
    SILENT,
    list_view,
    regions_view,
    send_week,
    toggle_button,
)
from handlers.checkins.week_label import week_label
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, refuse


@requires(Action.CHECKINS)
async def list_weeks(update: Update, context: BotContext) -> None:
    """/checkins: the newest weeks first, each with the network's participation."""
    await answer(update, *await list_view(context, 0))


async def _week(context: BotContext, key: str) -> Cycle | None:
    """The week a button names, if it may be opened (a forged, future or unknown week is None)."""
    runtime = context.runtime
    first = await records.first_cycle(runtime.db)
    return started_cycle(key, runtime.now(), runtime.settings.zone, first)


def _known_scope(scope: str, places: PlaceNames) -> bool:
    """The whole network, or a real region's code."""
    return scope == ALL or scope in places.region_codes


def _region(scope: str) -> str | None:
    """The region a known scope names; None for the whole network."""
    return None if scope == ALL else scope


@requires(Action.CHECKIN)  # members and up; each action below asks for more
async def press(update: Update, context: BotContext) -> None:
    """A button of the list, of a week, or of the Friday digest."""
    query, data = pressed(update)
    action, *rest = data.parts if data is not None and data.parts else ("",)
    if action in (BLOCKERS, SILENT) and len(rest) == 2:
        await _details(update, context, "blockers" if action == BLOCKERS else "silent", *rest)
        return
    if not context.actor.may(Action.CHECKINS):
        await refuse(update, context)
        return
    if action == PAGE and len(rest) == 1 and rest[0].isdigit() and len(rest[0]) < 6:
        await query.answer()
        await show_in_place(update, *await list_view(context, int(rest[0])))
    elif action == OPEN and len(rest) == 2:
        await _open(update, context, *rest)
    elif action == REGIONS and len(rest) == 1:
        await _regions(update, context, rest[0])
    elif action == NONWORKING and len(rest) == 2 and rest[1] in (ON, OFF):
        await _mark(update, context, rest[0], rest[1] == ON)
    else:
        await query.answer(context.t("button.stale"))


async def _refuse_week(update: Update, context: BotContext) -> None:
    await pressed(update).query.answer(context.t("checkins_admin.unknown_week"), show_alert=True)


async def _open(update: Update, context: BotContext, key: str, scope: str) -> None:
    """The week's chart and digest, for the network or one region."""
    query = pressed(update).query
    cycle = await _week(context, key)
    if cycle is None:
        await _refuse_week(update, context)
        return
    places = await load_place_names(context.runtime.db)
    if not _known_scope(scope, places):
        await query.answer(context.t("checkins_admin.unknown_region"), show_alert=True)
        return
    await query.answer()
    await send_week(update, context, cycle, _region(scope), places)


async def _regions(update: Update, context: BotContext, key: str) -> None:
    """The region picker, in place of the week's digest."""
    query = pressed(update).query
    cycle = await _week(context, key)
    if cycle is None:
        await _refuse_week(update, context)
        return
    await query.answer()
    await show_in_place(update, *regions_view(context, cycle, await load_place_names(context.runtime.db)))


async def _details(
    update: Update, context: BotContext, which: Literal["blockers", "silent"], key: str, scope: str
) -> None:
    """Blockers and help requests, or the silent: staff for any scope, a regional holder for theirs."""
    query = pressed(update).query
    runtime = context.runtime
    staff = context.actor.may(Action.CHECKINS)
    if not staff and await records.region_held_by(runtime.db, context.actor.telegram_id) != scope:
        await refuse(update, context)
        return
    cycle = await _week(context, key)
    if cycle is None:
        await _refuse_week(update, context)
        return
    places = await load_place_names(runtime.db)
    if not _known_scope(scope, places):
        await query.answer(context.t("checkins_admin.unknown_region"), show_alert=True)
        return
    await query.answer()
    digest = await build_digest(runtime.db, questions_of(context), cycle, _region(scope))
    for part in digest_details(digest, which, runtime.catalogs, context.actor.language, places):
        await answer(update, part)


async def _mark(update: Update, context: BotContext, key: str, nonworking: bool) -> None:
    """Mark this week or the next non-working, or working again; the pressed button turns over."""
    query = pressed(update).query
    runtime = context.runtime
    cycle = known_cycle(key, runtime.settings.zone)
    if cycle is None or not markable(cycle, runtime.now(), runtime.settings.zone):
        await query.answer(context.t("checkins_admin.not_markable"), show_alert=True)
        return
    changed = await set_nonworking(runtime.db, cycle, nonworking, context.actor.telegram_id)
    if not changed:
        already = "checkins_admin.already_marked" if nonworking else "checkins_admin.already_working"
        await query.answer(context.t(already))
    else:
        await query.answer()
        done = "checkins_admin.marked" if nonworking else "checkins_admin.unmarked"
        await answer(update, context.t(done, week=week_label(context, cycle)))
    message = query.message
    if isinstance(message, Message) and message.reply_markup is not None:
        turned = toggle_button(context, cycle, not nonworking)
        rows = [
            [turned if b.callback_data == query.data else b for b in row]
            for row in message.reply_markup.inline_keyboard
        ]
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows))


def register(app: AnyApplication) -> None:
    """Add /checkins and its buttons."""
    app.add_handler(CommandHandler(Action.CHECKINS.value, list_weeks))
    app.add_handler(CallbackQueryHandler(press, pattern=pattern(Prefix.CHECKIN_DIGEST)))
