"""Inline mode: `@bot Черкаси` in any chat offers the place's card to share, by the member's own choice."""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import InlineQueryHandler

from bot.access import Action, Role
from bot.runtime import AnyApplication, BotContext
from bot.services.lookup.directory import posts_of_place
from handlers.lookup.cards import card_text
from handlers.start.start import JOIN_PAYLOAD

MAX_RESULTS = 10
# Answers are personal (they depend on who asks) and cached at most a minute, as the issue requires.
CACHE_SECONDS = 60


async def inline_lookup(update: Update, context: BotContext) -> None:
    """Members and coordinators get cards; strangers a button inviting them to join, and no names."""
    query = update.inline_query
    assert query is not None
    if context.actor_or_none is None or not context.actor.may(Action.FIND):
        join = InlineQueryResultsButton(context.t("inline.join"), start_parameter=JOIN_PAYLOAD)
        await query.answer([], cache_time=CACHE_SECONDS, is_personal=True, button=join)
        return
    found = [hit.place for hit in context.runtime.places().search(query.query, limit=MAX_RESULTS)]
    language = context.actor.language
    results = []
    for place in found:
        cards = await posts_of_place(context.runtime.db, place)
        if not cards:
            continue
        # The card is posted into another chat, so it shows what any member may see, whoever asks.
        text = "\n\n".join(card_text(context, card, Role.MEMBER) for card in cards)
        statuses = ", ".join(context.t(f"status.{card.status}") for card in cards)
        results.append(
            InlineQueryResultArticle(
                id=place.code,
                title=place.full_name(language),
                description=statuses,
                input_message_content=InputTextMessageContent(text, parse_mode=ParseMode.HTML),
            )
        )
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True)


def register(app: AnyApplication) -> None:
    """Answer inline queries."""
    app.add_handler(InlineQueryHandler(inline_lookup))
