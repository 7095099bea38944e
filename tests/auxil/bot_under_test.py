"""The bot under test: its token and admin, a movable clock, and the bot as a process of its own."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.settings import Settings

TOKEN = "123456:TEST-token"
BOT_USERNAME = "cdto_test_bot"
ADMIN_ID = 9001
PROJECT_ROOT = Path(__file__).resolve().parents[2]  # tests/auxil/ is two below
SAMPLE = PROJECT_ROOT / "data" / "sample-roster.csv"  # the example roster file
# Check-in stories begin on a Monday morning in Kyiv, before the reminder, whatever day the suite runs.
MONDAY_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/Kyiv"))


@dataclass
class MovableClock:
    """The bot's check-in clock, moved by the test."""

    moment: datetime = MONDAY_MORNING

    def __call__(self) -> datetime:
        return self.moment


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


def cdto_bot(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m cli …` in an empty folder (no .env), with its own database."""
    environment = {key: value for key, value in os.environ.items() if key not in _SETTING_NAMES}
    environment.update(DATABASE_PATH=str(tmp_path / "bot.sqlite3"), PYTHONPATH=str(PROJECT_ROOT))
    return subprocess.run(
        [sys.executable, "-m", "cli", *arguments],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
