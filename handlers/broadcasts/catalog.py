"""/services: the catalog of central services, newest first or searched; a card per service, with
the places' reactions and their export for coordinators."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext
from bot.search.services import ServiceIndex, plain_text
from bot.services import broadcasts
from bot.services.broadcasts import Service, reaction_export, reports as broadcast_reports
from bot.services.broadcasts.text import MAX_TEXT, utf16_length
from handlers.broadcasts.admin_cards import local_time
from handlers.broadcasts.reaction_files import send_reactions_file
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, keyboard

SHOWN = 10
OPEN = "open"
# Ten entries of the list stay far under 4,096 characters with titles and owners cut to this.
LIST_FIELD = 80
QUERY_SHOWN = 100


def _cut(text: str, room: int) -> str:
    """Plain text cut to `room` as Telegram counts (UTF-16), with an ellipsis if anything was cut."""
    if utf16_length(text) <= room:
        return text
    while utf16_length(text) > room - 1:
        text = text[: -max(1, (utf16_length(text) - room + 1) // 2)]
    return text + "…"


def _list(context: BotContext, title: str, found: list[Service]) -> tuple[str, InlineKeyboardMarkup]:
    lines = [title]
    for service in found:
        lines.append(
            context.t(
                "services.line",
                title=html.escape(_cut(service.title, LIST_FIELD)),
                category=context.t(f"category.{service.category}"),
                owner=html.escape(_cut(service.owner_body, LIST_FIELD)),
                date=local_time(context, service.updated_at)[:10],
            )
        )
    rows = [[button(service.title[:60], Prefix.SERVICES, OPEN, service.id)] for service in found]
    return "\n".join(lines), keyboard(*rows)


@requires(Action.SERVICES)
async def services(update: Update, context: BotContext) -> None:
    """/services: the newest entries; /services <words>: the entries that match."""
    query = " ".join(context.args or []).strip()
    shown = html.escape(_cut(query, QUERY_SHOWN))
    catalog = await broadcasts.all_services(context.runtime.db)
    if not catalog:
        await answer(update, context.t("services.empty"))
        return
    if not query:
        await answer(update, *_list(context, context.t("services.newest"), catalog[:SHOWN]))
        return
    # The catalog is small (one entry per central service: 500 index in ~40 ms), so the engine is
    # built for each search from the database: never stale, whoever wrote the catalog.
    found = ServiceIndex(context.runtime.catalogs, catalog).search(query, SHOWN)
    if not found:
        await answer(update, context.t("services.nothing", query=shown))
        return
    await answer(update, *_list(context, context.t("services.found", query=shown), found))


def _description(service: Service, room: int) -> str:
    """The stored HTML, or (when it would push the card over Telegram's limit) its text cut short."""
    text = plain_text(service.description_html)
    if utf16_length(text) <= room:
        return service.description_html
    return html.escape(_cut(text, room))


async def _card(context: BotContext, service: Service) -> tuple[str, InlineKeyboardMarkup | None]:
    db = context.runtime.db
    staff = context.actor.may(Action.MANAGE_BROADCAST)
    values = {
        "title": html.escape(service.title),
        "link": html.escape(service.link),
        "owner": html.escape(service.owner_body),
        "category": context.t(f"category.{service.category}"),
        "announced": local_time(context, service.created_at)[:10],
        "broadcasts": await broadcast_reports.broadcasts_per_service(db, service.id),
    }
    extra = ""
    if staff:
        counts = await broadcasts.service_reaction_counts(db, service.id)
        extra = "\n\n" + context.t(
            "services.reactions", use=counts.use, similar=counts.similar, question=counts.question
        )
    # The description gets whatever room the rest of the card leaves (titles and links can be long).
    frame = utf16_length(plain_text(context.t("services.card", description="", **values) + extra))
    text = context.t("services.card", description=_description(service, MAX_TEXT - frame), **values) + extra
    if not staff:
        return text, None
    exports = [
        button(context.t(f"services.export_{kind}"), Prefix.SERVICES, kind, service.id)
        for kind in reaction_export.FILE_KINDS
    ]
    return text, keyboard(exports)


@requires(Action.SERVICES)
async def press(update: Update, context: BotContext) -> None:
    """Open a card, or (coordinators) export the reactions to a service."""
    query, data = pressed(update)
    parts = data.parts if data is not None else ()
    valid = (
        len(parts) == 2
        and parts[0] in (OPEN, *reaction_export.FILE_KINDS)
        and parts[1].isdigit()
        and len(parts[1]) < 12
    )
    service = await broadcasts.get_service(context.runtime.db, int(parts[1])) if valid else None
    if service is None:
        await query.answer(context.t("services.gone" if valid else "button.stale"), show_alert=valid)
        return
    if parts[0] == OPEN:
        await query.answer()
        await answer(update, *await _card(context, service))
        return
    if not context.actor.may(Action.MANAGE_BROADCAST):
        await query.answer(context.t("access.denied"), show_alert=True)
        return
    await _export(update, context, service, "xlsx" if parts[0] == "xlsx" else "csv")


async def _export(
    update: Update, context: BotContext, service: Service, kind: reaction_export.FileKind
) -> None:
    rows = await broadcast_reports.reactions_to_service(context.runtime.db, service.id)
    await send_reactions_file(
        update, context, rows, kind, title=service.title, subject="service", subject_id=service.id
    )


def register(app: AnyApplication) -> None:
    """Add /services and its buttons."""
    app.add_handler(CommandHandler(Action.SERVICES.value, services))
    app.add_handler(CallbackQueryHandler(press, pattern=pattern(Prefix.SERVICES)))
