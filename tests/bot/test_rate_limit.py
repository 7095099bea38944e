"""The rate limiter: answers to people go before queued bulk sends; a 429 pauses and is handled."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.rate_limit import BULK, PriorityRateLimiter


class Telegram:
    """Records the order requests reach it; can answer 429 to the next ones."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.floods = 0

    def request(self, name: str) -> Any:
        async def call() -> bool:
            if self.floods:
                self.floods -= 1
                raise RetryAfter(timedelta(seconds=0))
            self.order.append(name)
            return True

        return call


async def send(
    limiter: PriorityRateLimiter, telegram: Telegram, name: str, *, bulk: bool, chat: int = 1
) -> Any:
    return await limiter.process_request(
        telegram.request(name), (), {}, "sendMessage", {"chat_id": chat}, BULK if bulk else None
    )


async def test_an_answer_overtakes_bulk_sends_already_waiting() -> None:
    limiter = PriorityRateLimiter(rate=50)
    telegram = Telegram()
    bulk = [asyncio.create_task(send(limiter, telegram, f"bulk{n}", bulk=True)) for n in range(6)]
    await asyncio.sleep(0)  # the bulk sends are queued first
    answer = asyncio.create_task(send(limiter, telegram, "answer", bulk=False))
    await asyncio.gather(*bulk, answer)
    assert telegram.order.index("answer") <= 1  # at most the send already holding a slot goes first
    assert sorted(telegram.order) == sorted([*(f"bulk{n}" for n in range(6)), "answer"])


async def test_answers_keep_their_order() -> None:
    limiter = PriorityRateLimiter(rate=100)
    telegram = Telegram()
    await asyncio.gather(*(send(limiter, telegram, f"a{n}", bulk=False) for n in range(5)))
    assert telegram.order == [f"a{n}" for n in range(5)]


async def test_a_flood_wait_is_retried_for_an_answer_and_left_to_the_outbox_for_bulk() -> None:
    limiter = PriorityRateLimiter(rate=100, max_retries=3)
    telegram = Telegram()
    telegram.floods = 1
    assert await send(limiter, telegram, "answer", bulk=False)
    assert telegram.order == ["answer"]
    telegram.floods = 1
    with pytest.raises(RetryAfter):
        await send(limiter, telegram, "bulk", bulk=True)


async def test_requests_without_a_chat_do_not_wait() -> None:
    limiter = PriorityRateLimiter(rate=0.001)  # one slot in 1,000 s: a chat request would hang
    telegram = Telegram()
    await send(limiter, telegram, "first", bulk=False)  # takes the only free slot
    result = await limiter.process_request(telegram.request("getUpdates"), (), {}, "getUpdates", {}, None)
    assert result is True
