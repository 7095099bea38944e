"""/invite: a one-time deep link to a post; /invitelinks: a file of personal links for imported holders."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters
from telegram.helpers import create_deep_linked_url

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext
from bot.services import places
from bot.services.joining import invites as service
from bot.services.roster import posts
from bot.services.spreadsheets import csv_bytes
from bot.time_format import shown_moment
from handlers.common.flows import flow
from handlers.common.guards import requires
from handlers.common.post_choice import Chosen, PostChoice
from handlers.common.replies import answer
from handlers.joining.onboarding import post_label

POST_CHOICE = PostChoice(Prefix.INVITE_PLACE)  # the picker's buttons in this flow

END = ConversationHandler.END
PICKING = "picking"
DRAFT = "invite_draft"
CSV_HEADER = ["tier", "region", "place", "full_name", "phone", "email", "link", "expires"]


def _draft(context: BotContext) -> dict[str, Any]:
    draft: dict[str, Any] = context.flow_data.setdefault(DRAFT, {})
    return draft


def _local(context: BotContext, moment: datetime) -> str:
    return shown_moment(moment, context.runtime.settings.zone)


@requires(Action.INVITE)
async def begin(update: Update, context: BotContext) -> str:
    """Ask for the post's tier."""
    context.flow_data[DRAFT] = {}
    await POST_CHOICE.ask_tier(update, context, _draft(context))
    return PICKING


@requires(Action.INVITE)
async def pick(update: Update, context: BotContext) -> str | int:
    """A picker button; when the place is chosen, make the link."""
    chosen = await POST_CHOICE.on_press(context, update, _draft(context))
    if chosen is None:
        return PICKING
    context.flow_data.pop(DRAFT, None)
    await _make_link(update, context, chosen)
    return END


@requires(Action.INVITE)
async def typed(update: Update, context: BotContext) -> str:
    """Part of a place's name: matching places as buttons."""
    await POST_CHOICE.on_text(context, update, _draft(context))
    return PICKING


async def _make_link(update: Update, context: BotContext, chosen: Chosen) -> None:
    runtime = context.runtime
    post = await posts.find_post(runtime.db, chosen.tier, chosen.place_code)
    if post is None:
        place = await places.get_place(runtime.db, chosen.place_code)
        name = place.full_name(context.actor.language) if place else chosen.place_code
        await answer(update, context.t("invite.no_post", place=html.escape(name)))
        return
    created = await service.create_invite(
        runtime.db, post, context.actor.telegram_id, runtime.settings.invite_ttl_days
    )
    link = create_deep_linked_url(str(context.bot.username), created.token)
    holder = context.t("invite.holder_note", holder=html.escape(post.holder_name)) if post.holder_name else ""
    text = context.t(
        "invite.created",
        post=await post_label(context, context.actor.language, post),
        link=link,
        expires=_local(context, created.expires_at),
        holder=holder,
    )
    await answer(update, text)


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel while choosing the post."""
    context.flow_data.pop(DRAFT, None)
    await answer(update, context.t("invite.cancelled"))
    return END


@requires(Action.EXPORT_INVITES)
async def export_links(update: Update, context: BotContext) -> None:
    """/invitelinks: one fresh personal link per holder not yet in the bot, as a CSV file."""
    runtime = context.runtime
    made = await service.personal_invites(
        runtime.db, context.actor.telegram_id, runtime.settings.invite_ttl_days
    )
    if not made:
        await answer(update, context.t("invitelinks.none"))
        return
    language = context.actor.language
    rows = []
    for personal in made:
        holder = personal.holder
        place = await places.get_place(runtime.db, holder.place_code)
        rows.append(
            [
                holder.tier,
                (place.region_name_uk if language == "uk" else place.region_name_en) if place else "",
                place.full_name(language) if place else holder.place_code,
                holder.full_name,
                holder.phone or "",
                holder.email or "",
                create_deep_linked_url(str(context.bot.username), personal.token),
                _local(context, personal.expires_at),
            ]
        )
    chat = update.effective_chat
    assert chat is not None
    caption = runtime.catalogs.plural(language, "invitelinks.caption", len(made), expires=rows[0][-1])
    await chat.send_document(csv_bytes(CSV_HEADER, rows), filename="invite-links.csv", caption=caption)


def register(app: AnyApplication) -> None:
    """Add the /invite flow and /invitelinks."""
    conversation = flow(
        "invite",
        Action.INVITE,
        entry_points=[CommandHandler(Action.INVITE.value, begin)],
        states={
            PICKING: [
                CallbackQueryHandler(pick, pattern=pattern(POST_CHOICE.prefix)),
                MessageHandler(filters.TEXT & ~filters.COMMAND, typed),
            ]
        },
        fallbacks=[CommandHandler(Action.CANCEL.value, cancel)],
        draft=DRAFT,
    )
    app.add_handler(conversation)
    app.add_handler(CommandHandler(Action.EXPORT_INVITES.value, export_links))
