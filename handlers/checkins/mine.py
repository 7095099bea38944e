"""/mycheckins: the member's own finished check-ins, newest first, and each one's answers."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext
from bot.services.checkins import records
from bot.services.checkins.calendar import known_cycle
from bot.services.checkins.cycles import Cycle
from bot.services.checkins.records import Checkin, SheetLine
from handlers.broadcasts.admin_cards import show_in_place
from handlers.checkins.steps import show_answers
from handlers.checkins.week_label import week_label
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, keyboard

PAGE_SIZE = 8
PAGE, OPEN = "pg", "open"


def _cycle(context: BotContext, key: str) -> Cycle:
    cycle = known_cycle(key, context.runtime.settings.zone)
    assert cycle is not None, f"stored cycle key {key!r}"
    return cycle


def _status(context: BotContext, sheet: Checkin | SheetLine) -> str:
    """Sent, sent late, or on leave."""
    if sheet.status == "on_leave":
        return context.t("my_checkins.status.on_leave")
    return context.t("my_checkins.status.late" if sheet.late else "my_checkins.status.submitted")


async def _list_view(context: BotContext, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of the member's weeks, each a button to its answers (only that page is read)."""
    db, me = context.runtime.db, context.actor.telegram_id
    total = await records.finished_count(db, me)
    if not total:
        return context.t("my_checkins.none"), None
    pages = -(-total // PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    rows = []
    for line in await records.finished_page(db, me, page * PAGE_SIZE, PAGE_SIZE):
        week = week_label(context, _cycle(context, line.cycle))
        label = context.t("my_checkins.line", week=week, status=_status(context, line))
        rows.append([button(label, Prefix.MY_CHECKINS, OPEN, line.cycle)])
    navigation: list[InlineKeyboardButton] = []
    if page > 0:
        navigation.append(button(context.t("checkins_admin.newer"), Prefix.MY_CHECKINS, PAGE, page - 1))
    if page < pages - 1:
        navigation.append(button(context.t("checkins_admin.older"), Prefix.MY_CHECKINS, PAGE, page + 1))
    title = context.t("my_checkins.title", page=page + 1, pages=pages)
    return title, keyboard(*rows, navigation)


@requires(Action.MY_CHECKINS)
async def my_checkins(update: Update, context: BotContext) -> None:
    """/mycheckins: the first page of the member's weeks."""
    await answer(update, *await _list_view(context, 0))


@requires(Action.MY_CHECKINS)
async def press(update: Update, context: BotContext) -> None:
    """A page of the list, or one week's answers: only ever the presser's own sheets."""
    query, data = pressed(update)
    parts = data.parts if data is not None else ()
    if len(parts) == 2 and parts[0] == PAGE and parts[1].isdigit() and len(parts[1]) < 6:
        await query.answer()
        await show_in_place(update, *await _list_view(context, int(parts[1])))
        return
    if len(parts) == 2 and parts[0] == OPEN:
        await _open(update, context, parts[1])
        return
    await query.answer(context.t("button.stale"))


async def _open(update: Update, context: BotContext, key: str) -> None:
    """One of the member's weeks: the answers as the check-in's summary shows them."""
    query = pressed(update).query
    db, me = context.runtime.db, context.actor.telegram_id
    sheet = await records.get_checkin(db, key, me)
    if sheet is None or sheet.status == "draft":  # not theirs, a draft, or no such week: data only names one
        await query.answer(context.t("my_checkins.gone"), show_alert=True)
        return
    await query.answer()
    index, cycle = await records.newer_finished(db, me, key), _cycle(context, key)
    week = week_label(context, cycle)
    rows = []
    running = cycle.is_open(context.runtime.now())
    if running:  # the reminder's button: opens this week's /checkin, where the answers can change
        rows.append([button(context.t("my_checkins.change"), Prefix.CHECKIN, "start", cycle.key)])
    rows.append([button(context.t("my_checkins.back"), Prefix.MY_CHECKINS, PAGE, index // PAGE_SIZE)])
    markup = keyboard(*rows)
    if sheet.status == "on_leave":
        await answer(update, context.t("my_checkins.on_leave", week=week), markup)
        return
    title = context.t("my_checkins.sheet_title", week=week, status=_status(context, sheet))
    if running:
        title += "\n" + context.t("my_checkins.change_hint")
    await show_answers(update, context, sheet.answers, title, markup)


def register(app: AnyApplication) -> None:
    """Add /mycheckins and its buttons."""
    app.add_handler(CommandHandler(Action.MY_CHECKINS.value, my_checkins))
    app.add_handler(CallbackQueryHandler(press, pattern=pattern(Prefix.MY_CHECKINS)))
