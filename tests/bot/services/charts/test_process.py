"""The chart process: PNGs drawn in a child that ends when idle, at close, and never in this process."""

from __future__ import annotations

import asyncio
import multiprocessing

from bot.services.charts.participation import ParticipationLabels
from bot.services.charts.process import ChartProcess
from bot.services.checkins.digest import WeekPoint

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LABELS = ParticipationLabels("%", "Week", "Participation", "Non-working", "No data")
POINTS = [WeekPoint(f"2026-W{week:02}", week, week / 20, week == 5) for week in range(1, 13)]


async def _until_idle(charts: ChartProcess) -> None:
    while charts.running:  # noqa: ASYNC110 - the idle timer ends the child; only time tells
        await asyncio.sleep(0.01)


async def test_the_child_ends_when_idle_and_comes_back_for_the_next_chart() -> None:
    charts = ChartProcess(idle_seconds=0.0)
    assert not charts.running  # nothing is started before the first chart
    assert (await charts.participation(POINTS, LABELS, "Network")).startswith(PNG_SIGNATURE)
    await asyncio.sleep(0.05)  # the idle timer (0 s) fires on the loop's next turn
    assert not charts.running
    assert (await charts.participation([], LABELS, "")).startswith(PNG_SIGNATURE)
    await charts.close()


async def test_close_ends_the_child() -> None:
    charts = ChartProcess()
    await charts.participation(POINTS, LABELS, "Network")
    assert charts.running and multiprocessing.active_children()
    await charts.close()
    assert not charts.running and not multiprocessing.active_children()
    await charts.close()  # twice is harmless
