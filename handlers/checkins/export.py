"""Check-in exports for coordinators: a cycle's file from its screen, or a period typed as two dates.

Buttons (shown by /checkins): `cd:x:<cycle>:csv|xlsx` sends one cycle; `cd:xr` asks for a period, then
`cd:xf:<YYYYMMDD>:<YYYYMMDD>:csv|xlsx` sends it. Every press is checked again: the role, and that the
cycle or period exists and has begun (the data may be forged or come from an old message).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

from telegram import InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext
from bot.services.checkins import export
from bot.services.checkins.cycles import Cycle, parse_key
from bot.services.checkins.export import FILE_KINDS, FileKind
from bot.services.checkins.periods import (
    CycleRange,
    PeriodError,
    PeriodProblem,
    check_period,
    compact,
    cycles_for_dates,
    from_compact,
    parse_period,
)
from bot.time_format import shown_day
from handlers.checkins.steps import questions_of
from handlers.common.flows import flow
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, keyboard

PERIOD = "period"
# Button actions (the first part of Prefix.CHECKIN_EXPORT data): one week's file, ask for a period, its file.
CYCLE, ASK_PERIOD, PERIOD_FILE = "w", "r", "f"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # the Bot API's limit for a document a bot sends


def _today(context: BotContext) -> date:
    runtime = context.runtime
    return runtime.now().astimezone(runtime.settings.zone).date()


def _kind(text: str) -> FileKind | None:
    return next((kind for kind in FILE_KINDS if kind == text), None)


def _shown(first_day: date, last_day: date) -> str:
    return f"{shown_day(first_day)} – {shown_day(last_day)}"


@requires(Action.CHECKINS)
async def send_cycle(update: Update, context: BotContext) -> None:
    """`cd:x:<cycle>:<kind>`: one cycle's check-ins as a document."""
    query, data = pressed(update)
    parts = data.parts if data else ()
    kind = _kind(parts[2]) if len(parts) == 3 else None
    cycle = _known_cycle(context, parts[1]) if len(parts) == 3 else None
    if kind is None or cycle is None:
        await query.answer(context.t("checkin_export.unknown_cycle"), show_alert=True)
        return
    if cycle.opens > context.runtime.now():
        await query.answer(context.t("checkin_export.future_cycle"), show_alert=True)
        return
    await query.answer()
    last_day = (cycle.closes - timedelta(days=1)).date()
    period = f"{cycle.key} ({_shown(cycle.opens.date(), last_day)})"
    name = export.cycle_file_name(cycle, kind)
    await _send(update, context, CycleRange(cycle, cycle), kind, name, period)


def _known_cycle(context: BotContext, key: str) -> Cycle | None:
    """The cycle of a key exactly as the bot writes it (2026-W48), else None."""
    try:
        cycle = parse_key(key, context.runtime.settings.zone)
    except ValueError:
        return None
    return cycle if cycle.key == key else None


@requires(Action.CHECKINS)
async def ask_period(update: Update, context: BotContext) -> str:
    """`cd:xr`: ask for the period as two dates."""
    query = pressed(update).query
    await query.answer()
    await answer(update, context.t("checkin_export.ask_period"))
    return PERIOD


@requires(Action.CHECKINS)
async def receive_period(update: Update, context: BotContext) -> str | int:
    """The typed period: a specific hint when it cannot be used, else the format buttons."""
    message = update.effective_message
    assert message is not None
    today = _today(context)
    try:
        first_day, last_day = parse_period(message.text or "", today)
    except PeriodError as error:
        await answer(update, _period_hint(context, error, today))
        return PERIOD
    markup = keyboard(
        [
            button(
                context.t(f"checkin_export.{kind}"),
                Prefix.CHECKIN_EXPORT,
                PERIOD_FILE,
                compact(first_day),
                compact(last_day),
                kind,
            )
            for kind in FILE_KINDS
        ]
    )
    await answer(update, context.t("checkin_export.ask_format", period=_shown(first_day, last_day)), markup)
    return ConversationHandler.END


def _period_hint(context: BotContext, error: PeriodError, today: date) -> str:
    if error.problem is PeriodProblem.NO_SUCH_DAY:
        return context.t("checkin_export.period.no_such_day", day=error.text)
    if error.problem is PeriodProblem.FUTURE:
        return context.t("checkin_export.period.future", today=shown_day(today))
    return context.t(f"checkin_export.period.{error.problem.value}")


async def not_text(update: Update, context: BotContext) -> str:
    """A sticker or a file where the period was asked."""
    await answer(update, context.t("checkin_export.text_only"))
    return PERIOD


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel while the period is asked."""
    await answer(update, context.t("checkin_export.cancelled"))
    return ConversationHandler.END


@requires(Action.CHECKINS)
async def send_period(update: Update, context: BotContext) -> None:
    """`cd:xf:<first>:<last>:<kind>`: the period's check-ins as a document."""
    query, data = pressed(update)
    chosen = _period_file(data.parts if data else (), _today(context))
    if chosen is None:
        await query.answer(context.t("button.stale"), show_alert=True)
        return
    await query.answer()
    first_day, last_day, kind = chosen
    span = cycles_for_dates(first_day, last_day, context.runtime.settings.zone)
    name = export.period_file_name(first_day, last_day, kind)
    await _send(update, context, span, kind, name, _shown(first_day, last_day))


def _period_file(parts: tuple[str, ...], today: date) -> tuple[date, date, FileKind] | None:
    """The period and format of `xf` data, if they still make an export (else forged or stale)."""
    kind = _kind(parts[3]) if len(parts) == 4 else None
    if kind is None:
        return None
    try:
        first_day, last_day = from_compact(parts[1]), from_compact(parts[2])
        check_period(first_day, last_day, today)
    except ValueError:
        return None
    return first_day, last_day, kind


async def _send(
    update: Update, context: BotContext, span: CycleRange, kind: FileKind, name: str, period: str
) -> None:
    """Write the file beside the database, send it unless Telegram would refuse it, and remove it."""
    runtime = context.runtime
    # On disk, not in memory: a year of the network is ~76,000 rows (the temporary directory may be RAM).
    handle, temporary = tempfile.mkstemp(
        prefix="checkins-", suffix=f".{kind}", dir=runtime.settings.database_path.parent
    )
    os.close(handle)
    path = Path(temporary)
    try:
        written = await export.export_checkins(
            runtime.db,
            questions_of(context),
            span,
            kind,
            context.actor.language,
            catalogs=runtime.catalogs,
            zone=runtime.settings.zone,
            target=path,
        )
        if written.size <= MAX_UPLOAD_BYTES:
            chat = update.effective_chat
            assert chat is not None
            file = await asyncio.to_thread(path.open, "rb")
            try:  # the transport streams the file from disk: it is never whole in memory
                document = InputFile(file, filename=name, read_file_handle=False)
                await chat.send_document(document, caption=_caption(context, written.rows, period))
            finally:
                file.close()
            return
    finally:
        await asyncio.to_thread(path.unlink, missing_ok=True)
    # Refused only once the file is gone: nothing of it outlives the answer.
    megabytes = (written.size + 2**20 - 1) // 2**20
    await answer(update, context.t("checkin_export.too_big", size=megabytes, limit=MAX_UPLOAD_BYTES // 2**20))


def _caption(context: BotContext, rows: int, period: str) -> str:
    if rows == 0:
        return context.t("checkin_export.empty", period=period)
    return context.runtime.catalogs.plural(
        context.actor.language, "checkin_export.caption", rows, period=period
    )


def register(app: AnyApplication) -> None:
    """Add the period flow and the export buttons."""
    app.add_handler(
        flow(
            "checkin_export",
            Action.CHECKINS,
            entry_points=[
                CallbackQueryHandler(ask_period, pattern=pattern(Prefix.CHECKIN_EXPORT, ASK_PERIOD))
            ],
            states={
                PERIOD: [
                    MessageHandler(filters.TEXT & ~filters.COMMAND, receive_period),
                    MessageHandler(~filters.COMMAND & ~filters.StatusUpdate.ALL, not_text),
                ]
            },
            fallbacks=[CommandHandler(Action.CANCEL.value, cancel)],
        )
    )
    app.add_handler(CallbackQueryHandler(send_cycle, pattern=pattern(Prefix.CHECKIN_EXPORT, CYCLE)))
    app.add_handler(CallbackQueryHandler(send_period, pattern=pattern(Prefix.CHECKIN_EXPORT, PERIOD_FILE)))
