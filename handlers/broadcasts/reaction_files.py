"""Send coordinators the reactions as a CSV or XLSX file (of one broadcast, or of a whole service)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Literal

from telegram import Update

from bot.runtime import BotContext
from bot.services.broadcasts import reaction_export
from bot.services.broadcasts.reports import ReactionRow
from handlers.common.presses import pressed


async def send_reactions_file(
    update: Update,
    context: BotContext,
    rows: Sequence[ReactionRow],
    kind: reaction_export.FileKind,
    *,
    title: str,
    subject: Literal["broadcast", "service"],
    subject_id: int,
) -> None:
    """Answer the pressed button and send the file, or say there is nothing to export yet."""
    query = pressed(update).query
    chat = update.effective_chat
    assert chat is not None
    if not rows:
        await query.answer(context.t("broadcasts_admin.export_empty"), show_alert=True)
        return
    await query.answer()
    runtime = context.runtime
    language = context.actor.language
    content = reaction_export.export_bytes(runtime.catalogs, language, runtime.settings.zone, rows, kind)
    caption = runtime.catalogs.plural(
        language, "broadcasts_admin.export_caption", len(rows), title=html.escape(title)
    )
    await chat.send_document(
        content, filename=reaction_export.file_name(subject, subject_id, kind), caption=caption
    )
