"""Joining through /start: invite links, recognising imported holders, the privacy notice and its Accept."""

from __future__ import annotations

import html
import logging

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.menus import set_personal_menu
from bot.runtime import AnyApplication, BotContext, actor_for
from bot.services import people, places
from bot.services.joining import binding, invites
from bot.services.joining.binding import Bound, ContactRefusal
from bot.services.joining.invites import InviteProblem, Redeemed, Refused
from bot.services.joining.join_requests import Copy
from bot.services.people import Person
from bot.services.roster import posts
from bot.services.roster.posts import Post
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, keyboard

log = logging.getLogger(__name__)


# -- after a role change ---------------------------------------------------------------------------


async def refresh_menu(context: BotContext, telegram_id: int) -> None:
    """Give the user the command menu of their new role now (it would follow on their next update)."""
    runtime = context.runtime
    user = await people.get_user(runtime.db, telegram_id)
    if user is not None:
        await set_personal_menu(context.bot, runtime, actor_for(user, runtime.settings))


async def post_label(context: BotContext, language: str, post: Post | None) -> str:
    """ "Hromada (digital leader): Name hromada, raion, oblast", escaped; a dash without a post."""
    if post is None:
        return "—"
    place = await places.get_place(context.runtime.db, post.place_code)
    name = place.full_name(language) if place else post.place_code
    return html.escape(f"{context.runtime.text(language, f'tier.{post.tier}')}: {name}")


async def close_withdrawn(context: BotContext, copies: list[Copy]) -> None:
    """The user joined another way: their open request's copies lose their buttons."""
    runtime = context.runtime
    for copy in copies:
        language = await runtime.language_of(copy.chat_id)
        try:
            await context.bot.edit_message_text(
                runtime.text(language, "join.withdrawn"), chat_id=copy.chat_id, message_id=copy.message_id
            )
        except (BadRequest, Forbidden) as error:
            log.info("request copy %s/%s not closed: %s", copy.chat_id, copy.message_id, error.message)


# -- the privacy notice --------------------------------------------------------------------------


async def send_privacy_notice(context: BotContext, telegram_id: int, person: Person) -> None:
    """What is stored and who sees it, with an Accept button (once, until accepted)."""
    if person.privacy_accepted_at is not None:
        return
    runtime = context.runtime
    language = await runtime.language_of(telegram_id)
    markup = keyboard([button(runtime.text(language, "privacy.accept"), Prefix.PRIVACY, "ok", person.id)])
    try:
        await context.bot.send_message(
            telegram_id, runtime.text(language, "privacy.notice"), reply_markup=markup
        )
    except (BadRequest, Forbidden) as error:
        log.info("privacy notice not delivered to %s: %s", telegram_id, error.message)


@requires(Action.START)
async def accept_privacy(update: Update, context: BotContext) -> None:
    """Accept: recorded for the presser's own roster record only."""
    query, data = pressed(update)
    person = await people.person_of_user(context.runtime.db, context.actor.telegram_id)
    if data is None or data.parts != ("ok", str(person.id if person else "")) or person is None:
        await query.answer(context.t("button.stale"))
        return
    await people.accept_privacy(context.runtime.db, person.id)
    await query.answer()
    await query.edit_message_text(f"{context.t('privacy.notice')}\n\n{context.t('privacy.accepted')}")


# -- invite links ----------------------------------------------------------------------------------


async def redeem_invite(update: Update, context: BotContext, token: str) -> None:
    """/start <token>: the post is theirs, or a specific reason why not (and nothing changed)."""
    runtime = context.runtime
    result = await invites.redeem(runtime.db, token, context.actor.user)
    if isinstance(result, Refused):
        await _explain_refusal(update, context, result)
        return
    post = await post_label(context, context.actor.language, result.post)
    key = "invite.bound" if result.bound_imported else "invite.welcome"
    await answer(update, context.t(key, name=html.escape(result.person.full_name), post=post))
    await close_withdrawn(context, result.withdrawn_copies)
    await refresh_menu(context, context.actor.telegram_id)
    await send_privacy_notice(context, context.actor.telegram_id, result.person)
    await _tell_the_inviter(context, result)


async def _explain_refusal(update: Update, context: BotContext, refused: Refused) -> None:
    if refused.problem is InviteProblem.HOLDS_OTHER_POST:
        post = await post_label(context, context.actor.language, refused.post)
        await answer(update, context.t("invite.problem.holds_other_post", post=post))
        return
    await answer(update, context.t(f"invite.problem.{refused.problem.value}"))


async def _tell_the_inviter(context: BotContext, redeemed: Redeemed) -> None:
    runtime = context.runtime
    inviter = redeemed.invite.created_by
    if inviter is None or inviter == context.actor.telegram_id:
        return
    language = await runtime.language_of(inviter)
    user = context.actor.user
    text = runtime.text(
        language,
        "invite.redeemed_notice",
        name=html.escape(redeemed.person.full_name),
        username=html.escape(f"@{user.username}" if user.username else f"id {user.telegram_id}"),
        post=await post_label(context, language, redeemed.post),
    )
    if redeemed.previous_holder:
        text += "\n" + runtime.text(
            language, "invite.replaced_notice", previous=html.escape(redeemed.previous_holder)
        )
    try:
        await context.bot.send_message(inviter, text)
    except (BadRequest, Forbidden) as error:
        log.info("inviter %s not told: %s", inviter, error.message)


# -- imported holders ----------------------------------------------------------------------------


def share_phone_keyboard(context: BotContext) -> ReplyKeyboardMarkup:
    """The reply-keyboard button that shares the user's own number (Telegram fills in the contact)."""
    share = KeyboardButton(context.t("binding.share_phone"), request_contact=True)
    return ReplyKeyboardMarkup([[share]], resize_keyboard=True, one_time_keyboard=True)


async def welcome_bound(context: BotContext, bound: Bound) -> None:
    """In the member's private chat: who the roster says they are, then the privacy notice (once)."""
    telegram_id = bound.user.telegram_id
    language = actor_for(bound.user, context.runtime.settings).language
    post = await post_label(context, language, await _post_of(context, bound.person))
    text = context.runtime.text(
        language, "binding.recognised", name=html.escape(bound.person.full_name), post=post
    )
    await context.bot.send_message(telegram_id, text, reply_markup=ReplyKeyboardRemove())
    await close_withdrawn(context, bound.withdrawn_copies)
    await send_privacy_notice(context, telegram_id, bound.person)


async def _post_of(context: BotContext, person: Person) -> Post | None:
    return await posts.post_of_person(context.runtime.db, person.id)


async def shared_contact(update: Update, context: BotContext) -> None:
    """A shared contact: the sender's own number binds the imported holder who has it."""
    message = update.effective_message
    if message is None or message.contact is None or context.actor_or_none is None:
        return
    contact = message.contact
    result = await binding.bind_by_contact(
        context.runtime.db, context.actor.user, contact.user_id, contact.phone_number
    )
    if isinstance(result, ContactRefusal):
        markup = None if result is ContactRefusal.NOT_OWN else ReplyKeyboardRemove()
        await message.reply_text(context.t(f"binding.refused.{result.value}"), reply_markup=markup)
        return
    await welcome_bound(context, result)
    await refresh_menu(context, context.actor.telegram_id)


def register(app: AnyApplication) -> None:
    """Add the privacy Accept button and shared contacts (invite links arrive through /start)."""
    app.add_handler(CallbackQueryHandler(accept_privacy, pattern=pattern(Prefix.PRIVACY)))
    app.add_handler(MessageHandler(filters.CONTACT & filters.ChatType.PRIVATE, shared_contact))
