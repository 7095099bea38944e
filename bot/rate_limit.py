"""The bot's rate limiter: Telegram's overall limit without bursts, and answers to people first.

PTB's AIORateLimiter lets a burst of 30 through after a lull and serves requests first come, first
served, so during a broadcast one second can carry ~60 sends (Telegram answers 429) and an answer to
a person waits behind every queued broadcast message (bench/README.md measured 26 s at p95). Here
every request with a chat takes a slot 1/rate apart; answers reserve the next free slot at once,
while bulk sends (the outbox marks them with `BULK`) take a slot only when no answer wants it.
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

log = logging.getLogger(__name__)

BULK = "bulk"  # rate_limit_args of a send that may wait for answers to people
OVERALL_RATE = 29.0  # requests a second: under Telegram's ~30, so jitter cannot make 31
GROUP_RATE = (20, 60.0)  # Telegram: about 20 messages a minute to one group
RETRY_MARGIN = 0.1  # seconds added to a flood wait

Result = bool | JSONDict | list[JSONDict]


class PriorityRateLimiter(BaseRateLimiter[str]):
    """Spaces requests evenly under `rate`; answers go before bulk sends; a 429 pauses everything."""

    def __init__(self, rate: float = OVERALL_RATE, max_retries: int = 3) -> None:
        self._interval = 1.0 / rate
        self._max_retries = max_retries
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._bulk_gate = asyncio.Lock()  # one bulk send at a time looks for a free slot
        self._groups: dict[int | str, AsyncLimiter] = {}

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
                await self._group_turn(chat_id)
                await (self._bulk_turn() if bulk else self._answer_turn())
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as flood:
                seconds = retry_seconds(flood.retry_after) + RETRY_MARGIN
                loop_time = asyncio.get_running_loop().time()
                self._paused_until = max(self._paused_until, loop_time + seconds)
                # The outbox reschedules its own sends; an answer to a person is retried here.
                if bulk or attempt == self._max_retries:
                    raise
                log.warning("Telegram asks to wait %.1fs (%s); retrying", seconds, endpoint)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _answer_turn(self) -> None:
        now = asyncio.get_running_loop().time()
        slot = max(self._next_slot, self._paused_until, now)
        self._next_slot = slot + self._interval
        if slot > now:
            await asyncio.sleep(slot - now)

    async def _bulk_turn(self) -> None:
        async with self._bulk_gate:
            while True:
                now = asyncio.get_running_loop().time()
                free_at = max(self._next_slot, self._paused_until)
                if free_at <= now:
                    self._next_slot = now + self._interval
                    return
                await asyncio.sleep(free_at - now)  # an answer may take that slot meanwhile

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
