"""/broadcast, the audience step: everyone, tiers, regions, coordinators, or who did not react.

Tiers and regions are toggled (several allowed) on one message that shows the recipients so far;
an audience with nobody reachable in it is refused and asked again.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.access import Action
from bot.runtime import BotContext
from bot.services import broadcasts, places
from bot.services.broadcasts import count_audience
from bot.services.broadcasts.audience import Audience
from bot.services.broadcasts.draft import stored_audience
from bot.services.clock import parse_stored
from bot.services.roster.posts import TIERS
from handlers.broadcasts.compose.common import (
    AUDIENCE,
    audience_kinds_keyboard,
    cancel_row,
    control,
    read_press,
)
from handlers.broadcasts.compose.preview import describe_audience, show_preview, shown_time
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import keyboard

EARLIER_SHOWN = 8  # earlier broadcasts offered for "who did not react"
TITLE_SHOWN = 40  # characters of a title on a button
SKIPPED_STATUSES = ("scheduled", "recalled")  # reached nobody yet, or taken back


def _mark(label: str, chosen: bool) -> str:
    return f"✅ {label}" if chosen else label


async def _picker_keyboard(context: BotContext, kind: str, picking: dict[str, Any]) -> InlineKeyboardMarkup:
    if kind == "tiers":
        rows = [
            [control(context, _mark(context.t(f"tier.{tier}"), tier in picking["tiers"]), "at", tier)]
            for tier in TIERS
        ]
    else:
        names = places.short_region_names(await places.regions(context.runtime.db), context.actor.language)
        buttons = [
            control(context, _mark(name, code in picking["regions"]), "ar", code)
            for code, name in names.items()
        ]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    done = [
        control(context, context.t("broadcast_compose.back"), "ab"),
        control(context, context.t("broadcast_compose.done"), "ad"),
    ]
    return keyboard(*rows, done, cancel_row(context))


def _picked(kind: str, picking: dict[str, Any]) -> Audience:
    if kind == "tiers":
        return Audience("tiers", tiers=tuple(t for t in TIERS if t in picking["tiers"]))
    return Audience("regions", regions=tuple(sorted(picking["regions"])))


async def _picker_text(context: BotContext, kind: str, picking: dict[str, Any], note: str | None) -> str:
    audience = _picked(kind, picking)
    lines = [context.t(f"broadcast_compose.pick.{kind}")]
    if audience.tiers or audience.regions:
        count = await count_audience(context.runtime.db, audience, context.runtime.settings)
        lines.append(await describe_audience(context, audience))
        lines.append(
            context.runtime.catalogs.plural(context.actor.language, "broadcast_compose.recipients", count)
        )
    if note:
        lines.insert(0, note)
    return "\n".join(lines)


async def _show_picker(
    update: Update, context: BotContext, draft: dict[str, Any], note: str | None = None
) -> str:
    query = pressed(update).query
    picking = draft["picking"]
    kind = picking["kind"]
    text = await _picker_text(context, kind, picking, note)
    await query.edit_message_text(text, reply_markup=await _picker_keyboard(context, kind, picking))
    return AUDIENCE


async def _earlier_keyboard(context: BotContext) -> InlineKeyboardMarkup | None:
    recent = await broadcasts.recent_broadcasts(context.runtime.db, EARLIER_SHOWN * 2)
    shown = [b for b in recent if b.status not in SKIPPED_STATUSES][:EARLIER_SHOWN]
    if not shown:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for earlier in shown:
        title = earlier.title if len(earlier.title) <= TITLE_SHOWN else earlier.title[: TITLE_SHOWN - 1] + "…"
        when = shown_time(context, parse_stored(earlier.starts_at))[:10]
        rows.append([control(context, f"{when} · {title}", "an", earlier.id)])
    rows.append([control(context, context.t("broadcast_compose.back"), "ab")])
    return keyboard(*rows, cancel_row(context))


async def _settle(update: Update, context: BotContext, draft: dict[str, Any], audience: Audience) -> str:
    """Count the audience: refuse it if it is empty, else keep it and go on to the preview."""
    query = pressed(update).query
    runtime = context.runtime
    count = await count_audience(runtime.db, audience, runtime.settings)
    if count == 0:
        refusal = context.t(
            "broadcast_compose.audience_empty", audience=await describe_audience(context, audience)
        )
        if "picking" in draft:
            return await _show_picker(update, context, draft, refusal)
        await query.edit_message_text(
            refusal + "\n" + context.t("broadcast_compose.ask.audience"),
            reply_markup=audience_kinds_keyboard(context),
        )
        return AUDIENCE
    draft["audience"] = stored_audience(audience)
    draft.pop("picking", None)
    recipients = runtime.catalogs.plural(context.actor.language, "broadcast_compose.recipients", count)
    await query.edit_message_text(
        context.t("broadcast_compose.audience_chosen", audience=await describe_audience(context, audience))
        + "\n"
        + recipients
    )
    return await show_preview(update, context)


@requires(Action.BROADCAST)
async def on_audience(update: Update, context: BotContext) -> str | None:
    """Every press of the audience step."""
    press = await read_press(update, context)
    if press is None:
        return None
    query = pressed(update).query
    draft, action, values = press.draft, press.action, press.values
    value = values[0] if values else ""
    if action == "a" and value in ("all", "coordinators"):
        await query.answer()
        return await _settle(update, context, draft, Audience(value))  # type: ignore[arg-type]
    if action == "a" and value in ("tiers", "regions"):
        await query.answer()
        draft["picking"] = {"kind": value, "tiers": [], "regions": []}
        return await _show_picker(update, context, draft)
    if action == "a" and value == "no_reaction":
        earlier = await _earlier_keyboard(context)
        if earlier is None:
            await query.answer(context.t("broadcast_compose.no_earlier"), show_alert=True)
            return AUDIENCE
        await query.answer()
        await query.edit_message_text(context.t("broadcast_compose.pick.no_reaction"), reply_markup=earlier)
        return AUDIENCE
    if action == "an" and value.isdigit() and await broadcasts.get_broadcast(context.runtime.db, int(value)):
        await query.answer()
        draft.pop("picking", None)
        return await _settle(update, context, draft, Audience("no_reaction", broadcast_id=int(value)))
    if action == "ab":
        await query.answer()
        draft.pop("picking", None)
        text = context.t("broadcast_compose.ask.audience")
        await query.edit_message_text(text, reply_markup=audience_kinds_keyboard(context))
        return AUDIENCE
    picking = draft.get("picking")
    if picking is not None and action in ("at", "ar"):
        return await _toggle(update, context, draft, picking, action, value)
    if picking is not None and action == "ad":
        audience = _picked(picking["kind"], picking)
        if not (audience.tiers or audience.regions):
            await query.answer(context.t("broadcast_compose.pick.none"), show_alert=True)
            return AUDIENCE
        await query.answer()
        return await _settle(update, context, draft, audience)
    await query.answer(context.t("button.stale"))
    return None


async def _toggle(
    update: Update,
    context: BotContext,
    draft: dict[str, Any],
    picking: dict[str, Any],
    action: str,
    value: str,
) -> str | None:
    query = pressed(update).query
    key = "tiers" if action == "at" else "regions"
    known = TIERS if key == "tiers" else [r.code for r in await places.regions(context.runtime.db)]
    if picking["kind"] != key or value not in known:
        await query.answer(context.t("button.stale"))
        return None
    chosen: list[str] = picking[key]
    if value in chosen:
        chosen.remove(value)
    else:
        chosen.append(value)
    await query.answer()
    return await _show_picker(update, context, draft)
