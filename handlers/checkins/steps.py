"""Rendering the check-in: one question per message ("N of M"), and the summary of all answers."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardMarkup, Update

from bot.callbacks import Prefix
from bot.runtime import BotContext
from bot.services.checkins.questions import Question, asked, load_questions
from handlers.common.replies import answer, button, keyboard

# Telegram refuses messages over 4,096 characters; a summary of long answers is sent in parts.
MAX_MESSAGE = 4096
_QUESTIONS: dict[Path | None, tuple[Question, ...]] = {}


def questions_of(context: BotContext) -> tuple[Question, ...]:
    """The configured questions, read once per file."""
    path = context.runtime.settings.checkin_questions_file
    if path not in _QUESTIONS:
        _QUESTIONS[path] = load_questions(path)
    return _QUESTIONS[path]


def shown_answer(context: BotContext, value: Any) -> str:
    """An answer as the member sees it, escaped."""
    if value is None:
        return context.t("checkin.skipped")
    if isinstance(value, bool):
        return context.t("checkin.yes" if value else "checkin.no")
    return html.escape(str(value))


async def ask(
    update: Update, context: BotContext, answers: dict[str, Any], question_id: str, lead: str | None = None
) -> None:
    """Show one step: its number, the question and its buttons (below `lead`, the intro at the start)."""
    steps = asked(questions_of(context), answers)
    index = next(i for i, q in enumerate(steps) if q.id == question_id)
    question = steps[index]
    rows = []
    if question.kind == "yes_no":
        rows.append(
            [
                button(context.t("checkin.yes"), Prefix.CHECKIN, "yes"),
                button(context.t("checkin.no"), Prefix.CHECKIN, "no"),
            ]
        )
    navigation = []
    if index > 0:
        navigation.append(button(context.t("checkin.back"), Prefix.CHECKIN, "back"))
    navigation.append(button(context.t("checkin.skip"), Prefix.CHECKIN, "skip"))
    rows.append(navigation)
    if index == 0:
        rows.append([button(context.t("checkin.on_leave"), Prefix.CHECKIN, "leave")])
    text = context.t(
        "checkin.step",
        number=index + 1,
        total=len(steps),
        question=html.escape(question.text(context.actor.language)),
    )
    if question.optional:
        text += "\n" + context.t("checkin.optional")
    if lead is not None:
        text = f"{lead}\n\n{text}"
    await answer(update, text, keyboard(*rows))


def _chunks(blocks: list[str]) -> list[str]:
    """Blocks joined into messages under Telegram's limit; a block too long alone is cut in parts."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        while len(block) > MAX_MESSAGE:
            if current:
                messages.append(current)
                current = ""
            cut = block.rfind("\n", 0, MAX_MESSAGE)
            cut = cut if cut > 0 else MAX_MESSAGE
            # Never cut inside an HTML entity such as &amp;.
            amp = block.rfind("&", max(0, cut - 8), cut)
            if amp != -1 and ";" not in block[amp:cut]:
                cut = amp
            messages.append(block[:cut])
            block = block[cut:]
        joined = f"{current}\n\n{block}" if current else block
        if len(joined) > MAX_MESSAGE:
            messages.append(current)
            current = block
        else:
            current = joined
    if current:
        messages.append(current)
    return messages


async def show_answers(
    update: Update, context: BotContext, answers: dict[str, Any], title: str, markup: InlineKeyboardMarkup
) -> None:
    """All answers in the order asked, in as many messages as it takes; the buttons on the last."""
    language = context.actor.language
    blocks = [title]
    for question in asked(questions_of(context), answers):
        value = shown_answer(context, answers.get(question.id))
        blocks.append(f"<b>{html.escape(question.text(language))}</b>\n{value}")
    parts = _chunks(blocks)
    for part in parts[:-1]:
        await answer(update, part)
    await answer(update, parts[-1], markup)


def summary_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    """Confirm, Edit, Cancel under the summary."""
    return keyboard(
        [button(context.t("checkin.confirm"), Prefix.CHECKIN, "confirm")],
        [
            button(context.t("checkin.edit"), Prefix.CHECKIN, "edit"),
            button(context.t("checkin.cancel"), Prefix.CHECKIN, "cancel"),
        ],
    )


def edit_keyboard(context: BotContext, answers: dict[str, Any]) -> InlineKeyboardMarkup:
    """One button per question asked, to answer it again."""
    language = context.actor.language
    rows = []
    for number, question in enumerate(asked(questions_of(context), answers), start=1):
        label = question.text(language)
        label = label if len(label) <= 60 else label[:59] + "…"
        rows.append([button(f"{number}. {label}", Prefix.CHECKIN, "q", question.id)])
    rows.append([button(context.t("checkin.back"), Prefix.CHECKIN, "summary")])
    return keyboard(*rows)
