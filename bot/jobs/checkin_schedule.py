"""The check-in schedule: the reminder, nudge and digest jobs, and the sends missed while the bot was down.

Jobs live in the JobQueue (not persisted), built from the settings at every start; what was sent
lives in the database (checkin_sends), so a restart neither repeats a send nor loses one: at start-up
a send whose time passed in the current cycle and was not made is made now, and one of a cycle
already over is skipped and logged. Each job reads the time from `runtime.now()`, so tests move it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger
from telegram.ext import ContextTypes

from bot.cron import parse_schedule
from bot.jobs import checkin_digests
from bot.runtime import AnyApplication, Runtime, runtime_of
from bot.services.broadcasts.timing import start_time
from bot.services.checkins.cycles import Cycle, cycle_at
from bot.services.checkins.sends import make_round
from storage import checkins
from storage.outbox import Batch

log = logging.getLogger(__name__)

KINDS = ("reminder", "nudge", "digest")


def job_name(kind: str) -> str:
    """The JobQueue name of a kind's job."""
    return f"checkin-{kind}"


def trigger_of(runtime: Runtime, kind: str) -> CronTrigger:
    """The configured schedule of a kind, in the configured zone."""
    settings = runtime.settings
    line = {
        "reminder": settings.checkin_reminder_cron,
        "nudge": settings.checkin_nudge_cron,
        "digest": settings.checkin_digest_cron,
    }[kind]
    return parse_schedule(line).trigger(settings.zone)


def schedule_checkins(app: AnyApplication) -> None:
    """Add the three jobs (replacing any of a previous start)."""
    runtime = runtime_of(app)
    assert app.job_queue is not None, "python-telegram-bot's job-queue extra is a dependency"
    for kind in KINDS:
        app.job_queue.run_custom(
            _run_job,
            # A run the event loop delays is still made (the claim keeps it to one per cycle).
            job_kwargs={
                "trigger": trigger_of(runtime, kind),
                "id": job_name(kind),
                "replace_existing": True,
                "misfire_grace_time": None,
                "coalesce": True,
            },
            name=job_name(kind),
            data=kind,
        )


async def _run_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    assert context.job is not None
    runtime = runtime_of(context.application)
    await make_send(runtime, str(context.job.data), runtime.now())


async def make_send(runtime: Runtime, kind: str, now: datetime) -> Batch | None:
    """Make the current cycle's reminder, nudge or digest, unless it was made or the week is off.

    Inside QUIET_HOURS (a schedule set there, or a send caught up at night) it waits for the morning.
    """
    settings = runtime.settings
    cycle = cycle_at(now, settings.zone)
    if await checkins.is_nonworking(runtime.db, cycle.key):
        log.info("check-in %s of %s not sent: a non-working week", kind, cycle.key)
        return None
    worker = runtime.deliveries()
    wait = start_time(now, settings.quiet_window, settings.zone, urgent=False) - now
    not_before = worker.now() + wait.total_seconds()
    if kind == "digest":
        return await checkin_digests.make_digest(runtime, cycle, not_before)
    return await make_round(
        runtime.db, worker, runtime.catalogs, settings.default_language, kind, cycle, now, not_before
    )


def last_due(trigger: CronTrigger, cycle: Cycle, now: datetime) -> datetime | None:
    """The last time the schedule fell in `cycle` up to `now`, or None if it did not yet."""
    end = min(now, cycle.closes - timedelta(microseconds=1))
    found = None
    moment = trigger.get_next_fire_time(None, cycle.opens)
    while moment is not None and moment <= end:
        found = moment
        moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
    return found


async def catch_up(runtime: Runtime) -> list[str]:
    """At start-up: make this cycle's sends whose time passed while the bot was down; log the skipped.

    If both the reminder and the nudge were missed, only the reminder goes (it has the same button):
    two messages at once about the same check-in would be noise. Returns the kinds made.
    """
    now = runtime.now()
    cycle = cycle_at(now, runtime.settings.zone)
    await _log_missed(runtime, cycle.previous())
    made: list[str] = []
    for kind in KINDS:
        due = last_due(trigger_of(runtime, kind), cycle, now)
        if due is None or await checkins.send_made(runtime.db, cycle.key, kind):
            continue
        if kind == "nudge" and "reminder" in made:
            await checkins.claim_send(runtime.db, cycle.key, "nudge")
            log.warning("check-in nudge of %s (due %s) skipped: the late reminder just went", cycle.key, due)
            continue
        log.warning(
            "check-in %s of %s was due at %s while the bot was down: making it now", kind, cycle.key, due
        )
        if await make_send(runtime, kind, now) is not None:
            made.append(kind)
    return made


async def _log_missed(runtime: Runtime, cycle: Cycle) -> None:
    """Sends of a week already over are not made late; they are logged if that week ran at all (on
    a fresh install the week before had nothing to miss)."""
    made = {kind for kind in KINDS if await checkins.send_made(runtime.db, cycle.key, kind)}
    if not made:
        return
    for kind in KINDS:
        due = last_due(trigger_of(runtime, kind), cycle, cycle.closes)
        if due is not None and kind not in made:
            log.warning(
                "check-in %s of %s (due %s) was never made and its week is over: skipped",
                kind,
                cycle.key,
                due,
            )
