"""/feedback: topic by buttons, the text, confirm; delivered to the admins, who answer by replying."""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext
from bot.services import feedback as service
from bot.services.feedback import Feedback, Topic
from bot.text_input import TextProblem
from handlers.common.flows import flow
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, keyboard
from handlers.fallback.unhandled import text_hint

log = logging.getLogger(__name__)

CHOOSING_TOPIC, WRITING, CONFIRMING = "topic", "writing", "confirming"
DRAFT = "feedback_draft"


def _topic_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    topics = [
        button(context.t(f"feedback.topic.{topic.value}"), Prefix.FEEDBACK_TOPIC, topic.value)
        for topic in Topic
    ]
    return keyboard(
        topics[:2], topics[2:], [button(context.t("button.cancel"), Prefix.FEEDBACK_CONFIRM, "cancel")]
    )


@requires(Action.FEEDBACK)
async def begin(update: Update, context: BotContext) -> str | int:
    """Ask what the message is about."""
    if await service.over_daily_limit(context.runtime.db, context.actor.telegram_id):
        limit = context.runtime.catalogs.plural(context.actor.language, "feedback.limit", service.DAILY_LIMIT)
        await answer(update, limit)
        return ConversationHandler.END
    context.flow_data[DRAFT] = {}
    await answer(update, context.t("feedback.ask_topic"), _topic_keyboard(context))
    return CHOOSING_TOPIC


async def choose_topic(update: Update, context: BotContext) -> str:
    """Remember the topic and ask for the text."""
    query, data = pressed(update)
    if data is None or not data.parts or data.parts[0] not in {topic.value for topic in Topic}:
        await query.answer(context.t("button.stale"))
        return CHOOSING_TOPIC
    draft = context.flow_data.setdefault(DRAFT, {})
    draft["topic"] = data.parts[0]
    await query.answer()
    topic_name = context.t(f"feedback.topic.{data.parts[0]}")
    await query.edit_message_text(context.t("feedback.ask_text", topic=topic_name, limit=service.MAX_LENGTH))
    return WRITING


async def receive_text(update: Update, context: BotContext) -> str:
    """Check the text and show it back for confirmation."""
    message = update.effective_message
    assert message is not None
    checked = service.check_body(message.text)
    if checked.problem is not None:
        await _explain_problem(update, context, checked.problem, len(checked.text))
        return WRITING
    draft = context.flow_data.setdefault(DRAFT, {})
    draft["body"] = checked.text
    await _show_preview(update, context, draft)
    return CONFIRMING


async def _explain_problem(update: Update, context: BotContext, problem: TextProblem, length: int) -> None:
    if problem is TextProblem.EMPTY:
        await answer(update, context.t("feedback.text_empty"))
    else:
        await answer(update, context.t("feedback.text_too_long", limit=service.MAX_LENGTH, length=length))


async def not_text(update: Update, context: BotContext) -> str:
    """Stickers, photos and the like are not a message for the admins."""
    await answer(update, context.t("feedback.text_only"))
    return WRITING


async def _show_preview(update: Update, context: BotContext, draft: dict[str, str]) -> None:
    topic_name = context.t(f"feedback.topic.{draft['topic']}")
    markup = keyboard(
        [button(context.t("feedback.send"), Prefix.FEEDBACK_CONFIRM, "send")],
        [
            button(context.t("feedback.edit"), Prefix.FEEDBACK_CONFIRM, "edit"),
            button(context.t("button.cancel"), Prefix.FEEDBACK_CONFIRM, "cancel"),
        ],
    )
    text = context.t("feedback.preview", topic=topic_name, body=html.escape(draft["body"]))
    await answer(update, text, markup)


async def confirm(update: Update, context: BotContext) -> str | int:
    """Send, edit again, or cancel."""
    query, data = pressed(update)
    choice = data.parts[0] if data and data.parts else ""
    draft: dict[str, str] = context.flow_data.get(DRAFT, {})
    if choice == "cancel":
        return await _cancel_from_button(update, context)
    if choice == "edit" and "topic" in draft:
        await query.answer()
        await query.edit_message_reply_markup(None)
        await answer(update, context.t("feedback.ask_new_text", limit=service.MAX_LENGTH))
        return WRITING
    if choice != "send" or "body" not in draft:
        await query.answer(context.t("button.stale"))
        return CONFIRMING
    await query.answer()
    stored = await service.submit(
        context.runtime.db, context.actor.telegram_id, Topic(draft["topic"]), draft["body"]
    )
    context.flow_data.pop(DRAFT, None)
    await query.edit_message_reply_markup(None)
    delivered = await _deliver_to_admins(context, stored)
    await answer(update, context.t("feedback.sent" if delivered else "feedback.saved_only", number=stored.id))
    return ConversationHandler.END


async def _cancel_from_button(update: Update, context: BotContext) -> int:
    query = pressed(update).query
    context.flow_data.pop(DRAFT, None)
    await query.answer()
    await query.edit_message_text(context.t("feedback.cancelled"))
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel inside the flow."""
    context.flow_data.pop(DRAFT, None)
    await answer(update, context.t("feedback.cancelled"))
    return ConversationHandler.END


async def _deliver_to_admins(context: BotContext, feedback: Feedback) -> int:
    """Send a copy to every admin in their language; return how many got it."""
    runtime = context.runtime
    sender = context.actor.user
    delivered = 0
    for admin_id in sorted(runtime.settings.admin_ids):
        language = await runtime.language_of(admin_id)
        text = runtime.text(
            language,
            "feedback.to_admin",
            number=feedback.id,
            topic=runtime.text(language, f"feedback.topic.{feedback.topic}"),
            name=html.escape(sender.display_name),
            username=html.escape(f"@{sender.username}" if sender.username else "—"),
            user_id=sender.telegram_id,
            body=html.escape(feedback.body),
        )
        try:
            copy: Message = await context.bot.send_message(admin_id, text)
        except (Forbidden, BadRequest) as error:
            log.warning("feedback %s not delivered to admin %s: %s", feedback.id, admin_id, error.message)
            continue
        await service.record_copy(runtime.db, feedback.id, admin_id, copy.message_id)
        delivered += 1
    return delivered


async def answer_feedback(update: Update, context: BotContext) -> None:
    """An admin replied to a feedback copy: send the answer to its author."""
    message = update.effective_message
    assert message is not None and message.reply_to_message is not None
    if context.actor_or_none is None or not context.actor.may(Action.ANSWER_FEEDBACK):
        await text_hint(update, context)
        return
    runtime = context.runtime
    feedback = await service.find_by_copy(
        runtime.db, context.actor.telegram_id, message.reply_to_message.message_id
    )
    if feedback is None:
        await answer(update, context.t("feedback.reply_unknown"))
        return
    checked = service.check_body(message.text)
    if checked.problem is not None:
        await _explain_problem(update, context, checked.problem, len(checked.text))
        return
    language = await runtime.language_of(feedback.user_id)
    text = runtime.text(
        language, "feedback.answer_to_user", number=feedback.id, body=html.escape(checked.text)
    )
    try:
        await context.bot.send_message(feedback.user_id, text)
    except (Forbidden, BadRequest):
        await answer(update, context.t("feedback.answer_undelivered", number=feedback.id))
        return
    await service.add_answer(runtime.db, feedback.id, context.actor.telegram_id, checked.text)
    await answer(update, context.t("feedback.answer_delivered", number=feedback.id))


def register(app: AnyApplication) -> None:
    """Add the /feedback flow and the admins' replies."""
    conversation = flow(
        "feedback",
        Action.FEEDBACK,
        entry_points=[CommandHandler(Action.FEEDBACK.value, begin)],
        states={
            CHOOSING_TOPIC: [CallbackQueryHandler(choose_topic, pattern=pattern(Prefix.FEEDBACK_TOPIC))],
            WRITING: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, receive_text),
                MessageHandler(~filters.COMMAND & ~filters.StatusUpdate.ALL, not_text),
            ],
            CONFIRMING: [CallbackQueryHandler(confirm, pattern=pattern(Prefix.FEEDBACK_CONFIRM))],
        },
        fallbacks=[
            CommandHandler(Action.CANCEL.value, cancel),
            CallbackQueryHandler(_cancel_from_button, pattern=pattern(Prefix.FEEDBACK_CONFIRM, "cancel")),
        ],
        draft=DRAFT,
    )
    app.add_handler(conversation)
    app.add_handler(
        MessageHandler(
            filters.REPLY & filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, answer_feedback
        )
    )
