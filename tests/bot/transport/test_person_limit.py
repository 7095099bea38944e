"""The per-person limit: told once when over, ignored until a whole quiet window, memory bounded."""

from __future__ import annotations

from bot.transport.person_limit import SWEEP_EVERY, PersonLimit, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_over_the_limit_one_is_told_once_then_ignored_until_a_quiet_window() -> None:
    clock = Clock()
    limit = PersonLimit(3, 10.0, clock)
    assert [limit.judge(1) for _ in range(3)] == [Verdict.HANDLE] * 3
    assert limit.judge(1) is Verdict.TELL
    assert limit.judge(2) is Verdict.HANDLE  # nobody else is slowed
    for _ in range(50):  # the flood goes on: still ignored, never told again
        clock.now += 1.0
        assert limit.judge(1) is Verdict.IGNORE
    clock.now += 10.0  # a whole window without a word
    assert limit.judge(1) is Verdict.HANDLE


def test_a_steady_pace_under_the_limit_is_never_refused() -> None:
    clock = Clock()
    limit = PersonLimit(20, 10.0, clock)
    for _ in range(1000):
        clock.now += 0.5
        assert limit.judge(7) is Verdict.HANDLE


def test_zero_turns_it_off() -> None:
    limit = PersonLimit(0, 10.0, Clock())
    assert all(limit.judge(1) is Verdict.HANDLE for _ in range(10_000))


def test_people_quiet_for_a_window_are_forgotten() -> None:
    clock = Clock()
    limit = PersonLimit(5, 10.0, clock)
    for person in range(SWEEP_EVERY):
        limit.judge(person)
    clock.now += 11.0
    for _ in range(SWEEP_EVERY):
        limit.judge(1_000_000)
    assert limit.remembered() == 1
