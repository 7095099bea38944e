"""Charts drawn in a child process, so matplotlib (~40 MiB once imported) never enters the bot's."""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from bot.services.charts.coverage import ChartLabels, render_png
from bot.services.charts.participation import ParticipationLabels, render_participation_png
from bot.services.checkins.digest import WeekPoint
from bot.services.roster.coverage import Coverage

# The child stays while charts keep coming (the first costs ~1 s to start it and import matplotlib;
# the next ones only their drawing), and ends this long after the last one, giving its memory back.
IDLE_SECONDS = 300.0
# A fresh child after this many charts all the same, so nothing matplotlib caches grows for ever.
CHARTS_PER_CHILD = 50


class ChartFailed(RuntimeError):
    """The chart's child process died (killed, out of memory) before it returned the PNG."""


class ChartProcess:
    """One child process that draws every chart, one at a time; started on the first chart."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS) -> None:
        self.idle_seconds = idle_seconds
        self._pool: ProcessPoolExecutor | None = None
        self._lock = asyncio.Lock()  # one chart at a time, as the drawing code was written for
        self._retire_timer: asyncio.TimerHandle | None = None

    async def coverage(self, coverage: Coverage, labels: ChartLabels) -> bytes:
        """The /stats coverage chart as PNG bytes."""
        return await self._render(render_png, coverage, labels)

    async def participation(
        self, points: Sequence[WeekPoint], labels: ParticipationLabels, title: str
    ) -> bytes:
        """The check-in participation chart as PNG bytes."""
        return await self._render(render_participation_png, list(points), labels, title)

    @property
    def running(self) -> bool:
        """Whether a child process is there now (it is started on the first chart, ended when idle)."""
        return self._pool is not None

    async def _render(self, render: Callable[..., bytes], *data: Any) -> bytes:
        async with self._lock:
            self._cancel_retirement()
            pool = self._pool or self._start()
            try:
                return await asyncio.get_running_loop().run_in_executor(pool, render, *data)
            except BrokenProcessPool as error:
                self._retire()  # the next chart starts a new child
                raise ChartFailed("the chart process died before returning the chart") from error
            finally:
                if self._pool is not None:
                    self._retire_timer = asyncio.get_running_loop().call_later(
                        self.idle_seconds, self._retire
                    )

    def _start(self) -> ProcessPoolExecutor:
        # "spawn": a fresh interpreter, not a fork of the bot with its memory, threads and sockets.
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            max_tasks_per_child=CHARTS_PER_CHILD,
            initializer=_leave_interrupts_to_the_bot,
        )
        return self._pool

    def _cancel_retirement(self) -> None:
        if self._retire_timer is not None:
            self._retire_timer.cancel()
            self._retire_timer = None

    def _retire(self) -> None:
        """End the child without waiting for it (it has nothing left to draw)."""
        self._retire_timer = None
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    async def close(self) -> None:
        """End the child, if any, and wait until it is gone (at the bot's stop)."""
        self._cancel_retirement()
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)


def _leave_interrupts_to_the_bot() -> None:
    """In the child: ignore Ctrl+C (sent to the whole process group); the bot ends the child at its stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
