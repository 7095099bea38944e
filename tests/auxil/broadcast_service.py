"""A small network for the broadcast service's unit tests: settings, drafts, holders, a silent sender."""

from __future__ import annotations

from bot.services.broadcasts.audience import Audience
from bot.services.roster.posts import appoint
from bot.settings import Settings
from bot.transport.delivery import Sent
from storage import people, posts, users
from storage.broadcasts import Draft
from storage.db import Database
from storage.outbox import Payload
from storage.users import SeenUser

SMILA = "UA71080390000078978"  # a hromada of Cherkasy oblast


async def never_sent(chat_id: int, payload: Payload) -> Sent:
    raise AssertionError("the worker is not started in these tests")


def settings() -> Settings:
    return Settings(_env_file=None, quiet_hours="00:00-00:00", admin_ids="901")  # type: ignore[call-arg]


def draft(audience: Audience, **changes: object) -> Draft:
    values: dict[str, object] = {
        "title": "Дія.Взаємодія",
        "body_html": "Новий <b>модуль</b>",
        "body_length": 12,
        "link": "https://diia.gov.ua",
        "owner_body": "Мінцифри",
        "category": "admin",
        "attachment_kind": None,
        "attachment_file_id": None,
        "audience": audience.to_json(),
        "urgent": False,
    }
    values.update(changes)
    return Draft(**values)  # type: ignore[arg-type]


async def holder(db: Database, telegram_id: int, tier: str, place: str, language: str | None = None) -> None:
    await users.record_seen(db, SeenUser(telegram_id, f"U{telegram_id}", None, None, language))
    person = await people.create_person(db, f"Holder {telegram_id}", telegram_id=telegram_id)
    post = await posts.find_post(db, tier, place)
    assert post is not None
    await appoint(db, post, person, actor_id=None)
