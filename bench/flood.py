"""One person flooding the bot while a network writes to it and a broadcast goes out: nobody else slows.

`python bench/flood.py [--recipients 1463] [--flood-rate 100] [--flood-seconds 60]` runs, side by side in
one go, the real bot (`python -m cli run`, production settings: USER_RATE_LIMIT=20 in 10 s) against the
emulator with its flood limits on, delivering a broadcast already in the outbox to 1,463 members at
BROADCAST_RATE=25 while 20 users write /whois every 5 s:
- "alone": only those 20;
- "flooder": the same, while one more user sends 100 updates a second (/help) for 60 s;
- "flooder, no limit": the same flood with USER_RATE_LIMIT=0, as the bot was before the limit (the floor
  the limit is measured against).
For each: the 20 users' answers p50/p95/max from sending to reply (target p95 < 1 s), the broadcast's
achieved rate as a share of BROADCAST_RATE (target >= 90 %), 429s from the emulator, and the bot's RSS
growth from idle to its peak (target < 20 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.broadcast import (  # noqa: E402
    DEFAULT_RATE,
    TOKEN,
    WRITER_IDS,
    Copies,
    LoopLag,
    _percentile,
    _settings,
    _start_bot,
    _stop_bot,
)
from bench.broadcast_setup import AUTHOR_ID, member_ids, memory_kib, prepare  # noqa: E402
from tg_emulator import FloodLimits, TelegramEmulator  # noqa: E402

os.environ.setdefault("PTB_TIMEDELTA", "1")
USER_INTERVAL = 5.0
FLOODER_ID = 9999
ANSWER_TIMEOUT = 30.0


async def _writer(emulator: TelegramEmulator, user_id: int, done: asyncio.Event, delays: list[float]) -> None:
    """One user writing /whois every USER_INTERVAL seconds until the broadcast is over; an answer that
    takes over ANSWER_TIMEOUT counts as that long (the user gives up waiting and writes again)."""
    user = emulator.user(user_id, f"Writer{user_id}", has_started=True)
    await asyncio.sleep((user_id % len(WRITER_IDS)) * USER_INTERVAL / len(WRITER_IDS))
    while not done.is_set():
        started = time.perf_counter()
        await user.send("/whois Черкаси")
        with contextlib.suppress(AssertionError):
            await user.next_message(timeout=ANSWER_TIMEOUT)
        delays.append(time.perf_counter() - started)
        await asyncio.sleep(max(0.0, USER_INTERVAL - (time.perf_counter() - started)))


async def _flooder(emulator: TelegramEmulator, rate: float, seconds: float) -> int:
    """One user sending `rate` updates a second for `seconds`; how many were sent."""
    user = emulator.user(FLOODER_ID, "Flooder", has_started=True)
    sent, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        due = int(elapsed * rate) + 1
        while sent < due:
            await user.send("/help")
            sent += 1
        await asyncio.sleep(0.01)
    return sent


async def _peak_rss(pid: int, done: asyncio.Event) -> float:
    """The highest RSS of a process (MiB) sampled every 0.2 s until `done`."""
    peak = 0
    while not done.is_set():
        peak = max(peak, memory_kib("VmRSS", str(pid)))
        await asyncio.sleep(0.2)
    return peak / 1024


async def run(
    scratch: Path, name: str, recipients: int, flood: tuple[float, float] | None, limit: int
) -> dict:
    """One scenario: the broadcast, the 20 writers, and the flooder if `flood` = (rate, seconds)."""
    database = scratch / name / "bot.sqlite3"
    database.parent.mkdir(parents=True)
    gc.collect()
    await prepare(database, _settings(database, DEFAULT_RATE), recipients)
    ids = member_ids(recipients)
    async with TelegramEmulator(token=TOKEN, limits=FloodLimits()) as emulator:
        for telegram_id in ids:
            emulator.user(telegram_id, f"Член {telegram_id}", has_started=True)
        emulator.user(AUTHOR_ID, "Автор", has_started=True)
        copies = Copies(ids)
        emulator.subscribe(copies.watch)
        process = await _start_bot(
            emulator, database, database.with_suffix(".log"), BROADCAST_RATE="25", USER_RATE_LIMIT=str(limit)
        )
        idle = memory_kib("VmRSS", str(process.pid)) / 1024
        done, delays = asyncio.Event(), list[float]()
        lag = LoopLag()
        peak = asyncio.create_task(_peak_rss(process.pid, done))
        try:
            writers = [asyncio.create_task(_writer(emulator, uid, done, delays)) for uid in WRITER_IDS]
            flooding = asyncio.create_task(_flooder(emulator, *flood)) if flood else None
            await copies.wait_all(timeout=recipients / DEFAULT_RATE * 4 + 120)
            flooded = await flooding if flooding else 0
            done.set()
            await asyncio.gather(*writers)
        finally:
            done.set()
            peak_rss = await peak
            try:
                await _stop_bot(process)
            except TimeoutError:  # without the limit, the flood's thousands of updates are still queued
                process.kill()
                await process.wait()
            worst_lag = lag.stop()
        rate = (recipients - 1) / (copies.last - copies.first)
        return {
            "flooded": flooded,
            "answers": len(delays),
            "p50": statistics.median(delays),
            "p95": _percentile(delays, 0.95),
            "max": max(delays),
            "rate": rate,
            "share": rate / DEFAULT_RATE,
            "429s": sum(1 for call in emulator.calls if call.status == 429),
            "lost": copies.lost_and_duplicates()[0],
            "idle": idle,
            "growth": peak_rss - idle,
            "lag": worst_lag,
        }


def _report(runs: dict[str, dict], recipients: int, flood: tuple[float, float]) -> None:
    print(f"\n{recipients} recipients at BROADCAST_RATE=25, emulator limits on; 20 users /whois every 5 s;")
    print(f"the flooder: {flood[0]:g} updates a second for {flood[1]:g} s\n")
    names = list(runs)
    print(f"{'':<28}" + "".join(f"{name:>22}" for name in names) + "   target")
    rows = [
        ("flood updates sent", lambda r: f"{r['flooded']:.0f}", ""),
        ("answers to the 20", lambda r: f"{r['answers']:.0f}", ""),
        ("answer p50 / p95 (s)", lambda r: f"{r['p50']:.2f} / {r['p95']:.2f}", "p95 < 1 s"),
        ("answer max (s)", lambda r: f"{r['max']:.2f}", ""),
        ("broadcast rate (/s)", lambda r: f"{r['rate']:.1f} ({r['share']:.0%})", ">= 90 %"),
        ("429s / lost copies", lambda r: f"{r['429s']:.0f} / {r['lost']:.0f}", "0 / 0"),
        ("bot RSS idle (MiB)", lambda r: f"{r['idle']:.1f}", ""),
        ("bot RSS growth (MiB)", lambda r: f"{r['growth']:.1f}", "< 20 MB"),
        ("emulator loop lag (s)", lambda r: f"{r['lag']:.2f}", ""),
    ]
    for label, show, target in rows:
        print(f"{label:<28}" + "".join(f"{show(runs[name]):>22}" for name in names) + f"   {target}")


async def main(args: argparse.Namespace) -> None:
    """The three scenarios one after another, then the table."""
    flood = (args.flood_rate, args.flood_seconds)
    with tempfile.TemporaryDirectory(prefix="flood-bench-") as scratch:
        runs = {
            "alone": await run(Path(scratch), "alone", args.recipients, None, 20),
            "flooder": await run(Path(scratch), "flooder", args.recipients, flood, 20),
            "flooder, no limit": await run(Path(scratch), "nolimit", args.recipients, flood, 0),
        }
    _report(runs, args.recipients, flood)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1463)
    parser.add_argument("--flood-rate", type=float, default=100.0)
    parser.add_argument("--flood-seconds", type=float, default=60.0)
    asyncio.run(main(parser.parse_args()))
