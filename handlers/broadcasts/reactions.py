"""The reaction buttons under every broadcast: "use" at once, "similar" and "question" ask for a text.

The text step is a persistent flow whose entry point is the button (a job or a broadcast cannot put a
user into a conversation). It runs in its own group before the default one, so that /feedback's
handler of replies and other flows' text steps do not take the member's text; whatever the member
does instead (another command or button) ends the step and goes on to the default group.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime
from html import escape
from typing import Any, cast

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext
from bot.services.broadcasts import REACTIONS, ReactionKind
from bot.services.broadcasts.questions import (
    MAX_NOTE,
    QUESTIONS_PER_DAY,
    NotReactableError,
    QuestionLimitError,
    Target,
    check_note,
    next_question_at,
    reaction_target,
    record,
)
from bot.text_input import TextProblem
from handlers import groups
from handlers.broadcasts.question_answers import forward_question
from handlers.common.flows import flow
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer

log = logging.getLogger(__name__)

WRITING = "note"
PENDING = "reaction_note"  # in flow_data: {"broadcast": id, "kind": kind, "message_id": pressed message}

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, object]]


def consumes(handler: Handler) -> Handler:
    """The update is this flow's: handlers of the default group must not see it too."""

    @functools.wraps(handler)
    async def wrapped(update: Update, context: BotContext) -> object:
        raise ApplicationHandlerStop(await handler(update, context))

    return wrapped


@consumes
@requires(Action.REACT)
async def press(update: Update, context: BotContext) -> object:
    """A reaction button: "use" is recorded at once, the other two ask for a text."""
    query, data = pressed(update)
    parts = data.parts if data else ()
    valid = len(parts) == 2 and parts[0].isdigit() and parts[1] in REACTIONS
    if not valid or query.message is None:  # forged, or on a message sent through inline mode
        await query.answer(context.t("button.stale"))
        return None
    kind = cast(ReactionKind, parts[1])
    try:
        target = await reaction_target(context.runtime.db, int(parts[0]), context.actor.telegram_id)
    except NotReactableError as refused:
        await query.answer(context.t(f"reactions.refused.{refused.reason}"), show_alert=True)
        return ConversationHandler.END
    runtime = context.runtime
    if kind == "use":
        keyboard, _ = await record(
            runtime.db, runtime.catalogs, context.actor.language, target, context.actor.telegram_id, kind
        )
        await show_choice(context, target, query.message.message_id, keyboard)
        await query.answer(context.t("reactions.saved.use"))
        context.flow_data.pop(PENDING, None)
        return ConversationHandler.END
    if kind == "question":
        next_at = await next_question_at(
            runtime.db, target.broadcast.id, context.actor.telegram_id, runtime.now()
        )
        if next_at is not None:
            context.flow_data.pop(PENDING, None)
            await query.answer(question_limit_text(context, next_at), show_alert=True)
            return ConversationHandler.END
    context.flow_data[PENDING] = {
        "broadcast": target.broadcast.id,
        "kind": kind,
        "message_id": query.message.message_id,
    }
    await query.answer()
    await answer(
        update,
        context.t(f"reactions.ask.{kind}", title=escape(target.broadcast.title), limit=MAX_NOTE),
    )
    return WRITING


@consumes
async def receive_note(update: Update, context: BotContext) -> object:
    """The description or the question: recorded, the buttons updated, a question passed on."""
    message = update.effective_message
    assert message is not None
    pending: dict[str, Any] | None = context.flow_data.get(PENDING)
    if pending is None or context.actor_or_none is None:
        return ConversationHandler.END
    checked = check_note(message.text)
    if checked.problem is TextProblem.EMPTY:
        await answer(update, context.t("reactions.note_empty"))
        return WRITING
    if checked.problem is TextProblem.TOO_LONG:
        await answer(update, context.t("reactions.note_too_long", length=len(checked.text), limit=MAX_NOTE))
        return WRITING
    context.flow_data.pop(PENDING, None)
    try:
        target = await reaction_target(context.runtime.db, pending["broadcast"], context.actor.telegram_id)
    except NotReactableError as refused:  # recalled while the member was typing
        await answer(update, context.t(f"reactions.refused.{refused.reason}"))
        return ConversationHandler.END
    kind = cast(ReactionKind, pending["kind"])
    runtime = context.runtime
    try:
        keyboard, question = await record(
            runtime.db,
            runtime.catalogs,
            context.actor.language,
            target,
            context.actor.telegram_id,
            kind,
            checked.text,
            now=runtime.now(),
        )
    except QuestionLimitError as limit:  # the cap was reached after the press (two presses, two texts)
        await answer(update, question_limit_text(context, limit.next_at))
        return ConversationHandler.END
    await show_choice(context, target, int(pending["message_id"]), keyboard)
    if question is None:
        await answer(update, context.t("reactions.saved.similar"))
    elif await forward_question(context, target.broadcast, question):
        await answer(update, context.t("reactions.question_sent"))
    else:
        await answer(update, context.t("reactions.question_saved_only"))
    return ConversationHandler.END


@consumes
async def not_text(update: Update, context: BotContext) -> object:
    """A sticker or a photo where a text was asked for."""
    await answer(update, context.t("reactions.text_only"))
    return WRITING


@consumes
async def cancel(update: Update, context: BotContext) -> object:
    """/cancel: no text, and the earlier reaction (if any) stays as it was."""
    context.flow_data.pop(PENDING, None)
    await answer(update, context.t("reactions.cancelled"))
    return ConversationHandler.END


async def leave(update: Update, context: BotContext) -> int:
    """Another command or button instead of the text: the step ends and that goes on as usual."""
    context.flow_data.pop(PENDING, None)
    return ConversationHandler.END


def question_limit_text(context: BotContext, next_at: datetime) -> str:
    """The member has asked as many questions about the broadcast as a day allows: when they may again."""
    runtime, language = context.runtime, context.actor.language
    zone = runtime.settings.zone
    local = next_at.astimezone(zone)
    time = f"{local:%H:%M}"
    if local.date() == runtime.now().astimezone(zone).date():
        return runtime.catalogs.plural(
            language, "reactions.question_limit.today", QUESTIONS_PER_DAY, time=time
        )
    return runtime.catalogs.plural(
        language, "reactions.question_limit.later", QUESTIONS_PER_DAY, time=time, date=f"{local:%d.%m}"
    )


async def show_choice(context: BotContext, target: Target, pressed_id: int, keyboard: str) -> None:
    """Mark the member's choice on the pressed message and on the broadcast itself (if a reminder was)."""
    markup = InlineKeyboardMarkup.de_json(json.loads(keyboard), context.bot)
    chat_id = target.copy.chat_id
    for message_id in dict.fromkeys((pressed_id, target.copy.message_id)):
        try:
            await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=markup)
        except (BadRequest, Forbidden) as error:  # unchanged, deleted, or too old: the choice is stored
            log.debug("reaction buttons of %s/%s not updated: %s", chat_id, message_id, error.message)


def register(app: AnyApplication) -> None:
    """Add the reaction buttons and their text step (in groups.REACTION_TEXT, before the default group)."""
    editless = ~filters.UpdateType.EDITED
    conversation = flow(
        "reactions",
        Action.REACT,
        entry_points=[CallbackQueryHandler(press, pattern=pattern(Prefix.REACTION))],
        states={
            WRITING: [
                MessageHandler(filters.TEXT & ~filters.COMMAND & editless, receive_note),
                MessageHandler(~filters.COMMAND & ~filters.StatusUpdate.ALL & editless, not_text),
            ],
        },
        fallbacks=[
            CommandHandler(Action.CANCEL.value, cancel),
            MessageHandler(filters.COMMAND, leave),
            CallbackQueryHandler(leave),
        ],
        draft=PENDING,
    )
    app.add_handler(conversation, group=groups.REACTION_TEXT)
