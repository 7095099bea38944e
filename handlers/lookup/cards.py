"""How lookups render a post: the place with raion and oblast, its status, what the viewer may see."""

from __future__ import annotations

import html

from bot.access import Role
from bot.runtime import BotContext
from bot.services.clock import parse_stored
from bot.services.lookup.directory import PostCard, shown_holder
from bot.services.roster.posts import PostStatus
from bot.time_format import shown_day

STATUS_MARK: dict[str, str] = {PostStatus.APPOINTED: "●", PostStatus.APPOINTING: "◐", PostStatus.VACANT: "○"}

UNREACHABLE_MARK = "⚠️"


def viewer_role(context: BotContext, private: bool) -> Role:
    """In a group nothing personal is shown: everyone there is treated as a stranger."""
    return context.actor.role if private else Role.STRANGER


def card_text(context: BotContext, card: PostCard, viewer: Role) -> str:
    """A post's card, escaped."""
    language = context.actor.language
    lines = [
        f"<b>{html.escape(card.place.full_name(language))}</b>",
        context.t(
            "lookup.post_line", tier=context.t(f"tier.{card.tier}"), status=context.t(f"status.{card.status}")
        ),
    ]
    holder = shown_holder(card, viewer)
    if holder is not None:
        name = html.escape(holder.name)
        lines.append(
            context.t("lookup.holder", name=name)
            if holder.in_bot
            else context.t("lookup.holder_not_in_bot", name=name)
        )
        contacts = [
            f"@{html.escape(holder.username)}" if holder.username else "",
            html.escape(holder.phone or ""),
            html.escape(holder.email or ""),
        ]
        if any(contacts):
            lines.append(" · ".join(part for part in contacts if part))
        if holder.unreachable_since is not None:
            since = parse_stored(holder.unreachable_since).astimezone(context.runtime.settings.zone)
            lines.append(context.t("reactions.unreachable.card", date=shown_day(since)))
    return "\n".join(lines)


def button_label(context: BotContext, card: PostCard, viewer: Role) -> str:
    """A roster entry on a button: status, place and raion; staff also see an unreachable holder's mark."""
    language = context.actor.language
    raion = card.place.raion_name_uk if language == "uk" else card.place.raion_name_en
    place = ", ".join(part for part in (card.place.name(language), raion) if part)
    mark = STATUS_MARK[card.status]
    holder = shown_holder(card, viewer)
    unreachable = f" {UNREACHABLE_MARK}" if holder is not None and holder.unreachable_since else ""
    return f"{mark} {place}{unreachable}"
