"""A broadcast survives five SIGKILLs while Telegram answers 5xx and drops connections now and then.

The database holds the members and one broadcast already in the outbox before the bot starts. The bot
runs as a process; it is killed at five moments (random by seed) between the first and the last
delivery and started again each time. In the end every recipient has the broadcast, and only the
messages in flight at a kill may have arrived twice.

The suite runs it on 200 recipients with the flood limits off and BROADCAST_RATE at its maximum;
`FULL_FAULT_TEST=1` runs the issue's size: 1,463 recipients, the default rate, the limits on.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import random
import re
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench.broadcast_setup import AUTHOR_ID, TITLE, member_ids, prepare
from bot.settings import Settings
from bot.transport.delivery import DeliveryWorker
from storage import outbox
from storage.db import Database
from tests.auxil.bot_under_test import PROJECT_ROOT, bot_environment
from tg_emulator import MessageEvent, TelegramEmulator

FULL = os.environ.get("FULL_FAULT_TEST") == "1"
RECIPIENTS = 1463 if FULL else 200
RATE = 25 if FULL else 30
KILLS = 5
SEED = int(os.environ.get("FAULT_TEST_SEED", "1463"))
MAX_IN_FLIGHT = inspect.signature(DeliveryWorker).parameters["max_in_flight"].default
FINISH_TIMEOUT = 600.0 if FULL else 90.0
RELEASED = re.compile(r"outbox: (\d+) deliveries were in flight at the last stop")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900 if FULL else 150)]


class Deliveries:
    """Copies of the broadcast arriving in the recipients' chats, as the emulator stores them."""

    def __init__(self, recipients: set[int]) -> None:
        self.per_chat: Counter[int] = Counter()
        self.total = 0
        self._recipients = recipients
        self._arrived = asyncio.Event()

    def watch(self, event: MessageEvent) -> None:
        message = event.message
        if event.kind == "new" and message.chat_id in self._recipients and TITLE in (message.text or ""):
            self.per_chat[message.chat_id] += 1
            self.total += 1
            self._arrived.set()

    async def reach(self, total: int, timeout: float) -> None:
        """Return once `total` copies have arrived."""
        async with asyncio.timeout(timeout):
            while self.total < total:
                self._arrived.clear()
                await self._arrived.wait()


async def _start(settings: Settings, log: Path) -> asyncio.subprocess.Process:
    with log.open("ab") as output:  # the child keeps its own descriptor
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "cli",
            "run",
            cwd=log.parent,
            env=bot_environment(settings, PYTHONPATH=str(PROJECT_ROOT), BROADCAST_RATE=str(RATE)),
            stdout=output,
            stderr=output,
        )


async def _wait_done(settings: Settings, batch_id: int) -> outbox.BatchCounts:
    """Read the outbox beside the running bot until the batch is done."""
    db = await Database.open(settings.database_path)
    try:
        async with asyncio.timeout(FINISH_TIMEOUT):
            while True:
                batch = await outbox.get_batch(db, batch_id)
                if batch is not None and batch.status == "done":
                    return await outbox.counts(db, batch_id)
                await asyncio.sleep(0.1)
    finally:
        await db.close()


async def test_a_broadcast_survives_five_sigkills_under_faults(
    emulator: TelegramEmulator, settings: Settings, tmp_path: Path
) -> None:
    emulator.limits.enabled = FULL
    recipients = member_ids(RECIPIENTS)
    for telegram_id in recipients:
        emulator.user(telegram_id, f"Член {telegram_id}", has_started=True)
    emulator.user(AUTHOR_ID, "Автор", has_started=True)  # follows the progress
    published = await prepare(settings.database_path, settings, RECIPIENTS)
    assert published is not None and published.broadcast.batch_id is not None
    assert published.recipients == RECIPIENTS
    deliveries = Deliveries(set(recipients))
    emulator.subscribe(deliveries.watch)
    errors = emulator.faults.random_errors(rate_5xx=0.05, rate_drop=0.02, seed=SEED)
    kill_at = sorted(random.Random(SEED).sample(range(1, RECIPIENTS), KILLS))
    log = tmp_path / "bot.log"

    for target in kill_at:
        process = await _start(settings, log)
        try:
            await deliveries.reach(max(target, deliveries.total + 1), FINISH_TIMEOUT)
        finally:
            process.kill()
            await process.wait()
        assert process.returncode == -signal.SIGKILL, log.read_text()[-3000:]

    process = await _start(settings, log)
    try:
        counts = await _wait_done(settings, published.broadcast.batch_id)
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)

    lost = [chat for chat in recipients if deliveries.per_chat[chat] == 0]
    duplicates = sum(copies - 1 for copies in deliveries.per_chat.values())
    in_flight = sum(int(found) for found in RELEASED.findall(log.read_text()))
    bound = KILLS * MAX_IN_FLIGHT
    print(
        f"\n{RECIPIENTS} recipients, {KILLS} kills at copies {kill_at}; emulator gave "
        f"{errors.failures} 5xx and dropped {errors.drops} connections\n"
        f"lost: {len(lost)}  duplicates: {duplicates}  in flight at the kills: {in_flight}  "
        f"in-flight bound: {bound} ({KILLS} kills x max_in_flight {MAX_IN_FLIGHT})"
    )
    assert lost == []
    assert counts == outbox.BatchCounts(sent=RECIPIENTS)
    assert duplicates <= in_flight <= bound
    assert errors.failures > 0 and errors.drops > 0
