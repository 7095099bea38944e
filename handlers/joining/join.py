"""/join: a stranger asks to join: full name, post, optional phone and e-mail, then a summary to send."""

from __future__ import annotations

import html
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext
from bot.services import places
from bot.services.contacts import check_email, check_phone
from bot.services.joining import join_requests as service
from bot.time_format import shown_moment
from handlers.common.flows import flow
from handlers.common.guards import requires
from handlers.common.post_choice import PostChoice
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, keyboard
from handlers.joining import onboarding
from handlers.joining.pending import request_card, send_to_deciders

POST_CHOICE = PostChoice(Prefix.JOIN_PLACE)  # the picker's buttons in this flow

END = ConversationHandler.END
NAME, PICKING, PHONE, EMAIL, CONFIRM = "name", "picking", "phone", "email", "confirm"
DRAFT = "join_draft"


def _draft(context: BotContext) -> dict[str, Any]:
    draft: dict[str, Any] = context.flow_data.setdefault(DRAFT, {})
    return draft


def _skip_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    return keyboard(
        [button(context.t("join.skip"), Prefix.JOIN, "skip")],
        [button(context.t("button.cancel"), Prefix.JOIN, "cancel")],
    )


@requires(Action.JOIN)
async def begin(update: Update, context: BotContext) -> str | int:
    """Show an open request, or ask for the full name."""
    runtime = context.runtime
    open_request = await service.open_request_of(runtime.db, context.actor.telegram_id)
    if open_request is not None:
        # A request the bot filed for a matching @username is filled from the roster entry: whoever
        # holds the username now must not learn whose entry it is.
        matched = open_request.matched_person_id is not None
        card = "" if matched else f"\n\n{await request_card(runtime, context.actor.language, open_request)}"
        await answer(update, context.t("join.already_open") + card)
        return END
    waiting = await service.too_soon(runtime.db, context.actor.telegram_id, runtime.now())
    if waiting is not None:
        await _say_too_soon(update, context, waiting)
        return END
    context.flow_data[DRAFT] = {}
    await answer(update, context.t("join.ask_name"))
    return NAME


@requires(Action.JOIN)
async def receive_name(update: Update, context: BotContext) -> str:
    """Check the full name, then the post."""
    message = update.effective_message
    assert message is not None
    checked = service.check_name(message.text)
    if checked.problem is not None:
        await answer(update, context.t(f"join.name.{checked.problem.value}", limit=service.MAX_NAME))
        return NAME
    draft = _draft(context)
    draft["name"] = checked.text
    await POST_CHOICE.ask_tier(update, context, draft)
    return PICKING


@requires(Action.JOIN)
async def pick(update: Update, context: BotContext) -> str:
    """A picker button; once the place is chosen, the phone number."""
    draft = _draft(context)
    chosen = await POST_CHOICE.on_press(context, update, draft)
    if chosen is None:
        return PICKING
    draft["tier"], draft["place"] = chosen.tier, chosen.place_code
    await answer(update, context.t("join.ask_phone"), _skip_keyboard(context))
    return PHONE


@requires(Action.JOIN)
async def typed_place(update: Update, context: BotContext) -> str:
    """Part of a place's name."""
    await POST_CHOICE.on_text(context, update, _draft(context))
    return PICKING


@requires(Action.JOIN)
async def receive_phone(update: Update, context: BotContext) -> str:
    """Check the typed or shared phone number (stored as +380…), then the e-mail."""
    message = update.effective_message
    assert message is not None
    contact = message.contact
    if contact is not None and contact.user_id != context.actor.telegram_id:
        await answer(update, context.t("binding.refused.not_own"))
        return PHONE
    # The "Share my phone number" button from /start works here too: Telegram omits the plus.
    typed = f"+{contact.phone_number.lstrip('+')}" if contact is not None else message.text
    checked = check_phone(typed)
    if checked.problem is not None:
        await answer(update, context.t(f"join.problem.{checked.problem.value}"), _skip_keyboard(context))
        return PHONE
    _draft(context)["phone"] = checked.value
    await answer(update, context.t("join.ask_email"), _skip_keyboard(context))
    return EMAIL


@requires(Action.JOIN)
async def receive_email(update: Update, context: BotContext) -> str:
    """Check the e-mail address, then the summary."""
    message = update.effective_message
    assert message is not None
    checked = check_email(message.text)
    if checked.problem is not None:
        await answer(update, context.t(f"join.problem.{checked.problem.value}"), _skip_keyboard(context))
        return EMAIL
    _draft(context)["email"] = checked.value
    await _show_summary(update, context)
    return CONFIRM


@requires(Action.JOIN)
async def skip(update: Update, context: BotContext) -> str | int:
    """Skip the phone or the e-mail (or cancel)."""
    query, data = pressed(update)
    choice = data.parts[0] if data and data.parts else ""
    if choice == "cancel":
        return await cancel_button(update, context)
    draft = _draft(context)
    if choice != "skip" or "place" not in draft:
        await query.answer(context.t("button.stale"))
        return PHONE if "phone" not in draft else EMAIL
    await query.answer()
    await query.edit_message_reply_markup(None)
    if "phone" not in draft:
        draft["phone"] = None
        await answer(update, context.t("join.ask_email"), _skip_keyboard(context))
        return EMAIL
    draft["email"] = None
    await _show_summary(update, context)
    return CONFIRM


async def _show_summary(update: Update, context: BotContext) -> None:
    draft = _draft(context)
    language = context.actor.language
    place = await places.get_place(context.runtime.db, draft["place"])
    text = context.t(
        "join.summary",
        name=html.escape(draft["name"]),
        tier=context.t(f"tier.{draft['tier']}"),
        place=html.escape(place.full_name(language) if place else draft["place"]),
        phone=html.escape(draft.get("phone") or "—"),
        email=html.escape(draft.get("email") or "—"),
    )
    markup = keyboard(
        [button(context.t("join.send"), Prefix.JOIN, "send")],
        [button(context.t("button.cancel"), Prefix.JOIN, "cancel")],
    )
    await answer(update, text, markup)


@requires(Action.JOIN)
async def confirm(update: Update, context: BotContext) -> str | int:
    """Send the request to the coordinators."""
    query, data = pressed(update)
    choice = data.parts[0] if data and data.parts else ""
    if choice == "cancel":
        return await cancel_button(update, context)
    draft = _draft(context)
    if choice != "send" or not {"name", "tier", "place", "phone", "email"} <= draft.keys():
        await query.answer(context.t("button.stale"))
        return CONFIRM
    await query.answer()
    await query.edit_message_reply_markup(None)
    request = await service.submit(
        context.runtime.db,
        context.actor.telegram_id,
        service.Draft(draft["name"], draft["tier"], draft["place"], draft["phone"], draft["email"]),
        context.runtime.now(),
    )
    context.flow_data.pop(DRAFT, None)
    if request is None:
        await answer(update, context.t("join.already_open"))
        return END
    if isinstance(request, service.TooSoon):
        await _say_too_soon(update, context, request)
        return END
    delivered = await send_to_deciders(context, request)
    await answer(update, context.t("join.sent" if delivered else "join.saved_only", number=request.id))
    return END


async def _say_too_soon(update: Update, context: BotContext, waiting: service.TooSoon) -> None:
    """Rejected lately: from when a new request is accepted, in the user's time zone."""
    allowed_at = shown_moment(waiting.allowed_at, context.runtime.settings.zone)
    await answer(update, context.t("join.too_soon", date=allowed_at))


async def request_for_username(update: Update, context: BotContext) -> bool:
    """/start of a stranger whose @username matches an unbound roster entry: a join request on their
    behalf goes to the coordinators (a username alone never binds); whether one was filed."""
    runtime = context.runtime
    request = await service.file_for_username_match(runtime.db, context.actor.user, runtime.now())
    if request is None:
        return False
    await send_to_deciders(context, request)
    username = html.escape(f"@{context.actor.user.username}")
    text = context.t("binding.username_request", username=username, number=request.id)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(text, reply_markup=onboarding.share_phone_keyboard(context))
    await onboarding.refresh_menu(context, context.actor.telegram_id)
    return True


async def cancel_button(update: Update, context: BotContext) -> int:
    """The Cancel button inside the flow."""
    query = pressed(update).query
    context.flow_data.pop(DRAFT, None)
    await query.answer()
    await query.edit_message_text(context.t("join.cancelled"))
    return END


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel inside the flow."""
    context.flow_data.pop(DRAFT, None)
    await answer(update, context.t("join.cancelled"))
    return END


async def not_text(update: Update, context: BotContext) -> None:
    """A sticker or a photo where text was asked for."""
    await answer(update, context.t("join.text_only"))


def register(app: AnyApplication) -> None:
    """Add the /join flow."""
    text = filters.TEXT & ~filters.COMMAND
    other = ~filters.COMMAND & ~filters.TEXT & ~filters.StatusUpdate.ALL
    conversation = flow(
        "join",
        Action.JOIN,
        entry_points=[CommandHandler(Action.JOIN.value, begin)],
        states={
            NAME: [MessageHandler(text, receive_name), MessageHandler(other, not_text)],
            PICKING: [
                CallbackQueryHandler(pick, pattern=pattern(POST_CHOICE.prefix)),
                MessageHandler(text, typed_place),
            ],
            PHONE: [
                MessageHandler(text | filters.CONTACT, receive_phone),
                CallbackQueryHandler(skip, pattern=pattern(Prefix.JOIN)),
                MessageHandler(other, not_text),
            ],
            EMAIL: [
                MessageHandler(text, receive_email),
                CallbackQueryHandler(skip, pattern=pattern(Prefix.JOIN)),
                MessageHandler(other, not_text),
            ],
            CONFIRM: [CallbackQueryHandler(confirm, pattern=pattern(Prefix.JOIN))],
        },
        fallbacks=[
            CommandHandler(Action.CANCEL.value, cancel),
            CallbackQueryHandler(cancel_button, pattern=pattern(Prefix.JOIN, "cancel")),
        ],
        draft=DRAFT,
    )
    app.add_handler(conversation)
