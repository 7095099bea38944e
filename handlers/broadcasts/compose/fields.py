"""/broadcast, the steps that ask for the message: title, text, link, owner, category and file."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.access import Action
from bot.runtime import BotContext
from bot.services.broadcasts import CATEGORIES, draft as checks
from bot.services.broadcasts.draft import MAX_OWNER, MAX_TITLE, TooLong
from bot.services.broadcasts.text import MAX_TEXT, utf16_length
from bot.text_input import TextProblem, clean
from handlers.broadcasts.compose.common import (
    ATTACHMENT,
    BODY,
    CATEGORY,
    LINK,
    OWNER,
    TITLE,
    ask,
    draft_of,
    next_step,
    read_press,
    start_over,
)
from handlers.broadcasts.compose.preview import show_preview
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer


async def _after(update: Update, context: BotContext, step: str, note: str | None = None) -> str:
    """The next step, or back to the preview when the author was changing one field."""
    draft = draft_of(context) or {}
    if draft.get("editing"):
        if note:
            await answer(update, note)
        return await show_preview(update, context)
    return await ask(update, context, next_step(step), note=note)


async def _refuse_length(update: Update, context: BotContext, too_long: TooLong) -> None:
    await answer(
        update,
        context.t(
            "broadcast_compose.message_too_long",
            length=too_long.length,
            max=MAX_TEXT,
            body_limit=too_long.body_limit,
        ),
    )


async def _short_field(update: Update, context: BotContext, step: str, key: str, limit: int) -> str:
    message = update.effective_message
    assert message is not None
    draft = draft_of(context)
    if draft is None:
        return await start_over(update, context)
    value, problem = checks.check_short(message.text, limit)
    if problem is TextProblem.EMPTY:
        await answer(update, context.t("broadcast_compose.field_empty"))
        return step
    if problem is TextProblem.TOO_LONG:
        await answer(update, context.t("broadcast_compose.field_too_long", limit=limit, length=len(value)))
        return step
    previous = draft.get(key)
    draft[key] = value
    too_long = checks.too_long(context.runtime.catalogs, draft)
    if too_long is not None:
        draft[key] = previous
        await _refuse_length(update, context, too_long)
        return step
    return await _after(update, context, step)


@requires(Action.BROADCAST)
async def receive_title(update: Update, context: BotContext) -> str:
    """The service's title: plain text."""
    return await _short_field(update, context, TITLE, "title", MAX_TITLE)


@requires(Action.BROADCAST)
async def receive_owner(update: Update, context: BotContext) -> str:
    """The body that owns the service: plain text."""
    return await _short_field(update, context, OWNER, "owner_body", MAX_OWNER)


@requires(Action.BROADCAST)
async def receive_body(update: Update, context: BotContext) -> str:
    """What the service does, with the author's own formatting (Telegram entities, as HTML)."""
    message = update.effective_message
    assert message is not None
    draft = draft_of(context)
    if draft is None:
        return await start_over(update, context)
    if not clean(message.text):
        await answer(update, context.t("broadcast_compose.field_empty"))
        return BODY
    previous = (draft.get("body_html"), draft.get("body_length"))
    # PTB renders the entities as Telegram HTML and escapes everything else: no other markup gets in.
    draft["body_html"] = message.text_html
    draft["body_length"] = utf16_length(message.text or "")
    too_long = checks.too_long(context.runtime.catalogs, draft)
    if too_long is not None:
        draft["body_html"], draft["body_length"] = previous
        await _refuse_length(update, context, too_long)
        return BODY
    return await _after(update, context, BODY, note=_caption_note(context, draft))


@requires(Action.BROADCAST)
async def receive_link(update: Update, context: BotContext) -> str:
    """The service's link: http(s) with a host."""
    message = update.effective_message
    assert message is not None
    draft = draft_of(context)
    if draft is None:
        return await start_over(update, context)
    link, problem = checks.check_link(message.text)
    if problem is not None:
        await answer(update, context.t(f"broadcast_compose.link_{problem}", max=checks.MAX_LINK))
        return LINK
    previous = draft.get("link")
    draft["link"] = link
    too_long = checks.too_long(context.runtime.catalogs, draft)
    if too_long is not None:
        draft["link"] = previous
        await _refuse_length(update, context, too_long)
        return LINK
    return await _after(update, context, LINK)


@requires(Action.BROADCAST)
async def text_only(update: Update, context: BotContext) -> None:
    """A photo, sticker or file where a text is asked for."""
    await answer(update, context.t("broadcast_compose.text_only"))


@requires(Action.BROADCAST)
async def use_buttons(update: Update, context: BotContext) -> None:
    """Typing where a choice by buttons is asked for."""
    await answer(update, context.t("broadcast_compose.use_buttons"))


@requires(Action.BROADCAST)
async def choose_category(update: Update, context: BotContext) -> str | None:
    """One of the eight categories."""
    press = await read_press(update, context)
    if press is None:
        return None
    query = pressed(update).query
    if press.action != "cat" or not press.values or press.values[0] not in CATEGORIES:
        await query.answer(context.t("button.stale"))
        return None
    category = press.values[0]
    press.draft["category"] = category
    await query.answer()
    await query.edit_message_text(
        context.t("broadcast_compose.category_chosen", category=context.t(f"category.{category}"))
    )
    return await _after(update, context, CATEGORY)


def _caption_note(context: BotContext, draft: dict[str, Any]) -> str | None:
    if draft.get("attachment_kind") and checks.fit_of(context.runtime.catalogs, draft) == "caption_apart":
        return context.t("broadcast_compose.caption_apart")
    return None


@requires(Action.BROADCAST)
async def receive_attachment(update: Update, context: BotContext) -> str:
    """A photo, or a document that is an image or a PDF."""
    message = update.effective_message
    assert message is not None
    draft = draft_of(context)
    if draft is None:
        return await start_over(update, context)
    if message.photo:
        draft["attachment_kind"], draft["attachment_file_id"] = "photo", message.photo[-1].file_id
    elif message.document is not None:
        kind = checks.attachment_kind_of_document(message.document.mime_type, message.document.file_name)
        if kind is None:
            await answer(update, context.t("broadcast_compose.attachment_wrong"))
            return ATTACHMENT
        draft["attachment_kind"], draft["attachment_file_id"] = kind, message.document.file_id
    else:
        await answer(update, context.t("broadcast_compose.attachment_wrong"))
        return ATTACHMENT
    return await _after(update, context, ATTACHMENT, note=_caption_note(context, draft))


@requires(Action.BROADCAST)
async def skip_attachment(update: Update, context: BotContext) -> str | None:
    """No file (or, when editing, drop the one there was)."""
    press = await read_press(update, context)
    if press is None:
        return None
    query = pressed(update).query
    if press.action != "skip":
        await query.answer(context.t("button.stale"))
        return None
    press.draft["attachment_kind"] = press.draft["attachment_file_id"] = None
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _after(update, context, ATTACHMENT)


@requires(Action.BROADCAST)
async def attachment_text(update: Update, context: BotContext) -> None:
    """Text where a file (or Skip) is asked for."""
    await answer(update, context.t("broadcast_compose.attachment_expected"))
