"""/broadcasts: the recent broadcasts, paged, and each one's view with cancel, recall, remind, export."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.access import Action
from bot.callbacks import Prefix, pattern, unpack
from bot.runtime import AnyApplication, BotContext
from bot.services import broadcasts as service
from bot.services.broadcasts import Broadcast, NotEditableError, reaction_export, reports as broadcast_reports
from handlers.broadcasts.admin_cards import (
    CANCEL,
    OPEN,
    PAGE,
    RECALL,
    RECALL_SURE,
    REMIND,
    RUNNING,
    confirm_recall,
    current,
    detail_view,
    list_view,
    show_in_place,
)
from handlers.broadcasts.reaction_files import send_reactions_file
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer


@requires(Action.BROADCASTS)
async def list_broadcasts(update: Update, context: BotContext) -> None:
    """/broadcasts: the newest ten, each a button to its view."""
    text, markup = await list_view(context, 0)
    await answer(update, text, markup)


def _parsed(data: str | None) -> tuple[str, int, int] | None:
    """(action, number, page) from a button's data; the list's page buttons carry only the page."""
    unpacked = unpack(data)
    if unpacked is None or len(unpacked.parts) not in (2, 3):
        return None
    action, *numbers = unpacked.parts
    if not all(number.isdigit() and len(number) < 12 for number in numbers):
        return None
    values = [int(number) for number in numbers]
    return action, values[0], values[1] if len(values) > 1 else 0


@requires(Action.BROADCASTS)
async def press(update: Update, context: BotContext) -> None:
    """A button of the list or of a view; the broadcast and the action are checked again each time."""
    query = pressed(update).query
    parsed = _parsed(query.data)
    handler = _ACTIONS.get(parsed[0]) if parsed is not None else None
    if parsed is None or (handler is None and parsed[0] != PAGE):
        await query.answer(context.t("button.stale"))
        return
    action, number, page = parsed
    if handler is None:  # a page of the list
        await query.answer()
        await show_in_place(update, *await list_view(context, number))
        return
    if action != OPEN and not context.actor.may(Action.MANAGE_BROADCAST):
        await query.answer(context.t("access.denied"), show_alert=True)
        return
    broadcast = await current(context, number)
    if broadcast is None:
        await query.answer(context.t("broadcasts_admin.gone"), show_alert=True)
        return
    await handler(update, context, broadcast, page)


async def _open(update: Update, context: BotContext, broadcast: Broadcast, page: int) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer()
    await show_in_place(update, *await detail_view(context, broadcast, page))


async def _refresh(update: Update, context: BotContext, broadcast: Broadcast, page: int) -> None:
    """After a change: the view as the broadcast stands now."""
    await show_in_place(
        update, *await detail_view(context, await current(context, broadcast.id) or broadcast, page)
    )


async def _refuse_and_refresh(
    update: Update, context: BotContext, broadcast: Broadcast, page: int, key: str
) -> None:
    """The action no longer fits the broadcast: say why and show it as it is now."""
    assert update.callback_query is not None
    status = context.t(f"broadcasts_admin.status.{broadcast.status}")
    await update.callback_query.answer(context.t(key, status=status), show_alert=True)
    await show_in_place(update, *await detail_view(context, broadcast, page))


async def _cancel(update: Update, context: BotContext, broadcast: Broadcast, page: int) -> None:
    if broadcast.status not in RUNNING:
        await _refuse_and_refresh(update, context, broadcast, page, "broadcasts_admin.cancel_too_late")
        return
    runtime = context.runtime
    if not await service.cancel(runtime.db, runtime.deliveries(), broadcast, context.actor.telegram_id):
        broadcast = await current(context, broadcast.id) or broadcast
        await _refuse_and_refresh(update, context, broadcast, page, "broadcasts_admin.cancel_too_late")
        return
    assert update.callback_query is not None
    await update.callback_query.answer()
    await answer(update, context.t("broadcasts_admin.cancelled", title=html.escape(broadcast.title)))
    await _refresh(update, context, broadcast, page)


async def _ask_recall(update: Update, context: BotContext, broadcast: Broadcast, page: int) -> None:
    if broadcast.status == "recalled":
        await _refuse_and_refresh(update, context, broadcast, page, "broadcasts_admin.already_recalled")
        return
    assert update.callback_query is not None
    await update.callback_query.answer()
    await show_in_place(update, *confirm_recall(context, broadcast, page))


async def _recall(update: Update, context: BotContext, broadcast: Broadcast, page: int) -> None:
    runtime = context.runtime
    try:
        done = await service.recall(
            runtime.db, runtime.deliveries(), broadcast, context.actor.telegram_id, datetime.now(UTC)
        )
    except NotEditableError:
        await _refuse_and_refresh(update, context, broadcast, page, "broadcasts_admin.already_recalled")
        return
    assert update.callback_query is not None
    await update.callback_query.answer()
    language = context.actor.language
    lines = [
        context.t("broadcasts_admin.recalled", title=html.escape(broadcast.title)),
        runtime.catalogs.plural(language, "broadcasts_admin.recall_deleting", done.deleting),
    ]
    if done.too_old:
        lines.append(runtime.catalogs.plural(language, "broadcasts_admin.recall_too_old", done.too_old))
    await answer(update, "\n".join(lines))
    await _refresh(update, context, broadcast, page)


async def _remind(update: Update, context: BotContext, broadcast: Broadcast, page: int) -> None:
    runtime = context.runtime
    try:
        count = await service.remind(
            runtime.db,
            runtime.deliveries(),
            runtime.catalogs,
            runtime.settings,
            broadcast,
            context.actor.telegram_id,
        )
    except NotEditableError:
        await _refuse_and_refresh(update, context, broadcast, page, "broadcasts_admin.remind_ended")
        return
    assert update.callback_query is not None
    await update.callback_query.answer()
    if count == 0:
        await answer(update, context.t("broadcasts_admin.remind_nobody"))
    else:
        await answer(
            update, runtime.catalogs.plural(context.actor.language, "broadcasts_admin.reminding", count)
        )


async def _export(
    update: Update, context: BotContext, broadcast: Broadcast, kind: reaction_export.FileKind
) -> None:
    rows = await broadcast_reports.reactions_to_broadcast(context.runtime.db, broadcast.id)
    await send_reactions_file(
        update, context, rows, kind, title=broadcast.title, subject="broadcast", subject_id=broadcast.id
    )


async def _export_csv(update: Update, context: BotContext, broadcast: Broadcast, page: int) -> None:
    await _export(update, context, broadcast, "csv")


async def _export_xlsx(update: Update, context: BotContext, broadcast: Broadcast, page: int) -> None:
    await _export(update, context, broadcast, "xlsx")


_ACTIONS = {
    OPEN: _open,
    CANCEL: _cancel,
    RECALL: _ask_recall,
    RECALL_SURE: _recall,
    REMIND: _remind,
    "csv": _export_csv,
    "xlsx": _export_xlsx,
}


def register(app: AnyApplication) -> None:
    """Add /broadcasts and its buttons (after handlers.broadcasts.correct, whose button it leaves alone)."""
    app.add_handler(CommandHandler(Action.BROADCASTS.value, list_broadcasts))
    app.add_handler(CallbackQueryHandler(press, pattern=pattern(Prefix.BROADCAST_ADMIN)))
