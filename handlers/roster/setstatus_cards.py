"""What /setstatus shows: the post's card with status buttons, the confirmation, and the outcome."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Prefix
from bot.runtime import BotContext
from bot.services import places
from bot.services.roster.post_status import Outcome, StatusChange
from bot.services.roster.posts import STATUSES, Post, PostStatus
from handlers.common.replies import button, keyboard

SET, END_TERM, CANCEL = "set", "end", "cancel"  # what a status button does: its first data field


async def place_label(context: BotContext, tier: str, place_code: str) -> str:
    """ "Місто (CDTO міста): Name, raion, oblast", escaped."""
    place = await places.get_place(context.runtime.db, place_code)
    name = place.full_name(context.actor.language) if place else place_code
    return html.escape(f"{context.t(f'tier.{tier}')}: {name}")


def _holder_line(context: BotContext, post: Post) -> str:
    if post.holder_name is None:
        return context.t("setstatus.no_holder")
    key = "setstatus.holder" if post.holder_telegram_id is not None else "setstatus.holder_not_in_bot"
    return context.t(key, name=html.escape(post.holder_name))


def card_text(context: BotContext, label: str, post: Post) -> str:
    """The post, its status and its holder."""
    status = context.t(f"status.{post.status}")
    return context.t("setstatus.card", post=label, status=status, holder=_holder_line(context, post))


def status_keyboard(context: BotContext, place_code: str, current: str | None) -> InlineKeyboardMarkup:
    """One button per status (the current one ticked), and Cancel."""
    rows = [
        [
            button(
                ("✓ " if status == current else "") + context.t(f"status.{status}"),
                Prefix.SET_STATUS,
                SET,
                place_code,
                status,
            )
        ]
        for status in STATUSES
    ]
    return keyboard(*rows, cancel_row(context))


def cancel_row(context: BotContext) -> list[InlineKeyboardButton]:
    """The Cancel button, alone on its row."""
    return [button(context.t("button.cancel"), Prefix.SET_STATUS, CANCEL)]


def confirmation(
    context: BotContext, label: str, status: str, change: StatusChange
) -> tuple[str, InlineKeyboardMarkup]:
    """Ask before ending the holder's term; the button names that holder, so it goes stale with them."""
    assert change.post is not None and change.post.holder_id is not None
    confirm = button(
        context.t("setstatus.confirm_end"),
        Prefix.SET_STATUS,
        END_TERM,
        change.post.place_code,
        status,
        change.post.holder_id,
    )
    text = context.t(
        "setstatus.ask_end_term",
        post=label,
        holder=html.escape(change.ended_term_of or ""),
        status=context.t(f"status.{status}"),
    )
    return text, keyboard([confirm], cancel_row(context))


def outcome_text(context: BotContext, label: str, status: str, change: StatusChange, city_limit: int) -> str:
    """What came of a status button (anything but a confirmation to ask)."""
    new = context.t(f"status.{status}")
    if change.outcome is Outcome.CITY_LIMIT_REACHED:
        return context.t("setstatus.city_limit", place=label, limit=city_limit)
    if change.outcome is Outcome.NO_POST:
        return context.t("setstatus.no_post", post=label)
    if change.outcome is Outcome.UNCHANGED:
        return context.t("setstatus.unchanged", post=label, status=new)
    if change.old_status is None:
        lines = [context.t("setstatus.created", post=label, status=new)]
    else:
        old = context.t(f"status.{change.old_status}")
        lines = [context.t("setstatus.done", post=label, old=old, new=new)]
    if change.ended_term_of is not None:
        lines.append(context.t("setstatus.term_ended", holder=html.escape(change.ended_term_of)))
    if status == PostStatus.APPOINTED and change.post is not None and change.post.holder_id is None:
        lines.append(context.t("setstatus.appointed_not_in_bot"))
    return "\n".join(lines)
