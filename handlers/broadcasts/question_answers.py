"""Questions about a broadcast: the copy its author gets, and the author's reply going back to the asker.

The author answers by replying to the copy. That reply is looked up before /feedback's handler of
replies (which answers admins' replies to feedback copies) in a group of its own; a reply to anything
else goes on to the default group untouched, so both kinds of reply keep working.
"""

from __future__ import annotations

import logging
from html import escape

from telegram import Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

from bot.access import Action
from bot.runtime import AnyApplication, BotContext
from bot.services import broadcasts, people
from bot.services.broadcasts import Broadcast, Question
from bot.services.broadcasts.questions import MAX_ANSWER, asker_of, check_answer
from bot.text_input import TextProblem
from handlers import groups
from handlers.common.replies import answer, refuse

log = logging.getLogger(__name__)


async def forward_question(context: BotContext, broadcast: Broadcast, question: Question) -> bool:
    """Send the broadcast's author a copy to reply to: who asks, from which post and place, and what."""
    runtime = context.runtime
    language = await runtime.language_of(broadcast.author_id)
    user = context.actor.user
    asker = await asker_of(runtime.db, user.telegram_id, user.display_name)
    name = escape(asker.name)
    if user.username:
        name = runtime.text(
            language, "reactions.question.with_username", name=name, username=escape(user.username)
        )
    post = runtime.text(language, "reactions.question.no_post")
    if asker.tier is not None and asker.place is not None:
        post = runtime.text(
            language,
            "reactions.question.post",
            tier=runtime.text(language, f"tier.{asker.tier}"),
            place=escape(asker.place.full_name(language)),
        )
    text = runtime.text(
        language,
        "reactions.question.to_author",
        title=escape(broadcast.title),
        asker=name,
        post=post,
        question=escape(question.body),
    )
    try:
        copy = await context.bot.send_message(broadcast.author_id, text)
    except (Forbidden, BadRequest) as error:
        log.warning(
            "question %s not forwarded to author %s: %s", question.id, broadcast.author_id, error.message
        )
        return False
    await broadcasts.set_question_copy(runtime.db, question.id, broadcast.author_id, copy.message_id)
    return True


async def route_reply(update: Update, context: BotContext) -> None:
    """A reply in a private chat: if it answers a question copy, it is handled here and goes no further."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or message.reply_to_message is None or context.actor_or_none is None:
        return
    question = await broadcasts.question_by_copy(
        context.runtime.db, chat.id, message.reply_to_message.message_id
    )
    if question is None:
        return  # not a question copy: /feedback's replies and the rest go on as usual
    if not context.actor.may(Action.ANSWER_QUESTION):
        await refuse(update, context)
    else:
        await send_answer(update, context, question)
    raise ApplicationHandlerStop


async def send_answer(update: Update, context: BotContext, question: Question) -> None:
    """The author's answer goes to the asker with the broadcast's title and their question quoted."""
    message = update.effective_message
    assert message is not None
    if message.text is None:
        await answer(update, context.t("reactions.answer.text_only"))
        return
    checked = check_answer(message.text)
    if checked.problem is TextProblem.EMPTY:
        await answer(update, context.t("reactions.answer.empty"))
        return
    if checked.problem is TextProblem.TOO_LONG:
        await answer(
            update, context.t("reactions.answer.too_long", length=len(checked.text), limit=MAX_ANSWER)
        )
        return
    runtime = context.runtime
    broadcast = await broadcasts.get_broadcast(runtime.db, question.broadcast_id)
    title = escape(broadcast.title if broadcast is not None else "")
    language = await runtime.language_of(question.asker_id)
    text = runtime.text(
        language,
        "reactions.answer.to_asker",
        title=title,
        question=escape(question.body),
        answer=escape(checked.text),
    )
    try:
        await context.bot.send_message(question.asker_id, text)
    except Forbidden as error:
        await people.mark_unreachable(runtime.db, question.asker_id, error.message)
        await answer(update, context.t("reactions.answer.undelivered"))
        return
    except BadRequest as error:
        log.warning("answer to question %s not delivered: %s", question.id, error.message)
        await answer(update, context.t("reactions.answer.undelivered"))
        return
    await broadcasts.mark_answered(runtime.db, question.id)
    await answer(update, context.t("reactions.answer.delivered"))


def register(app: AnyApplication) -> None:
    """Add the handler of replies to question copies (its own group, before the default one)."""
    replies = filters.REPLY & filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.UpdateType.EDITED
    app.add_handler(
        MessageHandler(replies & ~filters.StatusUpdate.ALL, route_reply), group=groups.QUESTION_REPLIES
    )
