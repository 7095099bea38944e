"""Broadcast services on a real database: audiences, publish, correct, recall, remind, react."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.i18n import Catalogs
from bot.services import broadcasts as service
from bot.services.broadcasts.audience import Audience, members_of
from bot.transport.delivery import DeliveryWorker
from storage import broadcasts, outbox, reachability, users
from storage.db import Database
from storage.outbox import Payload
from storage.users import SeenUser
from tests.auxil.broadcast_service import SMILA, draft, holder, never_sent, settings

CATALOGS = Catalogs()
CHERKASY = "UA71000000000010357"
KYIV = "UA80000000000093317"
COORDINATOR = 900


@pytest.fixture
async def network(db: Database) -> Database:
    await holder(db, 1, "municipal", SMILA, "en")
    await holder(db, 2, "regional", CHERKASY)
    await holder(db, 3, "regional", KYIV)
    await users.record_seen(db, SeenUser(COORDINATOR, "Coordinator", None, None, None))
    await users.set_role(db, COORDINATOR, "coordinator")
    return db


@pytest.fixture
def worker(db: Database) -> DeliveryWorker:
    return DeliveryWorker(db, never_sent, rate=25, max_attempts=8)


async def ids(db: Database, audience: Audience) -> list[int]:
    return [m.telegram_id for m in await members_of(db, audience, frozenset({901}))]


async def test_audiences_by_tier_region_and_role(network: Database) -> None:
    assert await ids(network, Audience("all")) == [1, 2, 3, COORDINATOR]
    assert await ids(network, Audience("tiers", tiers=("regional",))) == [2, 3]
    assert await ids(network, Audience("regions", regions=(CHERKASY,))) == [1, 2]
    assert await ids(network, Audience("coordinators")) == [COORDINATOR]  # admin 901 never wrote
    await reachability.mark_unreachable(network, 2, "Forbidden: bot was blocked by the user")
    assert await ids(network, Audience("regions", regions=(CHERKASY,))) == [1]
    assert await reachability.clear_unreachable(network, 2)
    assert not await reachability.clear_unreachable(network, 2)
    assert await ids(network, Audience("regions", regions=(CHERKASY,))) == [1, 2]


async def test_publish_queues_one_message_per_member_in_their_language(
    network: Database, worker: DeliveryWorker
) -> None:
    now = datetime.now(UTC)
    published = await service.publish(
        network, worker, CATALOGS, settings(), COORDINATOR, draft(Audience("all")), now
    )
    assert published.recipients == 4
    assert published.broadcast.status == "sending"
    rows = await network.fetch_all(
        "SELECT chat_id, payload FROM deliveries WHERE batch_id = ? ORDER BY chat_id",
        (published.broadcast.batch_id,),
    )
    texts = {row[0]: Payload.from_json(row[1]).text for row in rows}
    assert "Owner body" in texts[1] and "Відповідальний орган" in texts[2]
    service_entry = await broadcasts.get_service(network, published.broadcast.service_id)
    assert service_entry is not None and service_entry.title == "Дія.Взаємодія"

    again = await service.publish(
        network, worker, CATALOGS, settings(), COORDINATOR, draft(Audience("all"), link="https://x.ua"), now
    )
    assert again.broadcast.service_id == published.broadcast.service_id  # the catalog entry is updated
    updated = await broadcasts.get_service(network, again.broadcast.service_id)
    assert updated is not None and updated.link == "https://x.ua"


async def test_an_empty_audience_stores_nothing(network: Database, worker: DeliveryWorker) -> None:
    with pytest.raises(service.EmptyAudienceError):
        await service.publish(
            network,
            worker,
            CATALOGS,
            settings(),
            COORDINATOR,
            draft(Audience("tiers", tiers=("city",))),
            datetime.now(UTC),
        )
    assert await broadcasts.recent_broadcasts(network, 10) == []
    assert await broadcasts.all_services(network) == []


async def deliver_all(db: Database, batch_id: int, sent_at: datetime) -> None:
    for number, delivery in enumerate(await outbox.claim_due(db, datetime.now(UTC).timestamp() + 1, 100)):
        await outbox.mark_sent(db, delivery.id, 100 + number, sent_at.isoformat(timespec="seconds"))
    assert await outbox.finish_if_complete(db, batch_id)


async def test_correct_edits_delivered_copies_keeping_each_members_reaction(
    network: Database, worker: DeliveryWorker
) -> None:
    now = datetime.now(UTC)
    published = await service.publish(
        network, worker, CATALOGS, settings(), COORDINATOR, draft(Audience("tiers", tiers=("regional",))), now
    )
    broadcast = published.broadcast
    assert broadcast.batch_id is not None
    await deliver_all(network, broadcast.batch_id, now)
    keyboard = await service.react(network, CATALOGS, "uk", broadcast, 2, "use", None)

    result = await service.correct(
        network, worker, CATALOGS, settings(), broadcast, "Виправлений <i>текст</i>", 16, COORDINATOR
    )
    assert result == service.Correction(editing=2, requeued=0)
    edits = await network.fetch_all(
        "SELECT d.chat_id, d.payload FROM deliveries d JOIN delivery_batches b ON b.id = d.batch_id"
        " WHERE b.kind = 'broadcast_edit' ORDER BY d.chat_id"
    )
    payloads = {row[0]: Payload.from_json(row[1]) for row in edits}
    assert all(p.operation == "edit" and "Виправлений <i>текст</i>" in p.text for p in payloads.values())
    assert payloads[2].keyboard == keyboard  # the member's mark stays
    assert "←" not in (payloads[3].keyboard or "")

    too_long = "а" * 4096
    with pytest.raises(service.NotEditableError) as caught:
        await service.correct(network, worker, CATALOGS, settings(), broadcast, too_long, 4096, COORDINATOR)
    assert caught.value.reason == "too_long"


async def test_recall_deletes_copies_within_48_hours_only(network: Database, worker: DeliveryWorker) -> None:
    now = datetime.now(UTC)
    published = await service.publish(
        network, worker, CATALOGS, settings(), COORDINATOR, draft(Audience("tiers", tiers=("regional",))), now
    )
    broadcast = published.broadcast
    assert broadcast.batch_id is not None
    await deliver_all(network, broadcast.batch_id, now - timedelta(hours=47))
    await network.execute(
        "UPDATE deliveries SET sent_at = ? WHERE chat_id = 3", ((now - timedelta(hours=49)).isoformat(),)
    )

    recall = await service.recall(network, worker, broadcast, COORDINATOR, now)
    assert recall == service.Recall(deleting=1, too_old=1)
    deletes = await network.fetch_all(
        "SELECT d.chat_id, d.payload FROM deliveries d JOIN delivery_batches b ON b.id = d.batch_id"
        " WHERE b.kind = 'broadcast_recall'"
    )
    assert [(row[0], Payload.from_json(row[1]).operation) for row in deletes] == [(2, "delete")]
    recalled = await broadcasts.get_broadcast(network, broadcast.id)
    assert recalled is not None and recalled.status == "recalled"
    with pytest.raises(service.NotEditableError):
        await service.recall(network, worker, recalled, COORDINATOR, now)


async def test_remind_reaches_only_who_has_not_reacted(network: Database, worker: DeliveryWorker) -> None:
    now = datetime.now(UTC)
    published = await service.publish(
        network, worker, CATALOGS, settings(), COORDINATOR, draft(Audience("tiers", tiers=("regional",))), now
    )
    broadcast = published.broadcast
    assert broadcast.batch_id is not None
    await deliver_all(network, broadcast.batch_id, now)
    await service.react(network, CATALOGS, "uk", broadcast, 2, "similar", "Маємо свій портал")
    assert await service.remind(network, worker, CATALOGS, settings(), broadcast, COORDINATOR) == 1
    reminder = await network.fetch_one(
        "SELECT d.chat_id, d.payload FROM deliveries d JOIN delivery_batches b ON b.id = d.batch_id"
        " WHERE b.kind = 'broadcast_reminder'"
    )
    assert reminder is not None and reminder[0] == 3
    assert "Дія.Взаємодія" in json.loads(reminder[1])["text"]
    reaction = await broadcasts.reaction_of(network, broadcast.id, 2)
    assert reaction is not None and reaction.place_code == CHERKASY and reaction.note == "Маємо свій портал"
    counts = await broadcasts.service_reaction_counts(network, broadcast.service_id)
    assert counts == broadcasts.ReactionCounts(similar=1)
    # "who did not react" as the audience of the next broadcast
    assert await ids(network, Audience("no_reaction", broadcast_id=broadcast.id)) == [3]


async def test_a_scheduled_broadcast_starts_later_and_cancels_cleanly(
    network: Database, worker: DeliveryWorker
) -> None:
    now = datetime.now(UTC)
    published = await service.publish(
        network, worker, CATALOGS, settings(), COORDINATOR, draft(Audience("all")), now + timedelta(hours=3)
    )
    assert published.broadcast.status == "scheduled"
    assert await outbox.claim_due(network, now.timestamp(), 10) == []
    assert await service.cancel(network, worker, published.broadcast, COORDINATOR)
    cancelled = await broadcasts.get_broadcast(network, published.broadcast.id)
    assert cancelled is not None and cancelled.status == "cancelled"
    assert not await service.cancel(network, worker, cancelled, COORDINATOR)
