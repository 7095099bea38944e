"""The outbox worker on a simulated clock: rate, per-chat spacing, 429, retries, blocked chats, resume."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import pytest

from bot.transport.delivery import (
    DeliveryWorker,
    RejectedError,
    RetryLater,
    Sent,
    TransientError,
    UnreachableError,
    UnreachableHook,
    backoff,
)
from storage import outbox
from storage.db import Database
from storage.outbox import BatchCounts, Payload, Recipient

HELLO = Payload("Hello")


class FakeClock:
    """Simulated time: sleeping moves it forward at once."""

    def __init__(self) -> None:
        self.time = 1_000_000.0

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        self.time += max(0.0, seconds)
        await asyncio.sleep(0)


class FakeTelegram:
    """Records every send with its simulated time; raises scripted errors per chat."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.sends: list[tuple[float, int]] = []
        self.delivered: list[int] = []
        self.script: dict[int, list[Exception]] = {}
        self.always: dict[int, Exception] = {}
        self.sent = asyncio.Event()

    async def send(self, chat_id: int, payload: Payload) -> Sent:
        self.sends.append((self.clock.now(), chat_id))
        self.sent.set()
        if chat_id in self.always:
            raise self.always[chat_id]
        if self.script.get(chat_id):
            raise self.script[chat_id].pop(0)
        self.delivered.append(chat_id)
        return Sent(len(self.sends))

    def times_for(self, chat_id: int) -> list[float]:
        return [at for at, chat in self.sends if chat == chat_id]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def telegram(clock: FakeClock) -> FakeTelegram:
    return FakeTelegram(clock)


@pytest.fixture
async def make_worker(
    db: Database, clock: FakeClock, telegram: FakeTelegram
) -> AsyncIterator[Callable[..., DeliveryWorker]]:
    workers: list[DeliveryWorker] = []

    def make(
        rate: float = 10, max_attempts: int = 8, on_unreachable: UnreachableHook | None = None
    ) -> DeliveryWorker:
        worker = DeliveryWorker(
            db,
            telegram.send,
            rate=rate,
            max_attempts=max_attempts,
            on_unreachable=on_unreachable,
            clock=clock,
        )
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        await worker.stop()


def everyone(*chat_ids: int) -> list[Recipient]:
    return [Recipient(chat_id, HELLO) for chat_id in chat_ids]


async def until_finished(worker: DeliveryWorker, batch_id: int) -> None:
    """Wait (in real time, bounded) until the batch is done or cancelled."""
    await asyncio.wait_for(worker.wait_finished(batch_id), timeout=10)


async def test_sends_never_exceed_the_rate_in_any_second(
    db: Database, telegram: FakeTelegram, make_worker: Callable[..., DeliveryWorker]
) -> None:
    worker = make_worker(rate=10)
    await worker.start()
    batch = await worker.enqueue("broadcast", 1, everyone(*range(1, 101)))
    await until_finished(worker, batch.id)
    assert sorted(telegram.delivered) == list(range(1, 101))
    times = [at for at, _ in telegram.sends]
    start = times[0]
    # Any one-second window (Telegram counts a sliding one) holds at most `rate` sends.
    busiest = max(sum(1 for other in times if at <= other < at + 1 - 1e-6) for at in times)
    assert busiest <= 10
    assert telegram.sends[-1][0] - start >= 9.0  # 100 messages at 10/s take ~10 s, not a burst
    assert await outbox.counts(db, batch.id) == BatchCounts(sent=100)


async def test_one_chat_gets_at_most_one_message_a_second(
    db: Database, telegram: FakeTelegram, make_worker: Callable[..., DeliveryWorker]
) -> None:
    worker = make_worker(rate=30)
    await worker.start()
    first = await worker.enqueue("broadcast", 1, everyone(1, 2))
    second = await worker.enqueue("reminder", None, everyone(1, 3))
    third = await worker.enqueue("reminder", None, everyone(1))
    for batch in (first, second, third):
        await until_finished(worker, batch.id)
    times = telegram.times_for(1)
    assert len(times) == 3
    assert all(later - earlier >= 1.0 for earlier, later in itertools.pairwise(times))


async def test_one_chats_flood_wait_pauses_that_chat_only(
    db: Database, telegram: FakeTelegram, make_worker: Callable[..., DeliveryWorker]
) -> None:
    telegram.script[3] = [RetryLater(5)]
    worker = make_worker(rate=10)
    await worker.start()
    batch = await worker.enqueue("broadcast", 1, everyone(*range(1, 11)))
    await until_finished(worker, batch.id)
    refused_at = telegram.times_for(3)[0]
    others = [at for at, chat in telegram.sends if at > refused_at and chat != 3]
    assert others and min(others) < refused_at + 1  # the rest went on at once
    assert telegram.times_for(3)[1] >= refused_at + 5
    assert sorted(telegram.delivered) == list(range(1, 11))
    (row,) = await db.fetch_all("SELECT attempts FROM deliveries WHERE chat_id = 3")
    assert row[0] == 1  # the 429 did not count as an attempt


async def test_a_second_chats_flood_wait_meanwhile_pauses_everything(
    db: Database, telegram: FakeTelegram, make_worker: Callable[..., DeliveryWorker]
) -> None:
    telegram.script[3] = [RetryLater(5)]
    telegram.script[4] = [RetryLater(8)]
    worker = make_worker(rate=10)
    await worker.start()
    batch = await worker.enqueue("broadcast", 1, everyone(*range(1, 11)))
    await until_finished(worker, batch.id)
    second_refusal = telegram.times_for(4)[0]
    later = [at for at, _ in telegram.sends if at > second_refusal]
    assert later and min(later) >= second_refusal + 8  # the longest wait, for everyone
    assert sorted(telegram.delivered) == list(range(1, 11))


async def test_transient_errors_are_retried_with_backoff_then_marked_failed(
    db: Database, telegram: FakeTelegram, make_worker: Callable[..., DeliveryWorker]
) -> None:
    telegram.script[1] = [TransientError("Bad Gateway"), TransientError("Timed out")]
    telegram.always[2] = TransientError("Bad Gateway")
    worker = make_worker(rate=10, max_attempts=4)
    await worker.start()
    batch = await worker.enqueue("broadcast", 1, everyone(1, 2, 3))
    await until_finished(worker, batch.id)
    assert sorted(telegram.delivered) == [1, 3]
    tries = telegram.times_for(2)
    assert len(tries) == 4
    gaps = [later - earlier for earlier, later in itertools.pairwise(tries)]
    assert [gap >= backoff(n) for n, gap in enumerate(gaps, start=1)] == [True, True, True]
    assert gaps[2] > gaps[0]
    assert await outbox.counts(db, batch.id) == BatchCounts(sent=2, failed=1)
    reason = await db.fetch_value("SELECT last_error FROM deliveries WHERE chat_id = 2")
    assert reason == "TransientError: Bad Gateway"


async def test_a_blocked_chat_is_unreachable_and_reported_once(
    db: Database, telegram: FakeTelegram, make_worker: Callable[..., DeliveryWorker]
) -> None:
    telegram.always[2] = UnreachableError("Forbidden: bot was blocked by the user")
    telegram.always[3] = RejectedError("Bad Request: message is too long")
    flagged: list[tuple[int, str]] = []

    async def flag(chat_id: int, reason: str) -> None:
        flagged.append((chat_id, reason))

    worker = make_worker(rate=10, on_unreachable=flag)
    await worker.start()
    batch = await worker.enqueue("broadcast", 1, everyone(1, 2, 3))
    await until_finished(worker, batch.id)
    assert flagged == [(2, "Forbidden: bot was blocked by the user")]
    assert len(telegram.times_for(2)) == 1  # not retried
    assert len(telegram.times_for(3)) == 1  # a refused message is not retried either
    assert await outbox.counts(db, batch.id) == BatchCounts(sent=1, failed=1, unreachable=1)


async def test_after_a_crash_rows_in_flight_are_resent_and_sent_rows_never(
    db: Database, clock: FakeClock, telegram: FakeTelegram, make_worker: Callable[..., DeliveryWorker]
) -> None:
    # The previous process claimed three rows, recorded one as sent, then died.
    batch = await outbox.create_batch(db, "broadcast", 1, everyone(1, 2, 3, 4, 5), clock.now())
    delivered, in_flight, _ = await outbox.claim_due(db, clock.now(), 3)
    await outbox.mark_sent(db, delivered.id, 77, "2026-11-26T10:00:00+00:00")

    worker = make_worker(rate=10)
    await worker.start()
    await until_finished(worker, batch.id)
    assert sorted(telegram.delivered) == [2, 3, 4, 5]
    assert in_flight.chat_id in telegram.delivered
    assert await outbox.counts(db, batch.id) == BatchCounts(sent=5)


async def test_cancel_stops_a_batch_midway(
    db: Database, clock: FakeClock, telegram: FakeTelegram, make_worker: Callable[..., DeliveryWorker]
) -> None:
    worker = make_worker(rate=2)
    await worker.start()
    batch = await worker.enqueue("broadcast", 1, everyone(*range(1, 21)))
    while len(telegram.sends) < 3:
        telegram.sent.clear()
        await telegram.sent.wait()
    assert await worker.cancel(batch.id)
    sent_when_cancelled = len(telegram.sends)
    assert (await worker.wait_finished(batch.id)).status == "cancelled"
    await worker.stop()  # lets the send in flight, if any, finish
    assert len(telegram.sends) <= sent_when_cancelled + 1  # at most the one already in flight
    counts = await outbox.counts(db, batch.id)
    assert counts.cancelled >= 20 - sent_when_cancelled - 1 and counts.left == 0
    stored = await outbox.get_batch(db, batch.id)
    assert stored is not None and stored.status == "cancelled"


async def test_progress_gives_counts_and_time_left(
    db: Database, make_worker: Callable[..., DeliveryWorker]
) -> None:
    worker = make_worker(rate=20)  # not started: nothing moves
    older = await worker.enqueue("broadcast", 1, everyone(*range(1, 41)))
    newer = await worker.enqueue("broadcast", 1, everyone(*range(41, 61)))
    progress = await worker.progress(newer.id)
    assert progress.counts == BatchCounts(pending=20)
    assert progress.eta == timedelta(seconds=3)  # 40 + 20 rows ahead at 20/s
    assert (await worker.progress(older.id)).eta == timedelta(seconds=2)


async def test_a_batch_with_nobody_in_it_is_done_at_once(
    db: Database, telegram: FakeTelegram, make_worker: Callable[..., DeliveryWorker]
) -> None:
    worker = make_worker()
    batch = await worker.enqueue("broadcast", 1, [])
    assert batch.status == "done"
    assert (await worker.wait_finished(batch.id)).status == "done"
    assert telegram.sends == []
