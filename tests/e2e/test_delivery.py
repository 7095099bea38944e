"""The bot's outbox worker: 50 members, 3 blocked the bot, Telegram stumbles twice."""

from __future__ import annotations

import asyncio
import json

from bot.lifecycle import RunningBot
from storage import outbox, reachability
from storage.outbox import BatchCounts, Payload, Recipient
from tg_emulator import TelegramEmulator

NEWS = Payload(
    "<b>Дія.Взаємодія</b>: новий модуль для громад",
    keyboard=json.dumps({"inline_keyboard": [[{"text": "Детальніше", "url": "https://diia.gov.ua"}]]}),
)


async def test_a_batch_reaches_every_reachable_member_once(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    emulator.limits.enabled = False
    members = [emulator.user(5000 + n, f"Member{n}", has_started=True) for n in range(50)]
    blocked = members[10:13]
    for member in blocked:
        member.block_bot()
    emulator.faults.fail_next("sendMessage", 502, count=2)  # Telegram's gateway hiccups twice

    db = bot.runtime.db
    worker = bot.runtime.deliveries()
    batch = await worker.enqueue("broadcast", None, [Recipient(member.id, NEWS) for member in members])
    finished = await asyncio.wait_for(worker.wait_finished(batch.id), timeout=30)

    for member in members:
        received = [m for m in member.messages if "Дія.Взаємодія" in (m.text or "")]
        if member in blocked:
            assert received == []
        else:
            assert len(received) == 1, member.transcript()
            assert received[0].button_texts() == ["Детальніше"]
    assert finished.status == "done"
    assert await reachability.unreachable_ids(db) == {member.id for member in blocked}
    assert await outbox.counts(db, batch.id) == BatchCounts(sent=47, unreachable=3)
    retried = await db.fetch_value("SELECT count(*) FROM deliveries WHERE attempts > 1")
    assert retried >= 1  # the two 502s were retried, not lost
