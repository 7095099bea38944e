"""Errors at random: a share of the sends answer 502 or lose their connection; those deliver nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import NetworkError
from telegram.request import HTTPXRequest

from tg_emulator import FloodLimits, TelegramEmulator

TOKEN = "43:EMULATOR-random"
SENDS = 200


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator(token=TOKEN, limits=FloodLimits(enabled=False)) as emu:
        yield emu


@pytest.fixture
async def bot(emulator: TelegramEmulator) -> AsyncIterator[Bot]:
    request = HTTPXRequest(read_timeout=5)
    async with Bot(TOKEN, base_url=emulator.api_url, request=request) as real_bot:
        yield real_bot


async def _send_all(bot: Bot, chat_id: int) -> int:
    """How many of SENDS messages got an answer."""
    answered = 0
    for number in range(SENDS):
        try:
            await bot.send_message(chat_id, f"message {number}")
        except NetworkError:
            continue
        answered += 1
    return answered


async def test_sends_fail_at_random_and_nothing_arrives_then(emulator: TelegramEmulator, bot: Bot) -> None:
    user = emulator.user(13, "U", has_started=True)
    errors = emulator.faults.random_errors(rate_5xx=0.2, rate_drop=0.1, seed=7)

    answered = await _send_all(bot, user.id)
    assert (await bot.get_me()).id == 43  # other methods are left alone

    assert 10 <= errors.failures <= 70 and 3 <= errors.drops <= 40
    assert answered == SENDS - errors.failures - errors.drops
    assert len(user.messages) == answered  # a 502 or a dropped connection delivered nothing
    assert emulator.sent_count() == answered


async def test_the_same_seed_fails_the_same_calls(emulator: TelegramEmulator, bot: Bot) -> None:
    first = emulator.faults.random_errors(rate_5xx=0.1, rate_drop=0.05, seed=3)
    await _send_all(bot, emulator.user(14, "A", has_started=True).id)
    second = emulator.faults.random_errors(rate_5xx=0.1, rate_drop=0.05, seed=3)
    await _send_all(bot, emulator.user(15, "B", has_started=True).id)
    assert (first.failures, first.drops) == (second.failures, second.drops)


async def test_clear_ends_random_errors(emulator: TelegramEmulator, bot: Bot) -> None:
    emulator.faults.random_errors(rate_5xx=1.0, seed=1)
    emulator.faults.clear()
    assert await _send_all(bot, emulator.user(16, "C", has_started=True).id) == SENDS
