"""Updates: different people at the same time, one person's in order, presses first for a place."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from telegram import CallbackQuery, Chat, Message, Update, User

from bot.transport.update_order import PerPersonOrder, Places


def _update(update_id: int, person: int) -> Update:
    user = User(person, "U", is_bot=False)
    message = Message(update_id, datetime.now(UTC), Chat(person, "private"), from_user=user, text="x")
    return Update(update_id, message=message)


async def test_one_persons_updates_run_in_order_and_others_meanwhile() -> None:
    processor = PerPersonOrder(max_concurrent_updates=8)
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
    processor = PerPersonOrder(max_concurrent_updates=2)
    done: list[int] = []

    async def handle() -> None:
        done.append(1)

    await processor.process_update(object(), handle())
    assert done == [1]


def _press(update_id: int, person: int) -> Update:
    user = User(person, "U", is_bot=False)
    message = Message(update_id, datetime.now(UTC), Chat(person, "private"), text="question")
    return Update(update_id, callback_query=CallbackQuery(str(update_id), user, "chat", message, data="x"))


async def _one_place_held_while(busy: Update, *waiting: Update) -> list[str]:
    """One place: `busy` holds it a moment while the others arrive; who ran, in order."""
    processor = PerPersonOrder(max_concurrent_updates=1)
    events: list[str] = []
    release = asyncio.Event()

    async def handle(update: Update, wait: asyncio.Event | None = None) -> None:
        kind = "press" if update.callback_query else "message"
        events.append(f"{kind} of {update.effective_user.id if update.effective_user else '?'}")
        if wait is not None:
            await wait.wait()

    tasks = [asyncio.create_task(processor.process_update(busy, handle(busy, release)))]
    await asyncio.sleep(0)
    tasks += [asyncio.create_task(processor.process_update(update, handle(update))) for update in waiting]
    await asyncio.sleep(0.05)
    assert len(events) == 1  # the only place is taken
    release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 1)
    return events


async def test_a_press_takes_the_next_free_place_before_waiting_messages() -> None:
    events = await _one_place_held_while(_update(1, 100), _update(2, 200), _press(3, 300))
    assert events == ["message of 100", "press of 300", "message of 200"]


async def test_a_press_waiting_for_its_persons_earlier_update_holds_no_place() -> None:
    # a's message waits for the place; a's press must not take it, or nothing would ever run.
    events = await _one_place_held_while(_update(1, 200), _update(2, 100), _press(3, 100))
    assert events == ["message of 200", "message of 100", "press of 100"]


async def test_a_cancelled_waiter_gives_its_place_on() -> None:
    places = Places(1)
    order: list[str] = []

    async def hold(name: str, wait: asyncio.Event | None = None) -> None:
        async with places.place(urgent=False):
            order.append(name)
            if wait is not None:
                await wait.wait()

    release = asyncio.Event()
    first = asyncio.create_task(hold("first", release))
    await asyncio.sleep(0)
    cancelled = asyncio.create_task(hold("cancelled"))
    last = asyncio.create_task(hold("last"))
    await asyncio.sleep(0)
    cancelled.cancel()
    release.set()
    await asyncio.wait_for(asyncio.gather(first, last), 1)
    assert order == ["first", "last"]


async def test_a_waiter_cancelled_as_its_place_frees_up_leaves_the_place_free() -> None:
    places = Places(1)
    release = asyncio.Event()

    async def hold(wait: asyncio.Event | None = None) -> None:
        async with places.place(urgent=False):
            if wait is not None:
                await wait.wait()

    first = asyncio.create_task(hold(release))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(hold())
    await asyncio.sleep(0)
    release.set()  # the first leaves on the loop's next turn, passing over the waiter cancelled now
    waiting.cancel()
    await first
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await asyncio.wait_for(hold(), 1)  # the place is free again
