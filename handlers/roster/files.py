"""Roster files in the bot: a coordinator sends a CSV/XLSX, sees a preview, applies or cancels; /export."""

from __future__ import annotations

import html
import logging
from datetime import datetime

from telegram import Document, Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext
from bot.services.roster import export as roster_export, importing as roster_import
from bot.services.roster.importing import ImportPlan
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, keyboard
from handlers.fallback.unhandled import text_hint

log = logging.getLogger(__name__)

# The pending import, in the uploader's persisted user_data (plain JSON, so it survives a restart):
# the file is fetched again from Telegram on Apply and planned anew, so nothing stale is written.
PENDING = "roster_import"
MAX_FILE_MB = 10
SHOWN_BAD_ROWS = 20
PREVIEW_BUDGET = 3500  # characters of bad rows in one message, well under Telegram's 4096
FORMATS = ("csv", "xlsx")


def _is_roster_file(document: Document) -> bool:
    name = (document.file_name or "").lower()
    return name.endswith((".csv", ".xlsx"))


async def _download(context: BotContext, file_id: str) -> bytes | None:
    try:
        telegram_file = await context.bot.get_file(file_id)
        return bytes(await telegram_file.download_as_bytearray())
    except TelegramError as error:
        log.warning("roster file %s not downloaded: %s", file_id, error.message)
        return None


async def receive_document(update: Update, context: BotContext) -> None:
    """A document in the private chat: a coordinator's roster file is previewed; others get the hint."""
    message = update.effective_message
    if message is None or message.document is None or context.actor_or_none is None:
        return
    # Not @requires: a member who sends some file should get the usual hint, not "not available to you".
    if not context.actor.may(Action.IMPORT_ROSTER):
        await text_hint(update, context)
        return
    document = message.document
    if not _is_roster_file(document):
        await answer(update, context.t("roster_import.not_a_roster"))
        return
    if (document.file_size or 0) > MAX_FILE_MB * 1024 * 1024:
        await answer(update, context.t("roster_import.too_big", limit=MAX_FILE_MB))
        return
    await _preview(update, context, document.file_id, document.file_name or "roster.csv")


async def _plan(context: BotContext, file_id: str, file_name: str) -> ImportPlan | None:
    content = await _download(context, file_id)
    if content is None:
        return None
    runtime = context.runtime
    return await roster_import.plan_file(runtime.db, content, file_name, runtime.settings.target_city)


async def _preview(update: Update, context: BotContext, file_id: str, file_name: str) -> None:
    """Plan the file and show the counts, the bad rows, and Apply / Cancel when there is something to do."""
    plan = await _plan(context, file_id, file_name)
    if plan is None:
        await answer(update, context.t("roster_import.download_failed"))
        return
    context.flow_data.pop(PENDING, None)
    catalogs, language = context.runtime.catalogs, context.actor.language
    summary = html.escape(roster_import.summary_text(catalogs, language, plan))
    text = context.t("roster_import.preview", file=html.escape(file_name), summary=summary)
    if plan.bad_rows:
        await _show_bad_rows(update, context, plan, text, file_name)
        return
    if not plan.has_changes:
        await answer(update, f"{text}\n\n{context.t('roster_import.nothing')}")
        return
    context.flow_data[PENDING] = {
        "file_id": file_id,
        "file_name": file_name,
        "digest": plan.digest,
        "uploader": context.actor.telegram_id,
    }
    markup = keyboard(
        [
            button(context.t("roster_import.apply"), Prefix.IMPORT, "apply", plan.digest),
            button(context.t("button.cancel"), Prefix.IMPORT, "cancel", plan.digest),
        ]
    )
    await answer(update, f"{text}\n\n{context.t('roster_import.preview_ask')}", markup)


async def _show_bad_rows(
    update: Update, context: BotContext, plan: ImportPlan, text: str, file_name: str
) -> None:
    """The first bad rows in the message; all of them as a file when they do not fit."""
    catalogs, language = context.runtime.catalogs, context.actor.language
    lines = [roster_import.bad_row_text(catalogs, language, bad) for bad in plan.bad_rows]
    shown: list[str] = []
    for line in lines[:SHOWN_BAD_ROWS]:
        if sum(len(kept) + 1 for kept in shown) + len(line) > PREVIEW_BUDGET:
            break
        shown.append(html.escape(line))
    body = context.t("roster_import.preview_bad", lines="\n".join(shown))
    if len(shown) < len(lines):
        body += "\n" + context.t("roster_import.preview_more", count=len(lines) - len(shown))
    await answer(update, f"{text}\n\n{body}")
    if len(shown) < len(lines):
        chat = update.effective_chat
        assert chat is not None
        caption = context.t("roster_import.bad_rows_caption", file=html.escape(file_name))
        await chat.send_document(
            ("\n".join(lines) + "\n").encode("utf-8"), filename="bad-rows.txt", caption=caption
        )


@requires(Action.IMPORT_ROSTER)
async def press_import(update: Update, context: BotContext) -> None:
    """Apply or Cancel: only the uploader's own, still pending import; re-planned before writing."""
    query, data = pressed(update)
    parts = data.parts if data else ()
    pending = context.flow_data.get(PENDING)
    current = (
        len(parts) == 2
        and parts[0] in ("apply", "cancel")
        and isinstance(pending, dict)
        and pending.get("digest") == parts[1]
        and pending.get("uploader") == context.actor.telegram_id
    )
    if not current or not isinstance(pending, dict):
        await query.answer(context.t("roster_import.expired"), show_alert=True)
        return
    await query.answer()
    await _drop_buttons(query.message)
    if parts[0] == "cancel":
        context.flow_data.pop(PENDING, None)
        await answer(update, context.t("roster_import.cancelled"))
        return
    await _apply(update, context, pending)


async def _apply(update: Update, context: BotContext, pending: dict[str, object]) -> None:
    file_id, file_name = str(pending["file_id"]), str(pending["file_name"])
    plan = await _plan(context, file_id, file_name)
    if plan is None:
        await answer(update, context.t("roster_import.download_failed"))
        return
    if plan.digest != pending["digest"] or not plan.has_changes:
        await answer(update, context.t("roster_import.roster_changed"))
        await _preview(update, context, file_id, file_name)
        return
    await roster_import.apply_plan(context.runtime.db, plan, context.actor.telegram_id, f"bot {file_name}")
    context.flow_data.pop(PENDING, None)
    await answer(
        update,
        context.t("roster_import.done", added=plan.added, changed=plan.changed, unchanged=plan.unchanged),
    )


async def _drop_buttons(message: object) -> None:
    if isinstance(message, Message):
        try:
            await message.edit_reply_markup(None)
        except TelegramError as error:
            log.info("import preview buttons not removed: %s", error.message)


# -- /export -------------------------------------------------------------------------------------


@requires(Action.EXPORT_ROSTER)
async def ask_format(update: Update, context: BotContext) -> None:
    """/export: CSV or XLSX?"""
    markup = keyboard(
        [button(context.t(f"roster_export.{kind}"), Prefix.EXPORT, kind) for kind in FORMATS],
    )
    await answer(update, context.t("roster_export.ask_format"), markup)


@requires(Action.EXPORT_ROSTER)
async def send_export(update: Update, context: BotContext) -> None:
    """The chosen format: the whole roster as a document."""
    query, data = pressed(update)
    kind = data.parts[0] if data and len(data.parts) == 1 else ""
    if kind not in FORMATS:
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    await _drop_buttons(query.message)
    runtime = context.runtime
    rows = await roster_export.export_rows(runtime.db)
    name = f"roster-{datetime.now(runtime.settings.zone):%Y-%m-%d}.{kind}"
    content = roster_export.file_bytes(rows, name)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(
        content, filename=name, caption=context.t("roster_export.caption", count=len(rows))
    )


def register(app: AnyApplication) -> None:
    """Add /export, its format buttons, the import buttons, and roster files sent as documents."""
    app.add_handler(CommandHandler(Action.EXPORT_ROSTER.value, ask_format))
    app.add_handler(CallbackQueryHandler(send_export, pattern=pattern(Prefix.EXPORT)))
    app.add_handler(CallbackQueryHandler(press_import, pattern=pattern(Prefix.IMPORT)))
    app.add_handler(MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE, receive_document))
