"""Broadcast delivery through the emulator: rate under the flood limits, engine against a floor, memory.

`python bench/broadcast.py [--recipients 1463] [--rss-recipients 10000] [--rounds 3]` runs, in one go:
(a) the real bot (`python -m cli run`) delivering a broadcast already in the outbox to 1,463 members at the
    default BROADCAST_RATE=25 with the emulator enforcing its flood limits (30/s overall, about 1/s per
    chat), while 20 other users write /whois or /help to it, each every 5 s (--user-interval): the
    achieved rate (first to last delivery) as a share of BROADCAST_RATE (target >= 95%), the 429s Telegram
    gave (target 0), lost and duplicate copies (0), and the answers' delay from send to reply (p95 < 1 s);
(b) in this process, with the limits off: the engine (DeliveryWorker, rate unlimited, max_in_flight as in
    production, sending through a telegram.Bot without a rate limiter) against the floor, a bare loop of
    `bot.send_message` to the same recipients at the same concurrency (target: the engine >= 80% of it);
(c) peak RSS of the bot process delivering to 10,000 members (limits off, BROADCAST_RATE at its maximum
    30), beside the same bot idle on the same members, and the peak of the process that published it.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import inspect
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from telegram import Bot, InlineKeyboardMarkup  # noqa: E402
from telegram.constants import ParseMode  # noqa: E402
from telegram.ext import Defaults, ExtBot  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from bench.broadcast_setup import AUTHOR_ID, TITLE, draft, member_ids, memory_kib, prepare  # noqa: E402
from bot.i18n import Catalogs  # noqa: E402
from bot.services.broadcasts.text import Content, message_payload  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.transport.delivery import DeliveryWorker  # noqa: E402
from bot.transport.telegram_delivery import telegram_sender  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import migrate  # noqa: E402
from storage.outbox import Payload, Recipient  # noqa: E402
from tg_emulator import FloodLimits, MessageEvent, TelegramEmulator  # noqa: E402

os.environ.setdefault("PTB_TIMEDELTA", "1")
TOKEN = "333:BENCH-token"
DEFAULT_RATE = 25.0
WRITERS = 20
USER_INTERVAL = 5.0  # 20 users, one message each every 5 s: 4 answers a second, inside the room of 5/s
WRITER_IDS = range(9100, 9100 + WRITERS)
MAX_IN_FLIGHT = inspect.signature(DeliveryWorker).parameters["max_in_flight"].default
IDLE_SECONDS = 3.0


class Copies:
    """The broadcast's copies arriving in recipients' chats: per chat, and when the first and last came."""

    def __init__(self, recipients: list[int]) -> None:
        self.recipients = set(recipients)
        self.per_chat: Counter[int] = Counter()
        self.first = self.last = 0.0
        self.arrived = asyncio.Event()

    def watch(self, event: MessageEvent) -> None:
        message = event.message
        if event.kind != "new" or message.chat_id not in self.recipients or TITLE not in (message.text or ""):
            return
        self.last = time.perf_counter()
        self.first = self.first or self.last
        self.per_chat[message.chat_id] += 1
        self.arrived.set()

    @property
    def reached(self) -> int:
        return len(self.per_chat)

    async def wait_all(self, timeout: float) -> None:
        async with asyncio.timeout(timeout):
            while self.reached < len(self.recipients):
                self.arrived.clear()
                await self.arrived.wait()

    def lost_and_duplicates(self) -> tuple[int, int]:
        lost = len(self.recipients) - self.reached
        return lost, sum(copies - 1 for copies in self.per_chat.values())


def _environment(emulator: TelegramEmulator, database: Path, **extra: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in Settings.model_fields}
    environment = {
        key: value for key, value in environment.items() if key.lower() not in Settings.model_fields
    }
    environment.update(
        BOT_TOKEN=TOKEN,
        DATABASE_PATH=str(database),
        ADMIN_IDS=str(AUTHOR_ID),
        TELEGRAM_API_URL=emulator.api_url,
        TELEGRAM_FILE_URL=emulator.file_url,
        LOG_LEVEL="WARNING",
        PTB_TIMEDELTA="1",
        PYTHONPATH=str(ROOT),
    )
    environment.update(extra)
    return environment


async def _start_bot(
    emulator: TelegramEmulator,
    database: Path,
    log: Path,
    command: Sequence[str] = (sys.executable, "-m", "cli", "run"),
    **extra: str,
) -> asyncio.subprocess.Process:
    """A bot process (`command`) against the emulator, returned once it polls."""
    polls = emulator.polls_started
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            *command,
            cwd=database.parent,
            env=_environment(emulator, database, **extra),
            stdout=output,
            stderr=output,
        )
    while emulator.polls_started == polls:
        if process.returncode is not None:
            raise RuntimeError(f"{list(command)} exited with {process.returncode}; see {log}")
        await asyncio.sleep(0.01)
    return process


async def _stop_bot(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)


def _settings(database: Path, rate: float) -> Settings:
    return Settings(_env_file=None, bot_token=TOKEN, database_path=database, broadcast_rate=rate)  # type: ignore[call-arg,arg-type]


class LoopLag:
    """How late this process's event loop wakes up: the emulator lives in it, and a late emulator sees
    the bot's evenly spaced sends bunched together (and may answer 429 to them)."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task = asyncio.create_task(self._watch())

    async def _watch(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            self.worst = max(self.worst, time.perf_counter() - started - 0.01)

    def stop(self) -> float:
        self._task.cancel()
        return self.worst


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


# -- (a) at the default rate under the flood limits --------------------------------------------------


async def _writer(
    emulator: TelegramEmulator, user_id: int, interval: float, done: asyncio.Event, delays: list[float]
) -> None:
    """One user writing /whois or /help every `interval` seconds until the broadcast is over."""
    user = emulator.user(user_id, f"Writer{user_id}", has_started=True)
    chance = random.Random(user_id)
    await asyncio.sleep(chance.uniform(0, interval))
    while not done.is_set():
        text = chance.choice(("/whois Черкаси", "/whois Смілянська", "/help"))
        started = time.perf_counter()
        await user.send(text)
        await user.next_message(timeout=30)
        delays.append(time.perf_counter() - started)
        await asyncio.sleep(max(0.0, interval - (time.perf_counter() - started)))


async def at_the_limit(scratch: Path, recipients: int, interval: float) -> dict[str, float]:
    """Part (a): the bot process delivering at BROADCAST_RATE=25 with the flood limits on."""
    database = scratch / "a" / "bot.sqlite3"
    database.parent.mkdir(exist_ok=True)
    gc.collect()  # the garbage of an earlier part must not pause the emulator during this one
    await prepare(database, _settings(database, DEFAULT_RATE), recipients)
    ids = member_ids(recipients)
    async with TelegramEmulator(token=TOKEN, limits=FloodLimits()) as emulator:
        for telegram_id in ids:
            emulator.user(telegram_id, f"Член {telegram_id}", has_started=True)
        emulator.user(AUTHOR_ID, "Автор", has_started=True)
        copies = Copies(ids)
        emulator.subscribe(copies.watch)
        process = await _start_bot(emulator, database, database.with_suffix(".log"), BROADCAST_RATE="25")
        done, delays = asyncio.Event(), list[float]()
        lag = LoopLag()
        try:
            writers = [
                asyncio.create_task(_writer(emulator, uid, interval, done, delays)) for uid in WRITER_IDS
            ]
            await copies.wait_all(timeout=recipients / DEFAULT_RATE * 3 + 60)
            done.set()
            await asyncio.gather(*writers)
            await asyncio.sleep(2.0)  # late duplicates would show now
        finally:
            await _stop_bot(process)
            worst_lag = lag.stop()
        lost, duplicates = copies.lost_and_duplicates()
        rate = (recipients - 1) / (copies.last - copies.first)
        return {
            "seconds": copies.last - copies.first,
            "rate": rate,
            "share": rate / DEFAULT_RATE,
            "429s": sum(1 for call in emulator.calls if call.status == 429),
            "lost": lost,
            "duplicates": duplicates,
            "answers": len(delays),
            "p50": statistics.median(delays),
            "p95": _percentile(delays, 0.95),
            "max": max(delays),
            "lag": worst_lag,
        }


# -- (b) the engine against a bare loop, no limits -------------------------------------------------


def _payload() -> Payload:
    composed = draft()
    content = Content(
        composed.title,
        composed.body_html,
        composed.body_length,
        composed.link,
        composed.owner_body,
        composed.category,
    )
    return message_payload(Catalogs(), "uk", 1, content)


async def _engine_round(bot: Bot, scratch: Path, ids: list[int], payload: Payload, number: int) -> float:
    db = await Database.open(scratch / f"engine-{number}.sqlite3")
    try:
        await migrate(db)
        worker = DeliveryWorker(
            db,
            telegram_sender(bot),
            rate=1_000_000.0,
            max_attempts=8,
            max_in_flight=MAX_IN_FLIGHT,
        )
        batch = await worker.enqueue("broadcast", None, [Recipient(chat, payload) for chat in ids])
        started = time.perf_counter()
        await worker.start()
        finished = await worker.wait_finished(batch.id)
        elapsed = time.perf_counter() - started
        await worker.stop()
        assert finished.status == "done", finished
        return len(ids) / elapsed
    finally:
        await db.close()


async def _floor_round(bot: Bot, ids: list[int], payload: Payload) -> float:
    slots = asyncio.Semaphore(MAX_IN_FLIGHT)
    markup = InlineKeyboardMarkup.de_json(json.loads(payload.keyboard or "{}"), bot)

    async def one(chat_id: int) -> None:
        async with slots:
            await bot.send_message(chat_id, payload.text, reply_markup=markup)

    started = time.perf_counter()
    await asyncio.gather(*(one(chat) for chat in ids))
    return len(ids) / (time.perf_counter() - started)


async def engine_and_floor(scratch: Path, recipients: int, rounds: int) -> dict[str, list[float]]:
    """Part (b): alternate engine and floor rounds in this process, the emulator's limits off."""
    ids = member_ids(recipients)
    payload = _payload()
    rates: dict[str, list[float]] = {"floor": [], "engine": []}
    async with TelegramEmulator(token=TOKEN, limits=FloodLimits(enabled=False)) as emulator:
        for telegram_id in ids:
            emulator.user(telegram_id, f"Член {telegram_id}", has_started=True)
        bot: ExtBot[None] = ExtBot(
            TOKEN,
            base_url=emulator.api_url,
            request=HTTPXRequest(),
            defaults=Defaults(parse_mode=ParseMode.HTML),
        )
        async with bot:
            for number in range(rounds):
                rates["floor"].append(await _floor_round(bot, ids, payload))
                rates["engine"].append(await _engine_round(bot, scratch, ids, payload, number))
    return rates


# -- (c) memory with 10,000 recipients -------------------------------------------------------------


def _publish_process(database: Path, members: int, members_only: bool) -> int:
    """Seed (and publish) in a process of its own; its peak RSS in KiB."""
    command = [sys.executable, str(ROOT / "bench" / "broadcast_setup.py"), str(database), str(members)]
    done = subprocess.run(
        [*command, *(["--members-only"] if members_only else [])],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    peak = done.stdout.strip().rsplit("peak_kib=", 1)[1]
    return int(peak)


async def memory(scratch: Path, recipients: int) -> dict[str, float]:
    """Part (c): the bot idle on `recipients` members, then delivering a broadcast to all of them."""
    idle_db, busy_db = scratch / "c-idle" / "bot.sqlite3", scratch / "c-busy" / "bot.sqlite3"
    _publish_process(idle_db, recipients, members_only=True)
    publisher_peak = _publish_process(busy_db, recipients, members_only=False)
    ids = member_ids(recipients)
    async with TelegramEmulator(token=TOKEN, limits=FloodLimits(enabled=False)) as emulator:
        for telegram_id in ids:
            emulator.user(telegram_id, f"Член {telegram_id}", has_started=True)
        emulator.user(AUTHOR_ID, "Автор", has_started=True)
        process = await _start_bot(emulator, idle_db, idle_db.with_suffix(".log"))
        try:
            await asyncio.sleep(IDLE_SECONDS)
            idle_rss, idle_peak = memory_kib("VmRSS", str(process.pid)), memory_kib("VmHWM", str(process.pid))
        finally:
            await _stop_bot(process)
        copies = Copies(ids)
        emulator.subscribe(copies.watch)
        process = await _start_bot(emulator, busy_db, busy_db.with_suffix(".log"), BROADCAST_RATE="30")
        try:
            await copies.wait_all(timeout=recipients / 30 * 2 + 60)
            await asyncio.sleep(2.0)  # the last rows are recorded, the progress message has its final edit
            busy_rss, busy_peak = memory_kib("VmRSS", str(process.pid)), memory_kib("VmHWM", str(process.pid))
        finally:
            await _stop_bot(process)
    lost, duplicates = copies.lost_and_duplicates()
    return {
        "idle_rss": idle_rss / 1024,
        "idle_peak": idle_peak / 1024,
        "busy_rss": busy_rss / 1024,
        "busy_peak": busy_peak / 1024,
        "publisher_peak": publisher_peak / 1024,
        "lost": lost,
        "duplicates": duplicates,
        "seconds": copies.last - copies.first,
    }


def _report_a(runs: dict[str, dict[str, float]], recipients: int, interval: float) -> None:
    print(f"\n(a) {recipients} recipients, BROADCAST_RATE=25, emulator limits on (30/s overall, 1/s a chat);")
    print(f"    {WRITERS} users writing /whois or /help every {interval:g} s during the broadcast")
    names = list(runs)
    print(f"{'':<26}" + "".join(f"{name:>40}" for name in names) + "   target")
    rows: tuple[tuple[str, Callable[[dict[str, float]], str], str], ...] = (
        ("achieved rate", lambda r: f"{r['rate']:.2f}/s = {r['share']:.1%}", ">= 95% of 25/s"),
        ("first to last delivery", lambda r: f"{r['seconds']:.1f} s", ""),
        ("429s received", lambda r: f"{r['429s']:.0f}", "0"),
        ("lost / duplicates", lambda r: f"{r['lost']:.0f} / {r['duplicates']:.0f}", "0 / 0"),
        ("answers timed", lambda r: f"{r['answers']:.0f}", ""),
        ("answer delay p50", lambda r: f"{r['p50'] * 1000:.0f} ms", ""),
        ("answer delay p95", lambda r: f"{r['p95'] * 1000:.0f} ms", "< 1000 ms"),
        ("answer delay max", lambda r: f"{r['max'] * 1000:.0f} ms", ""),
        ("emulator's worst loop lag", lambda r: f"{r['lag'] * 1000:.0f} ms", "(noise check)"),
    )
    for label, show, target in rows:
        print(f"{label:<26}" + "".join(f"{show(runs[name]):>40}" for name in names) + f"   {target}")


def _report_b(b: dict[str, list[float]], recipients: int) -> None:
    floor, engine = statistics.median(b["floor"]), statistics.median(b["engine"])
    rounds = len(b["floor"])
    print(f"\n(b) {recipients} recipients, limits off, {MAX_IN_FLIGHT} in flight, median of {rounds} rounds")
    for label, key, median in (
        ("bare send_message loop (floor)", "floor", floor),
        ("DeliveryWorker", "engine", engine),
    ):
        print(f"{label:<34} {median:>6.0f}/s   rounds: {', '.join(f'{r:.0f}' for r in b[key])}")
    print(f"{'engine / floor':<34} {engine / floor:>7.1%}   (target >= 80%)")


def _report_c(c: dict[str, float], recipients: int) -> None:
    print(f"\n(c) {recipients} recipients, limits off, BROADCAST_RATE=30 ({c['seconds']:.0f} s of delivery)")
    print(f"{'bot idle on the members':<36} RSS {c['idle_rss']:.1f} MiB, peak {c['idle_peak']:.1f} MiB")
    print(f"{'bot after delivering to all':<36} RSS {c['busy_rss']:.1f} MiB, peak {c['busy_peak']:.1f} MiB")
    print(f"{'publishing process (seed + publish)':<36} peak {c['publisher_peak']:.1f} MiB")
    print(f"{'lost / duplicates':<36} {c['lost']:.0f} / {c['duplicates']:.0f}")


async def main(args: argparse.Namespace) -> None:
    """Run (a), (b) and (c) one after another and print them."""
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        for part in ("a", "c-idle", "c-busy"):
            (scratch / part).mkdir()
        interval = args.user_interval
        a = {"cdto-bot run": await at_the_limit(scratch, args.recipients, interval)}
        _report_a(a, args.recipients, interval)
        b = await engine_and_floor(scratch, args.recipients, args.rounds)
        _report_b(b, args.recipients)
        if args.rss_recipients:
            _report_c(await memory(scratch, args.rss_recipients), args.rss_recipients)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1463)
    parser.add_argument("--rss-recipients", type=int, default=10_000, help="0 skips part (c)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--user-interval", type=float, default=USER_INTERVAL, help="seconds between a user's messages"
    )
    asyncio.run(main(parser.parse_args()))
