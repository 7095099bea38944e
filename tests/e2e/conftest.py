"""End-to-end fixtures: the emulator on loopback and the real Application polling it."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.lifecycle import RunningBot, start_bot, stop_bot
from bot.settings import Settings
from bot.transport.rate_limit import PriorityRateLimiter
from storage import users
from storage.users import SeenUser
from tg_emulator import FloodLimits, TelegramEmulator

TOKEN = "123456:TEST-token"
BOT_USERNAME = "cdto_test_bot"
ADMIN_ID = 9001
PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Check-in stories begin on a Monday morning in Kyiv, before the reminder, whatever day the suite runs.
MONDAY_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


@dataclass
class MovableClock:
    """The bot's check-in clock, moved by the test."""

    moment: datetime = MONDAY_MORNING

    def __call__(self) -> datetime:
        return self.moment


def _chat_limits(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("chat_limits") is not None


@pytest.fixture(autouse=True)
def chat_pacing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot paces answers to one chat only where the emulator limits one chat (see `emulator`)."""
    monkeypatch.setattr(PriorityRateLimiter, "pace_chats", _chat_limits(request))


@pytest.fixture
async def emulator(request: pytest.FixtureRequest) -> AsyncIterator[TelegramEmulator]:
    """A fresh emulator with Telegram's flood limits; one chat's (a burst, then about 1 a second) only
    for stories marked `chat_limits`: users in stories act at once, which real people do not."""
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


@pytest.fixture
async def bot(settings: Settings, clock: MovableClock) -> AsyncIterator[RunningBot]:
    """The real Application, started and polling the emulator."""
    running = await start_bot(settings, clock=clock)
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


def bot_environment(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment for a `python -m cli` subprocess with these settings."""
    environment = {key: value for key, value in os.environ.items() if key not in _SETTING_NAMES}
    environment.update(
        BOT_TOKEN=TOKEN,
        DATABASE_PATH=str(settings.database_path),
        ADMIN_IDS=",".join(str(i) for i in sorted(settings.admin_ids)),
        TELEGRAM_API_URL=settings.telegram_api_url,
        TELEGRAM_FILE_URL=settings.telegram_file_url,
        LOG_LEVEL="INFO",
        PTB_TIMEDELTA="1",
    )
    environment.update(extra)
    return environment


_SETTING_NAMES = {name.upper() for name in Settings.model_fields}


async def start_bot_process(settings: Settings, cwd: Path, **extra: str) -> asyncio.subprocess.Process:
    """`python -m cli run` as a separate process (for SIGKILL and second-instance stories).

    `extra` adds to the environment, or replaces its variables (PYTHONPATH too, for injected faults).
    """
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cli",
        "run",
        cwd=cwd,
        env=bot_environment(settings, **{"PYTHONPATH": str(PROJECT_ROOT), **extra}),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
