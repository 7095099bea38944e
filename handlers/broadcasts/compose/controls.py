"""/broadcast, the controls under the preview: send now, a test copy, edit, urgent, and scheduling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from bot.access import Action
from bot.jobs.broadcast_progress import start_following
from bot.runtime import BotContext
from bot.services import broadcasts
from bot.services.broadcasts import EmptyAudienceError, count_audience, publish
from bot.services.broadcasts.draft import audience_of, to_stored
from bot.services.broadcasts.timing import ScheduleError, parse_when, start_time
from bot.time_format import shown_moment
from handlers.broadcasts.compose.common import (
    AUDIENCE,
    CONTROLS,
    DRAFT,
    SCHEDULE,
    SCHEDULE_CONFIRM,
    STEPS,
    ask,
    cancel_row,
    control,
    draft_of,
    read_press,
)
from handlers.broadcasts.compose.preview import (
    controls_keyboard,
    controls_text,
    edit_keyboard,
    send_copy,
    show_controls,
    shown_time,
)
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, keyboard


@requires(Action.BROADCAST)
async def on_control(update: Update, context: BotContext) -> str | int | None:
    """A press on the control message or its edit menu."""
    press = await read_press(update, context)
    if press is None:
        return None
    query = pressed(update).query
    draft = press.draft
    if press.action == "go":
        await query.answer()
        return await publish_draft(update, context, datetime.now(UTC))
    if press.action == "test":
        await query.answer(context.t("broadcast_compose.test_sent"))
        await query.edit_message_reply_markup(None)
        await send_copy(update, context, draft)
        return await show_controls(update, context)
    if press.action == "urg":
        draft["urgent"] = not draft.get("urgent")
        await query.answer()
        text = await controls_text(context, draft)
        await query.edit_message_text(text, reply_markup=controls_keyboard(context, draft))
        return CONTROLS
    if press.action in ("ed", "bk"):
        await query.answer()
        menu = edit_keyboard(context) if press.action == "ed" else controls_keyboard(context, draft)
        await query.edit_message_reply_markup(menu)
        return CONTROLS
    if press.action == "ef" and press.values and press.values[0] in STEPS:
        await query.answer()
        await query.edit_message_reply_markup(None)
        draft["editing"] = True
        return await ask(update, context, press.values[0])
    if press.action == "sch":
        await query.answer()
        await query.edit_message_reply_markup(None)
        return await ask_when(update, context)
    await query.answer(context.t("button.stale"))
    return None


def _back_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    return keyboard([control(context, context.t("broadcast_compose.back"), "bk")], cancel_row(context))


async def ask_when(update: Update, context: BotContext, problem: str | None = None) -> str:
    """Ask for the date and time (in the configured zone)."""
    settings = context.runtime.settings
    tomorrow = datetime.now(settings.zone) + timedelta(days=1)
    example = shown_moment(tomorrow.replace(hour=10, minute=0), settings.zone)
    text = context.t("broadcast_compose.ask.when", zone=settings.timezone, example=example)
    if problem is not None:
        text = context.t(f"broadcast_compose.when_{problem}") + "\n" + text
    await answer(update, text, _back_keyboard(context))
    return SCHEDULE


@requires(Action.BROADCAST)
async def receive_when(update: Update, context: BotContext) -> str:
    """A typed date and time: checked, then confirmed with the recipients and the real start."""
    message = update.effective_message
    assert message is not None
    draft = draft_of(context)
    if draft is None:
        return await ask(update, context, AUDIENCE)
    settings = context.runtime.settings
    try:
        when = parse_when(message.text or "", settings.zone, datetime.now(UTC))
    except ScheduleError as error:
        return await ask_when(update, context, error.reason)
    draft["when"] = when.astimezone(UTC).isoformat()
    audience = audience_of(draft)
    assert audience is not None
    count = await count_audience(context.runtime.db, audience, settings)
    lines = [
        context.t("broadcast_compose.confirm_schedule", when=shown_time(context, when)),
        context.runtime.catalogs.plural(context.actor.language, "broadcast_compose.recipients", count),
    ]
    starts = start_time(when, settings.quiet_window, settings.zone, urgent=bool(draft.get("urgent")))
    if starts != when:
        lines.append(context.t("broadcast_compose.quiet_later", when=shown_time(context, starts)))
    markup = keyboard(
        [control(context, context.t("broadcast_compose.confirm"), "sc")],
        [
            control(context, context.t("broadcast_compose.other_time"), "sch"),
            control(context, context.t("broadcast_compose.back"), "bk"),
        ],
        cancel_row(context),
    )
    await answer(update, "\n".join(lines), markup)
    return SCHEDULE_CONFIRM


@requires(Action.BROADCAST)
async def on_schedule_press(update: Update, context: BotContext) -> str | int | None:
    """Back to the controls, another time, or confirm the schedule."""
    press = await read_press(update, context)
    if press is None:
        return None
    query = pressed(update).query
    await query.answer()
    stored_when = press.draft.get("when")
    if press.action == "sc" and stored_when:
        when = datetime.fromisoformat(stored_when)
        if when > datetime.now(UTC):
            return await publish_draft(update, context, when)  # it edits this message into the result
    await query.edit_message_reply_markup(None)
    if press.action == "bk":
        return await show_controls(update, context)
    if press.action == "sc" and stored_when:  # the time passed while the author was deciding
        return await ask_when(update, context, "past")
    return await ask_when(update, context)


async def publish_draft(update: Update, context: BotContext, requested: datetime) -> str | int:
    """Store the broadcast and queue it; the author gets a status message that keeps itself current."""
    draft: dict[str, Any] = draft_of(context) or {}
    runtime = context.runtime
    author_id = context.actor.telegram_id
    try:
        published = await publish(
            runtime.db,
            runtime.deliveries(),
            runtime.catalogs,
            runtime.settings,
            author_id,
            to_stored(draft),
            requested,
        )
    except EmptyAudienceError:
        draft["audience"] = None
        draft["editing"] = True
        return await ask(update, context, AUDIENCE, note=context.t("broadcast_compose.audience_emptied"))
    context.flow_data.pop(DRAFT, None)
    broadcast = published.broadcast
    lines = [
        context.runtime.catalogs.plural(
            context.actor.language, "broadcast_compose.published", published.recipients, number=broadcast.id
        )
    ]
    if published.starts_at > requested:
        lines.append(
            context.t("broadcast_compose.quiet_later", when=shown_time(context, published.starts_at))
        )
    elif broadcast.status == "scheduled":
        lines.append(context.t("broadcast_compose.scheduled", when=shown_time(context, published.starts_at)))
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.edit_message_text("\n".join(lines))
    else:
        await answer(update, "\n".join(lines))
    status = await answer(update, context.t("broadcast_compose.queued"))
    if status is not None:
        await broadcasts.set_progress_message(runtime.db, broadcast.id, status.chat_id, status.message_id)
    start_following(context.bot, runtime, broadcast.id)
    return ConversationHandler.END
