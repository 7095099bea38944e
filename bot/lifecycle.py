"""Start and stop the bot: database, migrations, Application, polling; one stop for every way out."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from telegram.error import Conflict, TelegramError

from bot.app import ALLOWED_UPDATES, CdtoApplication, build_application
from bot.i18n import Catalogs
from bot.jobs.broadcast_progress import resume_following
from bot.jobs.checkin_schedule import catch_up, schedule_checkins
from bot.jobs.retention import schedule_retention
from bot.runtime import Runtime, runtime_of
from bot.search.places import PlaceIndex, load_place_index
from bot.settings import Settings
from bot.startup import announce
from bot.transport.delivery import DeliveryWorker
from bot.transport.flood_waits import FloodWaits
from bot.transport.rate_limit import PriorityRateLimiter
from bot.transport.telegram_delivery import telegram_sender
from storage import reachability
from storage.db import Database
from storage.migrate import migrate

log = logging.getLogger(__name__)

# An instance that meets 409 Conflict this soon after it began polling is the newcomer: it stops.
CONFLICT_GRACE_SECONDS = 30.0
EXIT_CONFLICT = 3
POLL_TIMEOUT_SECONDS = 10


@dataclass
class RunningBot:
    """A started Application and its runtime."""

    app: CdtoApplication
    runtime: Runtime


def _on_polling_error(runtime: Runtime, conflict_grace: float) -> object:
    def handle(error: TelegramError) -> None:
        if not isinstance(error, Conflict):
            log.warning("polling failed, retrying: %s", error)
            return
        started = runtime.polling_started_at
        if started is not None and time.monotonic() - started < conflict_grace:
            log.critical(
                "another instance of the bot is polling with this token (Telegram answered 409 Conflict); "
                "stopping this one"
            )
            runtime.exit_code = EXIT_CONFLICT
            runtime.stop_requested.set()
        else:
            log.warning(
                "a newer instance polled with this token (409 Conflict); it should stop, this one goes on"
            )

    return handle


async def start_bot(
    settings: Settings,
    *,
    catalogs: Catalogs | None = None,
    conflict_grace: float = CONFLICT_GRACE_SECONDS,
    clock: Callable[[], datetime] | None = None,
    place_index: PlaceIndex | None = None,
) -> RunningBot:
    """Open and migrate the database, start the Application and begin polling.

    `clock` replaces the wall clock of check-in cycles and schedules (tests move time with it);
    `place_index`, built from the same places as the database's, saves building it again (tests).
    """
    db = await Database.open(settings.database_path)
    try:
        await migrate(db)
        app = build_application(settings, db, catalogs)
    except BaseException:
        await db.close()
        raise
    runtime = runtime_of(app)
    if clock is not None:
        runtime.clock = clock
    try:
        runtime.place_index = place_index or await load_place_index(db)
        await app.initialize()
        await announce(app.bot, runtime)
        assert app.updater is not None
        runtime.polling_started_at = time.monotonic()
        await app.updater.start_polling(
            timeout=POLL_TIMEOUT_SECONDS,
            allowed_updates=ALLOWED_UPDATES,
            error_callback=_on_polling_error(runtime, conflict_grace),  # type: ignore[arg-type]
        )
        await app.start()
        await _start_deliveries(app, runtime)
        await _start_checkins(app, runtime)
        schedule_retention(app)
    except BaseException:
        await _shutdown(app, runtime)
        raise
    return RunningBot(app, runtime)


async def _start_deliveries(app: CdtoApplication, runtime: Runtime) -> None:
    """The outbox worker (it resumes unfinished batches) and the authors' status messages."""
    settings = runtime.settings

    async def unreachable(chat_id: int, reason: str) -> None:
        await reachability.mark_unreachable(runtime.db, chat_id, reason)

    runtime.delivery = DeliveryWorker(
        runtime.db,
        telegram_sender(app.bot),
        rate=settings.broadcast_rate,
        max_attempts=settings.broadcast_max_attempts,
        on_unreachable=unreachable,
        flood_waits=_flood_waits_of(app),
    )
    await runtime.delivery.start()
    followed = await resume_following(app.bot, runtime)
    if followed:
        log.info("following %d unfinished broadcasts again", followed)


def _flood_waits_of(app: CdtoApplication) -> FloodWaits | None:
    """The rate limiter's flood waits, which the outbox shares (none when the limiter is replaced)."""
    limiter = app.bot.rate_limiter
    return limiter.flood_waits if isinstance(limiter, PriorityRateLimiter) else None


async def _start_checkins(app: CdtoApplication, runtime: Runtime) -> None:
    """The reminder, nudge and digest jobs, and the sends missed while the bot was down."""
    schedule_checkins(app)
    try:
        made = await catch_up(runtime)
    except Exception:  # the bot must still start; the next scheduled send will be made as usual
        log.exception("making the missed check-in sends failed")
        return
    if made:
        log.info("made the missed check-in sends: %s", ", ".join(made))


async def stop_bot(running: RunningBot) -> None:
    """Stop polling, finish the handlers, write the persistence and close the database."""
    await _shutdown(running.app, running.runtime)


async def _shutdown(app: CdtoApplication, runtime: Runtime) -> None:
    for task in list(runtime.background_tasks):
        task.cancel()
    if runtime.delivery is not None:
        await runtime.delivery.stop()
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    try:
        await app.shutdown()
        # After a failed initialize (Telegram rejected the token) the Application has nothing to shut
        # down, yet the bot's HTTP sessions are open; otherwise this does nothing, the app closed them.
        await app.bot.shutdown()
    finally:
        await runtime.charts.close()
        await runtime.db.close()


async def serve(settings: Settings) -> int:
    """Run until SIGINT/SIGTERM or a conflict; return the exit code."""
    running = await start_bot(settings)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, running.runtime.stop_requested.set)
    log.info("the bot is running; press Ctrl+C to stop")
    try:
        await running.runtime.stop_requested.wait()
    finally:
        await stop_bot(running)
    return running.runtime.exit_code
