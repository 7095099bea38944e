"""Faults on demand: error answers, dropped connections and latency, per method."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tg_emulator.methods import SENDING


@dataclass
class Failure:
    """An error answer to give instead of handling the call."""

    status: int
    description: str


@dataclass
class RandomErrors:
    """Errors at random: a share of the calls of `methods` get a 5xx, another share a dropped connection."""

    rate_5xx: float
    rate_drop: float
    methods: frozenset[str]
    chance: random.Random
    failures: int = 0  # how many 5xx answers were given so far
    drops: int = 0  # how many connections were dropped so far

    def fails(self, method: str) -> bool:
        """Whether this call gets a 5xx (counted)."""
        hit = method in self.methods and self.chance.random() < self.rate_5xx
        self.failures += hit
        return hit

    def drops_connection(self, method: str) -> bool:
        """Whether this call's connection is dropped before anything is done (counted)."""
        hit = method in self.methods and self.chance.random() < self.rate_drop
        self.drops += hit
        return hit


@dataclass
class Faults:
    """What the next calls of each method should suffer."""

    latency: float = 0.0
    method_latency: dict[str, float] = field(default_factory=dict)
    _failures: dict[str, list[Failure]] = field(default_factory=dict)
    _drops: dict[str, int] = field(default_factory=dict)
    at_random: RandomErrors | None = None

    def fail_next(
        self, method: str, status: int = 502, count: int = 1, description: str | None = None
    ) -> None:
        """The next `count` calls of `method` answer `status`."""
        text = description or ("Bad Gateway" if status >= 500 else f"Error {status}")
        self._failures.setdefault(method.lower(), []).extend(Failure(status, text) for _ in range(count))

    def drop_next(self, method: str, count: int = 1) -> None:
        """The next `count` calls of `method` get their connection closed without an answer."""
        self._drops[method.lower()] = self._drops.get(method.lower(), 0) + count

    def random_errors(
        self,
        rate_5xx: float = 0.0,
        rate_drop: float = 0.0,
        *,
        methods: frozenset[str] = SENDING,
        seed: int | None = None,
    ) -> RandomErrors:
        """From now on, calls of `methods` (the sending ones by default) answer 502 with probability
        `rate_5xx`, or lose their connection before anything is done with probability `rate_drop`.

        Queued faults (fail_next, drop_next) go first. Returns the counters; `clear` ends it.
        """
        self.at_random = RandomErrors(
            rate_5xx, rate_drop, frozenset(m.lower() for m in methods), random.Random(seed)
        )
        return self.at_random

    def take_failure(self, method: str) -> Failure | None:
        """The failure due for this call, if any."""
        queued = self._failures.get(method)
        if queued:
            return queued.pop(0)
        if self.at_random is not None and self.at_random.fails(method):
            return Failure(502, "Bad Gateway")
        return None

    def take_drop(self, method: str) -> bool:
        """Whether this call's connection should be dropped."""
        if self._drops.get(method, 0) > 0:
            self._drops[method] -= 1
            return True
        return self.at_random is not None and self.at_random.drops_connection(method)

    def delay_for(self, method: str) -> float:
        """Seconds to wait before answering this call."""
        return self.latency + self.method_latency.get(method, 0.0)

    def clear(self) -> None:
        """Forget every pending fault and latency."""
        self.latency = 0.0
        self.method_latency.clear()
        self._failures.clear()
        self._drops.clear()
        self.at_random = None
