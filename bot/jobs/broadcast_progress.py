"""The author's status message of a broadcast: edited every few seconds while it sends, then a report."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from html import escape

from telegram import Bot
from telegram.error import TelegramError

from bot.runtime import Runtime
from bot.services.broadcasts import refresh_status
from bot.time_format import shown_moment
from bot.transport.delivery import Progress
from storage import broadcasts
from storage.broadcasts import Broadcast
from storage.clock import parse_stored

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 3.0  # seconds between edits of the status message
SCHEDULED_POLL = 30.0  # longest wait between looks at a broadcast that has not started yet
FINISHED = ("done", "cancelled", "recalled")


def progress_text(runtime: Runtime, language: str, broadcast: Broadcast, progress: Progress) -> str:
    """The status message: when it starts, how far it is with the time left, or the final report."""
    counts = progress.counts
    values: dict[str, object] = {
        "title": escape(broadcast.title),
        "sent": counts.sent,
        "failed": counts.failed,
        "unreachable": counts.unreachable,
        "left": counts.left,
        "total": counts.total,
    }
    if broadcast.status == "scheduled":
        starts = shown_moment(parse_stored(broadcast.starts_at), runtime.settings.zone)
        return runtime.text(language, "progress.scheduled", when=starts, **values)
    if broadcast.status == "sending":
        minutes, seconds = divmod(int(progress.eta.total_seconds() + 0.999), 60)
        return runtime.text(language, "progress.sending", eta=f"{minutes}:{seconds:02d}", **values)
    return runtime.text(language, f"progress.{broadcast.status}", **values)


async def follow(bot: Bot, runtime: Runtime, broadcast_id: int) -> None:
    """Keep the author's status message current until the broadcast ends, then write the report."""
    shown: str | None = None
    while True:
        broadcast = await broadcasts.get_broadcast(runtime.db, broadcast_id)
        if broadcast is None or broadcast.batch_id is None:
            return
        now = datetime.now(UTC)
        broadcast = await refresh_status(runtime.db, broadcast, now)
        batch_id = broadcast.batch_id or 0
        progress = await runtime.deliveries().progress(batch_id)
        if broadcast.status in ("done", "cancelled") and progress.counts.sending:
            progress = await _after_in_flight(runtime, batch_id)  # report what they did
        language = await runtime.language_of(broadcast.author_id)
        text = progress_text(runtime, language, broadcast, progress)
        if text != shown:
            await _show(bot, broadcast, text)
            shown = text
        if broadcast.status in FINISHED:
            return
        if broadcast.status == "scheduled":
            until_start = (parse_stored(broadcast.starts_at) - now).total_seconds()
            await asyncio.sleep(max(0.1, min(SCHEDULED_POLL, until_start)))
        else:
            await asyncio.sleep(PROGRESS_INTERVAL)


async def _after_in_flight(runtime: Runtime, batch_id: int) -> Progress:
    """Progress once the sends in flight at a cancel have finished (a few seconds at most)."""
    for _ in range(50):
        progress = await runtime.deliveries().progress(batch_id)
        if not progress.counts.sending:
            break
        await asyncio.sleep(0.1)
    return progress


async def _show(bot: Bot, broadcast: Broadcast, text: str) -> None:
    if broadcast.progress_chat_id is None or broadcast.progress_message_id is None:
        return
    try:
        await bot.edit_message_text(text, broadcast.progress_chat_id, broadcast.progress_message_id)
    except TelegramError as error:  # the author deleted it, or a flood wait: the next round tries again
        log.info("broadcast %d: status message not updated: %s", broadcast.id, error)


def start_following(bot: Bot, runtime: Runtime, broadcast_id: int) -> None:
    """Follow a broadcast in the background (stopped with the bot)."""
    runtime.spawn(_guarded(bot, runtime, broadcast_id), name=f"broadcast-progress-{broadcast_id}")


async def _guarded(bot: Bot, runtime: Runtime, broadcast_id: int) -> None:
    try:
        await follow(bot, runtime, broadcast_id)
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("following broadcast %d failed", broadcast_id)


async def resume_following(bot: Bot, runtime: Runtime) -> int:
    """At start-up: follow again every broadcast still scheduled or sending; how many."""
    unfinished = await broadcasts.unfinished_broadcasts(runtime.db)
    for broadcast in unfinished:
        start_following(bot, runtime, broadcast.id)
    return len(unfinished)
