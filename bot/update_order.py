"""Updates of different people are handled at the same time; one person's strictly one after another.

python-telegram-bot handles updates one by one unless told otherwise, so under a crowd (a whole network
answering its check-in on Monday morning) each update waited for every earlier one's sends to pass the
rate limiter, and a button press reached its handler after Telegram had stopped accepting its answer.
Flows (ConversationHandler, per user) need one person's updates in order: a lock per person keeps it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# High on purpose: a handler mostly waits for a send slot (29 a second), and a button press must be
# answered within ~15 s, which it is at once (answerCallbackQuery takes no slot) once its handler runs.
# A few thousand waiting handlers cost a few MB.
MAX_CONCURRENT_UPDATES = 4096


def _person(update: object) -> int | None:
    """Whose update it is: the user, else the chat (a channel post); None for anything else."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None


class PerPersonOrder(BaseUpdateProcessor):
    """Concurrent across people, in arrival order for each person."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._pending: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for this person's earlier updates, then handle this one."""
        person = _person(update)
        if person is None:
            await coroutine
            return
        # Tasks start in the order updates arrive and asyncio.Lock wakes waiters first come, first
        # served, so one person's updates run in the order Telegram sent them. (A person's waiting
        # updates hold slots of the concurrency limit; the limit is far above what one person sends.)
        lock = self._locks.setdefault(person, asyncio.Lock())
        self._pending[person] = self._pending.get(person, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._pending[person] -= 1
            if not self._pending[person]:
                del self._pending[person], self._locks[person]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
