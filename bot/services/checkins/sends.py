"""A cycle's reminder and nudge: who gets them and what they say, stored as outbox batches.

The reminder goes to every post holder the bot can reach, except those away that day and those who
already answered this week; the nudge to those the cycle expects who still have not (drafts count as
not answered) and says how many colleagues already did. Each is made once per cycle: the claim and
the batch are written in one transaction (storage.checkins.claim_send_batch).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.callbacks import Prefix, pack
from bot.i18n import Catalogs, choose_language
from bot.services.checkins.cycles import Cycle
from bot.services.checkins.digest_text import week_dates
from bot.transport.delivery import DeliveryWorker
from storage import checkin_members, checkins
from storage.audiences import Member
from storage.db import Database
from storage.outbox import Batch, Payload, Recipient

log = logging.getLogger(__name__)

ANSWERED = ("submitted", "on_leave")


@dataclass(frozen=True)
class Round:
    """Who a reminder or nudge goes to, and how many colleagues had answered by then."""

    recipients: list[Member]
    answered: int
    expected: int


def _day(moment: datetime, cycle: Cycle) -> str:
    """The local date of `moment` in the cycle's zone, as absences store days."""
    return moment.astimezone(cycle.opens.tzinfo).date().isoformat()


async def _answered(db: Database, cycle: Cycle) -> set[int]:
    return {s.telegram_id for s in await checkins.checkins_of_cycle(db, cycle.key) if s.status in ANSWERED}


async def _reachable_and_present(db: Database, members: Sequence[Member], day: str) -> list[Member]:
    unreachable = await checkin_members.unreachable_ids(db)
    away = await checkins.away_between(db, day, day)
    return [m for m in members if m.telegram_id not in unreachable and m.telegram_id not in away]


async def reminder_round(db: Database, cycle: Cycle, now: datetime, holders: Sequence[Member]) -> Round:
    """Every reachable post holder not away today who has not answered this cycle yet."""
    answered = await _answered(db, cycle)
    present = await _reachable_and_present(db, holders, _day(now, cycle))
    recipients = [m for m in present if m.telegram_id not in answered]
    return Round(recipients, len(answered & {m.telegram_id for m in holders}), len(holders))


async def nudge_round(db: Database, cycle: Cycle, now: datetime) -> Round:
    """The members the cycle expects who have not answered, are reachable and not away today."""
    expected = await checkin_members.expected_members(db, cycle.key)
    answered = await _answered(db, cycle)
    present = await _reachable_and_present(db, expected, _day(now, cycle))
    recipients = [m for m in present if m.telegram_id not in answered]
    return Round(recipients, len(answered & {m.telegram_id for m in expected}), len(expected))


def start_keyboard(catalogs: Catalogs, language: str, cycle: Cycle) -> str:
    """The "Start check-in" button as reply_markup JSON; it enters /checkin for that cycle."""
    label = catalogs.text(language, "checkin_send.start")
    return json.dumps(
        {"inline_keyboard": [[{"text": label, "callback_data": pack(Prefix.CHECKIN, "start", cycle.key)}]]},
        ensure_ascii=False,
    )


def round_payload(catalogs: Catalogs, language: str, kind: str, cycle: Cycle, round_: Round) -> Payload:
    """The reminder's or the nudge's message in one language."""
    values = {"week": cycle.week, "dates": week_dates(cycle)}
    if kind == "reminder":
        text = catalogs.text(language, "checkin_send.reminder", **values)
    else:
        text = catalogs.plural(
            language, "checkin_send.nudge", round_.answered, total=round_.expected, **values
        )
    return Payload(text=text, keyboard=start_keyboard(catalogs, language, cycle))


async def make_round(
    db: Database,
    worker: DeliveryWorker,
    catalogs: Catalogs,
    default_language: str,
    kind: str,
    cycle: Cycle,
    now: datetime,
    not_before: float,
) -> Batch | None:
    """Store and start the cycle's reminder or nudge (from `not_before` on the worker's clock); None if
    it was made before."""
    if kind == "reminder":
        holders = await checkin_members.current_holders(db)
        round_ = await reminder_round(db, cycle, now, holders)
        # Who this cycle asks is fixed now, so its digest and history keep today's network.
        await checkin_members.record_expected(db, cycle.key, holders)
    else:
        round_ = await nudge_round(db, cycle, now)
    payloads: dict[str, Payload] = {}
    recipients = []
    for member in round_.recipients:
        language = choose_language(member.language, member.telegram_language, default_language)
        if language not in payloads:
            payloads[language] = round_payload(catalogs, language, kind, cycle, round_)
        recipients.append(Recipient(member.telegram_id, payloads[language]))
    batch = await checkins.claim_send_batch(db, cycle.key, kind, recipients, not_before)
    if batch is None:
        log.info("check-in %s of %s was made already", kind, cycle.key)
        return None
    log.info("check-in %s of %s: %d recipients", kind, cycle.key, len(recipients))
    return await worker.take(batch)
