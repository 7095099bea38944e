"""End-to-end fixtures: the emulator on loopback and the real Application polling it.

A plugin of the root conftest (`pytest_plugins`), so every test folder's stories can use them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.i18n import Catalogs
from bot.lifecycle import RunningBot, start_bot, stop_bot
from bot.search.places import PlaceIndex, load_place_index
from bot.settings import Settings
from bot.transport.rate_limit import PriorityRateLimiter
from storage import users
from storage.db import Database
from storage.migrate import migrate
from storage.users import SeenUser
from tests.auxil.bot_under_test import ADMIN_ID, BOT_USERNAME, TOKEN, MovableClock
from tg_emulator import FloodLimits, TelegramEmulator


def _chat_limits(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("chat_limits") is not None


@pytest.fixture
async def emulator(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[TelegramEmulator]:
    """A fresh emulator with Telegram's flood limits; one chat's (a burst, then about 1 a second) only
    for stories marked `chat_limits`: users in stories act at once, which real people do not. The bot
    paces answers to one chat only there too."""
    monkeypatch.setattr(PriorityRateLimiter, "pace_chats", _chat_limits(request))
    limits = FloodLimits() if _chat_limits(request) else FloodLimits(chat_burst=10**6)
    async with TelegramEmulator(token=TOKEN, bot_username=BOT_USERNAME, limits=limits) as emu:
        yield emu


@pytest.fixture
def settings(tmp_path: Path, emulator: TelegramEmulator, request: pytest.FixtureRequest) -> Settings:
    """Settings pointing the bot at the emulator, with one admin; USER_RATE_LIMIT and USER_RATE_WINDOW
    as a story's `user_rate(limit, window)` mark says."""
    marker = request.node.get_closest_marker("user_rate")
    limit, window = marker.args if marker is not None else (20, 10.0)
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=TOKEN,
        database_path=tmp_path / "bot.sqlite3",
        admin_ids=frozenset({ADMIN_ID}),
        telegram_api_url=emulator.api_url,
        telegram_file_url=emulator.file_url,
        log_level="DEBUG",
        user_rate_limit=limit,
        user_rate_window=window,
    )


@pytest.fixture
def clock() -> MovableClock:
    """The clock of check-in cycles and schedules, at MONDAY_MORNING until a test moves it."""
    return MovableClock()


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    """The compiled uk and en catalogs, shared by every story (compiling them takes a quarter second)."""
    return Catalogs()


@pytest.fixture(scope="session")
def place_index(tmp_path_factory: pytest.TempPathFactory) -> PlaceIndex:
    """The index of a fresh database's places (the codifier's), built once: every story's database
    starts with the same places, and the bot never changes them."""

    async def build() -> PlaceIndex:
        db = await Database.open(tmp_path_factory.mktemp("places") / "places.sqlite3")
        try:
            await migrate(db)
            return await load_place_index(db)
        finally:
            await db.close()

    return asyncio.run(build())


@pytest.fixture
async def bot(
    settings: Settings, clock: MovableClock, catalogs: Catalogs, place_index: PlaceIndex
) -> AsyncIterator[RunningBot]:
    """The real Application, started and polling the emulator."""
    running = await start_bot(settings, clock=clock, catalogs=catalogs, place_index=place_index)
    yield running
    await stop_bot(running)


@pytest.fixture
def make_role(bot: RunningBot) -> Callable[[int, str], object]:
    """Give a user a stored role (as later issues' flows will)."""

    async def set_role(telegram_id: int, role: str) -> None:
        db = bot.runtime.db
        await users.record_seen(db, SeenUser(telegram_id, f"User{telegram_id}", None, None, "uk"))
        await users.set_role(db, telegram_id, role)

    return set_role
