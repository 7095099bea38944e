"""Flood limits like Telegram's: overall per second, a burst then ~1/s per chat, 20/min per group."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class FloodLimits:
    """The limits; change them during a test, or set enabled=False."""

    enabled: bool = True
    overall_per_second: int = 30
    chat_burst: int = 5
    chat_per_second: float = 1.0
    group_per_minute: int = 20


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class FloodControl:
    """Counts sends and answers how long to wait when a limit is hit."""

    limits: FloodLimits
    clock: Callable[[], float] = time.monotonic
    _overall: deque[float] = field(default_factory=deque)
    _chats: dict[int, _Bucket] = field(default_factory=dict)
    _groups: dict[int, deque[float]] = field(default_factory=dict)

    def admit(self, chat_id: int) -> int | None:
        """Count one send to `chat_id`; return retry_after seconds if it must be refused."""
        limits = self.limits
        if not limits.enabled:
            return None
        now = self.clock()
        while self._overall and now - self._overall[0] >= 1.0:
            self._overall.popleft()
        if len(self._overall) >= limits.overall_per_second:
            return max(1, math.ceil(1.0 - (now - self._overall[0])))
        bucket = self._chats.get(chat_id)
        if bucket is None:
            bucket = self._chats[chat_id] = _Bucket(float(limits.chat_burst), now)
        bucket.tokens = min(
            float(limits.chat_burst), bucket.tokens + (now - bucket.updated) * limits.chat_per_second
        )
        bucket.updated = now
        if bucket.tokens < 1.0:
            return max(1, math.ceil((1.0 - bucket.tokens) / limits.chat_per_second))
        if chat_id < 0:
            sent = self._groups.setdefault(chat_id, deque())
            while sent and now - sent[0] >= 60.0:
                sent.popleft()
            if len(sent) >= limits.group_per_minute:
                return max(1, math.ceil(60.0 - (now - sent[0])))
            sent.append(now)
        bucket.tokens -= 1.0
        self._overall.append(now)
        return None
