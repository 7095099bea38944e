"""/setstatus: choose a post (tier, region, place), then vacant / appointing / appointed; /cancel leaves.

A city without a post gets one when a status is first set on it (up to the city target). Ending a
holder's term (vacant or appointing on a held post) is asked once more before it happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext
from bot.services.roster import post_status as service, posts
from bot.services.roster.post_status import Outcome
from bot.services.roster.posts import Tier
from handlers.common.flows import flow
from handlers.common.guards import requires
from handlers.common.post_choice import Chosen, PostChoice
from handlers.common.presses import pressed
from handlers.common.replies import answer
from handlers.roster import setstatus_cards as cards

POST_CHOICE = PostChoice(Prefix.SET_STATUS_PLACE)  # the picker's buttons in this flow

END = ConversationHandler.END
PICKING, CHOOSING = "picking", "choosing"
DRAFT = "setstatus_draft"


def _draft(context: BotContext) -> dict[str, Any]:
    draft: dict[str, Any] = context.flow_data.setdefault(DRAFT, {})
    return draft


def _finish(context: BotContext) -> int:
    context.flow_data.pop(DRAFT, None)
    return END


def _city_limit(context: BotContext) -> int:
    return context.runtime.settings.target_city


@requires(Action.SET_STATUS)
async def begin(update: Update, context: BotContext) -> str:
    """Ask for the post's tier."""
    context.flow_data[DRAFT] = {}
    await POST_CHOICE.ask_tier(update, context, _draft(context))
    return PICKING


@requires(Action.SET_STATUS)
async def pick(update: Update, context: BotContext) -> str | int:
    """A picker button; once the place is chosen, show its post and the status buttons."""
    draft = _draft(context)
    chosen = await POST_CHOICE.on_press(context, update, draft)
    if chosen is None:
        return PICKING
    draft["chosen"] = [chosen.tier, chosen.place_code]
    return await _show_post(update, context, chosen)


@requires(Action.SET_STATUS)
async def typed(update: Update, context: BotContext) -> str:
    """Part of a place's name: matching places as buttons."""
    await POST_CHOICE.on_text(context, update, _draft(context))
    return PICKING


async def _show_post(update: Update, context: BotContext, chosen: Chosen) -> str | int:
    """The post's card with status buttons; for a city without a post, what choosing will create."""
    db = context.runtime.db
    label = await cards.place_label(context, chosen.tier, chosen.place_code)
    post = await posts.find_post(db, chosen.tier, chosen.place_code)
    if post is not None:
        markup = cards.status_keyboard(context, chosen.place_code, post.status)
        await answer(update, cards.card_text(context, label, post), markup)
        return CHOOSING
    if chosen.tier != Tier.CITY:  # regional and municipal posts exist from the start
        await answer(update, context.t("setstatus.no_post", post=label))
        return _finish(context)
    cities = await service.city_posts(db, _city_limit(context))
    if cities.full:
        await answer(update, context.t("setstatus.city_limit", place=label, limit=cities.limit))
        return _finish(context)
    text = context.t("setstatus.new_city", post=label, created=cities.created, limit=cities.limit)
    await answer(update, text, cards.status_keyboard(context, chosen.place_code, None))
    return CHOOSING


@dataclass(frozen=True)
class StatusPress:
    """A status button: set a status, or confirm ending a holder's term with it."""

    place_code: str
    status: str
    holder_id: int | None = None  # the holder whose term the press confirms to end


def _parse(parts: tuple[str, ...]) -> StatusPress | None:
    if len(parts) == 3 and parts[0] == cards.SET:
        return StatusPress(parts[1], parts[2])
    if len(parts) == 4 and parts[0] == cards.END_TERM and parts[3].isdigit():
        return StatusPress(parts[1], parts[2], int(parts[3]))
    return None


@requires(Action.SET_STATUS)
async def press(update: Update, context: BotContext) -> str | int:
    """A status button, its confirmation, or Cancel; the data must match the post being edited."""
    query, data = pressed(update)
    parts = data.parts if data is not None else ()
    if parts == (cards.CANCEL,):
        await query.answer()
        await query.edit_message_text(context.t("setstatus.cancelled"))
        return _finish(context)
    chosen = _draft(context).get("chosen")
    chosen_status = _parse(parts)
    # Buttons of an earlier card, or forged data, must not change the post chosen now.
    if (
        chosen_status is None
        or chosen is None
        or chosen_status.place_code != chosen[1]
        or not service.is_status(chosen_status.status)
    ):
        await query.answer(context.t("button.stale"))
        return CHOOSING
    tier, place_code = chosen
    change = await service.change_status(
        context.runtime.db,
        context.actor.telegram_id,
        tier,
        place_code,
        chosen_status.status,
        city_limit=_city_limit(context),
        end_term_of=chosen_status.holder_id,
    )
    await query.answer()
    label = await cards.place_label(context, tier, place_code)
    if change.outcome is Outcome.CONFIRM_END_OF_TERM:
        text, markup = cards.confirmation(context, label, chosen_status.status, change)
        await query.edit_message_text(text, reply_markup=markup)
        return CHOOSING
    await query.edit_message_text(
        cards.outcome_text(context, label, chosen_status.status, change, _city_limit(context))
    )
    return _finish(context)


@requires(Action.SET_STATUS)
async def typed_while_choosing(update: Update, context: BotContext) -> str:
    """Text while the status buttons are shown: point at them."""
    await answer(update, context.t("setstatus.use_buttons"))
    return CHOOSING


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel anywhere in the flow."""
    await answer(update, context.t("setstatus.cancelled"))
    return _finish(context)


def register(app: AnyApplication) -> None:
    """Add the /setstatus flow."""
    conversation = flow(
        "setstatus",
        Action.SET_STATUS,
        entry_points=[CommandHandler(Action.SET_STATUS.value, begin)],
        states={
            PICKING: [
                CallbackQueryHandler(pick, pattern=pattern(POST_CHOICE.prefix)),
                MessageHandler(filters.TEXT & ~filters.COMMAND, typed),
            ],
            CHOOSING: [
                CallbackQueryHandler(press, pattern=pattern(Prefix.SET_STATUS)),
                MessageHandler(filters.TEXT & ~filters.COMMAND, typed_while_choosing),
            ],
        },
        fallbacks=[CommandHandler(Action.CANCEL.value, cancel)],
        draft=DRAFT,
    )
    app.add_handler(conversation)
