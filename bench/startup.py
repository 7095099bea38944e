"""Start-up time to the first getUpdates, and resident memory when idle: the bot beside a bare echo bot.

Both run as whole processes against the emulator on loopback, alternately, several times, in one run:
`python bench/startup.py [--runs 5]`. The echo bot (bench/echo_bot.py) is the floor: the cost of
Python, python-telegram-bot and polling alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tg_emulator import TelegramEmulator

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "111:BENCH-token"
IDLE_SECONDS = 3.0


async def _measure(
    emulator: TelegramEmulator, command: list[str], environment: dict[str, str]
) -> tuple[float, int]:
    """Seconds from spawn to the first getUpdates; RSS in KiB after idling."""
    polls_before = emulator.polls_started
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=ROOT,
        env=environment,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        while emulator.polls_started == polls_before:
            if process.returncode is not None:
                raise RuntimeError(f"{command} exited with {process.returncode}")
            await asyncio.sleep(0.005)
        first_poll = time.perf_counter() - started
        await asyncio.sleep(IDLE_SECONDS)
        rss = _rss_kib(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        await process.wait()
    return first_poll, rss


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def main(runs: int) -> None:
    """Alternate the two, `runs` times each, and print medians."""
    results: dict[str, list[tuple[float, int]]] = {"echo bot (floor)": [], "cdto-bot run": []}
    with tempfile.TemporaryDirectory() as scratch:
        async with TelegramEmulator(token=TOKEN) as emulator:
            base = {k: v for k, v in os.environ.items() if k not in ("ADMIN_IDS", "DATABASE_PATH")}
            base.update(
                BOT_TOKEN=TOKEN,
                TELEGRAM_API_URL=emulator.api_url,
                TELEGRAM_FILE_URL=emulator.file_url,
                LOG_LEVEL="WARNING",
                PTB_TIMEDELTA="1",
            )
            for run in range(runs):
                echo = [sys.executable, str(ROOT / "bench" / "echo_bot.py")]
                results["echo bot (floor)"].append(await _measure(emulator, echo, base))
                database = str(Path(scratch) / f"run{run}.sqlite3")  # a fresh database: migrations included
                bot = [sys.executable, "-m", "cli", "run"]
                results["cdto-bot run"].append(
                    await _measure(emulator, bot, dict(base, DATABASE_PATH=database))
                )
    print(f"{'process':<20} {'to first getUpdates (median)':>30} {'idle RSS (median)':>20}")
    for name, samples in results.items():
        seconds = statistics.median(s for s, _ in samples)
        rss = statistics.median(r for _, r in samples) / 1024
        print(f"{name:<20} {seconds:>28.2f} s {rss:>17.1f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main(parser.parse_args().runs))
