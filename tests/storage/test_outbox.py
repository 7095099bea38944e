"""The outbox: batches stored whole, due rows claimed once, states and counts, crash recovery."""

from __future__ import annotations

from storage import outbox
from storage.db import Database
from storage.outbox import BatchCounts, Payload, Recipient

HELLO = Payload("<b>Hello</b>", keyboard='{"inline_keyboard": []}')


def recipients(*chat_ids: int) -> list[Recipient]:
    return [Recipient(chat_id, HELLO) for chat_id in chat_ids]


async def test_a_batch_is_stored_with_one_row_per_chat(db: Database) -> None:
    batch = await outbox.create_batch(db, "broadcast", 7, recipients(1, 2, 2, 3), not_before=100.0)
    assert batch.status == "running"
    assert await outbox.counts(db, batch.id) == BatchCounts(pending=3)
    assert [b.id for b in await outbox.running_batches(db)] == [batch.id]


async def test_claim_takes_due_rows_once_and_skips_busy_chats(db: Database) -> None:
    await outbox.create_batch(db, "broadcast", None, recipients(1, 2, 3), not_before=100.0)
    assert await outbox.claim_due(db, now=99.0, limit=10) == []
    first = await outbox.claim_due(db, now=100.0, limit=2, skip_chats=[1])
    assert [d.chat_id for d in first] == [2, 3]
    assert all(d.attempts == 1 and d.payload == HELLO for d in first)
    rest = await outbox.claim_due(db, now=100.0, limit=10)
    assert [d.chat_id for d in rest] == [1]
    assert await outbox.claim_due(db, now=100.0, limit=10) == []


async def test_states_counts_and_completion(db: Database) -> None:
    batch = await outbox.create_batch(db, "broadcast", None, recipients(1, 2, 3, 4), not_before=0.0)
    one, two, three, four = await outbox.claim_due(db, now=0.0, limit=10)
    await outbox.mark_sent(db, one.id, 501, "2026-11-26T10:00:00+00:00")
    await outbox.mark_failed(db, two.id, "NetworkError: Bad Gateway")
    await outbox.mark_unreachable(db, three.id, "Forbidden: bot was blocked by the user")
    await outbox.retry_at(db, four.id, 50.0, "flood wait", count_attempt=False)
    assert await outbox.counts(db, batch.id) == BatchCounts(pending=1, sent=1, failed=1, unreachable=1)
    assert await outbox.next_due_at(db) == 50.0
    assert not await outbox.finish_if_complete(db, batch.id)
    (again,) = await outbox.claim_due(db, now=50.0, limit=10)
    assert again.attempts == 1  # the flood wait did not count
    await outbox.mark_sent(db, again.id, 502, "2026-11-26T10:00:01+00:00")
    assert await outbox.finish_if_complete(db, batch.id)
    done = await outbox.get_batch(db, batch.id)
    assert done is not None and done.status == "done" and done.finished_at is not None


async def test_rows_in_flight_at_a_crash_go_back_to_pending(db: Database) -> None:
    batch = await outbox.create_batch(db, "reminder", None, recipients(1, 2), not_before=0.0)
    sent, in_flight = await outbox.claim_due(db, now=0.0, limit=10)
    await outbox.mark_sent(db, sent.id, 1, "2026-11-26T10:00:00+00:00")
    assert await outbox.release_in_flight(db) == 1
    assert await outbox.counts(db, batch.id) == BatchCounts(pending=1, sent=1)
    assert [d.chat_id for d in await outbox.claim_due(db, now=0.0, limit=10)] == [in_flight.chat_id]


async def test_cancel_stops_pending_rows_and_hides_them_from_claims(db: Database) -> None:
    batch = await outbox.create_batch(db, "broadcast", 7, recipients(1, 2, 3), not_before=0.0)
    (first,) = await outbox.claim_due(db, now=0.0, limit=1)
    assert await outbox.cancel_batch(db, batch.id)
    assert not await outbox.cancel_batch(db, batch.id)
    assert await outbox.claim_due(db, now=0.0, limit=10) == []
    assert await outbox.counts(db, batch.id) == BatchCounts(sending=1, cancelled=2)
    await outbox.mark_sent(db, first.id, 9, "2026-11-26T10:00:00+00:00")
    assert not await outbox.finish_if_complete(db, batch.id)  # stays cancelled


async def test_left_up_to_counts_older_running_batches(db: Database) -> None:
    older = await outbox.create_batch(db, "broadcast", None, recipients(1, 2), not_before=0.0)
    newer = await outbox.create_batch(db, "broadcast", None, recipients(3), not_before=0.0)
    assert await outbox.left_up_to(db, older.id) == 2
    assert await outbox.left_up_to(db, newer.id) == 3


def test_payload_round_trips_through_json() -> None:
    payload = Payload("Привіт", None, "document", "FILE123")
    assert Payload.from_json(payload.to_json()) == payload
