"""A small network for broadcast stories: post holders in the emulator, a coordinator, a published
broadcast (straight through the service: the compose flow has its own stories)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.lifecycle import RunningBot
from bot.services import broadcasts as service
from bot.services.broadcasts.audience import Audience
from bot.services.roster.posts import appoint
from storage import outbox, people, posts, users
from storage.broadcasts import Broadcast, Draft
from storage.users import SeenUser
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient
from tg_emulator.model import BotMessage

SMILA = "UA71080390000078978"  # Смілянська громада, Черкаський район, Черкаська область
CHERKASY = "UA71000000000010357"  # Черкаська область
KYIV = "UA80000000000093317"  # Київ
COORDINATOR_ID = 7001
HOLDERS = (
    (7101, "Олена Коваль", "municipal", SMILA),
    (7102, "Петро Шевчук", "regional", CHERKASY),
    (7103, "Ірина Бондар", "regional", KYIV),
)


@dataclass
class Network:
    """The coordinator and the members (in HOLDERS order), all of them emulator users."""

    coordinator: UserClient
    members: list[UserClient]


async def network(emulator: TelegramEmulator, bot: RunningBot) -> Network:
    """Three post holders who started the bot, and a coordinator (who holds no post)."""
    emulator.limits.enabled = False
    db = bot.runtime.db
    members = []
    for telegram_id, name, tier, place in HOLDERS:
        await users.record_seen(db, SeenUser(telegram_id, name.split()[0], None, None, "uk"))
        person = await people.create_person(db, name, telegram_id=telegram_id)
        post = await posts.find_post(db, tier, place)
        assert post is not None
        await appoint(db, post, person, actor_id=None)
        members.append(emulator.user(telegram_id, name.split()[0], has_started=True))
    await users.record_seen(db, SeenUser(COORDINATOR_ID, "Coordinator", None, None, "uk"))
    await users.set_role(db, COORDINATOR_ID, "coordinator")
    coordinator = emulator.user(COORDINATOR_ID, "Coordinator", language_code="uk")
    return Network(coordinator, members)


def draft(title: str = "Дія.Взаємодія", body: str = "Обмін <b>даними</b> між реєстрами громад") -> Draft:
    """What a coordinator composed; urgent, so the quiet hours of the test's clock do not matter."""
    return Draft(
        title=title,
        body_html=body,
        body_length=len(body.replace("<b>", "").replace("</b>", "")),
        link="https://diia.gov.ua/vzaiemodiia",
        owner_body="Мінцифри",
        category="admin",
        attachment_kind=None,
        attachment_file_id=None,
        audience=Audience("tiers", tiers=("regional", "municipal")).to_json(),
        urgent=True,
    )


async def publish(bot: RunningBot, content: Draft | None = None, *, later: bool = False) -> Broadcast:
    """Publish as the coordinator; now (waiting until every copy is delivered) or tomorrow."""
    runtime = bot.runtime
    start = datetime.now(UTC) + (timedelta(days=1) if later else timedelta())
    published = await service.publish(
        runtime.db,
        runtime.deliveries(),
        runtime.catalogs,
        runtime.settings,
        COORDINATOR_ID,
        content or draft(),
        start,
    )
    broadcast = published.broadcast
    assert broadcast.batch_id is not None
    if not later:
        await asyncio.wait_for(runtime.deliveries().wait_finished(broadcast.batch_id), 30)
    return broadcast


async def finish_batches(bot: RunningBot, kind: str) -> None:
    """Wait until every outbox batch of this kind (edits, deletes, reminders) has gone out."""
    for batch in await outbox.running_batches(bot.runtime.db):
        if batch.kind == kind:
            await asyncio.wait_for(bot.runtime.deliveries().wait_finished(batch.id), 30)


async def open_view(coordinator: UserClient, title: str) -> BotMessage:
    """/broadcasts, then the broadcast's button: its detail view (the list message, edited)."""
    await coordinator.send("/broadcasts")
    listing = await coordinator.next_message()
    await coordinator.press(listing, title)
    return await coordinator.wait_edit(listing)
