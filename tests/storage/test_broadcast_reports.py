"""Reports over broadcasts: counts, and reactions joined with who gave them and where they work."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.i18n import Catalogs
from bot.services import broadcasts as service
from bot.services.broadcasts.audience import Audience
from bot.services.roster.posts import appoint
from bot.settings import Settings
from bot.transport.delivery import DeliveryWorker, Sent
from storage import broadcast_reports, broadcasts, people, posts, users
from storage.broadcasts import Broadcast, Draft
from storage.db import Database
from storage.outbox import Payload
from storage.users import SeenUser

SMILA = "UA71080390000078978"
CATALOGS = Catalogs()


async def never_sent(chat_id: int, payload: Payload) -> Sent:
    raise AssertionError("nothing is sent here")


def draft(title: str) -> Draft:
    return Draft(
        title,
        "Опис",
        4,
        "https://diia.gov.ua",
        "Мінцифри",
        "admin",
        None,
        None,
        Audience("all").to_json(),
        True,
    )


async def publish(db: Database, title: str) -> Broadcast:
    worker = DeliveryWorker(db, never_sent, rate=25, max_attempts=8)
    settings = Settings(_env_file=None, quiet_hours="00:00-00:00")  # type: ignore[call-arg]
    published = await service.publish(db, worker, CATALOGS, settings, 1, draft(title), datetime.now(UTC))
    return published.broadcast


async def test_counts_per_list_and_per_service(db: Database) -> None:
    await users.record_seen(db, SeenUser(1, "Олена", None, None, None))
    await users.set_role(db, 1, "coordinator")
    assert await broadcast_reports.count_broadcasts(db) == 0
    first = await publish(db, "Дія.Взаємодія")
    await publish(db, "дія.взаємодія")  # the same service
    other = await publish(db, "єМалятко")
    assert await broadcast_reports.count_broadcasts(db) == 3
    assert await broadcast_reports.broadcasts_per_service(db, first.service_id) == 2
    assert await broadcast_reports.broadcasts_per_service(db, other.service_id) == 1


async def test_a_reaction_row_names_the_member_their_post_and_place(db: Database) -> None:
    await users.record_seen(db, SeenUser(1, "Coordinator", None, None, None))
    await users.set_role(db, 1, "coordinator")
    await users.record_seen(db, SeenUser(2, "Olena", "K", None, None))
    person = await people.create_person(db, "Олена Коваль", telegram_id=2)
    post = await posts.find_post(db, "municipal", SMILA)
    assert post is not None
    await appoint(db, post, person, actor_id=None)
    await users.record_seen(db, SeenUser(3, "Taras", "Melnyk", None, None))  # a member with no post
    await users.set_role(db, 3, "member")
    broadcast = await publish(db, "Дія.Взаємодія")
    await service.react(db, CATALOGS, "uk", broadcast, 2, "similar", "Свій портал")
    await service.react(db, CATALOGS, "uk", broadcast, 3, "question", "Коли?")
    await broadcasts.set_reaction(db, broadcast.id, 4, "use", None, None)  # nobody the bot knows

    rows = {row.telegram_id: row for row in await broadcast_reports.reactions_to_broadcast(db, broadcast.id)}
    olena = rows[2]
    assert (olena.member_name, olena.tier, olena.kind, olena.note) == (
        "Олена Коваль",
        "municipal",
        "similar",
        "Свій портал",
    )
    assert (olena.place_name_uk, olena.raion_name_uk, olena.region_name_uk) == (
        "Смілянська громада",
        "Черкаський район",
        "Черкаська область",
    )
    assert olena.place_name_en == "Smilianska hromada" and olena.service_title == "Дія.Взаємодія"
    assert (rows[3].member_name, rows[3].tier, rows[3].place_name_uk) == ("Taras Melnyk", None, None)
    assert rows[4].member_name == "4"
    assert len(await broadcast_reports.reactions_to_service(db, broadcast.service_id)) == 3
    assert await broadcast_reports.reactions_to_broadcast(db, broadcast.id + 1) == []
