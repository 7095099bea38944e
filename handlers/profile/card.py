"""What /me shows: the card, its buttons, the choice and confirmation screens; whose press it is."""

from __future__ import annotations

import html

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.access import Action
from bot.callbacks import Prefix
from bot.i18n import LANGUAGES
from bot.runtime import BotContext
from bot.services import profile as service
from bot.services.joining.join_requests import JoinRequest
from bot.services.profile import ContactField, Profile, Visibility
from handlers.common.presses import pressed
from handlers.common.replies import button, keyboard

# The first part of every /me button says what it does; the second is the profile owner's id,
# checked on every press (callback data can be forged); a third, when present, is the choice.
EDIT = "edit"
CLEAR = "clear"
VISIBILITY = "vis"
LANGUAGE = "lang"
LEAVE = "leave"
DELETE = "delete"
BACK = "back"
CANCEL = "cancel"
CONFIRMED = "yes"


def post_text(context: BotContext, profile: Profile) -> str:
    """ "Громада (цифровий лідер): Бучанська громада, Бучанський район, Київська область (зайнята)"."""
    if profile.post is None or profile.place is None:
        return context.t("profile.no_post")
    return context.t(
        "profile.post",
        tier=context.t(f"tier.{profile.post.tier}"),
        place=html.escape(profile.place.full_name(context.actor.language)),
        status=context.t(f"status.{profile.post.status}"),
    )


def card_text(context: BotContext, profile: Profile) -> str:
    """The profile as a message; every roster value escaped. Outsiders see what the bot keeps."""
    if not context.actor.may(Action.EDIT_PROFILE):
        return _outsider_text(context, profile)
    kept = context.t("profile.kept", requests=len(profile.requests), feedback=profile.feedback_sent)
    return f"{_member_text(context, profile)}\n\n{kept}"


def _member_text(context: BotContext, profile: Profile) -> str:
    person = profile.person
    visibility = person.contacts_visible_to if person else Visibility.MEMBERS.value
    not_given = context.t("profile.not_given")
    return context.t(
        "profile.card",
        name=html.escape(profile.name),
        role=context.t(f"profile.role.{context.actor.role.value}"),
        post=post_text(context, profile),
        phone=html.escape(person.phone) if person and person.phone else not_given,
        email=html.escape(person.email) if person and person.email else not_given,
        visibility=context.t(f"profile.visibility.{visibility}"),
        language_name=context.t(f"language.name.{context.actor.language}"),
    )


def _outsider_text(context: BotContext, profile: Profile) -> str:
    user = profile.user
    account = html.escape(user.display_name + (f" (@{user.username})" if user.username else ""))
    requests = [_request_line(context, request) for request in profile.requests]
    return context.t(
        "profile.outsider_card",
        account=account,
        id=user.telegram_id,
        language_name=context.t(f"language.name.{context.actor.language}"),
        requests="\n".join(requests) if requests else context.t("profile.no_requests"),
        feedback=profile.feedback_sent,
    )


def _request_line(context: BotContext, request: JoinRequest) -> str:
    status = context.t(f"profile.request_status.{request.status}")
    if request.matched_person_id is not None:  # filled from a roster entry: not theirs to see
        return context.t("profile.request_by_username", number=request.id, status=status)
    not_given = context.t("profile.not_given")
    return context.t(
        "profile.request",
        number=request.id,
        status=status,
        name=html.escape(request.full_name),
        tier=context.t(f"tier.{request.tier}"),
        phone=html.escape(request.phone) if request.phone else not_given,
        email=html.escape(request.email) if request.email else not_given,
    )


def card_keyboard(context: BotContext, profile: Profile) -> InlineKeyboardMarkup:
    """Edit contacts, privacy, language; leave the post (if any); delete one's data. Outsiders have
    nothing to edit: language and deletion only."""
    owner = profile.user.telegram_id
    if not context.actor.may(Action.EDIT_PROFILE):
        return keyboard(
            [button(context.t("profile.button.language"), Prefix.PROFILE, LANGUAGE, owner)],
            [button(context.t("profile.button.delete"), Prefix.PROFILE, DELETE, owner)],
        )
    leave = [button(context.t("profile.button.leave"), Prefix.PROFILE, LEAVE, owner)] if profile.post else []
    return keyboard(
        [
            button(context.t("profile.button.phone"), Prefix.PROFILE, EDIT, owner, ContactField.PHONE.value),
            button(context.t("profile.button.email"), Prefix.PROFILE, EDIT, owner, ContactField.EMAIL.value),
        ],
        [button(context.t("profile.button.visibility"), Prefix.PROFILE, VISIBILITY, owner)],
        [button(context.t("profile.button.language"), Prefix.PROFILE, LANGUAGE, owner)],
        leave,
        [button(context.t("profile.button.delete"), Prefix.PROFILE, DELETE, owner)],
    )


def _back(context: BotContext, owner: int) -> list[InlineKeyboardButton]:
    return [button(context.t("profile.button.back"), Prefix.PROFILE, BACK, owner)]


def visibility_keyboard(context: BotContext, owner: int, current: str) -> InlineKeyboardMarkup:
    """Members or coordinators only, the current one ticked."""
    rows = [
        [
            button(
                ("✓ " if choice.value == current else "") + context.t(f"profile.visibility.{choice.value}"),
                Prefix.PROFILE,
                VISIBILITY,
                owner,
                choice.value,
            )
        ]
        for choice in Visibility
    ]
    return keyboard(*rows, _back(context, owner))


def language_keyboard(context: BotContext, owner: int) -> InlineKeyboardMarkup:
    """The languages, the current one ticked."""
    current = context.actor.language
    rows = [
        [
            button(
                ("✓ " if language == current else "") + context.t(f"language.name.{language}"),
                Prefix.PROFILE,
                LANGUAGE,
                owner,
                language,
            )
        ]
        for language in LANGUAGES
    ]
    return keyboard(*rows, _back(context, owner))


def confirm_keyboard(
    context: BotContext, owner: int, action: str, confirmation: str | int
) -> InlineKeyboardMarkup:
    """Yes (with what it confirms) or back to the card."""
    yes = button(context.t(f"profile.button.{action}_confirm"), Prefix.PROFILE, action, owner, confirmation)
    return keyboard([yes], _back(context, owner))


def prompt_keyboard(
    context: BotContext, owner: int, field: ContactField, has_value: bool
) -> InlineKeyboardMarkup:
    """Under "send your phone": remove the current one (if any), or cancel."""
    remove = (
        [button(context.t(f"profile.button.remove_{field.value}"), Prefix.PROFILE, CLEAR, owner, field.value)]
        if has_value
        else []
    )
    return keyboard(remove, [button(context.t("button.cancel"), Prefix.PROFILE, CANCEL, owner)])


async def load(context: BotContext) -> Profile:
    """The acting user's profile."""
    return await service.load_profile(context.runtime.db, context.actor.user)


async def owned_press(update: Update, context: BotContext) -> tuple[str, str] | None:
    """The pressed button's action and choice, if the presser owns the profile; else refuse."""
    query, data = pressed(update)
    if data is None or len(data.parts) < 2:
        await query.answer(context.t("button.stale"))
        return None
    if data.parts[1] != str(context.actor.telegram_id):
        await query.answer(context.t("profile.not_yours"), show_alert=True)
        return None
    return data.parts[0], data.parts[2] if len(data.parts) > 2 else ""


async def replace_shown(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Replace the pressed message; pressing the same button twice changes nothing, which is fine."""
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


async def show_card(query: CallbackQuery, context: BotContext, header: str | None = None) -> None:
    """Replace the pressed message with the card (under a short header, if any)."""
    profile = await load(context)
    text = card_text(context, profile)
    await replace_shown(query, f"{header}\n\n{text}" if header else text, card_keyboard(context, profile))
