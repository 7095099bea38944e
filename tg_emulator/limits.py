"""Flood limits like Telegram's: overall per second, a burst then ~1/s per chat, 20/min per group.

Exceeding a limit blocks its scope (that chat, or the whole bot for the overall limit) for a penalty
of whole seconds, as Telegram does: a first offence costs `penalty_base`; each further offence while
the last block is recent costs `penalty_growth` times the one before, up to `penalty_max`. Every
request during a block is refused with the seconds left and does not lengthen the block; ignoring
the block counts as one more offence towards the next penalty (once per block, not per request, so a
tight retry loop is not sent straight to the cap). Telegram documents none of these numbers: the
defaults follow what bots report (waits of 3 to 60 s, minutes after sustained flooding).
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

WHOLE_BOT: Literal["bot"] = "bot"  # the scope of the overall limit
Scope = int | Literal["bot"]  # a chat id, or the whole bot


@dataclass
class FloodLimits:
    """The limits and penalties; change them during a test, or set enabled=False."""

    enabled: bool = True  # False switches the limits and their penalties off (not flood_chat/flood_all)
    overall_per_second: int = 30
    chat_burst: int = 5
    chat_per_second: float = 1.0
    group_per_minute: int = 20
    penalty_base: int = 3  # seconds a scope is blocked for a first offence
    penalty_growth: float = 2.0  # each repeat offence blocks this many times longer than the last
    penalty_max: int = 60  # the longest block (Telegram has answered minutes; raise it to test that)
    penalty_memory: float = 120.0  # seconds after a block ends during which a new offence is a repeat


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class _Block:
    """A scope's current or last penalty."""

    until: float  # when the block ends
    offences: int  # offences so far in this run of repeats: 1 for a first offence
    ignored: bool = False  # a request came during the block (already counted as one more offence)


@dataclass
class FloodControl:
    """Counts requests that act on a chat's messages and answers how long to wait when a limit is hit."""

    limits: FloodLimits
    clock: Callable[[], float] = time.monotonic
    _overall: deque[float] = field(default_factory=deque)
    _chats: dict[int, _Bucket] = field(default_factory=dict)
    _groups: dict[int, deque[float]] = field(default_factory=dict)
    _blocks: dict[Scope, _Block] = field(default_factory=dict)
    _scripted_next: dict[Scope, int] = field(default_factory=dict)  # flood_chat/flood_all not yet due
    _scripted_until: dict[Scope, float] = field(default_factory=dict)

    def flood_chat(self, chat_id: int, retry_after: int) -> None:
        """The next request to `chat_id` is refused with exactly `retry_after`, and the chat stays
        blocked that long from then on, as if it had flooded (even with the limits switched off).
        """
        self._scripted_next[chat_id] = _positive(retry_after)

    def flood_all(self, retry_after: int) -> None:
        """The next request to any chat is refused with exactly `retry_after`, and the whole bot stays
        blocked that long from then on (even with the limits switched off).
        """
        self._scripted_next[WHOLE_BOT] = _positive(retry_after)

    def admit(self, chat_id: int) -> int | None:
        """Count one request to `chat_id`; return retry_after seconds if it must be refused.

        A scripted flood due for the whole bot goes before one due for the chat.
        """
        now = self.clock()
        scopes: tuple[Scope, Scope] = (WHOLE_BOT, chat_id)
        for scope in scopes:
            scripted = self._scripted_next.pop(scope, None)
            if scripted is not None:
                self._scripted_until[scope] = now + scripted
                return scripted
        waits = [self._scripted_until.get(scope, now) - now for scope in scopes]
        if self.limits.enabled:
            waits += [self._blocked_for(scope, now) for scope in scopes]
        if max(waits) > 0:
            return max(1, math.ceil(max(waits)))
        if not self.limits.enabled:
            return None
        return self._count(chat_id, now)

    def _blocked_for(self, scope: Scope, now: float) -> float:
        """Seconds left of the scope's penalty; a request during it is an offence once per block."""
        block = self._blocks.get(scope)
        if block is None or block.until <= now:
            return 0.0
        if not block.ignored:
            block.ignored = True
            block.offences += 1
        return block.until - now

    def _count(self, chat_id: int, now: float) -> int | None:
        limits = self.limits
        while self._overall and now - self._overall[0] >= 1.0:
            self._overall.popleft()
        if len(self._overall) >= limits.overall_per_second:
            return self._offend(WHOLE_BOT, now, 1.0 - (now - self._overall[0]))
        bucket = self._chats.get(chat_id)
        if bucket is None:
            bucket = self._chats[chat_id] = _Bucket(float(limits.chat_burst), now)
        bucket.tokens = min(
            float(limits.chat_burst), bucket.tokens + (now - bucket.updated) * limits.chat_per_second
        )
        bucket.updated = now
        if bucket.tokens < 1.0:
            return self._offend(chat_id, now, (1.0 - bucket.tokens) / limits.chat_per_second)
        if chat_id < 0:
            sent = self._groups.setdefault(chat_id, deque())
            while sent and now - sent[0] >= 60.0:
                sent.popleft()
            if len(sent) >= limits.group_per_minute:
                return self._offend(chat_id, now, 60.0 - (now - sent[0]))
            sent.append(now)
        bucket.tokens -= 1.0
        self._overall.append(now)
        return None

    def _offend(self, scope: Scope, now: float, until_free: float) -> int:
        """Block `scope` for its next penalty (never shorter than until the limit frees a place)."""
        limits = self.limits
        last = self._blocks.get(scope)
        recent = last is not None and now - last.until <= limits.penalty_memory
        offences = last.offences + 1 if last is not None and recent else 1
        seconds = max(_penalty(limits, offences), math.ceil(until_free), 1)
        self._blocks[scope] = _Block(now + seconds, offences)
        return seconds


def _penalty(limits: FloodLimits, offences: int) -> int:
    """Whole seconds of block for the n-th offence in a run: the base, grown, capped."""
    seconds = float(limits.penalty_base)
    for _ in range(offences - 1):
        if seconds >= limits.penalty_max:
            break
        seconds *= limits.penalty_growth
    return math.ceil(min(seconds, limits.penalty_max))


def _positive(retry_after: int) -> int:
    if retry_after < 1:
        raise ValueError("Telegram's retry_after is a whole number of seconds, at least 1")
    return retry_after
