"""Flood control: a burst then about one a second per chat, 30 a second overall, 20 a minute per group,
and the blocks Telegram imposes when they are exceeded."""

from __future__ import annotations

import pytest

from tg_emulator.limits import FloodControl, FloodLimits


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def flooded_chat(limits: FloodLimits) -> tuple[FloodControl, FakeClock]:
    """Flood control whose chat 1 has just used its burst."""
    clock = FakeClock()
    control = FloodControl(limits, clock)
    assert [control.admit(1) for _ in range(limits.chat_burst)] == [None] * limits.chat_burst
    return control, clock


def test_a_chat_gets_a_burst_then_a_block_then_one_a_second() -> None:
    control, clock = flooded_chat(FloodLimits())
    assert control.admit(1) == 3
    clock.now += 3.0
    for _ in range(10):
        assert control.admit(1) is None
        clock.now += 1.0


def test_a_block_answers_the_seconds_left_and_does_not_grow() -> None:
    control, clock = flooded_chat(FloodLimits())
    assert control.admit(1) == 3
    assert control.admit(2) is None  # another chat is not blocked
    answers = []
    for step in (0.5, 1.0, 1.25):
        clock.now += step
        answers.append(control.admit(1))
    assert answers == [3, 2, 1]  # at 0.5 s, 1.5 s and 2.75 s of the 3 s block: never less than 1
    clock.now += 0.25
    assert control.admit(1) is None


def test_repeat_offences_double_up_to_the_cap() -> None:
    control, clock = flooded_chat(FloodLimits(chat_burst=1, penalty_max=20))
    penalties = []
    for _ in range(5):
        retry_after = control.admit(1)
        assert retry_after is not None
        penalties.append(retry_after)
        clock.now += retry_after  # the bot waits exactly as told, then floods again
        assert control.admit(1) is None
    assert penalties == [3, 6, 12, 20, 20]


def test_ignoring_a_block_counts_as_one_more_offence_per_block() -> None:
    control, clock = flooded_chat(FloodLimits(chat_burst=1))
    assert control.admit(1) == 3
    for _ in range(20):  # hammering the block is one offence, not twenty
        clock.now += 0.1
        assert control.admit(1) is not None
    clock.now += 1.0
    assert control.admit(1) is None
    assert control.admit(1) == 12  # a third offence: 3 s doubled twice


def test_a_quiet_period_brings_the_penalty_back_to_the_base() -> None:
    control, clock = flooded_chat(FloodLimits(chat_burst=1, penalty_memory=120.0))
    assert control.admit(1) == 3
    clock.now += 3.0
    assert control.admit(1) is None
    assert control.admit(1) == 6
    clock.now += 6.0 + 121.0
    assert control.admit(1) is None
    assert control.admit(1) == 3


def test_overall_limit_blocks_the_whole_bot() -> None:
    clock = FakeClock()
    control = FloodControl(FloodLimits(overall_per_second=30), clock)
    assert all(control.admit(chat) is None for chat in range(30))
    assert control.admit(99) == 3
    clock.now += 1.0
    assert control.admit(100) == 2  # a chat never written to waits too
    clock.now += 2.0
    assert control.admit(100) is None


def test_groups_have_twenty_a_minute() -> None:
    clock = FakeClock()
    control = FloodControl(FloodLimits(chat_burst=100, chat_per_second=100.0), clock)
    assert all(control.admit(-5) is None for _ in range(20))
    retry = control.admit(-5)
    assert retry is not None and 50 <= retry <= 60  # the block lasts until the minute frees a place
    clock.now += retry
    assert control.admit(-5) is None


def test_limits_can_be_switched_off() -> None:
    control, _ = flooded_chat(FloodLimits())
    assert control.admit(1) == 3
    control.limits.enabled = False  # the block it earned is off too
    assert all(control.admit(1) is None for _ in range(1000))


def test_a_scripted_chat_flood_answers_exactly_then_blocks_that_long() -> None:
    clock = FakeClock()
    control = FloodControl(FloodLimits(enabled=False), clock)
    control.flood_chat(7, 30)
    assert control.admit(8) is None  # only that chat
    clock.now += 5.0  # the block starts with the request it answers
    assert control.admit(7) == 30
    clock.now += 10.0
    assert control.admit(7) == 20
    assert control.admit(8) is None
    clock.now += 20.0
    assert control.admit(7) is None


def test_a_scripted_flood_is_exact_with_the_limits_on_too() -> None:
    control, clock = flooded_chat(FloodLimits())
    assert control.admit(1) == 3
    control.flood_chat(1, 45)
    clock.now += 1.0
    assert control.admit(1) == 45


def test_a_scripted_flood_of_the_whole_bot() -> None:
    clock = FakeClock()
    control = FloodControl(FloodLimits(enabled=False), clock)
    control.flood_all(30)
    assert control.admit(5) == 30
    assert control.admit(6) == 30
    clock.now += 29.5
    assert control.admit(7) == 1
    clock.now += 0.5
    assert control.admit(5) is None


def test_a_scripted_flood_needs_a_whole_positive_wait() -> None:
    control = FloodControl(FloodLimits(), FakeClock())
    with pytest.raises(ValueError, match="at least 1"):
        control.flood_chat(1, 0)
