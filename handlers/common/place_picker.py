"""Choosing a post by buttons: tier, then region, then the place (paged, or by a typed part of its name).

Flows (/invite, /join, /setstatus) embed these steps; every button carries the prefix of the flow
that shows it, so a picker left in the chat by one flow is not taken by another.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Prefix, unpack
from bot.runtime import BotContext
from bot.services import places
from bot.services.places import Place
from bot.services.roster.posts import PLACE_KIND_OF_TIER, TIERS
from handlers.common.replies import button

PAGE_SIZE = 8
# How many search hits to look through for the ones of the chosen tier and region.
SEARCH_DEPTH = 200


@dataclass(frozen=True)
class Pick:
    """A press on the picker: which step and what was chosen."""

    step: str  # "tier" | "region" | "place" | "page"
    value: str
    page: int = 0


def parse(data: str | None, prefix: Prefix) -> Pick | None:
    """The picker press behind callback data, or None if it is not one (or forged)."""
    unpacked = unpack(data)
    if unpacked is None or unpacked.prefix is not prefix or len(unpacked.parts) < 2:
        return None
    step, value, *rest = unpacked.parts
    if step == "t" and value in TIERS:
        return Pick("tier", value)
    if step == "r" and value.startswith("UA"):
        return Pick("region", value)
    if step == "p" and value.startswith("UA"):
        return Pick("place", value)
    if step == "g" and value.startswith("UA") and rest and rest[0].isdigit():
        return Pick("page", value, int(rest[0]))
    return None


def tier_keyboard(context: BotContext, prefix: Prefix) -> InlineKeyboardMarkup:
    """Regional / city / municipal."""
    return InlineKeyboardMarkup([[button(context.t(f"tier.{tier}"), prefix, "t", tier)] for tier in TIERS])


async def region_keyboard(context: BotContext, prefix: Prefix) -> InlineKeyboardMarkup:
    """The 25 regions, two to a row."""
    names = places.short_region_names(await places.regions(context.runtime.db), context.actor.language)
    buttons = [button(name, prefix, "r", code) for code, name in names.items()]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def _place_button(place: Place, language: str, region: str | None, prefix: Prefix) -> InlineKeyboardButton:
    """ "Смілянська громада, Черкаський район", and its region's short name where several regions show."""
    raion = place.raion_name_uk if language == "uk" else place.raion_name_en
    label = ", ".join(part for part in (place.name(language), raion, region) if part)
    return button(label, prefix, "p", place.code)


async def place_page(
    context: BotContext, prefix: Prefix, region_code: str, tier: str, page: int
) -> InlineKeyboardMarkup:
    """One page of a region's hromadas or cities, with Prev/Next."""
    found = await places.places_of_region(context.runtime.db, region_code, PLACE_KIND_OF_TIER[tier])
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = found[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    language = context.actor.language
    rows = [[_place_button(place, language, None, prefix)] for place in shown]
    navigation = []
    if page > 0:
        navigation.append(button(context.t("picker.prev"), prefix, "g", region_code, page - 1))
    if page < pages - 1:
        navigation.append(button(context.t("picker.next"), prefix, "g", region_code, page + 1))
    if navigation:
        rows.append(navigation)
    return InlineKeyboardMarkup(rows)


async def search_keyboard(
    context: BotContext,
    prefix: Prefix,
    typed: str,
    tier: str,
    region_code: str | None,
    limit: int = PAGE_SIZE,
) -> tuple[InlineKeyboardMarkup | None, int]:
    """Places of a tier that match the typed text (within the region, if chosen), best first; and how many."""
    kind = PLACE_KIND_OF_TIER[tier]
    found = [
        hit.place
        for hit in context.runtime.places().search(typed, limit=SEARCH_DEPTH)
        if hit.place.kind == kind and region_code in (None, hit.place.region_code)
    ]
    if not found:
        return None, 0
    language = context.actor.language
    # Found across regions, each place says its region.
    regions = [] if region_code else await places.regions(context.runtime.db)
    names = places.short_region_names(regions, language)
    rows = [[_place_button(place, language, names.get(place.region_code), prefix)] for place in found[:limit]]
    return InlineKeyboardMarkup(rows), len(found)
