"""Flood waits scoped like Telegram's: one chat's pauses that chat; a second chat's meanwhile, everything."""

from __future__ import annotations

from bot.transport.flood_waits import FloodWaits


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_one_chats_wait_pauses_only_that_chat() -> None:
    clock = Clock()
    waits = FloodWaits(clock)
    waits.record(1, 30.0)
    assert waits.wait_for(1) == 30.0 and waits.wait_for(2) == 0.0 and waits.wait_for_everything() == 0.0
    assert waits.paused_chats() == [1]
    clock.now += 30.0
    assert waits.wait_for(1) == 0.0 and waits.paused_chats() == []


def test_a_second_chat_meanwhile_pauses_everything_for_the_longest_wait() -> None:
    clock = Clock()
    waits = FloodWaits(clock)
    waits.record(1, 30.0)
    clock.now += 5.0
    waits.record(2, 10.0)
    assert waits.wait_for_everything() == 25.0  # chat 1's wait is the longer one
    assert waits.wait_for(3) == 25.0


def test_the_same_chat_again_or_after_the_wait_stays_one_chats() -> None:
    clock = Clock()
    waits = FloodWaits(clock)
    waits.record(1, 3.0)
    waits.record(1, 5.0)
    assert waits.wait_for_everything() == 0.0 and waits.wait_for(1) == 5.0
    clock.now += 6.0
    waits.record(2, 4.0)  # chat 1's wait is over: this is chat 2's own
    assert waits.wait_for_everything() == 0.0 and waits.wait_for(2) == 4.0


def test_a_request_without_a_chat_pauses_everything() -> None:
    waits = FloodWaits(Clock())
    waits.record(None, 7.0)
    assert waits.wait_for(42) == 7.0
