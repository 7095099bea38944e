"""/start, /help per role, groups, and whatever the bot does not understand."""

from __future__ import annotations

from collections.abc import Callable

from bot.lifecycle import RunningBot
from tests.auxil.bot_under_test import ADMIN_ID
from tg_emulator import TelegramEmulator


async def test_a_stranger_is_greeted_and_sees_only_public_commands(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    oksana = emulator.user(1001, "Оксана", username="oksana", language_code="uk")
    await oksana.send("/start")
    greeting = await oksana.next_message()
    assert "Вітаю, Оксана!" in greeting.text
    assert "25-38-1400" in greeting.text

    await oksana.send("/help")
    listing = (await oksana.next_message()).text
    for command in ("/help", "/join", "/stats", "/language", "/feedback", "/cancel", "/start"):
        assert command in listing


async def test_help_follows_the_role(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(1002, "member")  # type: ignore[misc]
    member = emulator.user(1002, "Member", language_code="en")
    await member.send("/start")
    assert "Welcome back" in (await member.next_message()).text
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/help")
    assert "What I can do" in (await admin.next_message()).text


async def test_the_name_is_escaped(emulator: TelegramEmulator, bot: RunningBot) -> None:
    mallory = emulator.user(1003, "<b>Mal</b> & <script>", language_code="en")
    await mallory.send("/start")
    greeting = await mallory.next_message()
    assert "Hello, <b>Mal</b> & <script>!" in greeting.text
    assert all(entity["type"] != "bold" or entity["offset"] != 7 for entity in greeting.entities)


async def test_unknown_commands_and_stray_input_get_a_hint(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    user = emulator.user(1004, "Taras", language_code="uk")
    await user.send("/frobnicate now")
    assert "Не знаю команди /frobnicate" in (await user.next_message()).text
    await user.send("/<b>x</b>")
    assert "&lt;" not in (await user.next_message()).text  # shown as typed, escaped on the wire

    for text in ("просто текст", "x" * 10_000, "a\x00b\x07\u202e", "Київ Kyiv Кiев ʼ’'", "   "):
        await user.send(text)
        hint = await user.next_message()
        assert "/help" in hint.text

    await user.send_photo(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    assert "/help" in (await user.next_message()).text


async def test_cancel_with_nothing_open(emulator: TelegramEmulator, bot: RunningBot) -> None:
    user = emulator.user(1005, "Ira", language_code="en")
    await user.send("/cancel")
    assert "Nothing to cancel" in (await user.next_message()).text


async def test_forged_and_stale_buttons_are_refused(emulator: TelegramEmulator, bot: RunningBot) -> None:
    user = emulator.user(1006, "Petro", language_code="en")
    await user.send("/language")
    choice = await user.next_message()
    answer = await user.press_data(choice, "zzz:forged")
    assert answer.text == "This button no longer works."
    answer = await user.press_data(choice, "fbc:send")
    assert answer.text == "This button no longer works."
    answer = await user.press_data(choice, "lang:de")
    assert answer.text == "This button no longer works."


async def test_in_a_group_nothing_personal(emulator: TelegramEmulator, bot: RunningBot) -> None:
    group = emulator.group(-100500, "Обласна група")
    user = emulator.user(1007, "Galyna", language_code="uk")
    await user.send("/help", chat=group)
    reply = await user.next_message(chat=group)
    assert "/help" in reply.text
    await user.send("/feedback", chat=group)
    reply = await user.next_message(chat=group)
    assert "особистому чаті" in reply.text
    assert reply.buttons[0][0].url == "https://t.me/cdto_test_bot"
    await user.send("звичайна розмова", chat=group)
    await user.no_message(within=0.5, chat=group)
