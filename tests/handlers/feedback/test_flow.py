"""/feedback: topic, text, confirm; the admins get it and answer by replying; /cancel leaves."""

from __future__ import annotations

from bot.lifecycle import RunningBot
from tests.auxil.bot_under_test import ADMIN_ID
from tg_emulator import TelegramEmulator


async def test_feedback_reaches_the_admin_and_the_answer_comes_back(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/start")
    await admin.next_message()
    user = emulator.user(3001, "Ольга", username="olha", language_code="uk")

    await user.send("/feedback")
    topics = await user.next_message()
    assert topics.button_texts() == ["Питання", "Ідея", "Проблема", "Інше", "Скасувати"]
    await user.press(topics, "Ідея")
    asked = await user.wait_edit(topics)
    assert "Тема: Ідея" in asked.text

    await user.send("Додати <b>пошук</b> & карту громад")
    preview = await user.next_message()
    assert "Додати <b>пошук</b> & карту громад" in preview.text  # escaped: shown as typed
    await user.press(preview, "Надіслати")
    sent = await user.next_message()
    assert sent.text.startswith("Надіслано (№ 1)")

    copy = await admin.next_message()
    assert "Feedback no. 1" in copy.text
    assert "Ольга (@olha, id 3001)" in copy.text
    assert "Додати <b>пошук</b> & карту громад" in copy.text

    await admin.send("Дякуємо, <додамо>!", reply_to=copy)
    assert (await admin.next_message()).text == "The answer to no. 1 was delivered."
    answer = await user.next_message()
    assert "Відповідь на ваше звернення № 1" in answer.text
    assert "Дякуємо, <додамо>!" in answer.text


async def test_cancel_in_the_middle_sends_nothing(emulator: TelegramEmulator, bot: RunningBot) -> None:
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/start")
    await admin.next_message()
    user = emulator.user(3002, "Ivan", language_code="en")
    await user.send("/feedback")
    await user.press(await user.next_message(), "Question")
    await user.send("/cancel")
    assert (await user.next_message()).text == "Cancelled. Nothing was sent."
    await user.send("this text is outside the flow now")
    assert "/help" in (await user.next_message()).text
    await admin.no_message(within=0.5)
    assert await bot.runtime.db.fetch_value("SELECT count(*) FROM feedback") == 0


async def test_bad_text_in_the_flow_gets_a_specific_answer(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    user = emulator.user(3003, "Nadia", language_code="en")
    await user.send("/feedback")
    await user.press(await user.next_message(), "Problem")
    await user.send("x" * 10_000)
    assert "Too long: 10000 characters" in (await user.next_message()).text
    await user.send(" \x00\x07 ")
    assert "The message is empty" in (await user.next_message()).text
    await user.send_photo(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    assert "Please send text" in (await user.next_message()).text
    await user.send("Нормальний текст\x00 з Latin і ʼапострофом")
    preview = await user.next_message()
    assert "Нормальний текст з Latin і ʼапострофом" in preview.text
    await user.press(preview, "Edit")
    assert "Write the new text" in (await user.next_message()).text
    await user.send("Другий варіант")
    preview = await user.next_message()
    await user.press(preview, "Send")
    assert "Saved (no. 1)" in (await user.next_message()).text  # the admin never opened the bot


async def test_an_admin_reply_to_something_else_is_explained(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/start")
    greeting = await admin.next_message()
    await admin.send("hello", reply_to=greeting)
    assert "That is not feedback" in (await admin.next_message()).text
    stranger = emulator.user(3004, "Stranger", language_code="en")
    await stranger.send("/start")
    greeting = await stranger.next_message()
    await stranger.send("hello", reply_to=greeting)
    assert "/help" in (await stranger.next_message()).text
