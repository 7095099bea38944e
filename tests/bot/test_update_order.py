"""Updates: different people at the same time, one person's in order."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, Update, User

from bot.update_order import PerPersonOrder


def _update(update_id: int, person: int) -> Update:
    user = User(person, "U", is_bot=False)
    message = Message(update_id, datetime.now(UTC), Chat(person, "private"), from_user=user, text="x")
    return Update(update_id, message=message)


async def test_one_persons_updates_run_in_order_and_others_meanwhile() -> None:
    processor = PerPersonOrder(8)
    events: list[str] = []
    release_first = asyncio.Event()

    async def handle(name: str, wait: asyncio.Event | None = None) -> None:
        events.append(f"start {name}")
        if wait is not None:
            await wait.wait()
        events.append(f"end {name}")

    tasks = [
        asyncio.create_task(processor.process_update(_update(1, 100), handle("a1", release_first))),
        asyncio.create_task(processor.process_update(_update(2, 100), handle("a2"))),
        asyncio.create_task(processor.process_update(_update(3, 200), handle("b1"))),
    ]
    await asyncio.sleep(0.05)
    assert events == ["start a1", "start b1", "end b1"]  # b is not held up by a's slow update
    release_first.set()
    await asyncio.gather(*tasks)
    assert events[3:] == ["end a1", "start a2", "end a2"]
    assert not processor._locks  # nothing kept once a person has nothing waiting


async def test_updates_without_a_person_just_run() -> None:
    processor = PerPersonOrder(2)
    done: list[int] = []

    async def handle() -> None:
        done.append(1)

    await processor.process_update(object(), handle())
    assert done == [1]
