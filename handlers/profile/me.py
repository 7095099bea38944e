"""/me: one's post, contacts and who sees them, language; leaving the post; deleting one's data."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import CallbackQuery, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.access import Action, Role
from bot.callbacks import Prefix, pattern
from bot.i18n import LANGUAGES
from bot.menus import set_personal_menu
from bot.runtime import AnyApplication, BotContext, actor_for
from bot.services import profile as service
from bot.services.clock import parse_stored
from bot.services.profile import ContactField, MessageCopy, Visibility
from handlers.common.flows import flow
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, refuse
from handlers.profile import card, contacts
from handlers.start.language import switch_language

log = logging.getLogger(__name__)

END = ConversationHandler.END
# Telegram lets a bot delete its messages for 48 hours after sending them.
DELETABLE_FOR = timedelta(hours=48)


@requires(Action.PROFILE)
async def show_profile(update: Update, context: BotContext) -> int:
    """/me: the card with its buttons (also ends a contact edit left open)."""
    profile = await card.load(context)
    await answer(update, card.card_text(context, profile), card.card_keyboard(context, profile))
    return END


async def _back(query: CallbackQuery, context: BotContext, choice: str) -> None:
    """Back to the card from a choice or a confirmation."""
    await query.answer()
    await card.show_card(query, context)


async def _visibility(query: CallbackQuery, context: BotContext, choice: str) -> None:
    """Show who may see the contacts; with a choice, save it."""
    owner = context.actor.telegram_id
    if not choice:
        person = (await card.load(context)).person
        current = person.contacts_visible_to if person else Visibility.MEMBERS.value
        await query.answer()
        await card.replace_shown(
            query, context.t("profile.visibility.ask"), card.visibility_keyboard(context, owner, current)
        )
        return
    if choice not in {visibility.value for visibility in Visibility}:
        await query.answer(context.t("button.stale"))
        return
    await service.set_visibility(context.runtime.db, context.actor.user, Visibility(choice))
    await query.answer(context.t("profile.visibility.saved"))
    await card.show_card(query, context)


async def _language(query: CallbackQuery, context: BotContext, choice: str) -> None:
    """The /language mechanism from the card: save, answer in the new language, menu follows."""
    if not choice:
        await query.answer()
        await card.replace_shown(
            query, context.t("language.choose"), card.language_keyboard(context, context.actor.telegram_id)
        )
        return
    if choice not in LANGUAGES:
        await query.answer(context.t("button.stale"))
        return
    await switch_language(context, choice)
    await query.answer(context.t("language.saved"))
    await card.show_card(query, context)


async def _leave(query: CallbackQuery, context: BotContext, choice: str) -> None:
    """Ask to confirm; with the post's id, leave it if it is still theirs."""
    profile = await card.load(context)
    if profile.post is None:
        await query.answer(context.t("profile.leave.not_held"), show_alert=True)
        await card.show_card(query, context)
        return
    if not choice:
        await query.answer()
        text = context.t("profile.leave.confirm", post=card.post_text(context, profile))
        markup = card.confirm_keyboard(context, context.actor.telegram_id, card.LEAVE, profile.post.id)
        await card.replace_shown(query, text, markup)
        return
    db, owner = context.runtime.db, context.actor.telegram_id
    left = await service.leave_post(db, owner, int(choice)) if choice.isdigit() else None
    if left is None:
        await query.answer(context.t("profile.leave.not_held"), show_alert=True)
        await card.show_card(query, context)
        return
    await query.answer()
    await card.show_card(query, context, context.t("profile.leave.done"))


async def _delete(query: CallbackQuery, context: BotContext, choice: str) -> None:
    """Explain what goes and ask to confirm; confirmed, erase everything and make them a stranger."""
    owner = context.actor.telegram_id
    if choice != card.CONFIRMED:
        await query.answer()
        await card.replace_shown(
            query,
            context.t("profile.delete.confirm"),
            card.confirm_keyboard(context, owner, card.DELETE, card.CONFIRMED),
        )
        return
    runtime = context.runtime
    language = runtime.settings.default_language  # the label is stored in others' text: one language

    def label(number: int) -> str:
        return runtime.text(language, "erased.person", number=number)

    erased = await service.delete_data(runtime.db, owner, label)
    context.application.drop_user_data(owner)  # PTB's copy in memory, so it is not written back
    # The account row is gone; the next update finds a stranger. Give back the general menu now.
    former = dataclasses.replace(context.actor.user, role=Role.STRANGER.value, language=None)
    await set_personal_menu(context.bot, runtime, actor_for(former, runtime.settings))
    await query.answer()
    await _delete_copies(context, erased.copies)
    await card.replace_shown(query, context.t("profile.delete.done"), None)


async def _delete_copies(context: BotContext, copies: list[MessageCopy]) -> None:
    """Their messages the bot copied into others' chats go too, where Telegram still allows it."""
    oldest = context.runtime.now() - DELETABLE_FOR
    for copy in copies:
        if parse_stored(copy.sent_at) < oldest:
            continue
        try:
            await context.bot.delete_message(copy.chat_id, copy.message_id)
        except (BadRequest, Forbidden) as error:
            log.info("copy %s/%s not deleted: %s", copy.chat_id, copy.message_id, error.message)


_BUTTONS: dict[str, Callable[[CallbackQuery, BotContext, str], Awaitable[None]]] = {
    card.CLEAR: contacts.clear,
    card.CANCEL: contacts.cancel_from_button,
    card.BACK: _back,
    card.VISIBILITY: _visibility,
    card.LANGUAGE: _language,
    card.LEAVE: _leave,
    card.DELETE: _delete,
}


# What outsiders may press on their /me: everything else changes a member's record.
_FOR_EVERYONE = frozenset({card.BACK, card.LANGUAGE, card.DELETE})


@requires(Action.PROFILE)
async def on_button(update: Update, context: BotContext) -> None:
    """Every /me button but "edit": check the presser owns the profile, then do what it says."""
    query = pressed(update).query
    owned = await card.owned_press(update, context)
    if owned is None:
        return
    action, choice = owned
    handle = _BUTTONS.get(action)
    if handle is None:
        await query.answer(context.t("button.stale"))
        return
    if action not in _FOR_EVERYONE and not context.actor.may(Action.EDIT_PROFILE):
        await refuse(update, context)
        return
    await handle(query, context, choice)


async def button_in_flow(update: Update, context: BotContext) -> int:
    """A card button pressed while a contact was being asked for: do it, and stop asking."""
    await on_button(update, context)
    return END


def register(app: AnyApplication) -> None:
    """Add /me, its contact-editing flow and its buttons."""
    text_steps = [
        MessageHandler(~filters.COMMAND & ~filters.StatusUpdate.ALL & ~filters.TEXT, contacts.not_text),
    ]
    conversation = flow(
        "profile",
        Action.EDIT_PROFILE,
        entry_points=[
            CommandHandler(Action.PROFILE.value, show_profile),
            CallbackQueryHandler(contacts.begin_edit, pattern=pattern(Prefix.PROFILE, card.EDIT)),
        ],
        states={
            ContactField.PHONE.value: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, contacts.receive_phone),
                *text_steps,
            ],
            ContactField.EMAIL.value: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, contacts.receive_email),
                *text_steps,
            ],
        },
        fallbacks=[
            CommandHandler(Action.CANCEL.value, contacts.cancel),
            CallbackQueryHandler(button_in_flow, pattern=pattern(Prefix.PROFILE)),
        ],
    )
    app.add_handler(conversation)
    app.add_handler(CallbackQueryHandler(on_button, pattern=pattern(Prefix.PROFILE)))
