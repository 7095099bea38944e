"""The Application factory used by `cdto-bot run`, the sandbox and the tests."""

from __future__ import annotations

from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot.aiohttp_request import BOT_API_CONNECTIONS, CONNECTION_WAIT_SECONDS, AiohttpRequest
from bot.i18n import Catalogs
from bot.persistence import SqlitePersistence
from bot.person_limit import PersonLimit
from bot.rate_limit import PriorityRateLimiter
from bot.runtime import RUNTIME_KEY, BotContext, Runtime
from bot.settings import Settings
from bot.telegram_bot import CdtoBot
from bot.update_order import PerPersonOrder
from handlers import (
    broadcast_compose,
    broadcast_correct,
    broadcasts_admin,
    chat_membership,
    checkin,
    checkin_export,
    checkins_admin,
    errors,
    fallback,
    feedback,
    flood,
    identify,
    inline,
    joining,
    language,
    lookup,
    profile,
    question_answers,
    reactions,
    roles,
    roster_files,
    roster_tools,
    services_catalog,
    start,
)
from storage.db import Database

BULK_FLOOR_SHARE = 0.8

CdtoApplication = Application[Any, BotContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any]


class PersistEveryUpdate(Application):  # type: ignore[type-arg]
    """Writes changed flow state right after each update, not once a minute (survives SIGKILL)."""

    async def process_update(self, update: object) -> None:
        """Handle the update, then persist what it changed."""
        try:
            await super().process_update(update)
        finally:
            await self.update_persistence()


def build_application(settings: Settings, db: Database, catalogs: Catalogs | None = None) -> CdtoApplication:
    """Wire the real Application: URLs from settings, rate limiter, defaults, persistence, handlers."""
    bot = CdtoBot(
        settings.token(),
        base_url=settings.telegram_api_url,
        base_file_url=settings.telegram_file_url,
        request=AiohttpRequest(BOT_API_CONNECTIONS, pool_timeout=CONNECTION_WAIT_SECONDS),
        get_updates_request=AiohttpRequest(1),
        # Answers to people go first, but a broadcast keeps at least 80 % of its rate meanwhile.
        rate_limiter=PriorityRateLimiter(bulk_floor=BULK_FLOOR_SHARE * settings.broadcast_rate),
        defaults=Defaults(
            parse_mode=ParseMode.HTML,
            tzinfo=settings.zone,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
    )
    app: CdtoApplication = (
        ApplicationBuilder()
        .application_class(PersistEveryUpdate)
        .bot(bot)
        .concurrent_updates(PerPersonOrder(PersonLimit(settings.user_rate_limit, settings.user_rate_window)))
        .context_types(ContextTypes(context=BotContext))
        .persistence(SqlitePersistence(db))
        .build()
    )
    app.bot_data[RUNTIME_KEY] = Runtime(settings=settings, db=db, catalogs=catalogs or Catalogs())
    register_handlers(app)
    return app


def register_handlers(app: CdtoApplication) -> None:
    """Every handler, in the order that matters."""
    flood.register(app)  # not a handler: what someone over USER_RATE_LIMIT is told (bot.update_order)
    identify.register(app)  # group -10: who is writing, before anything else
    start.register(app)
    language.register(app)
    feedback.register(app)  # flows before the catch-alls so their text steps win
    profile.register(app)  # /me and its contact flow
    roles.register(app)  # /grant, /revoke
    joining.register(app)  # /invite, /join, /pending, /invitelinks, shared contacts, privacy Accept
    roster_files.register(app)  # roster CSV/XLSX sent as documents, import Apply/Cancel, /export
    roster_tools.register(app)  # /stats, the /setstatus flow, /audit
    lookup.register(app)  # /whois, /find, /roster and their buttons
    inline.register(app)  # @bot <place> in any chat
    broadcast_compose.register(app)  # /broadcast; its own stale-button answer comes after the flow
    broadcast_correct.register(app)  # the Correct button's flow, before /broadcasts takes its other buttons
    broadcasts_admin.register(app)  # /broadcasts: list, view, cancel, recall, remind, export
    services_catalog.register(app)  # /services: the catalog, its cards and reaction exports
    reactions.register(app)  # group -1: reaction buttons and their text step, before replies to /feedback
    question_answers.register(app)  # group -2: replies to question copies; other replies go on
    chat_membership.register(app)  # a member blocks or unblocks the bot
    checkin.register(app)  # /checkin: the weekly check-in flow, and /away
    checkins_admin.register(app)  # /checkins (weeks, digests, non-working weeks) and /mycheckins
    checkin_export.register(app)  # check-ins as CSV/XLSX: a week's, or a period's (its flow)
    fallback.register(app)  # last in the default group: what nothing else handled
    errors.register(app)


ALLOWED_UPDATES = Update.ALL_TYPES
