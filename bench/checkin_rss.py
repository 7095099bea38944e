"""The bot's memory with a year of check-ins: `python -m bench.checkin rss` (see bench/checkin.py).

The real bot (`python -m cli run`, shipped questions) starts on a database with `--weeks` weeks of
check-ins of `--members` members (bench/checkin_setup.py) and is driven as people would: a coordinator
sends /checkins, opens the latest week (chart and digest), its blockers and help requests, the members
silent two weeks, the week as CSV and XLSX, then the whole period as CSV and XLSX; then `--readers`
members at once open /mycheckins, its first week, and /checkin. Its RSS and peak (VmHWM) are read
after each step, beside the same bot idle on an empty database. The emulator's limits are off and its
button-answer window is widened: what is measured here is memory, not the queue (see `answers`).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bench.broadcast import TOKEN
from bench.checkin_crowd import BOT, Inbox, checkin_settings, memory_mib, start_process, stop_process
from bench.checkin_setup import COORDINATOR_ID, ZONE, History, person_name, prepare_history, prepare_members
from bot.callbacks import unpack
from bot.i18n import Catalogs
from bot.services.checkins.cycles import cycle_at
from handlers.checkins import export, mine as my_checkins, week_cards as cards
from tg_emulator import BotMessage, FloodLimits, TelegramEmulator, methods as telegram_methods

IDLE_SECONDS = 3.0
Memory = dict[str, tuple[float, float]]  # what was done → the bot's RSS and peak after it, MiB
TIMEOUT = 300.0


def _data(message: BotMessage, action: str) -> list[tuple[str, str]]:
    """Text and callback data of the message's buttons whose action (first part) is `action`."""
    found = []
    for row in message.buttons:
        for button in row:
            data = unpack(button.callback_data)
            if data is not None and button.callback_data and data.parts[:1] == (action,):
                found.append((button.text, button.callback_data))
    return found


def _kinds(messages: list[BotMessage]) -> str:
    kinds = Counter("document" if m.document else "photo" if m.photo else "text" for m in messages)
    return ", ".join(f"{count} {kind}" for kind, count in kinds.items()) or "nothing"


def _has_buttons(messages: list[BotMessage]) -> bool:
    return any(message.buttons for message in messages)


def _anything(messages: list[BotMessage]) -> bool:
    return bool(messages)


class Coordinator:
    """The coordinator's session; each step notes what came back and the bot's memory after it."""

    def __init__(self, emulator: TelegramEmulator, inbox: Inbox, pid: int, memory: Memory, label: str):
        self.user = emulator.user(COORDINATOR_ID, "Координаторка", has_started=True)
        self.inbox, self.pid, self.memory, self.label = inbox, pid, memory, label

    async def _step(
        self, label: str, act: Callable[[], object], done: Callable[[list[BotMessage]], bool]
    ) -> list[BotMessage]:
        before = len(self.inbox.arrived[COORDINATOR_ID])
        started = time.perf_counter()
        result = act()
        if asyncio.iscoroutine(result):
            await result
        replies = await self.inbox.settled(COORDINATOR_ID, before, done, TIMEOUT)
        took = time.perf_counter() - started
        self.memory[f"{self.label}: {label} ({_kinds(replies)}, {took:.1f} s)"] = memory_mib(self.pid)
        return replies

    async def press(
        self, label: str, message: BotMessage, data: str, done: Callable[..., bool]
    ) -> list[BotMessage]:
        return await self._step(label, lambda: self.user.press_data(message, data, timeout=TIMEOUT), done)

    async def session(self, history: History) -> list[str]:
        """/checkins and everything a coordinator opens from it; what could not be done, in words."""
        missing: list[str] = []
        listed = await self._step("/checkins", lambda: self.user.send("/checkins"), _has_buttons)
        unknown = Catalogs().text("uk", "fallback.unknown_command", command="/checkins")
        weeks = next((m for m in listed if m.buttons), None)
        if weeks is None or listed[0].text == unknown:
            return ["/checkins is not there"]
        week = await self.press("the latest week", weeks, _data(weeks, cards.OPEN)[0][1], _has_buttons)
        digest = next((m for m in reversed(week) if m.buttons), None)
        if digest is None:
            return ["the week has no digest with buttons"]
        for action in (cards.BLOCKERS, cards.SILENT, export.CYCLE):
            for text, data in _data(digest, action) or [(action, "")]:
                if not data:
                    missing.append(f"no {action} button")
                    continue
                await self.press(f"{text.strip()}", digest, data, _anything)
        await self._period(weeks, history, missing)
        return missing

    async def _period(self, weeks: BotMessage, history: History, missing: list[str]) -> None:
        """The export of every week on record, as CSV and XLSX."""
        ranged = _data(weeks, export.ASK_PERIOD)
        if not ranged:
            missing.append("no period export button")
            return
        await self.press("export a period", weeks, ranged[0][1], _anything)
        first = datetime.strptime(history.cycles[0] + "-1", "%G-W%V-%u").date()
        today = datetime.now(ZONE).date()
        period = f"{first:%d.%m.%Y} {today:%d.%m.%Y}"
        formats = await self._step(f"the period {period}", lambda: self.user.send(period), _has_buttons)
        choice = next((m for m in formats if m.buttons), None)
        if choice is None:
            missing.append(f"the period {period} was refused")
            return
        for text, data in _data(choice, export.PERIOD_FILE):
            await self.press(f"{text.strip()} of {len(history.cycles)} weeks", choice, data, _anything)


async def _reader(emulator: TelegramEmulator, inbox: Inbox, telegram_id: int, outcome: Counter[str]) -> None:
    """A member: /mycheckins, their latest week in it, then /checkin (their sheet of this week)."""
    user = emulator.user(telegram_id, "")
    try:
        await user.send("/mycheckins")
        _, shown = await inbox.wait(telegram_id, 1, TIMEOUT)
        outcome["/mycheckins answered"] += 1
        weeks = _data(shown, my_checkins.OPEN)
        if weeks:
            await user.press_data(shown, weeks[0][1], timeout=TIMEOUT)
            await inbox.wait(telegram_id, 2, TIMEOUT)
            outcome["their latest week shown"] += 1
        count = len(inbox.arrived[telegram_id])
        await user.send("/checkin")
        await inbox.wait(telegram_id, count + 1, TIMEOUT)
        outcome["/checkin answered"] += 1
    except (TimeoutError, AssertionError) as error:
        outcome[f"failed: {type(error).__name__}"] += 1


async def _driven(
    emulator: TelegramEmulator,
    database: Path,
    history: History,
    readers: list[int],
    label: str,
    memory: Memory,
) -> tuple[list[str], Counter[str]]:
    """The bot on `database`: idle, then the coordinator's session, then `readers` at once."""
    inbox, outcome = Inbox(), Counter[str]()
    unsubscribe = emulator.subscribe(inbox.watch)
    process = await start_process(emulator, BOT, database, **checkin_settings(None))
    try:
        await asyncio.sleep(IDLE_SECONDS)
        memory[f"{label}, idle"] = memory_mib(process.pid)
        missing = await Coordinator(emulator, inbox, process.pid, memory, label).session(history)
        if readers:
            await asyncio.gather(*(_reader(emulator, inbox, reader, outcome) for reader in readers))
            await asyncio.sleep(1.0)
            memory[f"{label}, then {len(readers)} members at once"] = memory_mib(process.pid)
    finally:
        await stop_process(process)
        unsubscribe()
    return missing, outcome


async def rss(args: argparse.Namespace) -> None:
    """The bot idle on an empty database; on members without check-ins; on a year of check-ins."""
    telegram_methods.CALLBACK_ANSWER_WINDOW_SECONDS = int(TIMEOUT)
    memory: Memory = {}
    now = datetime.now(ZONE)
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        for part in ("empty", "members", "year"):
            (scratch / part).mkdir()
        started = time.perf_counter()
        history = await prepare_history(scratch / "year" / "bot.sqlite3", args.members, args.weeks, now)
        filled, size = (
            time.perf_counter() - started,
            (scratch / "year" / "bot.sqlite3").stat().st_size / 2**20,
        )
        ids = await prepare_members(scratch / "members" / "bot.sqlite3", args.members)
        async with TelegramEmulator(token=TOKEN, limits=FloodLimits(enabled=False)) as emulator:
            process = await start_process(emulator, BOT, scratch / "empty" / "bot.sqlite3")
            try:
                await asyncio.sleep(IDLE_SECONDS)
                memory["empty database, idle"] = memory_mib(process.pid)
            finally:
                await stop_process(process)
            for telegram_id in ids:
                emulator.user(telegram_id, person_name(telegram_id)[0], has_started=True)
            this_week = History([cycle_at(now, ZONE).key], {}, 0)
            await _driven(
                emulator, scratch / "members" / "bot.sqlite3", this_week, [], "no check-ins", memory
            )
            label = f"{args.weeks} weeks"
            readers = ids[: args.readers]
            missing, outcome = await _driven(
                emulator, scratch / "year" / "bot.sqlite3", history, readers, label, memory
            )
    _report(args, history, filled, size, missing, outcome, memory)


def _report(
    args: argparse.Namespace,
    history: History,
    filled: float,
    size: float,
    missing: list[str],
    outcome: Counter[str],
    memory: Memory,
) -> None:
    print(f"\nrss: {args.members} members, {args.weeks} weeks {history.cycles[0]}..{history.cycles[-1]}")
    print(f"  sheets {history.sheets}, {history.absences} absences")
    print(f"  {size:.0f} MiB on disk, written in {filled:.1f} s")
    print(f"  could not: {'; '.join(missing) or 'nothing'}")
    print(f"  members: {dict(outcome)}")
    print(f"{'bot process, after':<78} {'RSS':>10} {'peak (VmHWM)':>14}")
    for label, (now, peak) in memory.items():
        print(f"{label:<78} {now:>6.1f} MiB {peak:>10.1f} MiB")
    print(f"  target: peak < 150 MB ({150e6 / 2**20:.0f} MiB if a MB is 10^6 bytes)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `rss` command's options."""
    parser.add_argument("--members", type=int, default=1463)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--readers", type=int, default=1463, help="members who open /mycheckins at once")
