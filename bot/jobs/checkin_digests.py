"""The Friday digest as an outbox batch: the network's to coordinators, a region's to its holder.

Each copy is the 12-week participation chart (a PNG the bot writes next to the database, uploaded
once and then sent by file_id) followed by the digest's summary, with buttons that open the full
lists of blockers and help requests and of the members silent two cycles running.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from bot.callbacks import Prefix, pack
from bot.i18n import Catalogs, choose_language
from bot.runtime import Runtime
from bot.services.checkins.cycles import Cycle
from bot.services.checkins.digest import Digest, build_digest, participation_weeks
from bot.services.checkins.digest_text import chart_labels, chart_title, digest_summary
from bot.services.checkins.place_names import PlaceNames, load_place_names
from bot.services.checkins.questions import load_questions
from storage import checkin_members, checkins
from storage.audiences import Member, coordinators
from storage.outbox import Batch, Payload, Recipient
from storage.posts import Tier
from storage.private_files import write_private

log = logging.getLogger(__name__)

NETWORK = "all"  # the scope of the coordinators' digest in button data


@dataclass(frozen=True)
class Reader:
    """Who gets a digest, of which scope (NETWORK or a region's code), in which language."""

    member: Member
    scope: str
    language: str


async def _readers(runtime: Runtime) -> list[Reader]:
    """Coordinators and admins (the network), then each reachable regional holder (their region)."""
    default = runtime.settings.default_language
    readers: dict[int, Reader] = {}
    for member in await coordinators(runtime.db, runtime.settings.admin_ids):
        readers[member.telegram_id] = Reader(
            member, NETWORK, choose_language(member.language, member.telegram_language, default)
        )
    unreachable = await checkin_members.unreachable_ids(runtime.db)
    for member in await checkin_members.current_holders(runtime.db):
        if member.tier != Tier.REGIONAL or member.region_code is None or member.telegram_id in unreachable:
            continue
        language = choose_language(member.language, member.telegram_language, default)
        readers.setdefault(member.telegram_id, Reader(member, member.region_code, language))
    return list(readers.values())


def details_keyboard(catalogs: Catalogs, language: str, digest: Digest, scope: str) -> str:
    """The buttons under a digest: the full lists, as reply_markup JSON."""
    listed = len(digest.blockers) + len(digest.help_requests)
    rows = [
        [
            {
                "text": catalogs.text(language, "checkin_send.details_blockers", count=listed),
                "callback_data": pack(Prefix.CHECKIN_DIGEST, "blk", digest.cycle.key, scope),
            }
        ],
        [
            {
                "text": catalogs.text(
                    language, "checkin_send.details_silent", count=len(digest.silent_twice)
                ),
                "callback_data": pack(Prefix.CHECKIN_DIGEST, "sil", digest.cycle.key, scope),
            }
        ],
    ]
    return json.dumps({"inline_keyboard": rows}, ensure_ascii=False)


async def _payload(
    runtime: Runtime, digest: Digest, places: PlaceNames, scope: str, language: str, charts: Path
) -> Payload:
    catalogs = runtime.catalogs
    cycle = digest.cycle
    points = await participation_weeks(runtime.db, cycle, digest.region_code)
    title = chart_title(catalogs, language, cycle, digest.region_code, places)
    png = await runtime.charts.participation(points, chart_labels(catalogs, language), title)
    path = charts / f"digest-{cycle.key}-{scope}-{language}.png"
    await asyncio.to_thread(write_private, path, png)
    return Payload(
        text=digest_summary(digest, catalogs, language, places),
        keyboard=details_keyboard(catalogs, language, digest, scope),
        attachment_kind="photo",
        attachment_path=str(path),
        text_apart=True,
    )


def _keep_only_this_week(charts: Path, cycle: Cycle) -> None:
    """The charts directory, with last weeks' digests' charts gone (their copies went out long ago)."""
    charts.mkdir(parents=True, exist_ok=True)
    for old in charts.glob("digest-*.png"):
        if not old.name.startswith(f"digest-{cycle.key}-"):
            old.unlink(missing_ok=True)


async def make_digest(runtime: Runtime, cycle: Cycle, not_before: float) -> Batch | None:
    """Store and start the cycle's digest (from `not_before` on the worker's clock); None if it was
    made before."""
    db = runtime.db
    if await checkins.send_made(db, cycle.key, "digest"):
        return None
    questions = load_questions(runtime.settings.checkin_questions_file)
    charts = runtime.settings.database_path.parent / "charts"
    await asyncio.to_thread(_keep_only_this_week, charts, cycle)
    places = await load_place_names(db)
    digests: dict[str, Digest] = {}
    payloads: dict[tuple[str, str], Payload] = {}
    recipients = []
    for reader in await _readers(runtime):
        if reader.scope not in digests:
            region = None if reader.scope == NETWORK else reader.scope
            digests[reader.scope] = await build_digest(db, questions, cycle, region)
        key = (reader.scope, reader.language)
        if key not in payloads:
            payloads[key] = await _payload(runtime, digests[reader.scope], places, *key, charts)
        recipients.append(Recipient(reader.member.telegram_id, payloads[key]))
    worker = runtime.deliveries()
    batch = await checkins.claim_send_batch(db, cycle.key, "digest", recipients, not_before)
    if batch is None:
        return None
    log.info("check-in digest of %s: %d readers, %d scopes", cycle.key, len(recipients), len(digests))
    return await worker.take(batch)
