"""/broadcast, the last step: the preview as members see it, and Send now / test / Schedule / Edit."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from html import escape
from typing import Any

from telegram import InlineKeyboardMarkup, Update

from bot.callbacks import Prefix, pack
from bot.runtime import BotContext
from bot.services import broadcasts, places
from bot.services.broadcasts import REACTIONS, Payload, count_audience
from bot.services.broadcasts.audience import Audience
from bot.services.broadcasts.draft import audience_of, content_of, fit_of, is_complete
from bot.services.broadcasts.text import message_payload
from bot.services.broadcasts.timing import in_quiet_hours, start_time
from bot.time_format import shown_moment
from bot.transport.delivery import RejectedError, RetryLater, TransientError, UnreachableError
from bot.transport.telegram_delivery import telegram_sender
from handlers.broadcasts.compose.common import (
    AUDIENCE,
    CONTROLS,
    PREVIEW_BUTTON,
    STEPS,
    TITLE,
    ask,
    cancel_row,
    control,
    draft_of,
)
from handlers.common.replies import answer, keyboard

log = logging.getLogger(__name__)


def shown_time(context: BotContext, moment: datetime) -> str:
    """A moment as the author reads it: in the configured zone."""
    return shown_moment(moment, context.runtime.settings.zone)


async def describe_audience(context: BotContext, audience: Audience) -> str:
    """The audience in words (the texts members' broadcasts share)."""
    if audience.kind == "tiers":
        tiers = ", ".join(context.t(f"tier.{tier}") for tier in audience.tiers)
        return context.t("audience.tiers", tiers=tiers)
    if audience.kind == "regions":
        language = context.actor.language
        names = [
            region.name(language)
            for region in await places.regions(context.runtime.db)
            if region.code in audience.regions
        ]
        return context.t("audience.regions", regions=escape(", ".join(names)))
    if audience.kind == "no_reaction":
        earlier = await broadcasts.get_broadcast(context.runtime.db, audience.broadcast_id or 0)
        return context.t("audience.no_reaction", title=escape(earlier.title if earlier else "?"))
    return context.t(f"audience.{audience.kind}")


def _inert_keyboard(context: BotContext) -> str:
    # The reaction buttons exactly as members get them, but pressing one only explains the preview:
    # a copy that is not a stored broadcast has nothing to record a reaction against.
    draft = draft_of(context) or {}
    data = pack(Prefix.BROADCAST_COMPOSE, draft.get("token", "0"), PREVIEW_BUTTON)
    rows = [[{"text": context.t(f"reaction.{kind}"), "callback_data": data}] for kind in REACTIONS]
    return json.dumps({"inline_keyboard": rows}, ensure_ascii=False)


async def send_copy(update: Update, context: BotContext, draft: dict[str, Any]) -> bool:
    """Send the author the message as the outbox would send it to a member; False if it failed."""
    runtime = context.runtime
    payload: Payload = message_payload(runtime.catalogs, context.actor.language, 0, content_of(draft))
    payload = replace(payload, keyboard=_inert_keyboard(context))
    try:
        await telegram_sender(context.bot)(context.actor.telegram_id, payload)
    except (RejectedError, RetryLater, TransientError, UnreachableError) as error:
        log.info("broadcast preview not sent to %s: %s", context.actor.telegram_id, error)
        await answer(update, context.t("broadcast_compose.preview_failed", reason=escape(str(error))))
        return False
    return True


async def controls_text(context: BotContext, draft: dict[str, Any]) -> str:
    """Who gets it, how many, and when sending would start."""
    runtime = context.runtime
    settings = runtime.settings
    audience = audience_of(draft)
    assert audience is not None
    count = await count_audience(runtime.db, audience, settings)
    lines = [
        context.t("broadcast_compose.controls", audience=await describe_audience(context, audience)),
        runtime.catalogs.plural(context.actor.language, "broadcast_compose.recipients", count),
    ]
    if fit_of(runtime.catalogs, draft) == "caption_apart":
        lines.append(context.t("broadcast_compose.caption_apart"))
    now = datetime.now(UTC)
    urgent = bool(draft.get("urgent"))
    if in_quiet_hours(now, settings.quiet_window, settings.zone):
        starts = start_time(now, settings.quiet_window, settings.zone, urgent=urgent)
        if urgent:
            lines.append(context.t("broadcast_compose.quiet_urgent"))
        else:
            lines.append(context.t("broadcast_compose.quiet_now", when=shown_time(context, starts)))
    return "\n".join(lines)


def controls_keyboard(context: BotContext, draft: dict[str, Any]) -> InlineKeyboardMarkup:
    """Send now / test / Schedule / Edit / urgent / Cancel."""
    urgent = "broadcast_compose.urgent_on" if draft.get("urgent") else "broadcast_compose.urgent_off"
    return keyboard(
        [control(context, context.t("broadcast_compose.send_now"), "go")],
        [control(context, context.t("broadcast_compose.send_test"), "test")],
        [
            control(context, context.t("broadcast_compose.schedule"), "sch"),
            control(context, context.t("broadcast_compose.edit"), "ed"),
        ],
        [control(context, context.t(urgent), "urg")],
        cancel_row(context),
    )


def edit_keyboard(context: BotContext) -> InlineKeyboardMarkup:
    """Which field to change, and Back."""
    fields = [control(context, context.t(f"broadcast_compose.field.{step}"), "ef", step) for step in STEPS]
    return keyboard(
        *[fields[i : i + 2] for i in range(0, len(fields), 2)],
        [control(context, context.t("broadcast_compose.back"), "bk")],
    )


async def show_controls(update: Update, context: BotContext) -> str:
    """The control message under the preview."""
    draft = draft_of(context) or {}
    await answer(update, await controls_text(context, draft), controls_keyboard(context, draft))
    return CONTROLS


async def show_preview(update: Update, context: BotContext) -> str:
    """The message exactly as a member will get it, then the controls."""
    draft = draft_of(context)
    if draft is None:
        return await ask(update, context, TITLE)
    if not is_complete(draft):  # the audience emptied meanwhile and was asked again
        return await ask(update, context, AUDIENCE)
    draft.pop("editing", None)
    await answer(update, context.t("broadcast_compose.preview_intro"))
    await send_copy(update, context, draft)
    return await show_controls(update, context)
