"""The rate limiter: answers to people go before queued bulk sends; a 429 pauses and is handled."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.transport.rate_limit import BULK, Pace, PriorityRateLimiter


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


def test_a_pace_lets_a_burst_through_then_spaces_the_rest() -> None:
    pace = Pace(1.0, 3)
    assert [pace.reserve(10.0) for _ in range(5)] == [10.0, 10.0, 10.0, 11.0, 12.0]
    assert pace.reserve(20.0) == 20.0  # idle long enough: the burst is back
    assert not pace.idle(20.0) and pace.idle(21.0)


async def test_while_bulk_sends_wait_answers_keep_to_what_the_floor_leaves() -> None:
    telegram = Telegram()
    # 29 a second, a bulk floor of 25: answers get 4 a second while bulk waits (a burst of 4 first).
    limiter = PriorityRateLimiter(29.0, bulk_floor=25.0)
    bulk = [
        asyncio.create_task(send(limiter, telegram, f"b{i}", bulk=True, chat=1000 + i)) for i in range(40)
    ]
    await asyncio.sleep(0)
    answers = [asyncio.create_task(send(limiter, telegram, f"a{i}", bulk=False, chat=i)) for i in range(12)]
    await asyncio.gather(*bulk, *answers)
    first_40 = telegram.order[:40]
    answered = [name for name in first_40 if name.startswith("a")]
    # Without the floor all 12 answers would come first; with it, bulk sends go between them.
    assert 4 <= len(answered) < 12
    assert telegram.order.index("a3") < telegram.order.index("b5")  # the burst still goes first


async def test_answers_keep_to_the_floor_between_two_bulk_sends() -> None:
    """The outbox worker asks for its next slot only after the database work of the last send: answers
    arriving in that gap are paced as if the bulk send were waiting."""
    telegram = Telegram()
    limiter = PriorityRateLimiter(29.0, bulk_floor=25.0)  # 4 answers a second, after a burst of 4
    await send(limiter, telegram, "b0", bulk=True, chat=1000)  # nothing waits for a slot now
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(*(send(limiter, telegram, f"a{i}", bulk=False, chat=i) for i in range(8)))
    # A burst of 4, then 4 a second: the 8th answer about a second later, not at once.
    assert loop.time() - started >= 0.9
