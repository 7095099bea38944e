"""The Application factory used by `cdto-bot run`, the sandbox and the tests."""

from __future__ import annotations

from typing import Any, Protocol

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot.i18n import Catalogs
from bot.runtime import RUNTIME_KEY, BotContext, Runtime
from bot.settings import Settings
from bot.transport.aiohttp_request import BOT_API_CONNECTIONS, CONNECTION_WAIT_SECONDS, AiohttpRequest
from bot.transport.persistence import SqlitePersistence
from bot.transport.person_limit import PersonLimit
from bot.transport.rate_limit import PriorityRateLimiter
from bot.transport.telegram_bot import CdtoBot
from bot.transport.update_order import PerPersonOrder
from handlers import (
    admin,
    broadcasts,
    checkins,
    fallback,
    feedback,
    identity,
    joining,
    lookup,
    profile,
    roster,
    start,
)
from storage.db import Database

BULK_FLOOR_SHARE = 0.8

CdtoApplication = Application[Any, BotContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any]


class Feature(Protocol):
    """A package of handlers/: it adds its modules' handlers in order."""

    def register(self, app: CdtoApplication) -> None: ...


# In the default group the first handler that matches wins: flows come before the catch-alls, so their
# text steps take the text; joining's shared-contact handler after /join's flow; fallback last.
FEATURES: tuple[Feature, ...] = (
    identity,  # who is writing, before anything else
    start,
    feedback,
    profile,
    admin,
    joining,
    roster,
    lookup,
    broadcasts,
    checkins,
    fallback,
)


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
    """Every feature, in the order that matters (see handlers/groups.py for the groups before the default)."""
    for feature in FEATURES:
        feature.register(app)


ALLOWED_UPDATES = Update.ALL_TYPES
