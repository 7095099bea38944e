"""One person cannot stall the bot: a flooder is told once and ignored, Telegram's flood waits pause
only whom they concern, and a broadcast keeps its pace while people write."""

from __future__ import annotations

import asyncio
import itertools
import json

import pytest

from bot.app import BULK_FLOOR_SHARE
from bot.lifecycle import RunningBot
from bot.transport.rate_limit import CHAT_BURST, OVERALL_RATE
from storage.outbox import Payload, Recipient
from tg_emulator import TelegramEmulator

FLOODER, OTHER = 6601, 6602
SLOW_DOWN = "Забагато повідомлень поспіль"


def _sends_to(emulator: TelegramEmulator, chat_id: int) -> list[int]:
    """Positions in the call log of the bot's messages to a chat."""
    return [
        index
        for index, call in enumerate(emulator.world.calls)
        if call.method == "sendmessage" and int(call.params.get("chat_id", 0)) == chat_id
    ]


# A small limit, so the flooder's allowed answers (one a second to one chat) come quickly.
@pytest.mark.user_rate(5, 60.0)
@pytest.mark.chat_limits
async def test_a_flooder_is_told_once_and_ignored_while_others_are_answered_at_once(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    flooder = emulator.user(FLOODER, "Flooder", language_code="uk")
    other = emulator.user(OTHER, "Olha", language_code="uk")
    for _ in range(200):
        await flooder.send("/help")
    await other.send("/help")
    assert "/whois" in (await other.next_message()).text

    received = await flooder.next_messages(6)
    assert sorted(SLOW_DOWN in message.text for message in received) == [False] * 5 + [True]
    # Olha's answer did not wait behind the flood: it went before the flooder's last answers.
    assert _sends_to(emulator, OTHER)[0] < _sends_to(emulator, FLOODER)[-1]
    await other.send("/help")  # a later update of someone else: everything before it was judged
    await other.next_message()
    assert len(flooder.messages) == 6  # nothing more for the 194 ignored


async def test_the_outbox_keeps_its_floor_while_twenty_people_write(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    emulator.limits.enabled = False  # this is about the bot's own sharing of its rate
    members = [emulator.user(7000 + n, f"Member{n}", has_started=True) for n in range(200)]
    writers = [emulator.user(8000 + n, f"Writer{n}", language_code="uk") for n in range(20)]
    worker = bot.runtime.deliveries()
    news = Payload(
        "<b>Дія.Взаємодія</b>: новий модуль для громад", keyboard=json.dumps({"inline_keyboard": []})
    )
    batch = await worker.enqueue("broadcast", None, [Recipient(member.id, news) for member in members])
    finished = asyncio.ensure_future(worker.wait_finished(batch.id))

    async def write(writer_index: int) -> None:
        writer = writers[writer_index]
        while not finished.done():
            await writer.send("/whois Черкаси")
            await writer.next_message(timeout=30)

    await asyncio.gather(*(write(i) for i in range(len(writers))), finished)

    member_ids = {member.id for member in members}
    chats = [int(call.params["chat_id"]) for call in emulator.world.calls if call.method == "sendmessage"]
    first_bulk = next(i for i, chat in enumerate(chats) if chat in member_ids)
    last_bulk = max(i for i, chat in enumerate(chats) if chat in member_ids)
    contended = chats[first_bulk : last_bulk + 1]
    bulk_share = sum(chat in member_ids for chat in contended) / len(contended)
    answers = len(contended) - sum(chat in member_ids for chat in contended)
    floor = BULK_FLOOR_SHARE * bot.runtime.settings.broadcast_rate / OVERALL_RATE
    assert answers > 20  # people did write meanwhile, as fast as the bot would answer them
    assert bulk_share >= floor * 0.95, (bulk_share, floor)


def _answered_at(emulator: TelegramEmulator, chat_id: int) -> list[float]:
    """When the bot's messages to a chat were accepted by Telegram (the emulator's call log)."""
    return [
        call.at
        for call in emulator.world.calls
        if call.method == "sendmessage" and call.status == 200 and int(call.params["chat_id"]) == chat_id
    ]


@pytest.mark.chat_limits
async def test_answers_to_one_chat_keep_to_one_a_second_after_a_short_burst(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    olena = emulator.user(6650, "Olena", language_code="uk")
    for _ in range(9):
        await olena.send("/help")
    await olena.next_messages(9, timeout=20)
    sent = _answered_at(emulator, olena.id)
    assert len(sent) == 9 and not [call for call in emulator.world.calls if call.status == 429]
    # A short burst (CHAT_BURST), then Telegram's ~1 a second, kept by the bot itself.
    assert sent[-1] - sent[0] >= len(sent) - CHAT_BURST - 0.1
    assert min(later - earlier for earlier, later in itertools.pairwise(sent[CHAT_BURST:])) >= 0.9


@pytest.mark.slow
async def test_a_flood_wait_delays_only_its_chat_and_a_second_one_delays_everything(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    emulator.limits.enabled = False  # only the waits this story asks for
    olena, petro, iryna = (emulator.user(6700 + n, name, language_code="uk") for n, name in enumerate("ОПІ"))

    emulator.flood.flood_chat(olena.id, 30)  # Telegram: "retry after 30" for Olena's chat
    await olena.send("/help")
    await petro.send("/help")
    assert "/whois" in (await petro.next_message()).text  # Petro is answered at once…
    assert _answered_at(emulator, olena.id) == []  # …while Olena's answer waits out her 30 s

    emulator.flood.flood_chat(petro.id, 30)  # a second chat meets a flood wait meanwhile: the overall limit
    await petro.send("/help")
    petro_refused = await _refused(emulator, petro.id)
    await iryna.send("/help")
    for user in (olena, petro, iryna):
        assert "/whois" in (await user.next_message(timeout=45)).text
    # Nobody was answered before the longest wait was over: Olena's, then Petro's 30 s.
    assert min(_answered_at(emulator, iryna.id)) >= petro_refused + 29.9
    assert min(_answered_at(emulator, olena.id)) >= await _refused(emulator, olena.id) + 29.9


async def _refused(emulator: TelegramEmulator, chat_id: int) -> float:
    """Wait until Telegram has refused a message to the chat; when it did."""
    while True:
        refusals = [
            call.at
            for call in emulator.world.calls
            if call.status == 429 and int(call.params["chat_id"]) == chat_id
        ]
        if refusals:
            return refusals[0]
        await asyncio.sleep(0.01)
