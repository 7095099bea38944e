"""The outbox worker: sends prepared messages at a steady rate, retries, resumes after a crash.

Telegram allows a bot about 30 messages a second overall and about 1 a second per chat; beyond that
it answers 429 with retry_after. The worker paces itself below that (`rate`, leaving room for answers
to users), keeps one chat to one message a second, and on a flood wait pauses that chat, or everything
when another chat is waiting too (bot.transport.flood_waits). It does not import telegram: the injected send
function turns Telegram's errors into the exceptions below.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.transport.flood_waits import FloodWaits
from storage import outbox
from storage.db import Database
from storage.outbox import BatchCounts, Delivery, Payload

log = logging.getLogger(__name__)

PER_CHAT_INTERVAL = 1.0  # seconds between two messages to one chat
IDLE_POLL = 1.0  # longest sleep when nothing is due, so new batches start without a wake-up
BACKOFF_BASE = 1.0
BACKOFF_CAP = 300.0


class RetryLater(Exception):
    """Telegram's 429: nothing may be sent for `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"flood wait {seconds:g}s")
        self.seconds = seconds


class TransientError(Exception):
    """A network error, a timeout or a 5xx: worth trying again later."""


class UnreachableError(Exception):
    """The chat cannot be written to: blocked the bot, never started it, or no such chat."""


class RejectedError(Exception):
    """Telegram refused this message itself (a 400 other than chat not found): retrying won't help."""


@dataclass(frozen=True)
class Sent:
    """The message a delivery left in the chat (and the attachment, when it went apart)."""

    message_id: int
    extra_message_id: int | None = None


SendFunction = Callable[[int, Payload], Awaitable[Sent]]
"""Carries out `payload` in a chat (send, edit or delete), raising the exceptions above."""

UnreachableHook = Callable[[int, str], Awaitable[None]]
"""Called with the chat id and Telegram's reason when a chat turns out unreachable."""


class Clock(Protocol):
    """Wall time in Unix seconds (stored, so it survives restarts) and a way to wait."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def now(self) -> float:
        """Unix seconds."""
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@dataclass(frozen=True)
class Progress:
    """A batch's counts and the estimated time left."""

    counts: BatchCounts
    eta: timedelta


def backoff(attempts: int) -> float:
    """Seconds before the next try after `attempts` failed ones: 1, 2, 4, … capped at 5 minutes."""
    return float(min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1)))


class Pacer:
    """A token bucket of one token: sends are spaced 1/rate apart, so no second exceeds the rate."""

    def __init__(self, rate: float, clock: Clock) -> None:
        self._interval = 1.0 / rate
        self._clock = clock
        self._next_slot = 0.0

    async def wait_turn(self) -> None:
        """Return when the next send may start."""
        now = self._clock.now()
        slot = max(self._next_slot, now)
        if slot > now:
            await self._clock.sleep(slot - now)
        self._next_slot = slot + self._interval


class DeliveryWorker:
    """One asyncio task draining the outbox; `start` resumes what a previous process left."""

    def __init__(
        self,
        db: Database,
        send: SendFunction,
        *,
        rate: float,
        max_attempts: int,
        on_unreachable: UnreachableHook | None = None,
        clock: Clock | None = None,
        max_in_flight: int = 32,
        flood_waits: FloodWaits | None = None,
    ) -> None:
        self._db = db
        self._send = send
        self.rate = rate
        self._max_attempts = max_attempts
        self._on_unreachable = on_unreachable
        self._clock: Clock = clock or SystemClock()
        self._pacer = Pacer(rate, self._clock)
        self._slots = asyncio.Semaphore(max_in_flight)
        self._last_sent: dict[int, float] = {}
        # Shared with the rate limiter in the bot, so a 429 to an answer holds that chat's bulk sends too.
        self._floods = flood_waits or FloodWaits(self._clock.now)
        self._wake = asyncio.Event()
        self._sends: set[asyncio.Task[None]] = set()
        self._finished: dict[int, asyncio.Event] = {}
        self._task: asyncio.Task[None] | None = None

    # -- public API --------------------------------------------------------------------------

    async def start(self) -> None:
        """Put rows left in flight back to pending and start sending (resumes unfinished batches)."""
        released = await outbox.release_in_flight(self._db)
        if released:
            log.warning("outbox: %d deliveries were in flight at the last stop; sending them again", released)
        self._task = asyncio.create_task(self._run(), name="delivery-worker")

    async def stop(self) -> None:
        """Stop claiming; let sends in flight finish so their rows are recorded."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._sends:
            await asyncio.gather(*self._sends, return_exceptions=True)

    async def enqueue(
        self,
        kind: str,
        owner_id: int | None,
        recipients: Iterable[outbox.Recipient],
        *,
        not_before: float | None = None,
        subject: str | None = None,
    ) -> outbox.Batch:
        """Store a batch (persisted before anything is sent) and wake the worker."""
        start = self._clock.now() if not_before is None else not_before
        batch = await outbox.create_batch(self._db, kind, owner_id, recipients, start, subject)
        return await self.take(batch)

    async def take(self, batch: outbox.Batch) -> outbox.Batch:
        """Start on a batch stored by the caller (e.g. together with its own record)."""
        if await outbox.finish_if_complete(self._db, batch.id):  # nobody to send to
            return await outbox.get_batch(self._db, batch.id) or batch
        self._wake.set()
        return batch

    def now(self) -> float:
        """The worker's clock, as rows' `not_before` counts time."""
        return self._clock.now()

    async def cancel(self, batch_id: int) -> bool:
        """Cancel a running batch; False if it had already ended."""
        cancelled = await outbox.cancel_batch(self._db, batch_id)
        if cancelled and batch_id in self._finished:
            self._finished[batch_id].set()
        return cancelled

    async def wait_finished(self, batch_id: int) -> outbox.Batch:
        """Return once the batch is done or cancelled (rows in flight at a cancel may still finish)."""
        # Registered before the check, so a finish in between is seen.
        event = self._finished.setdefault(batch_id, asyncio.Event())
        batch = await outbox.get_batch(self._db, batch_id)
        if batch is None:
            raise LookupError(f"no delivery batch {batch_id}")
        if batch.status == "running":
            await event.wait()
            batch = await outbox.get_batch(self._db, batch_id) or batch
        self._finished.pop(batch_id, None)
        return batch

    async def progress(self, batch_id: int) -> Progress:
        """Counts so far and the time left at the configured rate (older batches go first)."""
        counts = await outbox.counts(self._db, batch_id)
        ahead = await outbox.left_up_to(self._db, batch_id) if counts.left else 0
        pause = self._floods.wait_for_everything()
        return Progress(counts, timedelta(seconds=ahead / self.rate + (pause if ahead else 0.0)))

    # -- the loop ----------------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            try:
                await self._step()
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end deliveries for good
                log.exception("outbox worker step failed; going on")
                await self._clock.sleep(IDLE_POLL)

    async def _step(self) -> None:
        pause = self._floods.wait_for_everything()
        if pause > 0:
            await self._clock.sleep(pause)
            return
        await self._slots.acquire()
        try:
            await self._pacer.wait_turn()
            now = self._clock.now()
            if self._floods.wait_for_everything() > 0:  # a 429 arrived while this turn was waiting
                self._slots.release()
                return
            self._wake.clear()  # before the claim: a batch enqueued after it wakes the idle sleep
            skipped = self._busy_chats(now) + self._floods.paused_chats()
            claimed = await outbox.claim_due(self._db, now, 1, skipped)
        except BaseException:
            self._slots.release()
            raise
        if not claimed:
            self._slots.release()
            await self._idle(now)
            return
        delivery = claimed[0]
        self._last_sent[delivery.chat_id] = now
        task = asyncio.create_task(self._deliver(delivery))
        self._sends.add(task)
        task.add_done_callback(self._sends.discard)

    def _busy_chats(self, now: float) -> list[int]:
        """Chats sent to less than PER_CHAT_INTERVAL ago; older entries are forgotten."""
        for chat_id, at in list(self._last_sent.items()):
            if now - at >= PER_CHAT_INTERVAL:
                del self._last_sent[chat_id]
        return list(self._last_sent)

    async def _idle(self, now: float) -> None:
        """Sleep until the next row is due (at most IDLE_POLL), or until a new batch arrives."""
        due = await outbox.next_due_at(self._db)
        wait = IDLE_POLL if due is None else min(IDLE_POLL, max(0.0, due - now))
        if self._last_sent:  # a row may be waiting only for its chat's interval
            wait = min(wait, PER_CHAT_INTERVAL / 4)
        sleeper = asyncio.ensure_future(self._clock.sleep(wait))
        woken = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({sleeper, woken}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            woken.cancel()

    async def _deliver(self, delivery: Delivery) -> None:
        try:
            await self._attempt(delivery)
            finished = await outbox.finish_if_complete(self._db, delivery.batch_id)
            if finished and delivery.batch_id in self._finished:
                self._finished[delivery.batch_id].set()
        except Exception:
            log.exception("outbox: recording delivery %d failed", delivery.id)
        finally:
            self._slots.release()

    async def _attempt(self, delivery: Delivery) -> None:
        try:
            sent = await self._send(delivery.chat_id, delivery.payload)
        except RetryLater as flood:
            self._floods.record(delivery.chat_id, flood.seconds)
            everything = self._floods.wait_for_everything() > 0
            until = self._clock.now() + self._floods.wait_for(delivery.chat_id)
            scope = "every delivery" if everything else f"chat {delivery.chat_id}"
            log.warning("outbox: Telegram asks to wait %gs; pausing %s", flood.seconds, scope)
            await outbox.retry_at(self._db, delivery.id, until, str(flood), count_attempt=False)
        except UnreachableError as error:
            await outbox.mark_unreachable(self._db, delivery.id, str(error))
            if self._on_unreachable is not None:
                await self._on_unreachable(delivery.chat_id, str(error))
        except RejectedError as error:
            await outbox.mark_failed(self._db, delivery.id, str(error))
        except Exception as error:  # TransientError, or anything unforeseen: retry, then give up
            reason = f"{type(error).__name__}: {error}"
            if delivery.attempts >= self._max_attempts:
                log.warning("outbox: giving up on chat %d: %s", delivery.chat_id, reason)
                await outbox.mark_failed(self._db, delivery.id, reason)
            else:
                when = self._clock.now() + backoff(delivery.attempts)
                await outbox.retry_at(self._db, delivery.id, when, reason)
        else:
            sent_at = datetime.fromtimestamp(self._clock.now(), UTC).isoformat(timespec="seconds")
            await outbox.mark_sent(self._db, delivery.id, sent.message_id, sent_at, sent.extra_message_id)
