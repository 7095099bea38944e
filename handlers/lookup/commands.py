"""/whois, /find and /roster: who holds a post, and the roster paged with buttons that open cards."""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.access import Action, Role
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext
from bot.search.normalise import folded
from bot.services import places
from bot.services.lookup import directory
from bot.services.lookup.directory import classify, posts_of_place, roster_filter
from bot.services.places import Place
from bot.services.roster.posts import TIERS
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, in_private, keyboard
from handlers.lookup.cards import button_label, card_text, viewer_role

PAGE_SIZE = 10
MAX_CHOICES = 8
ANY = "-"


async def _show_place(update: Update, context: BotContext, place: Place) -> None:
    viewer = viewer_role(context, in_private(update))
    cards = await posts_of_place(context.runtime.db, place)
    if not cards:
        await answer(
            update, context.t("lookup.no_posts", place=html.escape(place.full_name(context.actor.language)))
        )
        return
    await answer(update, "\n\n".join(card_text(context, card, viewer) for card in cards))


def _choices(context: BotContext, found: Sequence[Place]) -> InlineKeyboardMarkup:
    language = context.actor.language
    rows = [[button(place.full_name(language)[:60], Prefix.WHOIS_PLACE, place.code)] for place in found]
    return keyboard(*rows)


@requires(Action.WHOIS, private=False)
async def whois(update: Update, context: BotContext) -> None:
    """The posts of a place: one clear match answers, several ask, only near misses are suggested."""
    query = " ".join(context.args or []).strip()
    if not query:
        await answer(update, context.t("lookup.whois_usage"))
        return
    found = classify(context.runtime.places().search(query, limit=MAX_CHOICES))
    if found.answer is not None:
        await _show_place(update, context, found.answer)
    elif found.choices:
        text = context.t("lookup.choose", query=html.escape(query))
        await answer(update, text, _choices(context, found.choices))
    elif found.suggestions:
        text = context.t("lookup.suggest", query=html.escape(query))
        await answer(update, text, _choices(context, found.suggestions))
    else:
        await answer(update, context.t("lookup.nothing", query=html.escape(query)))


@requires(Action.WHOIS, private=False)
async def whois_choice(update: Update, context: BotContext) -> None:
    """A place chosen among several."""
    query, data = pressed(update)
    place = await places.get_place(context.runtime.db, data.parts[0]) if data and data.parts else None
    await query.answer(None if place else context.t("button.stale"))
    if place is not None:
        await _show_place(update, context, place)


@requires(Action.FIND)
async def find(update: Update, context: BotContext) -> None:
    """People by name and places by name."""
    query = " ".join(context.args or []).strip()
    if len(folded(query)) < 2:
        await answer(update, context.t("lookup.find_usage"))
        return
    wanted = folded(query)
    people = [
        card
        for card in await directory.held_posts(context.runtime.db)
        if card.holder_name and wanted in folded(card.holder_name)
    ]
    found_places = [hit.place for hit in context.runtime.places().search(query, limit=MAX_CHOICES)]
    if not people and not found_places:
        await answer(update, context.t("lookup.nothing", query=html.escape(query)))
        return
    rows = [
        [
            button(
                f"👤 {card.holder_name} · {button_label(context, card, context.actor.role)}"[:60],
                Prefix.POST_CARD,
                card.post_id,
            )
        ]
        for card in people[:MAX_CHOICES]
    ]
    rows += [
        [button(place.full_name(context.actor.language)[:60], Prefix.WHOIS_PLACE, place.code)]
        for place in found_places[:MAX_CHOICES]
    ]
    text = context.t("lookup.found", query=html.escape(query), people=len(people), places=len(found_places))
    await answer(update, text, keyboard(*rows))


def _roster_markup(
    context: BotContext, cards: list[directory.PostCard], tier: str, region: str, page: int, viewer: Role
) -> InlineKeyboardMarkup:
    pages = max(1, -(-len(cards) // PAGE_SIZE))
    shown = cards[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    rows = [[button(button_label(context, card, viewer), Prefix.POST_CARD, card.post_id)] for card in shown]
    navigation = []
    if page > 0:
        navigation.append(button(context.t("picker.prev"), Prefix.ROSTER_PAGE, tier, region, page - 1))
    if page < pages - 1:
        navigation.append(button(context.t("picker.next"), Prefix.ROSTER_PAGE, tier, region, page + 1))
    return keyboard(*rows, navigation)


async def _roster_page(
    context: BotContext, tier: str, region: str, page: int, viewer: Role
) -> tuple[str, InlineKeyboardMarkup]:
    db = context.runtime.db
    region_place = None if region == ANY else await places.get_place(db, region)
    cards = await directory.roster(
        db, None if tier == ANY else tier, None if region_place is None else region
    )
    pages = max(1, -(-len(cards) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    scope = [context.t(f"tier.{tier}") if tier != ANY else context.t("lookup.all_tiers")]
    if region_place is not None:
        scope.append(region_place.name(context.actor.language))
    count = context.runtime.catalogs.plural(context.actor.language, "count.posts", len(cards))
    title = context.t(
        "lookup.roster_title", scope=html.escape(" · ".join(scope)), posts=count, page=page + 1, pages=pages
    )
    return title, _roster_markup(context, cards, tier, region, page, viewer)


@requires(Action.ROSTER, private=False)
async def roster(update: Update, context: BotContext) -> None:
    """/roster [tier] [region]: the posts, ten a page, each a button to its card."""
    wanted = roster_filter(list(context.args or []), context.runtime.places())
    if wanted.unknown:
        await answer(update, context.t("lookup.roster_unknown", words=html.escape(" ".join(wanted.unknown))))
        return
    tier = wanted.tier or ANY
    region = wanted.region.code if wanted.region else ANY
    title, markup = await _roster_page(context, tier, region, 0, viewer_role(context, in_private(update)))
    await answer(update, title, markup)


@requires(Action.ROSTER, private=False)
async def roster_page(update: Update, context: BotContext) -> None:
    """Prev/Next: the same message shows another page."""
    query, data = pressed(update)
    parts = data.parts if data else ()
    valid = len(parts) == 3 and (parts[0] in TIERS or parts[0] == ANY) and parts[2].isdigit()
    if not valid:
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    viewer = viewer_role(context, in_private(update))
    title, markup = await _roster_page(context, parts[0], parts[1], int(parts[2]), viewer)
    await query.edit_message_text(title, reply_markup=markup)


@requires(Action.ROSTER, private=False)
async def open_card(update: Update, context: BotContext) -> None:
    """A roster entry pressed: its card, as a new message."""
    query, data = pressed(update)
    post_id = data.parts[0] if data and data.parts and data.parts[0].isdigit() else None
    card = await directory.card(context.runtime.db, int(post_id)) if post_id else None
    if card is None:
        await query.answer(context.t("button.stale"))
        return
    await query.answer()
    viewer = viewer_role(context, in_private(update))
    await answer(update, card_text(context, card, viewer))


def register(app: AnyApplication) -> None:
    """Add /whois, /find, /roster and their buttons."""
    app.add_handler(CommandHandler(Action.WHOIS.value, whois))
    app.add_handler(CommandHandler(Action.FIND.value, find))
    app.add_handler(CommandHandler(Action.ROSTER.value, roster))
    app.add_handler(CallbackQueryHandler(whois_choice, pattern=pattern(Prefix.WHOIS_PLACE)))
    app.add_handler(CallbackQueryHandler(roster_page, pattern=pattern(Prefix.ROSTER_PAGE)))
    app.add_handler(CallbackQueryHandler(open_card, pattern=pattern(Prefix.POST_CARD)))
