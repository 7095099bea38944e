"""Telegram's flood waits, scoped as Telegram scopes them.

A 429 says how long to wait, not which limit was hit: one chat's (about 1 message a second) or the
bot's (about 30 a second overall). A 429 for one chat pauses only that chat; a 429 from another chat
while the first pause lasts means the overall limit, so everything pauses for the longest wait. The
rate limiter (answers to people) and the outbox worker (bulk sends) share one of these.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class FloodWaits:
    """Who must wait, and until when (on a monotonic clock)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._chats: dict[int, float] = {}
        self._everything = 0.0

    def record(self, chat_id: int | None, seconds: float) -> None:
        """Telegram answered 429 with `seconds` to a request for `chat_id` (None: a request with no chat)."""
        now = self._clock()
        until = now + seconds
        self._forget_past(now)
        others = [paused for chat, paused in self._chats.items() if chat != chat_id]
        if chat_id is None or others:
            self._everything = max(self._everything, until, *others)
            return
        self._chats[chat_id] = max(self._chats.get(chat_id, 0.0), until)

    def wait_for(self, chat_id: int | None) -> float:
        """Seconds a request for `chat_id` must still wait (0 if none)."""
        until = self._everything
        if chat_id is not None:
            until = max(until, self._chats.get(chat_id, 0.0))
        return max(0.0, until - self._clock())

    def wait_for_everything(self) -> float:
        """Seconds every request must still wait (0 if none)."""
        return max(0.0, self._everything - self._clock())

    def paused_chats(self) -> list[int]:
        """The chats waiting on a flood wait of their own."""
        self._forget_past(self._clock())
        return list(self._chats)

    def _forget_past(self, now: float) -> None:
        for chat, until in list(self._chats.items()):
            if until <= now:
                del self._chats[chat]
