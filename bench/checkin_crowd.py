"""What the check-in benches share: the bot's messages per chat as they arrive, and starting a bot process
with check-in settings against the emulator."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.broadcast import _start_bot  # noqa: E402
from bench.broadcast_setup import memory_kib  # noqa: E402
from tg_emulator import BotMessage, MessageEvent, TelegramEmulator  # noqa: E402

NOT_DUE = "59 23 * * sun"  # no reminder, nudge or digest falls due during a run
BOT = [sys.executable, "-m", "cli", "run"]


class Inbox:
    """The bot's new messages per chat with the time each arrived; a member waits for its own chat only
    (the client's `next_message` wakes every waiting user on every message: 1,463² wake-ups)."""

    def __init__(self) -> None:
        self.arrived: defaultdict[int, list[tuple[float, BotMessage]]] = defaultdict(list)
        self._waiting: dict[int, tuple[int, asyncio.Future[None]]] = {}
        self.last = 0.0  # when the latest message came

    def watch(self, event: MessageEvent) -> None:
        if event.kind != "new":
            return
        chat = event.message.chat_id
        box = self.arrived[chat]
        self.last = time.perf_counter()
        box.append((self.last, event.message))
        waiting = self._waiting.get(chat)
        if waiting is not None and len(box) >= waiting[0] and not waiting[1].done():
            waiting[1].set_result(None)

    async def wait(self, chat: int, count: int, timeout: float) -> tuple[float, BotMessage]:
        """The `count`-th message of the chat (1-based) and when it came, waiting for it."""
        box = self.arrived[chat]
        if len(box) < count:
            future = asyncio.get_running_loop().create_future()
            self._waiting[chat] = (count, future)
            try:
                await asyncio.wait_for(future, timeout)
            finally:
                self._waiting.pop(chat, None)
        return box[count - 1]

    async def settled(
        self,
        chat: int,
        after: int,
        done: Callable[[list[BotMessage]], bool],
        timeout: float,
        quiet: float = 1.0,
    ) -> list[BotMessage]:
        """The messages after the first `after`, once `done` holds for them and none came for `quiet` s."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            box = self.arrived[chat]
            new = [message for _, message in box[after:]]
            if new and done(new) and time.perf_counter() - box[-1][0] >= quiet:
                break
            await asyncio.sleep(0.05)
        return [message for _, message in self.arrived[chat][after:]]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100


async def start_process(
    emulator: TelegramEmulator, command: list[str], database: Path, **extra: str
) -> asyncio.subprocess.Process:
    """A bot process against the emulator, once it polls; its log beside the database."""
    return await _start_bot(emulator, database, database.with_suffix(".log"), command, **extra)


async def stop_process(process: asyncio.subprocess.Process, timeout: float = 180) -> None:
    """SIGTERM, then wait: the bot answers the updates it already fetched before it exits."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), timeout)


def checkin_settings(questions: Path | None) -> dict[str, str]:
    """No scheduled send during a run; the questions file, if not the shipped one."""
    settings = {
        "CHECKIN_REMINDER_CRON": NOT_DUE,
        "CHECKIN_NUDGE_CRON": NOT_DUE,
        "CHECKIN_DIGEST_CRON": NOT_DUE,
    }
    if questions is not None:
        settings["CHECKIN_QUESTIONS_FILE"] = str(questions)
    return settings


def memory_mib(pid: int) -> tuple[float, float]:
    """A process's resident memory now and at its peak (VmHWM), in MiB."""
    return memory_kib("VmRSS", str(pid)) / 1024, memory_kib("VmHWM", str(pid)) / 1024
