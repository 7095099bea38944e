"""A limit per person before anything queues: USER_RATE_LIMIT updates in USER_RATE_WINDOW seconds.

One person sending thousands of updates would otherwise fill python-telegram-bot's queue and every
place to run (bot.transport.update_order), and everybody's answers would wait behind theirs. Someone over the
limit is told once to slow down and then ignored until they pause for a whole window: what they send
meanwhile counts too, so a flood that goes on stays ignored. Memory holds at most the limit's worth of
times per person seen within the last window.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import Enum


class Verdict(Enum):
    """What to do with one update."""

    HANDLE = "handle"
    TELL = "tell"  # the first update over the limit: say "slow down", handle nothing
    IGNORE = "ignore"


# How often (in updates) the times of people quiet for a whole window are forgotten.
SWEEP_EVERY = 1024


class PersonLimit:
    """Counts each person's updates in a sliding window."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._seen: dict[int, deque[float]] = {}
        self._told: set[int] = set()
        self._since_sweep = 0

    def judge(self, person: int) -> Verdict:
        """Count one update of `person` and say what to do with it (limit 0: always handle)."""
        if self.limit <= 0:
            return Verdict.HANDLE
        now = self._clock()
        self._sweep(now)
        times = self._seen.setdefault(person, deque(maxlen=self.limit))
        over = len(times) == self.limit and now - times[0] < self.window
        times.append(now)
        if not over:
            self._told.discard(person)
            return Verdict.HANDLE
        if person in self._told:
            return Verdict.IGNORE
        self._told.add(person)
        return Verdict.TELL

    def _sweep(self, now: float) -> None:
        self._since_sweep += 1
        if self._since_sweep < SWEEP_EVERY:
            return
        self._since_sweep = 0
        for person, times in list(self._seen.items()):
            if now - times[-1] >= self.window:
                del self._seen[person]
                self._told.discard(person)

    def remembered(self) -> int:
        """How many people's times are kept (for tests of the memory bound)."""
        return len(self._seen)
