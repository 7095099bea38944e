"""A job that deletes what is kept only for a while (JOIN_REQUEST_RETENTION_DAYS, OUTBOX_RETENTION_DAYS)."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram.ext import ContextTypes

from bot.runtime import AnyApplication, Runtime, runtime_of
from storage import retention
from storage.clock import to_stored

log = logging.getLogger(__name__)

JOB_NAME = "retention"
INTERVAL = timedelta(hours=6)
FIRST_RUN = timedelta(minutes=1)  # soon after start-up, out of the way of the start-up catch-up


def schedule_retention(app: AnyApplication) -> None:
    """Run `forget_expired` every few hours."""
    assert app.job_queue is not None, "python-telegram-bot's job-queue extra is a dependency"
    app.job_queue.run_repeating(_run, interval=INTERVAL, first=FIRST_RUN, name=JOB_NAME)


async def forget_expired(runtime: Runtime) -> tuple[int, int]:
    """Delete rejected join requests and empty delivered messages' texts past their retention."""
    now, settings = runtime.now(), runtime.settings
    requests = await retention.forget_rejected_requests(
        runtime.db, to_stored(now - timedelta(days=settings.join_request_retention_days))
    )
    texts = await retention.purge_delivered_texts(
        runtime.db, to_stored(now - timedelta(days=settings.outbox_retention_days))
    )
    if requests or texts:
        log.info("retention: %d rejected join requests deleted, %d delivered texts emptied", requests, texts)
    return requests, texts


async def _run(context: ContextTypes.DEFAULT_TYPE) -> None:
    await forget_expired(runtime_of(context.application))
