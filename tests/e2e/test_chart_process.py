"""Charts are drawn in a child process: the bot's own never imports matplotlib; a dead child is an apology."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.lifecycle import RunningBot
from bot.settings import Settings
from tests.auxil.bot_under_test import ADMIN_ID, start_bot_process
from tests.auxil.chat import PNG_SIGNATURE, reply_to
from tg_emulator import TelegramEmulator

PROCESS_TIMEOUT = 30.0
COORDINATOR = 5451


def _children(pid: int) -> list[int]:
    """The processes `pid` started (Linux: /proc/<pid>/task/*/children)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _has_matplotlib(pid: int) -> bool:
    """Whether matplotlib's compiled modules are mapped into the process (so it was imported there)."""
    return "/matplotlib/" in Path(f"/proc/{pid}/maps").read_text()


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
async def test_the_bot_process_never_imports_matplotlib(
    emulator: TelegramEmulator, settings: Settings, tmp_path: Path
) -> None:
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en", has_started=True)
    process = await start_bot_process(settings, tmp_path)
    try:
        await admin.send("/stats")
        _text, chart = await admin.next_messages(2, timeout=PROCESS_TIMEOUT)
        assert chart.photo is not None and chart.photo.content.startswith(PNG_SIGNATURE)
        assert not _has_matplotlib(process.pid)
        drawer = [child for child in _children(process.pid) if _has_matplotlib(child)]
        assert len(drawer) == 1  # the chart's child did import it: the check above can see it
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), PROCESS_TIMEOUT)
    assert process.returncode == 0
    assert not await asyncio.to_thread(os.path.exists, f"/proc/{drawer[0]}")  # the child ended with the bot


async def test_a_killed_chart_process_is_an_apology_and_the_next_chart_comes(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(COORDINATOR, "Iryna", language_code="en")
    _text, chart = await reply_to(coordinator, "/stats", 2)
    assert chart.photo is not None
    for child in multiprocessing.active_children():  # the chart's child, waiting for the next chart
        child.kill()
        child.join()

    _text, apology = await reply_to(coordinator, "/stats", 2)
    assert (apology.text or "").startswith("Sorry, something went wrong")

    _text, chart = await reply_to(coordinator, "/stats", 2)
    assert chart.photo is not None and chart.photo.content.startswith(PNG_SIGNATURE)
