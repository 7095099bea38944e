"""Updates of different people are handled at the same time; one person's strictly one after another.

python-telegram-bot handles updates one by one unless told otherwise, so under a crowd (a whole network
answering its check-in on Monday morning) each update waited for every earlier one's sends to pass the
rate limiter, and a button press reached its handler after Telegram had stopped accepting its answer.
Flows (ConversationHandler, per user) need one person's updates in order: a lock per person keeps it.

How many run at once is bounded, because a running handler holds its update, context and replies while
it waits for its send slot (~17 KiB each: 1,463 at once cost 25 MiB more than 256 did, bench/README.md).
A button press takes the next free place before any waiting message, so it is answered at once (the
answer takes no send slot) and Telegram's ~15 s window for it is kept even while messages queue.
"""

from __future__ import annotations

import asyncio
import inspect
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.transport.person_limit import PersonLimit, Verdict

# A handler mostly waits for a send slot (28 a second): 256 waiting keep the limiter busy for ~9 s.
MAX_CONCURRENT_UPDATES = 256
MAX_WAITING_UPDATES = 4096


def _person(update: object) -> int | None:
    """Whose update it is: the user, else the chat (a channel post); None for anything else."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None


def _is_press(update: object) -> bool:
    return isinstance(update, Update) and update.callback_query is not None


def _is_action(update: Update) -> bool:
    """Something a person did to the bot (not a membership change Telegram reports on its own)."""
    return update.my_chat_member is None and update.chat_member is None


OverLimitHook = Callable[[Update], Awaitable[None]]


class Places:
    """`size` places to run in; a waiter marked urgent gets the next free one before the others."""

    def __init__(self, size: int) -> None:
        self._free = size
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._others: deque[asyncio.Future[None]] = deque()

    @asynccontextmanager
    async def place(self, *, urgent: bool) -> AsyncIterator[None]:
        """Hold a place for the duration of the block."""
        await self._take(urgent)
        try:
            yield
        finally:
            self._give_back()

    async def _take(self, urgent: bool) -> None:
        if self._free and not self._urgent and not self._others:
            self._free -= 1
            return
        granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._urgent if urgent else self._others
        queue.append(granted)
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                self._give_back()  # handed a place just as it was cancelled: pass it on
            elif granted in queue:  # (`_give_back` may have passed over it already)
                queue.remove(granted)
            raise

    def _give_back(self) -> None:
        for waiting in (self._urgent, self._others):
            while waiting:
                granted = waiting.popleft()
                if not granted.done():
                    granted.set_result(None)
                    return
        self._free += 1


class PerPersonOrder(BaseUpdateProcessor):
    """Concurrent across people, in arrival order for each person, presses first for a free place."""

    def __init__(
        self, limit: PersonLimit | None = None, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES
    ) -> None:
        # python-telegram-bot's own limit (a plain semaphore, before `do_process_update`) only caps how
        # many may wait; which of them runs is decided here.
        super().__init__(MAX_WAITING_UPDATES)
        self.person_limit = limit or PersonLimit(0, 1.0)
        self.on_over_limit: OverLimitHook | None = None  # says "slow down" (set by handlers.identity.flood)
        self._places = Places(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._pending: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Judge the person's pace, wait for their earlier updates, then for a place, then handle it.

        The pace is judged before anything waits, so a flood takes neither a place nor a turn. The
        person's turn comes before the place: an update waiting for the same person's earlier one holds
        no place, so waiting presses can never fill every place and starve what they wait for.
        """
        person = _person(update)
        if person is not None and isinstance(update, Update) and _is_action(update):
            verdict = self.person_limit.judge(person)
            if verdict is not Verdict.HANDLE:
                if inspect.iscoroutine(coroutine):
                    coroutine.close()  # never started: nothing of it ran
                if verdict is Verdict.TELL and self.on_over_limit is not None:
                    await self.on_over_limit(update)
                return
        async with self._turn_of(person), self._places.place(urgent=_is_press(update)):
            await coroutine

    @asynccontextmanager
    async def _turn_of(self, person: int | None) -> AsyncIterator[None]:
        # Tasks start in the order updates arrive and asyncio.Lock wakes waiters first come, first
        # served, so one person's updates run in the order Telegram sent them.
        if person is None:
            yield
            return
        lock = self._locks.setdefault(person, asyncio.Lock())
        self._pending[person] = self._pending.get(person, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._pending[person] -= 1
            if not self._pending[person]:
                del self._pending[person], self._locks[person]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
