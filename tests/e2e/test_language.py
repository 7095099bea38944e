"""/language: buttons, saved choice, and command menus that follow it."""

from __future__ import annotations

from bot.lifecycle import RunningBot
from tests.e2e.conftest import ADMIN_ID
from tgemu import TelegramEmulator


async def test_general_menus_and_descriptions_are_set_at_start(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    uk = [c["command"] for c in emulator.commands("default", language_code="uk")]
    assert uk == ["help", "join", "stats", "language", "feedback", "cancel", "start"]
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
