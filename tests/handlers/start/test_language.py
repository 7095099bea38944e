"""/language: buttons, saved choice, and command menus that follow it."""

from __future__ import annotations

import asyncio

from bot.lifecycle import RunningBot, start_bot, stop_bot
from bot.menus import menus_version
from bot.settings import Settings
from storage import bot_state, users
from storage.db import Database
from storage.migrate import migrate
from storage.users import SeenUser
from tests.auxil.bot_under_test import ADMIN_ID
from tg_emulator import TelegramEmulator


async def test_general_menus_and_descriptions_are_set_at_start(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    uk = [c["command"] for c in emulator.commands("default", language_code="uk")]
    assert uk == ["help", "whois", "roster", "join", "me", "stats", "language", "feedback", "cancel", "start"]
    assert emulator.commands("default", language_code="en")[0]["description"] == "What the bot can do"
    assert emulator.commands("default")[0]["description"] == "Що вміє бот"  # DEFAULT_LANGUAGE=uk
    assert [c["command"] for c in emulator.commands("all_group_chats")] == ["help"]
    assert "25-38-1400" in emulator.description("uk")
    assert "CDTO" in emulator.short_description("en")


async def test_choosing_english_switches_the_answers_and_the_menu(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    user = emulator.user(2001, "Andrii", language_code="uk")
    await user.send("/language")
    choice = await user.next_message()
    assert choice.text == "Оберіть мову:"
    assert choice.button_texts() == ["✓ Українська", "English"]

    await user.press(choice, "English")
    edited = await user.wait_edit(choice)
    assert edited.text.startswith("Language saved: English")
    assert edited.button_texts() == ["Українська", "✓ English"]
    await emulator.settle()
    personal = emulator.commands("chat", chat_id=2001)
    assert personal[0]["description"] == "What the bot can do"

    await user.send("/cancel")
    assert (await user.next_message()).text.startswith("Nothing to cancel")

    await user.press(edited, "Українська")
    back = await user.wait_edit(edited)
    assert back.text.startswith("Мову збережено")
    await emulator.settle()
    assert emulator.commands("chat", chat_id=2001)[0]["description"] == "Що вміє бот"


async def test_an_admin_gets_a_personal_menu_on_first_contact(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/start")
    await admin.next_message()
    await emulator.settle()
    assert emulator.commands("chat", chat_id=ADMIN_ID)[0]["command"] == "help"


async def test_personal_menus_from_an_older_version_are_refreshed_at_start(
    emulator: TelegramEmulator, settings: Settings
) -> None:
    for telegram_id in (2101, 2102):
        await emulator.user(telegram_id, f"Old{telegram_id}", language_code="en").send("hello")
    db = await Database.open(settings.database_path)
    try:
        await migrate(db)
        for telegram_id in (2101, 2102):
            await users.record_seen(db, SeenUser(telegram_id, f"Old{telegram_id}", None, None, "en"))
            await users.set_language(db, telegram_id, "en")
            await users.set_menu_version(db, telegram_id, "0000000000000000:stranger:en")
        await bot_state.set_value(db, "menus_version", "0000000000000000")
    finally:
        await db.close()
    emulator.world.updates.clear()  # those "hello"s were only to open the chats

    running = await start_bot(settings)
    try:
        for _ in range(50):
            if all(emulator.commands("chat", chat_id=i) for i in (2101, 2102)):
                break
            await asyncio.sleep(0.1)
        for telegram_id in (2101, 2102):
            assert emulator.commands("chat", chat_id=telegram_id)[0]["description"] == "What the bot can do"
        version = menus_version(running.runtime.catalogs)
        for _ in range(50):
            if await bot_state.get_value(running.runtime.db, "menus_version") == version:
                break
            await asyncio.sleep(0.1)
        assert await bot_state.get_value(running.runtime.db, "menus_version") == version
    finally:
        await stop_bot(running)
