"""What every handler needs at hand: settings, the database, the catalogs, and the acting user."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.access import Action, Role, allowed, role_of
from bot.i18n import Catalogs, choose_language
from bot.search.places import PlaceIndex
from bot.services.charts.process import ChartProcess
from bot.settings import Settings
from bot.transport.delivery import DeliveryWorker
from storage.db import Database
from storage.users import User, get_user

RUNTIME_KEY = "runtime"

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass
class Runtime:
    """Live objects shared by the whole process (kept in bot_data, which is never persisted)."""

    settings: Settings
    db: Database
    catalogs: Catalogs
    stop_requested: asyncio.Event = field(default_factory=asyncio.Event)
    exit_code: int = 0
    polling_started_at: float | None = None
    last_admin_notice_at: float | None = None
    background_tasks: set[asyncio.Task[Any]] = field(default_factory=set)
    place_index: PlaceIndex | None = None
    delivery: DeliveryWorker | None = None
    charts: ChartProcess = field(default_factory=ChartProcess)  # draws every chart, in a child process
    # The wall clock for check-in cycles and schedules; end-to-end tests replace it to move time.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def now(self) -> datetime:
        """The current moment (aware), from the runtime's clock."""
        return self.clock()

    def spawn(self, coroutine: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """Run a task alongside the bot; it is cancelled at stop."""
        task = asyncio.create_task(coroutine, name=name)
        self.background_tasks.add(task)
        task.add_done_callback(self.background_tasks.discard)
        return task

    def deliveries(self) -> DeliveryWorker:
        """The outbox worker (started by bot.lifecycle.start_bot)."""
        if self.delivery is None:
            raise RuntimeError("the delivery worker is started by bot.lifecycle.start_bot")
        return self.delivery

    def places(self) -> PlaceIndex:
        """The search index of every place (built at start-up: places come from the codifier)."""
        if self.place_index is None:
            raise RuntimeError("the place index is built by bot.lifecycle.start_bot")
        return self.place_index

    def text(self, language: str, key: str, **values: Any) -> str:
        """A catalog message."""
        return self.catalogs.text(language, key, **values)

    async def language_of(self, telegram_id: int) -> str:
        """The language to write to a user in, whether or not they ever wrote to the bot."""
        user = await get_user(self.db, telegram_id)
        if user is None:
            return self.settings.default_language
        return actor_for(user, self.settings).language


@dataclass(frozen=True)
class Actor:
    """The user behind the current update, with their role and language."""

    user: User
    role: Role
    language: str

    @property
    def telegram_id(self) -> int:
        """The user's Telegram id."""
        return self.user.telegram_id

    def may(self, action: Action) -> bool:
        """Whether the access policy lets this user do `action`."""
        return allowed(self.role, action)


def actor_for(user: User, settings: Settings) -> Actor:
    """The user's role (admins from the settings) and language (saved, Telegram's, default)."""
    return Actor(
        user=user,
        role=role_of(user.role, user.telegram_id, settings.admin_ids),
        language=choose_language(user.language, user.telegram_language, settings.default_language),
    )


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The callback context with the runtime and the acting user at hand."""

    actor_or_none: Actor | None = None
    # This update made an imported holder a member, and the welcome was sent (handlers/identity/identify.py).
    recognised_now: bool = False

    @property
    def runtime(self) -> Runtime:
        """The process-wide runtime."""
        runtime: Runtime = self.application.bot_data[RUNTIME_KEY]
        return runtime

    @property
    def actor(self) -> Actor:
        """The acting user (set for every update that has a user, before any handler runs)."""
        if self.actor_or_none is None:
            raise RuntimeError("this update has no acting user")
        return self.actor_or_none

    @property
    def flow_data(self) -> dict[Any, Any]:
        """The acting user's persisted data, where flows keep their drafts (plain JSON values only)."""
        if self.user_data is None:
            raise RuntimeError("this update has no user, so no flow data")
        return self.user_data

    def t(self, key: str, **values: Any) -> str:
        """A catalog message in the acting user's language."""
        language = self.actor.language if self.actor_or_none else self.runtime.settings.default_language
        return self.runtime.catalogs.text(language, key, **values)


def runtime_of(application: AnyApplication) -> Runtime:
    """The runtime stored in an application."""
    runtime: Runtime = application.bot_data[RUNTIME_KEY]
    return runtime
