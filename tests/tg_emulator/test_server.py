"""The emulator through python-telegram-bot's real Bot over HTTP: methods, Telegram's errors, faults."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.request import HTTPXRequest

from tg_emulator import FloodLimits, TelegramEmulator

TOKEN = "42:EMULATOR-test"


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator(
        token=TOKEN, bot_username="emu_bot", limits=FloodLimits(enabled=False)
    ) as emu:
        yield emu


@pytest.fixture
async def bot(emulator: TelegramEmulator) -> AsyncIterator[Bot]:
    async with Bot(
        TOKEN,
        base_url=emulator.api_url,
        base_file_url=emulator.file_url,
        request=HTTPXRequest(read_timeout=5),
        get_updates_request=HTTPXRequest(read_timeout=15),
    ) as real_bot:
        yield real_bot


async def test_get_me_and_a_message_with_buttons(emulator: TelegramEmulator, bot: Bot) -> None:
    assert (await bot.get_me()).username == "emu_bot"
    user = emulator.user(7, "Ліна")
    await user.send("/start")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Так", callback_data="yes")]])
    sent = await bot.send_message(7, "<b>Привіт</b>, світ", parse_mode="HTML", reply_markup=markup)
    assert sent.text == "Привіт, світ"
    assert sent.entities[0].type == "bold"
    seen = await user.next_message()
    assert seen.button_texts() == ["Так"]
    assert seen.html == "<b>Привіт</b>, світ"


async def test_another_token_is_unauthorized_as_in_telegram(emulator: TelegramEmulator) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{emulator.api_url}42:OTHER/getMe") as answer,
    ):
        assert answer.status == 401
        assert await answer.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    with pytest.raises(InvalidToken):
        async with Bot("42:OTHER", base_url=emulator.api_url, request=HTTPXRequest()):
            pass


async def test_who_can_be_written_to(emulator: TelegramEmulator, bot: Bot) -> None:
    never = emulator.user(8, "Never")
    with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
        await bot.send_message(8, "hi")
    await never.send("hi")
    never.block_bot()
    with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
        await bot.send_message(8, "hi")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(123456, "hi")


async def test_telegram_text_rules(emulator: TelegramEmulator, bot: Bot) -> None:
    await emulator.user(9, "U").send("/start")
    with pytest.raises(BadRequest, match=r"(?i)too long"):
        await bot.send_message(9, "я" * 4097)
    await bot.send_message(9, "я" * 4096)
    with pytest.raises(BadRequest, match=r"(?i)parse entities"):
        await bot.send_message(9, "a < b", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)text is empty"):
        await bot.send_message(9, "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        long_data = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="д" * 33)]])
        await bot.send_message(9, "x", reply_markup=long_data)
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_document(9, b"data", filename="a.txt", caption="c" * 1025)


async def test_edits_and_deletes(emulator: TelegramEmulator, bot: Bot) -> None:
    user = emulator.user(10, "U")
    await user.send("/start")
    sent = await bot.send_message(10, "one")
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text("one", 10, sent.message_id)
    await bot.edit_message_text("two", 10, sent.message_id)
    assert user.last.text == "two" and user.last.edit_count == 1
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", 10, 999)
    old = await bot.send_message(10, "old")
    emulator.advance(49 * 3600)
    with pytest.raises(BadRequest, match=r"(?i)can't be deleted"):
        await bot.delete_message(10, old.message_id)
    fresh = await bot.send_message(10, "fresh")
    assert await bot.delete_message(10, fresh.message_id)
    assert user.messages[-1].deleted


async def test_files_upload_reuse_and_download(emulator: TelegramEmulator, bot: Bot) -> None:
    user = emulator.user(11, "U")
    await user.send("/start")
    first = await bot.send_document(11, b"a,b\n1,2\n", filename="roster.csv")
    assert first.document is not None
    again = await bot.send_document(11, first.document.file_id)
    assert again.document is not None and again.document.file_id == first.document.file_id
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(11, "no-such-file-id")
    uploaded = await user.send_document(
        "Київ;1\n".encode("cp1251"), filename="excel.csv", mime_type="text/csv"
    )
    telegram_file = await bot.get_file(uploaded["document"]["file_id"])
    assert bytes(await telegram_file.download_as_bytearray()) == "Київ;1\n".encode("cp1251")


class FrozenClock:
    """The emulator's flood clock, moved by the test instead of waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def post(emulator: TelegramEmulator, method: str, **params: object) -> tuple[int, dict[str, Any]]:
    """A raw Bot API call: the HTTP status and the JSON body, as Telegram sends them."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{emulator.api_url}{TOKEN}/{method}", json=params) as answer,
    ):
        return answer.status, await answer.json()


def too_many_requests(seconds: int) -> dict[str, Any]:
    return {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {seconds}",
        "parameters": {"retry_after": seconds},
    }


async def test_flood_limits_block_the_chat_with_a_penalty(emulator: TelegramEmulator, bot: Bot) -> None:
    clock = emulator.flood.clock = FrozenClock()
    emulator.limits.enabled = True
    emulator.limits.chat_burst = 2
    await emulator.user(12, "U").send("/start")
    await bot.send_message(12, "1")
    await bot.send_message(12, "2")
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(12, "3")
    assert raised.value.retry_after == datetime.timedelta(seconds=3)
    clock.now += 1.0
    assert await post(emulator, "sendMessage", chat_id=12, text="4") == (429, too_many_requests(2))
    clock.now += 2.0
    assert (await bot.send_message(12, "after the block")).text == "after the block"


async def test_edits_and_deletes_count_toward_the_limits(emulator: TelegramEmulator, bot: Bot) -> None:
    emulator.flood.clock = FrozenClock()
    emulator.limits.enabled = True
    emulator.limits.chat_burst = 3
    await emulator.user(16, "U").send("/start")
    sent = await bot.send_message(16, "one")
    await bot.edit_message_text("two", 16, sent.message_id)
    await bot.edit_message_reply_markup(
        16,
        sent.message_id,
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x")]]),
    )
    with pytest.raises(RetryAfter):
        await bot.delete_message(16, sent.message_id)
    with pytest.raises(RetryAfter):
        await bot.edit_message_text("three", 16, sent.message_id)
    assert [call.status for call in emulator.calls[-5:]] == [200, 200, 200, 429, 429]


async def test_a_scripted_flood_of_one_chat(emulator: TelegramEmulator, bot: Bot) -> None:
    clock = emulator.flood.clock = FrozenClock()  # the limits stay off: the script alone floods
    await emulator.user(17, "U").send("/start")
    await emulator.user(18, "V").send("/start")
    emulator.flood.flood_chat(17, 30)
    assert await post(emulator, "sendMessage", chat_id=17, text="x") == (429, too_many_requests(30))
    await bot.send_message(18, "another chat is free")
    clock.now += 12.0
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(17, "still blocked")
    assert raised.value.retry_after == datetime.timedelta(seconds=18)
    clock.now += 18.0
    await bot.send_message(17, "free again")


async def test_a_scripted_flood_of_the_whole_bot(emulator: TelegramEmulator, bot: Bot) -> None:
    clock = emulator.flood.clock = FrozenClock()
    user = emulator.user(19, "U")
    await user.send("/start")
    await bot.send_message(
        19, "choose", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    )
    message = await user.next_message()
    emulator.flood.flood_all(40)
    assert await post(emulator, "editMessageText", chat_id=19, message_id=message.message_id, text="y") == (
        429,
        too_many_requests(40),
    )
    clock.now += 39.5
    assert await post(emulator, "sendMessage", chat_id=19, text="x") == (429, too_many_requests(1))
    press = asyncio.create_task(user.press(message, "Go"))
    updates = await bot.get_updates(timeout=2)
    query = next(u.callback_query for u in updates if u.callback_query)
    await query.answer("answers to presses have no chat and never count")
    assert (await press).text == "answers to presses have no chat and never count"
    clock.now += 0.5
    await bot.send_message(19, "free again")


async def test_faults_on_demand(emulator: TelegramEmulator, bot: Bot) -> None:
    await emulator.user(13, "U").send("/start")
    emulator.faults.fail_next("sendMessage", status=502)
    with pytest.raises(NetworkError):
        await bot.send_message(13, "x")
    emulator.faults.drop_next("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(13, "x")
    emulator.faults.method_latency["sendmessage"] = 0.2
    started = asyncio.get_running_loop().time()
    await bot.send_message(13, "slow")
    assert asyncio.get_running_loop().time() - started >= 0.2


async def test_updates_offsets_and_conflict(emulator: TelegramEmulator, bot: Bot) -> None:
    user = emulator.user(14, "U")
    await user.send("one")
    await user.send("two")
    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates if u.message] == ["one", "two"]
    confirmed = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert confirmed == ()
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    second = asyncio.create_task(bot.get_updates(timeout=1))
    with pytest.raises(Conflict):
        await first
    assert await second == ()


async def test_callbacks_must_be_answered_once(emulator: TelegramEmulator, bot: Bot) -> None:
    user = emulator.user(15, "U")
    await user.send("/start")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    await bot.send_message(15, "choose", reply_markup=markup)
    message = await user.next_message()
    press = asyncio.create_task(user.press(message, "Go"))
    updates = await bot.get_updates(timeout=2)
    query = next(u.callback_query for u in updates if u.callback_query)
    assert query.data == "go"
    await query.answer("done")
    assert (await press).text == "done"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await query.answer("again")
