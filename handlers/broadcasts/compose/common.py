"""What every step of /broadcast shares: the states, the draft, its buttons and the step prompts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.callbacks import Prefix
from bot.runtime import BotContext
from bot.services.broadcasts import CATEGORIES
from bot.services.broadcasts.draft import MAX_OWNER, MAX_TITLE, new_draft
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, keyboard

# States of the flow; the text steps are named after the field they ask for.
TITLE, BODY, LINK, OWNER = "title", "body", "link", "owner"
CATEGORY, ATTACHMENT, AUDIENCE = "category", "attachment", "audience"
CONTROLS, SCHEDULE, SCHEDULE_CONFIRM = "controls", "schedule", "schedule_confirm"

DRAFT = "broadcast_draft"
STEPS = (TITLE, BODY, LINK, OWNER, CATEGORY, ATTACHMENT, AUDIENCE)
CANCEL = "x"  # the Cancel button's action, the same at every step
PREVIEW_BUTTON = "pv"  # the reaction buttons of a preview: shown as members see them, inert


@dataclass(frozen=True)
class Press:
    """A press on one of this draft's buttons: what it does, with its values."""

    draft: dict[str, Any]
    action: str
    values: tuple[str, ...]


def draft_of(context: BotContext) -> dict[str, Any] | None:
    """The draft being composed, if any."""
    draft: dict[str, Any] | None = context.flow_data.get(DRAFT)
    return draft


def control(context: BotContext, label: str, action: str, *values: str | int) -> InlineKeyboardButton:
    """A button of the current draft (its token makes buttons of older drafts stale)."""
    draft = draft_of(context) or {}
    return button(label, Prefix.BROADCAST_COMPOSE, draft.get("token", "0"), action, *values)


def cancel_row(context: BotContext) -> list[InlineKeyboardButton]:
    """The Cancel button every step has."""
    return [control(context, context.t("button.cancel"), CANCEL)]


async def read_press(update: Update, context: BotContext) -> Press | None:
    """The press, if it belongs to the draft being composed; otherwise it is answered as stale."""
    query, data = pressed(update)
    draft = draft_of(context)
    if data is None or len(data.parts) < 2 or draft is None or data.parts[0] != draft.get("token"):
        await query.answer(context.t("button.stale"))
        return None
    return Press(draft, data.parts[1], data.parts[2:])


def _header(context: BotContext, step: str, draft: dict[str, Any]) -> str:
    if draft.get("editing"):
        return context.t("broadcast_compose.editing")
    return context.t("broadcast_compose.step", n=STEPS.index(step) + 1, total=len(STEPS))


def category_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    """The eight categories, two to a row, and Cancel."""
    buttons = [control(context, context.t(f"category.{key}"), "cat", key) for key in CATEGORIES]
    return keyboard(*[buttons[i : i + 2] for i in range(0, len(buttons), 2)], cancel_row(context))


def audience_kinds_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    """All members / by tier / by region / coordinators / who did not react, and Cancel."""
    return keyboard(
        [control(context, context.t("broadcast_compose.audience.all"), "a", "all")],
        [control(context, context.t("broadcast_compose.audience.tiers"), "a", "tiers")],
        [control(context, context.t("broadcast_compose.audience.regions"), "a", "regions")],
        [control(context, context.t("broadcast_compose.audience.coordinators"), "a", "coordinators")],
        [control(context, context.t("broadcast_compose.audience.no_reaction"), "a", "no_reaction")],
        cancel_row(context),
    )


async def ask(update: Update, context: BotContext, step: str, note: str | None = None) -> str:
    """Ask for one field (with the step number, or "editing"); returns the step's state."""
    draft = draft_of(context) or {}
    limits = {TITLE: MAX_TITLE, OWNER: MAX_OWNER}
    prompt = context.t(f"broadcast_compose.ask.{step}", limit=limits.get(step, 0))
    text = "\n".join(part for part in (note, _header(context, step, draft), prompt) if part)
    markup: InlineKeyboardMarkup
    if step == CATEGORY:
        markup = category_keyboard(context)
    elif step == ATTACHMENT:
        skip = control(context, context.t("broadcast_compose.attachment.none"), "skip")
        markup = keyboard([skip], cancel_row(context))
    elif step == AUDIENCE:
        markup = audience_kinds_keyboard(context)
    else:
        markup = keyboard(cancel_row(context))
    await answer(update, text, markup)
    return step


async def start_over(update: Update, context: BotContext, note: str | None = None) -> str:
    """A new draft (an older one is dropped, its buttons go stale): ask for the title."""
    context.flow_data[DRAFT] = new_draft()
    return await ask(update, context, TITLE, note=note)


def next_step(step: str) -> str:
    """The step after this one when composing from the start."""
    return STEPS[STEPS.index(step) + 1]
