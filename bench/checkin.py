"""Weekly check-ins under load: 1,463 members answering at once, and the bot's memory with a year of them.

`python -m bench.checkin answers [--members 1463] [--production-members 1463] [--parts ab]`
  Every member starts /checkin at the same moment and answers a five-question check-in
  (bench/checkin_questions_5.toml: three texts, a yes/no button, a number; then Confirm): 7 updates a
  member. Every answer must be stored. Reported: updates/s, members finished/s, and the delay from a
  member's send (or press) to the bot's reply that ends the step, p50/p95/max per step.
  (a) emulator and bot limits off (the bot without its rate limiter: bench/unlimited_bot.py), beside the
      floor measured just before in the same run: bench/echo_bot.py answering the same 7 texts from the
      same members at the same moment (target: the bot >= 70% of the floor's updates/s), once with
      python-telegram-bot's default transport (httpx) and once with the bot's own (aiohttp);
  (b) production: emulator limits on (30 sends/s overall, ~1/s a chat), `python -m cli run` with its own
      rate limiter, set beside the bound Telegram's 30 messages/s puts on 7 messages a member.
`python -m bench.checkin rss [--members 1463] [--weeks 52] [--readers 1463]`
  The bot's peak RSS (VmHWM) on a database with 52 weeks of check-ins (bench/checkin_setup.py), driven
  by a coordinator (/checkins, the latest cycle, its exports) and members (/mycheckins, /checkin),
  beside the same bot idle on an empty database. Target: under 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.broadcast import TOKEN, LoopLag, _percentile  # noqa: E402
from bench.checkin_crowd import (  # noqa: E402
    BOT,
    Inbox,
    checkin_settings,
    cpu_seconds,
    start_process,
    stop_process,
)
from bench.checkin_rss import add_arguments, rss  # noqa: E402
from bench.checkin_setup import (  # noqa: E402
    BLOCKERS,
    DONE,
    PLANNED,
    ZONE,
    person_name,
    prepare_members,
    sentences,
)
from bot.callbacks import unpack  # noqa: E402
from bot.services.checkins.cycles import cycle_at  # noqa: E402
from bot.transport.rate_limit import OVERALL_RATE as BOT_RATE  # noqa: E402
from storage.checkins import checkins_of_cycle  # noqa: E402
from storage.db import Database  # noqa: E402
from tg_emulator import (  # noqa: E402
    BotMessage,
    FloodLimits,
    TelegramEmulator,
    methods as telegram_methods,
)

QUESTIONS = ROOT / "bench" / "checkin_questions_5.toml"
STEPS = ("/checkin", "done", "planned", "blockers", "needs_help", "people_trained", "confirm")
SENDS_PER_MEMBER = 7  # five questions (the intro on the first), summary, thanks
CHAT_REQUESTS_PER_MEMBER = 9  # the 7 sends and the 2 edits that take the buttons off
TELEGRAM_RATE = 30.0
UNLIMITED_BOT = [sys.executable, str(ROOT / "bench" / "unlimited_bot.py")]
ECHO_BOT = [sys.executable, str(ROOT / "bench" / "echo_bot.py")]
ECHO_BOT_AIOHTTP = [*ECHO_BOT, "--aiohttp"]
STALL_SECONDS = 60.0  # the bot sent nothing for this long: whoever still waits is stuck


class StepFailed(Exception):
    """The bot's reply is not the next step of the check-in."""


@dataclass(frozen=True)
class Script:
    """What one member answers."""

    texts: tuple[str, str, str]
    needs_help: bool
    people_trained: int

    def typed(self) -> list[str]:
        """The member's 7 updates as texts (the echo floor sends these)."""
        yes_no = "Так" if self.needs_help else "Ні"
        return ["/checkin", *self.texts, yes_no, str(self.people_trained), "Підтвердити"]

    def stored(self) -> dict[str, Any]:
        """The sheet the bot must store."""
        done, planned, blockers = self.texts
        return {
            "done": done,
            "planned": planned,
            "blockers": blockers,
            "needs_help": self.needs_help,
            "people_trained": self.people_trained,
        }


def script_of(telegram_id: int) -> Script:
    """A member's answers: texts of 100 to 300 characters, fixed per member."""
    chance = random.Random(telegram_id * 7)
    texts = (
        sentences(chance, DONE, 100, 300),
        sentences(chance, PLANNED, 100, 300),
        sentences(chance, BLOCKERS, 100, 300),
    )
    return Script(texts, chance.random() < 0.3, chance.randint(0, 250))


@dataclass
class Crowd:
    """What a crowd of members did: per-step delays, who finished and when, why others did not."""

    members: int
    delays: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    finished: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    waiting_for: dict[int, str] = field(default_factory=dict)  # member → the step they are at
    started: float = 0.0
    lag: float = 0.0
    bot_cpu: float = 0.0

    @property
    def seconds(self) -> float:
        return max(self.finished) - self.started if self.finished else float("nan")

    def all_delays(self) -> list[float]:
        return [delay for delays in self.delays.values() for delay in delays]


Member = Callable[[TelegramEmulator, Inbox, int, Crowd, float], Awaitable[None]]


def _button(message: BotMessage, choice: str) -> str:
    """The callback data of the button whose first part is `choice` (yes, no, confirm)."""
    for row in message.buttons:
        for button in row:
            data = unpack(button.callback_data)
            if data is not None and data.parts[:1] == (choice,):
                assert button.callback_data is not None
                return button.callback_data
    raise StepFailed(f"no {choice} button under {message.text!r:.80}")


async def check_in(
    emulator: TelegramEmulator, inbox: Inbox, telegram_id: int, crowd: Crowd, timeout: float
) -> None:
    """One member's whole check-in, each step as soon as the bot answered the one before."""
    user = emulator.user(telegram_id, "")
    script = script_of(telegram_id)
    seen = 0

    async def reply(step: str, count: int, since: float, expect: str) -> BotMessage:
        nonlocal seen
        seen += count
        at, message = await inbox.wait(telegram_id, seen, timeout)
        if expect not in (message.text or ""):
            raise StepFailed(f"after {step}: {message.text!r:.80}")
        crowd.delays[step].append(at - since)
        return message

    def begin(step: str) -> float:
        crowd.waiting_for[telegram_id] = step
        return time.perf_counter()

    since = begin("/checkin")
    await user.send("/checkin")
    message = await reply("/checkin", 1, since, "1 з 5")
    for number, (step, text) in enumerate(zip(STEPS[1:4], script.texts, strict=True), start=2):
        since = begin(step)
        await user.send(text)
        message = await reply(step, 1, since, f"{number} з 5")
    since = begin("needs_help")
    await user.press_data(message, _button(message, "yes" if script.needs_help else "no"), timeout=timeout)
    message = await reply("needs_help", 1, since, "5 з 5")
    since = begin("people_trained")
    await user.send(str(script.people_trained))
    message = await reply("people_trained", 1, since, script.texts[2][:40])
    since = begin("confirm")
    await user.press_data(message, _button(message, "confirm"), timeout=timeout)
    await reply("confirm", 1, since, "")


async def echo(
    emulator: TelegramEmulator, inbox: Inbox, telegram_id: int, crowd: Crowd, timeout: float
) -> None:
    """The floor: the same member sends the same 7 updates as texts to the echo bot."""
    user = emulator.user(telegram_id, "")
    for seen, (step, text) in enumerate(zip(STEPS, script_of(telegram_id).typed(), strict=True), start=1):
        crowd.waiting_for[telegram_id] = step
        since = time.perf_counter()
        await user.send(text)
        at, _ = await inbox.wait(telegram_id, seen, timeout)
        crowd.delays[step].append(at - since)


async def run_crowd(emulator: TelegramEmulator, ids: list[int], member: Member, timeout: float) -> Crowd:
    """Every member starts at the same moment and goes on as fast as the bot answers; members still
    waiting when the bot has sent nothing for STALL_SECONDS are counted as stuck at their step."""
    crowd = Crowd(len(ids))
    inbox = Inbox()
    unsubscribe = emulator.subscribe(inbox.watch)
    gate = asyncio.Event()

    async def one(telegram_id: int) -> None:
        await gate.wait()
        try:
            await member(emulator, inbox, telegram_id, crowd, timeout)
        except (StepFailed, TimeoutError, AssertionError) as error:
            crowd.failures[f"{type(error).__name__}: {str(error).splitlines()[0][:90]}"] += 1
        else:
            crowd.finished.append(time.perf_counter())
        crowd.waiting_for.pop(telegram_id, None)  # only those cancelled as stuck stay

    tasks = [asyncio.create_task(one(telegram_id)) for telegram_id in ids]
    await asyncio.sleep(0.5)  # every task waits at the gate
    lag = LoopLag()
    crowd.started = inbox.last = time.perf_counter()
    gate.set()
    try:
        while not all(task.done() for task in tasks):
            await asyncio.wait(tasks, timeout=1.0)
            if time.perf_counter() - inbox.last > STALL_SECONDS:
                for task in tasks:
                    task.cancel()
        for step, count in Counter(crowd.waiting_for.values()).items():
            crowd.failures[f"stuck after {step}: no reply for {STALL_SECONDS:g} s"] += count
    finally:
        crowd.lag = lag.stop()
        unsubscribe()
    return crowd


async def _drive(
    scratch: Path,
    name: str,
    members: int,
    limits: FloodLimits,
    command: list[str],
    member: Member,
    timeout: float,
) -> tuple[Crowd, dict[str, int]]:
    """One run: a fresh database and emulator, the process started, the crowd, the process stopped."""
    database = scratch / name / "bot.sqlite3"
    database.parent.mkdir()
    ids = await prepare_members(database, members)
    async with TelegramEmulator(token=TOKEN, limits=limits) as emulator:
        for telegram_id in ids:
            emulator.user(telegram_id, person_name(telegram_id)[0], has_started=True)
        process = await start_process(emulator, command, database, **checkin_settings(QUESTIONS))
        try:
            cpu = cpu_seconds(process.pid)
            crowd = await run_crowd(emulator, ids, member, timeout)
            crowd.bot_cpu = cpu_seconds(process.pid) - cpu
        finally:
            await stop_process(process)
        calls = Counter(call.method for call in emulator.calls if call.method != "getupdates")
        calls["429s"] = sum(1 for call in emulator.calls if call.status == 429)
        for call in emulator.calls:
            if call.status not in (200, 429):
                calls[f"{call.method} {call.status}"] += 1
    if member is check_in:
        calls.update(await _verify(database, ids))
    return crowd, dict(calls)


async def _verify(database: Path, ids: list[int]) -> Counter[str]:
    """Every member's sheet of this week: submitted with exactly the answers they gave."""
    db = await Database.open(database)
    try:
        sheets = {sheet.telegram_id: sheet for sheet in await checkins_of_cycle(db, _this_week())}
    finally:
        await db.close()
    outcome: Counter[str] = Counter()
    for telegram_id in ids:
        sheet = sheets.get(telegram_id)
        if sheet is None:
            outcome["sheets missing"] += 1
        elif sheet.status != "submitted" or sheet.answers != script_of(telegram_id).stored():
            outcome["sheets wrong"] += 1
        else:
            outcome["sheets right"] += 1
    return outcome


def _this_week() -> str:
    return cycle_at(datetime.now(ZONE), ZONE).key


def _row(label: str, crowd: Crowd) -> str:
    done = len(crowd.finished)
    delays = crowd.all_delays()
    if not done or not delays:
        return f"{label:<34} nobody finished; {dict(crowd.failures)}"
    rate = done * len(STEPS) / crowd.seconds
    return (
        f"{label:<34} {done:>5}/{crowd.members} {crowd.seconds:>8.1f} s {rate:>8.1f}/s"
        f" {done / crowd.seconds:>8.1f}/s {_percentile(delays, 0.5) * 1000:>8.0f} ms"
        f" {_percentile(delays, 0.95) * 1000:>8.0f} ms {max(delays) * 1000:>8.0f} ms"
        f" {crowd.bot_cpu:>6.1f} s {crowd.lag * 1000:>6.0f} ms"
    )


def _header() -> str:
    return (
        f"{'':<34} {'done':>11} {'wall':>10} {'updates':>10} {'members':>10} {'p50':>11}"
        f" {'p95':>11} {'max':>11} {'bot CPU':>8} {'lag':>9}"
    )


def _per_step(crowds: dict[str, Crowd]) -> None:
    print(f"\n  per step, p50 / p95 / max (ms): {' | '.join(crowds)}")
    for step in STEPS:
        cells = []
        for crowd in crowds.values():
            delays = crowd.delays.get(step) or [float("nan")]
            cells.append(
                f"{_percentile(delays, 0.5) * 1000:>7.0f} {_percentile(delays, 0.95) * 1000:>7.0f}"
                f" {max(delays) * 1000:>7.0f}"
            )
        print(f"  {step:<16}" + " | ".join(cells))


def _calls(label: str, calls: dict[str, int]) -> None:
    shown = ", ".join(f"{name} {count}" for name, count in sorted(calls.items()))
    print(f"  {label}: {shown}")


async def limits_off(scratch: Path, members: int) -> None:
    """Part (a): the echo floor, then the bot without its rate limiter, the emulator's limits off."""
    off = FloodLimits(enabled=False)
    floor, floor_calls = await _drive(scratch, "a-echo", members, off, ECHO_BOT, echo, 120)
    same, _ = await _drive(scratch, "a-echo-aiohttp", members, off, ECHO_BOT_AIOHTTP, echo, 120)
    bot, bot_calls = await _drive(scratch, "a-bot", members, off, UNLIMITED_BOT, check_in, 300)
    updates = members * len(STEPS)
    print(f"\n(a) {members} members x {len(STEPS)} updates = {updates}, all limits off")
    print(_header())
    print(_row("echo bot (floor)", floor))
    print(_row("echo bot, bot's transport", same))
    print(_row("cdto-bot, no rate limiter", bot))
    for label, echoed in (("floor", floor), ("floor on the bot's transport", same)):
        if echoed.finished and bot.finished:
            share = (len(bot.finished) / bot.seconds) / (len(echoed.finished) / echoed.seconds)
            print(f"  bot / {label} updates/s: {share:.1%} (target >= 70%)")
    _per_step({"floor": floor, "cdto-bot": bot})
    _calls("echo calls", floor_calls)
    _calls("bot calls and sheets", bot_calls)
    _failures(floor.failures + same.failures + bot.failures)


async def production(scratch: Path, members: int, window: float) -> None:
    """Part (b): `python -m cli run` with its rate limiter, the emulator's limits on."""
    crowd, calls = await _drive(scratch, "b-bot", members, FloodLimits(), BOT, check_in, 1800)
    print(f"\n(b) {members} members x {len(STEPS)} updates, production: emulator limits on, bot limiter")
    print(f"  a button press must be answered within {window:g} s")
    print(_header())
    print(_row("cdto-bot run", crowd))
    telegram = TELEGRAM_RATE / SENDS_PER_MEMBER
    paced = BOT_RATE / CHAT_REQUESTS_PER_MEMBER
    print(
        f"  bound, Telegram 30 messages/s / {SENDS_PER_MEMBER} messages a member:"
        f" {telegram:.2f} members/s = {telegram * len(STEPS):.1f} updates/s"
    )
    print(
        f"  bound, the bot's limiter {BOT_RATE:g}/s / {CHAT_REQUESTS_PER_MEMBER} chat requests"
        f" a member (edits take a slot): {paced:.2f} members/s = {paced * len(STEPS):.1f} updates/s"
    )
    if crowd.finished:
        achieved = len(crowd.finished) / crowd.seconds
        print(
            f"  achieved / Telegram bound: {achieved / telegram:.1%}; / limiter bound: {achieved / paced:.1%}"
        )
    _per_step({"cdto-bot run": crowd})
    _calls("bot calls and sheets", calls)
    _failures(crowd.failures)


def _failures(failures: Counter[str]) -> None:
    for failure, count in failures.items():
        print(f"  failed: {count} x {failure}")


async def answers(args: argparse.Namespace) -> None:
    """Parts (a) and (b) of the answers bench."""
    telegram_methods.CALLBACK_ANSWER_WINDOW_SECONDS = args.callback_window
    with tempfile.TemporaryDirectory() as scratch_name:
        if "a" in args.parts:
            await limits_off(Path(scratch_name), args.members)
        if "b" in args.parts:
            await production(Path(scratch_name), args.production_members, args.callback_window)


def main() -> None:
    """`answers` or `rss`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    part = commands.add_parser("answers", help="members answering at once: (a) limits off, (b) production")
    part.add_argument("--members", type=int, default=1463, help="members in (a)")
    part.add_argument("--production-members", type=int, default=1463, help="members in (b)")
    part.add_argument("--parts", default="ab", help="a, b or ab")
    part.add_argument(
        "--callback-window",
        type=int,
        default=telegram_methods.CALLBACK_ANSWER_WINDOW_SECONDS,
        help="seconds within which the bot must answer a button press (Telegram: about 15)",
    )
    add_arguments(commands.add_parser("rss", help="peak RSS with a year of check-ins"))
    arguments = parser.parse_args()
    asyncio.run(answers(arguments) if arguments.command == "answers" else rss(arguments))


if __name__ == "__main__":
    main()
