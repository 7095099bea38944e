"""What /broadcasts shows: the list's pages and one broadcast's detail view with its buttons."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.callbacks import Prefix
from bot.runtime import BotContext
from bot.services import broadcasts, places
from bot.services.broadcasts import Broadcast, refresh_status, reports as broadcast_reports
from bot.services.broadcasts.audience import Audience
from bot.services.clock import parse_stored
from bot.time_format import shown_moment
from handlers.common.presses import pressed
from handlers.common.replies import button, keyboard

PAGE_SIZE = 10
ICONS = {"scheduled": "🕒", "sending": "📤", "done": "✅", "cancelled": "⛔", "recalled": "🗑"}
RUNNING = ("scheduled", "sending")
ENDED = ("cancelled", "recalled")
# Button actions (the first part of Prefix.BROADCAST_ADMIN data). The Correct button carries
# Prefix.BROADCAST_CORRECT: handlers/broadcasts/correct.py answers it.
PAGE, OPEN, CANCEL, RECALL, RECALL_SURE, REMIND = (
    "page",
    "open",
    "cancel",
    "recall",
    "recall_ok",
    "remind",
)


async def show_in_place(update: Update, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Put a view in place of the pressed message (a press that changes nothing is fine)."""
    query = pressed(update).query
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


def local_time(context: BotContext, stored: str) -> str:
    """A stored UTC time as the network reads it (the configured zone)."""
    return shown_moment(parse_stored(stored), context.runtime.settings.zone)


async def current(context: BotContext, broadcast_id: int) -> Broadcast | None:
    """The broadcast as it stands now (its status brought up to date with its delivery), or None."""
    found = await broadcasts.get_broadcast(context.runtime.db, broadcast_id)
    if found is None:
        return None
    return await refresh_status(context.runtime.db, found, datetime.now(UTC))


async def _recipients(context: BotContext, broadcast: Broadcast) -> int:
    if broadcast.batch_id is None:
        return 0
    return (await broadcasts.delivery_counts(context.runtime.db, broadcast.batch_id)).total


async def list_view(context: BotContext, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of the newest broadcasts, each a button to its detail view."""
    db = context.runtime.db
    total = await broadcast_reports.count_broadcasts(db)
    if total == 0:
        return context.t("broadcasts_admin.none"), None
    pages = -(-total // PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    lines = [context.t("broadcasts_admin.list_title", page=page + 1, pages=pages)]
    rows: list[list[InlineKeyboardButton]] = []
    for stored in await broadcasts.recent_broadcasts(db, PAGE_SIZE, page * PAGE_SIZE):
        broadcast = await refresh_status(db, stored, datetime.now(UTC))
        recipients = context.runtime.catalogs.plural(
            context.actor.language, "broadcasts_admin.recipients", await _recipients(context, broadcast)
        )
        lines.append(
            context.t(
                "broadcasts_admin.list_line",
                icon=ICONS[broadcast.status],
                number=broadcast.id,
                title=html.escape(broadcast.title),
                when=local_time(context, broadcast.starts_at),
                status=context.t(f"broadcasts_admin.status.{broadcast.status}"),
                recipients=recipients,
            )
        )
        label = f"{ICONS[broadcast.status]} {broadcast.id}. {broadcast.title}"[:60]
        rows.append([button(label, Prefix.BROADCAST_ADMIN, OPEN, broadcast.id, page)])
    navigation = []
    if page > 0:
        navigation.append(button(context.t("picker.prev"), Prefix.BROADCAST_ADMIN, PAGE, page - 1))
    if page < pages - 1:
        navigation.append(button(context.t("picker.next"), Prefix.BROADCAST_ADMIN, PAGE, page + 1))
    return "\n\n".join(lines), keyboard(*rows, navigation)


async def _audience(context: BotContext, stored: str) -> str:
    audience = Audience.from_json(stored)
    if audience.kind == "tiers":
        names = ", ".join(context.t(f"tier.{tier}") for tier in audience.tiers)
        return context.t("audience.tiers", tiers=html.escape(names))
    if audience.kind == "regions":
        found = [await places.get_place(context.runtime.db, code) for code in audience.regions]
        names = ", ".join(place.name(context.actor.language) for place in found if place is not None)
        return context.t("audience.regions", regions=html.escape(names))
    if audience.kind == "no_reaction":
        earlier = await broadcasts.get_broadcast(context.runtime.db, audience.broadcast_id or 0)
        return context.t("audience.no_reaction", title=html.escape(earlier.title if earlier else "—"))
    return context.t(f"audience.{audience.kind}")


async def detail_view(
    context: BotContext, broadcast: Broadcast, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    """Counts, reactions and what can still be done to one broadcast."""
    db = context.runtime.db
    counts = (
        await broadcasts.delivery_counts(db, broadcast.batch_id)
        if broadcast.batch_id
        else broadcasts.BatchCounts()
    )
    reactions = await broadcasts.reaction_counts(db, broadcast.id)
    silent = len(await broadcasts.recipients_without_reaction(db, broadcast.id))
    lines = [
        context.t(
            "broadcasts_admin.detail",
            icon=ICONS[broadcast.status],
            number=broadcast.id,
            title=html.escape(broadcast.title),
            status=context.t(f"broadcasts_admin.status.{broadcast.status}"),
            when=local_time(context, broadcast.starts_at),
            audience=await _audience(context, broadcast.audience),
            total=counts.total,
            sent=counts.sent,
            failed=counts.failed,
            unreachable=counts.unreachable,
            left=counts.left,
            use=reactions.use,
            similar=reactions.similar,
            question=reactions.question,
            silent=silent,
        )
    ]
    if broadcast.corrected_at:
        lines.append(
            context.t("broadcasts_admin.corrected_at", when=local_time(context, broadcast.corrected_at))
        )
    if broadcast.recalled_at:
        lines.append(
            context.t("broadcasts_admin.recalled_at", when=local_time(context, broadcast.recalled_at))
        )
    return "\n".join(lines), _detail_buttons(context, broadcast, page)


def _detail_buttons(context: BotContext, broadcast: Broadcast, page: int) -> InlineKeyboardMarkup:
    def action(key: str, name: str) -> InlineKeyboardButton:
        return button(
            context.t(f"broadcasts_admin.button.{key}"), Prefix.BROADCAST_ADMIN, name, broadcast.id, page
        )

    manage: list[InlineKeyboardButton] = []
    if broadcast.status in RUNNING:
        manage.append(action("cancel", CANCEL))
    # A scheduled broadcast has reached nobody yet: nothing to recall or remind of, only to cancel.
    if broadcast.status not in ("recalled", "scheduled"):
        manage.append(action("recall", RECALL))
    follow_up: list[InlineKeyboardButton] = []
    if broadcast.status not in ENDED:
        follow_up = [
            button(context.t("broadcasts_admin.button.correct"), Prefix.BROADCAST_CORRECT, broadcast.id, page)
        ]
        if broadcast.status != "scheduled":
            follow_up.append(action("remind", REMIND))
    exports = [action("csv", "csv"), action("xlsx", "xlsx")]
    navigation = [
        action("refresh", OPEN),
        button(context.t("broadcasts_admin.button.back"), Prefix.BROADCAST_ADMIN, PAGE, page),
    ]
    return keyboard(manage, follow_up, exports, navigation)


def confirm_recall(context: BotContext, broadcast: Broadcast, page: int) -> tuple[str, InlineKeyboardMarkup]:
    """Recall deletes the message from every chat: asked once more."""
    markup = keyboard(
        [
            button(
                context.t("broadcasts_admin.button.recall_sure"),
                Prefix.BROADCAST_ADMIN,
                RECALL_SURE,
                broadcast.id,
                page,
            ),
            button(
                context.t("broadcasts_admin.button.recall_keep"),
                Prefix.BROADCAST_ADMIN,
                OPEN,
                broadcast.id,
                page,
            ),
        ]
    )
    return context.t("broadcasts_admin.recall_confirm", title=html.escape(broadcast.title)), markup
