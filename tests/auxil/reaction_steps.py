"""Steps the reaction and unreachable stories share: post holders in the bot, a published broadcast."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from bot.lifecycle import RunningBot
from bot.services import broadcasts as service
from bot.services.broadcasts import Published
from bot.services.broadcasts.audience import Audience
from bot.services.roster.posts import appoint
from storage import people, posts, users
from storage.broadcasts import Draft
from storage.users import SeenUser
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient

SMILA = "UA71080390000078978"  # Смілянська громада, Черкаський район, Черкаська область
CHERKASY_REGION = "UA71000000000010357"
MUNICIPAL = Audience("tiers", tiers=("municipal",))


async def holder(
    bot: RunningBot,
    emulator: TelegramEmulator,
    telegram_id: int,
    name: str,
    place_code: str,
    *,
    language: str = "uk",
    started: bool = True,
) -> UserClient:
    """A municipal post holder bound to a Telegram account (who opened the bot, unless `started` is off)."""
    db = bot.runtime.db
    await users.record_seen(db, SeenUser(telegram_id, name.split()[0], None, None, language))
    person = await people.create_person(db, name, telegram_id=telegram_id)
    post = await posts.find_post(db, "municipal", place_code)
    assert post is not None, place_code
    await appoint(db, post, person, actor_id=None)
    return emulator.user(telegram_id, name.split()[0], language_code=language, has_started=started)


async def publish(
    bot: RunningBot, author_id: int, title: str = "Дія.Взаємодія", audience: Audience = MUNICIPAL
) -> Published:
    """Publish a broadcast now (urgent, so quiet hours do not delay it) and wait until it is delivered."""
    runtime = bot.runtime
    draft = Draft(
        title=title,
        body_html="Новий <b>модуль</b> для громад",
        body_length=23,
        link="https://diia.gov.ua",
        owner_body="Мінцифри",
        category="admin",
        attachment_kind=None,
        attachment_file_id=None,
        audience=audience.to_json(),
        urgent=True,
    )
    published = await service.publish(
        runtime.db,
        runtime.deliveries(),
        runtime.catalogs,
        runtime.settings,
        author_id,
        draft,
        requested=datetime.now(UTC),
    )
    assert published.broadcast.batch_id is not None
    await asyncio.wait_for(runtime.deliveries().wait_finished(published.broadcast.batch_id), 30)
    return published


async def until(condition: Callable[[], Awaitable[bool]], timeout: float = 5.0) -> None:
    """Wait until `condition` holds (the bot handles updates on its own schedule)."""
    deadline = time.monotonic() + timeout
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition never held")
        await asyncio.sleep(0.02)
