"""/checkin: the weekly check-in, one question at a time, a summary, then confirm; /away lives in
handlers/checkins/away.py. Answers are saved after every step, so a restart resumes the draft."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext
from bot.services.checkins import records
from bot.services.checkins.cycles import cycle_at
from bot.services.checkins.questions import asked, parse_number
from handlers.checkins.steps import ask, edit_keyboard, questions_of, show_answers, summary_keyboard
from handlers.common.flows import flow
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, keyboard

ANSWERING, REVIEWING, PICKING, SUBMITTED = "answering", "reviewing", "picking", "submitted"
DRAFT = "checkin_draft"


def _draft(context: BotContext) -> dict[str, Any]:
    draft: dict[str, Any] = context.flow_data.setdefault(DRAFT, {})
    return draft


def _next_unanswered(context: BotContext, answers: dict[str, Any], after: str | None = None) -> str | None:
    """The first question asked but not answered (after `after`, if given), or None when all are."""
    steps = asked(questions_of(context), answers)
    start = 0
    if after is not None:
        start = next((i + 1 for i, q in enumerate(steps) if q.id == after), 0)
    for question in steps[start:]:
        if question.id not in answers:
            return question.id
    return None


@requires(Action.CHECKIN)
async def begin(update: Update, context: BotContext) -> str | int:
    """Start or resume this week's check-in, or show the one already sent."""
    runtime = context.runtime
    cycle = cycle_at(runtime.now(), runtime.settings.zone)
    sheet = await records.get_checkin(runtime.db, cycle.key, context.actor.telegram_id)
    context.flow_data[DRAFT] = {"cycle": cycle.key, "answers": {}, "current": None, "editing": False}
    if sheet is not None and sheet.status in ("submitted", "on_leave"):
        markup = keyboard([button(context.t("checkin.change"), Prefix.CHECKIN, "change")])
        if sheet.status == "on_leave":
            await answer(update, context.t("checkin.already_on_leave"), markup)
        else:
            _draft(context)["answers"] = dict(sheet.answers)
            await show_answers(update, context, sheet.answers, context.t("checkin.already_sent"), markup)
        return SUBMITTED
    answers = dict(sheet.answers) if sheet is not None else {}
    _draft(context)["answers"] = answers
    return await _go_on(update, context, None, lead=context.t("checkin.intro"))


@requires(Action.CHECKIN)
async def begin_from_reminder(update: Update, context: BotContext) -> str | int:
    """The reminder's "Start check-in" button: this week's check-in, even from an older reminder."""
    query, data = pressed(update)
    await query.answer()
    current = cycle_at(context.runtime.now(), context.runtime.settings.zone)
    if data is None or data.parts[1:] != (current.key,):
        await answer(update, context.t("checkin_send.week_over"))
    state: str | int = await begin(update, context)
    return state


async def _go_on(update: Update, context: BotContext, after: str | None, lead: str | None = None) -> str:
    """Ask the next unanswered question, or show the summary when none is left; `lead` goes above it."""
    draft = _draft(context)
    answers = draft["answers"]
    following = _next_unanswered(context, answers, None if draft["editing"] else after)
    if following is None:
        draft["current"] = None
        title = context.t("checkin.summary")
        title = title if lead is None else f"{lead}\n\n{title}"
        await show_answers(update, context, answers, title, summary_keyboard(context))
        return REVIEWING
    draft["current"] = following
    await ask(update, context, answers, following, lead)
    return ANSWERING


async def _store(update: Update, context: BotContext, value: Any) -> str:
    """Keep one answer (saved at once) and move on."""
    runtime = context.runtime
    draft = _draft(context)
    question_id = draft["current"]
    draft["answers"][question_id] = value
    # A follow-up no longer asked (its yes turned to no) must not linger in the sheet.
    kept = {q.id for q in asked(questions_of(context), draft["answers"])}
    draft["answers"] = {k: v for k, v in draft["answers"].items() if k in kept}
    await records.save_draft(runtime.db, draft["cycle"], context.actor.telegram_id, draft["answers"])
    return await _go_on(update, context, question_id)


def _current(context: BotContext) -> Any:
    draft = _draft(context)
    return next((q for q in questions_of(context) if q.id == draft.get("current")), None)


async def receive_text(update: Update, context: BotContext) -> str:
    """A typed answer: checked by the question's kind."""
    message = update.effective_message
    assert message is not None
    question = _current(context)
    if question is None:
        return await _go_on(update, context, None)
    text = (message.text or "").strip()
    if question.kind == "yes_no":
        await answer(update, context.t("checkin.use_buttons"))
        return ANSWERING
    if question.kind == "number":
        number = parse_number(text)
        if number is None:
            await answer(update, context.t("checkin.not_a_number"))
            return ANSWERING
        return await _store(update, context, number)
    if not text:
        await answer(update, context.t("checkin.empty"))
        return ANSWERING
    return await _store(update, context, text)


async def not_text(update: Update, context: BotContext) -> str:
    """Photos, stickers and the like are not an answer."""
    await answer(update, context.t("checkin.text_only"))
    return ANSWERING


async def press_step(update: Update, context: BotContext) -> str | int:
    """Yes / No / Back / Skip / On leave on a question."""
    query, data = pressed(update)
    choice = data.parts[0] if data and data.parts else ""
    question = _current(context)
    draft = _draft(context)
    if question is None:
        await query.answer(context.t("button.stale"))
        return ANSWERING
    steps = asked(questions_of(context), draft["answers"])
    index = next(i for i, q in enumerate(steps) if q.id == question.id)
    if choice in ("yes", "no") and question.kind == "yes_no":
        await query.answer()
        await query.edit_message_reply_markup(None)
        return await _store(update, context, choice == "yes")
    if choice == "skip":
        if not question.optional:
            await query.answer(context.t("checkin.required"), show_alert=True)
            return ANSWERING
        await query.answer()
        await query.edit_message_reply_markup(None)
        return await _store(update, context, None)
    if choice == "back" and index > 0:
        await query.answer()
        await query.edit_message_reply_markup(None)
        draft["current"] = steps[index - 1].id
        await ask(update, context, draft["answers"], draft["current"])
        return ANSWERING
    if choice == "leave" and index == 0:
        await query.answer()
        await query.edit_message_reply_markup(None)
        runtime = context.runtime
        late = await records.send_made(runtime.db, draft["cycle"], "digest")
        await records.mark_on_leave(runtime.db, draft["cycle"], context.actor.telegram_id, late=late)
        context.flow_data.pop(DRAFT, None)
        await answer(update, context.t("checkin.on_leave_done"))
        return ConversationHandler.END
    await query.answer(context.t("button.stale"))
    return ANSWERING


async def press_summary(update: Update, context: BotContext) -> str | int:
    """Confirm, Edit (pick a question), or Cancel under the summary."""
    query, data = pressed(update)
    parts = data.parts if data else ()
    choice = parts[0] if parts else ""
    draft = _draft(context)
    answers = draft.get("answers", {})
    if choice == "cancel":
        return await _cancel_from_button(update, context)
    if choice == "confirm" and _next_unanswered(context, answers) is None:
        await query.answer()
        await query.edit_message_reply_markup(None)
        runtime = context.runtime
        late = await records.send_made(runtime.db, draft["cycle"], "digest")
        await records.submit(runtime.db, draft["cycle"], context.actor.telegram_id, answers, late=late)
        context.flow_data.pop(DRAFT, None)
        await answer(update, context.t("checkin.thanks"))
        return ConversationHandler.END
    if choice == "edit":
        await query.answer()
        await query.edit_message_reply_markup(edit_keyboard(context, answers))
        return PICKING
    if choice == "summary":
        await query.answer()
        await query.edit_message_reply_markup(summary_keyboard(context))
        return REVIEWING
    if (
        choice == "q"
        and len(parts) == 2
        and any(q.id == parts[1] for q in asked(questions_of(context), answers))
    ):
        await query.answer()
        await query.edit_message_reply_markup(None)
        draft["editing"] = True
        draft["current"] = parts[1]
        await ask(update, context, answers, parts[1])
        return ANSWERING
    await query.answer(context.t("button.stale"))
    return REVIEWING


async def press_change(update: Update, context: BotContext) -> str:
    """Change a sheet already sent: the same steps, starting from its answers."""
    query = pressed(update).query
    await query.answer()
    await query.edit_message_reply_markup(None)
    draft = _draft(context)
    draft.setdefault("answers", {})
    draft["editing"] = False
    if draft.get("cycle") is None:
        draft["cycle"] = cycle_at(context.runtime.now(), context.runtime.settings.zone).key
    first = asked(questions_of(context), draft["answers"])[0]
    draft["current"] = first.id
    await ask(update, context, draft["answers"], first.id)
    return ANSWERING


async def _cancel_from_button(update: Update, context: BotContext) -> int:
    query = pressed(update).query
    await query.answer()
    await query.edit_message_reply_markup(None)
    context.flow_data.pop(DRAFT, None)
    await answer(update, context.t("checkin.cancelled"))
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel: leave; the draft saved so far stays for next time."""
    context.flow_data.pop(DRAFT, None)
    await answer(update, context.t("checkin.cancelled"))
    return ConversationHandler.END


def register(app: AnyApplication) -> None:
    """Add the /checkin flow and /away."""
    buttons = pattern(Prefix.CHECKIN)
    conversation = flow(
        "checkin",
        Action.CHECKIN,
        entry_points=[
            CommandHandler(Action.CHECKIN.value, begin),
            CallbackQueryHandler(begin_from_reminder, pattern=pattern(Prefix.CHECKIN, "start")),
        ],
        states={
            ANSWERING: [
                CallbackQueryHandler(press_step, pattern=buttons),
                MessageHandler(filters.TEXT & ~filters.COMMAND, receive_text),
                MessageHandler(~filters.COMMAND & ~filters.StatusUpdate.ALL, not_text),
            ],
            REVIEWING: [CallbackQueryHandler(press_summary, pattern=buttons)],
            PICKING: [CallbackQueryHandler(press_summary, pattern=buttons)],
            SUBMITTED: [CallbackQueryHandler(press_change, pattern=pattern(Prefix.CHECKIN, "change"))],
        },
        fallbacks=[CommandHandler(Action.CANCEL.value, cancel)],
        draft=DRAFT,
    )
    app.add_handler(conversation)
