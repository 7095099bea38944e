"""Editing a phone or an e-mail address from /me: ask, check, save; Remove clears it; /cancel leaves."""

from __future__ import annotations

from telegram import CallbackQuery, Update
from telegram.ext import ConversationHandler

from bot.access import Action
from bot.runtime import BotContext
from bot.services import profile as service
from bot.services.contacts import check_email, check_phone
from bot.services.profile import ContactField
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer
from handlers.profile import card

END = ConversationHandler.END
# The flow's states are the field being typed: "phone" or "email".
ASKING = {field.value: field for field in ContactField}


@requires(Action.EDIT_PROFILE)
async def begin_edit(update: Update, context: BotContext) -> str | None:
    """Ask for the new phone or e-mail."""
    query = pressed(update).query
    owned = await card.owned_press(update, context)
    if owned is None:
        return None
    field = ASKING.get(owned[1])
    if field is None:
        await query.answer(context.t("button.stale"))
        return None
    await query.answer()
    person = (await card.load(context)).person
    current = getattr(person, field.value) if person else None
    markup = card.prompt_keyboard(context, context.actor.telegram_id, field, current is not None)
    await answer(update, context.t(f"profile.ask.{field.value}"), markup)
    return field.value


async def _receive(update: Update, context: BotContext, field: ContactField) -> str | int:
    message = update.effective_message
    assert message is not None
    checked = check_phone(message.text) if field is ContactField.PHONE else check_email(message.text)
    if checked.problem is not None:
        await answer(update, context.t(f"profile.problem.{checked.problem.value}"))
        return field.value
    await service.save_contact(context.runtime.db, context.actor.user, field, checked.value)
    profile = await card.load(context)
    text = f"{context.t(f'profile.saved.{field.value}')}\n\n{card.card_text(context, profile)}"
    await answer(update, text, card.card_keyboard(context, profile))
    return END


@requires(Action.EDIT_PROFILE)
async def receive_phone(update: Update, context: BotContext) -> str | int:
    """Check and save the typed phone number."""
    return await _receive(update, context, ContactField.PHONE)


@requires(Action.EDIT_PROFILE)
async def receive_email(update: Update, context: BotContext) -> str | int:
    """Check and save the typed e-mail address."""
    return await _receive(update, context, ContactField.EMAIL)


async def not_text(update: Update, context: BotContext) -> None:
    """A sticker or a photo where a contact was asked for."""
    await answer(update, context.t("profile.text_only"))


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel while typing a contact."""
    await answer(update, context.t("profile.edit_cancelled"))
    return END


async def clear(query: CallbackQuery, context: BotContext, choice: str) -> None:
    """The Remove button under the prompt: clear the contact, show the card."""
    field = ASKING.get(choice)
    if field is None:
        await query.answer(context.t("button.stale"))
        return
    await service.save_contact(context.runtime.db, context.actor.user, field, None)
    await query.answer()
    await card.show_card(query, context, context.t(f"profile.removed.{field.value}"))


async def cancel_from_button(query: CallbackQuery, context: BotContext, choice: str) -> None:
    """The Cancel button under the prompt."""
    await query.answer()
    await card.replace_shown(query, context.t("profile.edit_cancelled"), None)
