"""The bot's rate limiter: Telegram's limits without bursts, answers to people first, bulk kept going.

PTB's AIORateLimiter lets a burst of 30 through after a lull and serves requests first come, first
served, so during a broadcast one second can carry ~60 sends (Telegram answers 429) and an answer to
a person waits behind every queued broadcast message (bench/README.md measured 26 s at p95). Here
every request with a chat takes a slot 1/rate apart; answers reserve the next free slot at once,
while bulk sends (the outbox marks them with `BULK`) take a slot only when no answer wants it. So that
answers cannot starve a broadcast either, while bulk sends wait answers get at most the slots the
bulk floor leaves (`bulk_floor`, BROADCAST_RATE × 0.8 in the bot). Answers to one chat keep to about
one a second after a short burst, as Telegram asks; a 429 pauses its chat, or everything when a
second chat meets one meanwhile (bot.transport.flood_waits).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.transport.flood_waits import FloodWaits

log = logging.getLogger(__name__)

BULK = "bulk"  # rate_limit_args of a send that may wait for answers to people
# Requests a second: under Telegram's ~30, so that jitter on the way (a busy server, a late event loop)
# cannot bunch them into 31 in a second (the stricter emulator blocks the bot for seconds when it does).
OVERALL_RATE = 28.0
GROUP_RATE = (20, 60.0)  # Telegram: about 20 messages a minute to one group
CHAT_INTERVAL = 1.0  # Telegram: about one message a second to one chat…
CHAT_BURST = 4  # …after a short burst: one under the emulator's model of it (5), a margin for jitter
# Answers keep to what the bulk floor leaves while a bulk send waits, or asked for a slot this recently:
# between two sends the outbox worker is busy with its database, and answers must not take that gap.
BULK_ACTIVE_FOR = 1.0
RETRY_MARGIN = 0.1  # seconds added to a flood wait
# After a 429 of the overall limit the bot slows down by this much, to at least SLOWEST_RATE, and goes
# back to its rate after RECOVERY seconds without another: Telegram blocks repeat offenders for longer.
SLOWDOWN = 0.8
SLOWEST_RATE = 20.0
RECOVERY = 120.0

Result = bool | JSONDict | list[JSONDict]


class Pace:
    """Requests spaced `interval` apart, the first `burst` of them at once (a virtual-time bucket)."""

    def __init__(self, interval: float, burst: int) -> None:
        self.interval = interval
        self._tolerance = interval * (burst - 1)
        self.next_at = 0.0  # when the next request would be on time, were there no burst

    def reserve(self, now: float) -> float:
        """The time the next request may go (now or later); it counts as sent then."""
        at = max(now, self.next_at - self._tolerance)
        self.next_at = max(self.next_at, at) + self.interval
        return at

    def idle(self, now: float) -> bool:
        """Whether the whole burst is available again (nothing to remember)."""
        return self.next_at <= now


class PriorityRateLimiter(BaseRateLimiter[str]):
    """Spaces requests evenly under `rate`; answers go before bulk sends, within the bulk floor."""

    # End-to-end stories switch this off together with the emulator's per-chat limit (tests/e2e).
    pace_chats = True

    def __init__(
        self,
        rate: float = OVERALL_RATE,
        max_retries: int = 3,
        *,
        bulk_floor: float = 0.0,
        flood_waits: FloodWaits | None = None,
    ) -> None:
        self._base_interval = self._interval = 1.0 / rate
        self._recovers_at = 0.0
        self._max_retries = max_retries
        self._next_slot = 0.0
        self._bulk_gate = asyncio.Lock()  # one bulk send at a time looks for a free slot
        self._bulk_waiting = 0
        self._bulk_seen_at = -BULK_ACTIVE_FOR  # when a bulk send last asked for a slot
        # While bulk sends wait, answers take at most the slots the floor leaves, a second's worth at once.
        answer_rate = max(rate - bulk_floor, 1.0)
        self._answers = Pace(1.0 / answer_rate, max(1, int(answer_rate)))
        self._chats: dict[int | str, Pace] = {}
        self._groups: dict[int | str, AsyncLimiter] = {}
        self.flood_waits = flood_waits or FloodWaits()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> Result:
        """Wait for a slot (requests without a chat, like getUpdates, do not), then call Telegram."""
        chat_id = data.get("chat_id")
        bulk = rate_limit_args == BULK
        for attempt in range(self._max_retries + 1):
            if chat_id is not None:
                await self._turn(chat_id, bulk)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as flood:
                seconds = retry_seconds(flood.retry_after) + RETRY_MARGIN
                self.flood_waits.record(chat_id if isinstance(chat_id, int) else None, seconds)
                if self.flood_waits.wait_for_everything() > 0:
                    self._slow_down()
                # The outbox reschedules its own sends; an answer to a person is retried here.
                if bulk or attempt == self._max_retries:
                    raise
                log.warning("Telegram asks to wait %.1fs (%s to %s); retrying", seconds, endpoint, chat_id)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _turn(self, chat_id: int | str, bulk: bool) -> None:
        """Wait for a slot; a 429 that came while it waited (the slot may be seconds ahead) means again:
        requests already on their way when Telegram says stop are what turns one 429 into thirty."""
        flooded = chat_id if isinstance(chat_id, int) else None
        while True:
            await self._flood_turn(chat_id, bulk)
            await self._group_turn(chat_id)
            await (self._bulk_turn() if bulk else self._answer_turn(chat_id))
            if self.flood_waits.wait_for(flooded) <= 0:
                return

    def _slow_down(self) -> None:
        """The overall limit was hit: a slower pace, until RECOVERY seconds pass without another 429."""
        self._interval = min(self._interval / SLOWDOWN, 1.0 / SLOWEST_RATE)
        self._recovers_at = asyncio.get_running_loop().time() + RECOVERY
        log.warning(
            "Telegram's overall limit was hit: %.1f requests a second for a while", 1 / self._interval
        )

    def _pace_now(self, now: float) -> float:
        """The interval between two requests now (back to the configured rate once recovered)."""
        if self._interval != self._base_interval and now >= self._recovers_at:
            self._interval = self._base_interval
        return self._interval

    async def _flood_turn(self, chat_id: object, bulk: bool) -> None:
        """Wait out a flood wait of the chat or of everything; a bulk send goes back to the outbox."""
        wait = self.flood_waits.wait_for(chat_id if isinstance(chat_id, int) else None)
        if wait <= 0:
            return
        if bulk:  # its worker reschedules it, instead of holding a sending place meanwhile
            raise RetryAfter(timedelta(seconds=wait))
        await asyncio.sleep(wait)

    async def _answer_turn(self, chat_id: int | str) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        at = self._chat_pace(chat_id, now).reserve(now) if self.pace_chats else now
        if self._bulk_waiting or now - self._bulk_seen_at < BULK_ACTIVE_FOR:
            at = self._answers.reserve(at)
        if at > now:
            await asyncio.sleep(at - now)
            now = loop.time()
        slot = max(self._next_slot, now)
        self._next_slot = slot + self._pace_now(slot)
        if slot > now:
            await asyncio.sleep(slot - now)

    async def _bulk_turn(self) -> None:
        self._bulk_seen_at = asyncio.get_running_loop().time()
        self._bulk_waiting += 1
        try:
            async with self._bulk_gate:
                while True:
                    now = asyncio.get_running_loop().time()
                    if self._next_slot <= now:
                        self._next_slot = now + self._pace_now(now)
                        return
                    await asyncio.sleep(self._next_slot - now)  # an answer may take that slot meanwhile
        finally:
            self._bulk_waiting -= 1

    def _chat_pace(self, chat_id: int | str, now: float) -> Pace:
        pace = self._chats.get(chat_id)
        if pace is None:
            if len(self._chats) > 1024:  # forget chats whose whole burst is back: memory stays bounded
                self._chats = {chat: kept for chat, kept in self._chats.items() if not kept.idle(now)}
            pace = self._chats[chat_id] = Pace(CHAT_INTERVAL, CHAT_BURST)
        return pace

    async def _group_turn(self, chat_id: object) -> None:
        if not (isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)):
            return
        limiter = self._groups.setdefault(chat_id, AsyncLimiter(*GROUP_RATE))
        await limiter.acquire()


def retry_seconds(retry_after: object) -> float:
    """RetryAfter.retry_after in seconds: a timedelta with PTB_TIMEDELTA=1, else (deprecated) an int."""
    if isinstance(retry_after, timedelta):
        return retry_after.total_seconds()
    return float(retry_after)  # type: ignore[arg-type]
