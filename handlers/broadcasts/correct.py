"""Correct a sent broadcast: the coordinator sends the new "what it does" text, with their formatting;
delivered copies are edited in place and queued ones go out corrected (bot.services.broadcasts.correct)."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.access import Action
from bot.callbacks import Prefix, pattern, unpack
from bot.runtime import AnyApplication, BotContext
from bot.services import broadcasts as service
from bot.services.broadcasts import NotEditableError
from bot.services.broadcasts.text import utf16_length
from handlers.broadcasts.admin_cards import ENDED, OPEN, current, detail_view, show_in_place
from handlers.common.flows import flow
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, keyboard

WRITING = "writing"
DRAFT = "broadcast_correct"
# Short enough to quote the current text in the question and stay under Telegram's 4,096.
QUOTE_LIMIT = 3000
STAYS_OPEN = ("too_long", "caption_too_long")


def _ids(data: str | None) -> tuple[int, int] | None:
    unpacked = unpack(data)
    parts = unpacked.parts if unpacked is not None else ()
    if len(parts) != 2 or not all(p.isdigit() and len(p) < 12 for p in parts):
        return None
    return int(parts[0]), int(parts[1])


@requires(Action.MANAGE_BROADCAST)
async def begin(update: Update, context: BotContext) -> str | int:
    """The Correct button: ask for the new text, quoting the current one."""
    query = pressed(update).query
    ids = _ids(query.data)
    broadcast = await current(context, ids[0]) if ids is not None else None
    if ids is None or broadcast is None:
        await query.answer(
            context.t("broadcasts_admin.gone" if ids else "button.stale"), show_alert=bool(ids)
        )
        return ConversationHandler.END
    if broadcast.status in ENDED:
        status = context.t(f"broadcasts_admin.status.{broadcast.status}")
        await query.answer(context.t("broadcast_correct.not_now", status=status), show_alert=True)
        await show_in_place(update, *await detail_view(context, broadcast, ids[1]))
        return ConversationHandler.END
    await query.answer()
    context.flow_data[DRAFT] = {"broadcast_id": broadcast.id, "page": ids[1]}
    text = context.t("broadcast_correct.ask", title=html.escape(broadcast.title))
    if broadcast.body_length <= QUOTE_LIMIT:
        text += "\n\n" + context.t("broadcast_correct.current", body=broadcast.body_html)
    await answer(update, text)
    return WRITING


async def receive(update: Update, context: BotContext) -> str | int:
    """The new text: apply it, or say why it does not fit."""
    message = update.effective_message
    assert message is not None and message.text is not None
    draft = context.flow_data.get(DRAFT) or {}
    if not context.actor.may(Action.MANAGE_BROADCAST):  # the role was taken away meanwhile
        context.flow_data.pop(DRAFT, None)
        await answer(update, context.t("access.denied"))
        return ConversationHandler.END
    broadcast = await current(context, int(draft.get("broadcast_id", 0)))
    if broadcast is None:
        context.flow_data.pop(DRAFT, None)
        await answer(update, context.t("broadcasts_admin.gone"))
        return ConversationHandler.END
    if not message.text.strip():
        await answer(update, context.t("broadcast_correct.empty"))
        return WRITING
    runtime = context.runtime
    try:
        done = await service.correct(
            runtime.db,
            runtime.deliveries(),
            runtime.catalogs,
            runtime.settings,
            broadcast,
            message.text_html,
            utf16_length(message.text),
            context.actor.telegram_id,
        )
    except NotEditableError as error:
        if error.reason in STAYS_OPEN:
            await answer(update, context.t(f"broadcast_correct.{error.reason}"))
            return WRITING
        context.flow_data.pop(DRAFT, None)
        status = context.t(f"broadcasts_admin.status.{error.reason}")
        await answer(update, context.t("broadcast_correct.not_now", status=status))
        return ConversationHandler.END
    context.flow_data.pop(DRAFT, None)
    language = context.actor.language
    lines = [
        context.t("broadcast_correct.done", title=html.escape(broadcast.title)),
        runtime.catalogs.plural(language, "broadcast_correct.editing", done.editing),
        runtime.catalogs.plural(language, "broadcast_correct.requeued", done.requeued),
    ]
    back = button(
        context.t("broadcast_correct.open"),
        Prefix.BROADCAST_ADMIN,
        OPEN,
        broadcast.id,
        int(draft.get("page", 0)),
    )
    await answer(update, "\n".join(lines), keyboard([back]))
    return ConversationHandler.END


async def not_text(update: Update, context: BotContext) -> str:
    """A photo or a sticker is not the text."""
    await answer(update, context.t("broadcast_correct.text_only"))
    return WRITING


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel: the broadcast stays as it was."""
    context.flow_data.pop(DRAFT, None)
    await answer(update, context.t("broadcast_correct.cancelled"))
    return ConversationHandler.END


def register(app: AnyApplication) -> None:
    """Add the correction flow; its entry is the Correct button of a /broadcasts view."""
    app.add_handler(
        flow(
            "broadcast_correct",
            Action.MANAGE_BROADCAST,
            entry_points=[CallbackQueryHandler(begin, pattern=pattern(Prefix.BROADCAST_CORRECT))],
            states={
                WRITING: [
                    MessageHandler(filters.TEXT & ~filters.COMMAND, receive),
                    MessageHandler(~filters.COMMAND & ~filters.StatusUpdate.ALL, not_text),
                ],
            },
            fallbacks=[CommandHandler(Action.CANCEL.value, cancel)],
            draft=DRAFT,
        )
    )
