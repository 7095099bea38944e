"""Flood control: a burst then about one a second per chat, 30 a second overall, 20 a minute per group."""

from __future__ import annotations

from tg_emulator.limits import FloodControl, FloodLimits


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_chat_gets_a_burst_then_one_a_second() -> None:
    clock = FakeClock()
    control = FloodControl(FloodLimits(), clock)
    assert [control.admit(1) for _ in range(5)] == [None] * 5
    assert control.admit(1) == 1
    clock.now += 1.0
    assert control.admit(1) is None
    assert control.admit(1) == 1


def test_overall_limit_across_chats() -> None:
    clock = FakeClock()
    control = FloodControl(FloodLimits(overall_per_second=30), clock)
    assert all(control.admit(chat) is None for chat in range(30))
    assert control.admit(99) == 1
    clock.now += 1.0
    assert control.admit(99) is None


def test_groups_have_twenty_a_minute() -> None:
    clock = FakeClock()
    control = FloodControl(FloodLimits(chat_burst=100, chat_per_second=100.0), clock)
    assert all(control.admit(-5) is None for _ in range(20))
    retry = control.admit(-5)
    assert retry is not None and 50 <= retry <= 60


def test_limits_can_be_switched_off() -> None:
    control = FloodControl(FloodLimits(enabled=False), FakeClock())
    assert all(control.admit(1) is None for _ in range(1000))
