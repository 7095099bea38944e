"""Choosing a post inside /invite, /join and /setstatus: tier, region, place, by buttons or by a typed name.

The keyboards come from handlers/common/place_picker.py; this module keeps the picker's progress in the
flow's draft and tells the flow when a post is chosen.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from telegram import Update

from bot.callbacks import Prefix
from bot.runtime import BotContext
from bot.services import places
from bot.services.roster.posts import PLACE_KIND_OF_TIER, Tier
from handlers.common import place_picker as picker
from handlers.common.presses import pressed
from handlers.common.replies import answer

MAX_TYPED_SHOWN = 60


@dataclass(frozen=True)
class Chosen:
    """The post chosen: its tier and the place's code."""

    tier: str
    place_code: str


@dataclass(frozen=True)
class PostChoice:
    """The picker's steps in one flow, its buttons under that flow's prefix."""

    prefix: Prefix

    async def ask_tier(self, update: Update, context: BotContext, draft: dict[str, Any]) -> None:
        """Start the picker (forgetting an earlier choice)."""
        draft.pop("tier", None)
        draft.pop("region", None)
        await answer(update, context.t("picker.choose_tier"), picker.tier_keyboard(context, self.prefix))

    async def on_press(self, context: BotContext, update: Update, draft: dict[str, Any]) -> Chosen | None:
        """A picker button: move to the next step, or return the chosen post."""
        query = pressed(update).query
        pick = picker.parse(query.data, self.prefix)
        tier, region = draft.get("tier"), draft.get("region")
        if pick is None or (pick.step != "tier" and tier is None) or (pick.step == "page" and region is None):
            await query.answer(context.t("button.stale"))
            return None
        if pick.step == "tier":
            draft["tier"] = pick.value
            draft.pop("region", None)
            await query.answer()
            await query.edit_message_text(
                context.t("picker.choose_region"),
                reply_markup=await picker.region_keyboard(context, self.prefix),
            )
            return None
        assert tier is not None
        if pick.step == "region" and tier != Tier.REGIONAL:
            draft["region"] = pick.value
            await query.answer()
            markup = await picker.place_page(context, self.prefix, pick.value, tier, 0)
            await query.edit_message_text(context.t("picker.choose_place"), reply_markup=markup)
            return None
        if pick.step == "page":
            await query.answer()
            await query.edit_message_reply_markup(
                await picker.place_page(context, self.prefix, str(region), tier, pick.page)
            )
            return None
        place = await places.get_place(context.runtime.db, pick.value)
        if place is None or place.kind != PLACE_KIND_OF_TIER[tier]:
            await query.answer(context.t("button.stale"))
            return None
        await query.answer()
        chosen = f"{context.t(f'tier.{tier}')}: {place.full_name(context.actor.language)}"
        await query.edit_message_text(chosen)
        return Chosen(tier, place.code)

    async def on_text(self, context: BotContext, update: Update, draft: dict[str, Any]) -> None:
        """Typed part of a place's name: the matching places as buttons."""
        message = update.effective_message
        assert message is not None
        tier = draft.get("tier")
        if tier is None:
            await answer(update, context.t("picker.choose_tier"), picker.tier_keyboard(context, self.prefix))
            return
        typed = (message.text or "").strip()
        markup, count = await picker.search_keyboard(context, self.prefix, typed, tier, draft.get("region"))
        if markup is None:
            await answer(update, context.t("picker.no_match", typed=html.escape(typed[:MAX_TYPED_SHOWN])))
            return
        await answer(
            update, context.runtime.catalogs.plural(context.actor.language, "picker.matches", count), markup
        )
