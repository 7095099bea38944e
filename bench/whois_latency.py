"""End-to-end latency of /whois through the emulator, beside a trivial echo command in the same bot.

`python bench/whois_latency.py [--rounds 200]`: the real bot (a fresh database with every place of the
codifier) polls the emulator; users alternate `/whois <place>` and `/echo <text>` at a pace under
Telegram's flood limits (one message per user per second at most, 20 users), and the time from the
update's arrival in the emulator to the bot's reply is measured for each. The echo command is
registered only here, in the same Application: it is the floor (polling, PTB, our identify step).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from telegram import Update
from telegram.ext import ApplicationHandlerStop, CommandHandler

from bot.lifecycle import start_bot, stop_bot
from bot.runtime import BotContext
from bot.settings import Settings
from tg_emulator import TelegramEmulator

os.environ.setdefault("PTB_TIMEDELTA", "1")
TOKEN = "222:BENCH-token"
USERS = 20
PLACES = ("Черкаси", "Смілянська", "Львів", "Бучанська", "Kharkiv", "Одеса", "Ірпінська", "Київ")


async def echo(update: Update, context: BotContext) -> None:
    """The floor: answer with the text after the command (and let no other handler see it)."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(" ".join(context.args or []) or "echo")
    raise ApplicationHandlerStop


async def _timed(user, text: str) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    await user.send(text)
    await user.next_message(timeout=10)
    return time.perf_counter() - started


async def main(rounds: int) -> None:
    """Alternate the two commands and print p50/p90 of each."""
    samples: dict[str, list[float]] = {"/echo (floor)": [], "/whois": []}
    with tempfile.TemporaryDirectory() as scratch:
        async with TelegramEmulator(token=TOKEN) as emulator:
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                bot_token=TOKEN,
                database_path=Path(scratch) / "bench.sqlite3",
                telegram_api_url=emulator.api_url,
                telegram_file_url=emulator.file_url,
                log_level="WARNING",
            )
            running = await start_bot(settings)
            running.app.add_handler(CommandHandler("echo", echo), group=-1)
            users = [emulator.user(9000 + i, f"Bench{i}", language_code="uk") for i in range(USERS)]
            try:
                for round_number in range(rounds):
                    user = users[round_number % USERS]
                    place = PLACES[round_number % len(PLACES)]
                    samples["/echo (floor)"].append(await _timed(user, f"/echo {place}"))
                    samples["/whois"].append(await _timed(user, f"/whois {place}"))
                    await asyncio.sleep(1.0 / USERS)  # each user writes about once a second at most
            finally:
                await stop_bot(running)
    print(f"{'command':<16} {'p50':>8} {'p90':>8}   ({rounds} each)")
    for name, values in samples.items():
        ordered = sorted(values)
        p50, p90 = statistics.median(ordered), ordered[int(len(ordered) * 0.9)]
        print(f"{name:<16} {p50 * 1000:>6.1f}ms {p90 * 1000:>6.1f}ms")
    ratio = statistics.median(samples["/whois"]) / statistics.median(samples["/echo (floor)"])
    print(f"/whois p50 is {ratio:.2f}x the echo floor (target: within 1.5x)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    asyncio.run(main(parser.parse_args().rounds))
