"""Faults on demand: error answers, dropped connections and latency, per method."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Failure:
    """An error answer to give instead of handling the call."""

    status: int
    description: str


@dataclass
class Faults:
    """What the next calls of each method should suffer."""

    latency: float = 0.0
    method_latency: dict[str, float] = field(default_factory=dict)
    _failures: dict[str, list[Failure]] = field(default_factory=dict)
    _drops: dict[str, int] = field(default_factory=dict)

    def fail_next(
        self, method: str, status: int = 502, count: int = 1, description: str | None = None
    ) -> None:
        """The next `count` calls of `method` answer `status`."""
        text = description or ("Bad Gateway" if status >= 500 else f"Error {status}")
        self._failures.setdefault(method.lower(), []).extend(Failure(status, text) for _ in range(count))

    def drop_next(self, method: str, count: int = 1) -> None:
        """The next `count` calls of `method` get their connection closed without an answer."""
        self._drops[method.lower()] = self._drops.get(method.lower(), 0) + count

    def take_failure(self, method: str) -> Failure | None:
        """The failure due for this call, if any."""
        queued = self._failures.get(method)
        return queued.pop(0) if queued else None

    def take_drop(self, method: str) -> bool:
        """Whether this call's connection should be dropped."""
        if self._drops.get(method, 0) > 0:
            self._drops[method] -= 1
            return True
        return False

    def delay_for(self, method: str) -> float:
        """Seconds to wait before answering this call."""
        return self.latency + self.method_latency.get(method, 0.0)

    def clear(self) -> None:
        """Forget every pending fault and latency."""
        self.latency = 0.0
        self.method_latency.clear()
        self._failures.clear()
        self._drops.clear()
