"""Reactions to a broadcast: the buttons mark the choice, "similar" and "question" ask for a text, the
author's reply to a question goes back to the asker, and forged presses are refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.lifecycle import RunningBot, start_bot, stop_bot
from bot.services import broadcasts as service
from bot.settings import Settings
from storage import broadcasts, directory, outbox
from storage.clock import to_stored
from tests.auxil.bot_under_test import ADMIN_ID, MONDAY_MORNING, MovableClock
from tests.auxil.reaction_steps import CHERKASY_REGION, SMILA, holder, publish
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient
from tg_emulator.model import BotMessage

USE, SIMILAR, QUESTION = "✅ Будемо використовувати", "🔁 Маємо схоже", "❓ Питання"
CHOSEN = " ← ваш вибір"
COORDINATOR = 7001


async def other_hromada(bot: RunningBot) -> str:
    """A municipal post of Cherkasy oblast other than Smila's."""
    cards = await directory.roster(bot.runtime.db, "municipal", CHERKASY_REGION)
    return next(card.place.code for card in cards if card.place.code != SMILA)


async def test_the_buttons_mark_the_choice_and_it_can_change(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    emulator.limits.enabled = False
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    olena = await holder(bot, emulator, 7101, "Олена Коваль", SMILA)
    published = await publish(bot, COORDINATOR)
    news = await olena.next_message()
    assert news.button_texts() == [USE, SIMILAR, QUESTION]

    pressed = await olena.press(news, USE)
    assert pressed.text == "✅ Дякуємо! Записали: будете використовувати."
    news = await olena.wait_edit(news)
    assert news.button_texts() == [USE + CHOSEN, SIMILAR, QUESTION]

    # Changing the answer: "similar" asks for a description; an empty one gets a hint.
    await olena.press(news, SIMILAR)
    prompt = await olena.next_message()
    assert "опишіть коротко" in prompt.text
    await olena.send("   ")
    assert (await olena.next_message()).text.startswith("Повідомлення порожнє")
    # Sent as a reply to the prompt: /feedback's handler of replies does not take it.
    await olena.send("У нас «Е-Черга» <beta>: https://smila.example/queue", reply_to=prompt)
    assert (await olena.next_message()).text.startswith("🔁 Дякуємо!")
    news = await olena.wait_edit(news)
    assert news.button_texts() == [USE, SIMILAR + CHOSEN, QUESTION]  # the mark moved
    db = bot.runtime.db
    stored = await broadcasts.reaction_of(db, published.broadcast.id, olena.id)
    assert stored is not None and stored.kind == "similar" and stored.place_code == SMILA
    assert stored.note == "У нас «Е-Черга» <beta>: https://smila.example/queue"

    # Asking for a question and then /cancel leaves the earlier answer as it was.
    await olena.press(news, QUESTION)
    await olena.next_message()
    await olena.send("/cancel")
    assert "лишилася як була" in (await olena.next_message()).text
    assert await broadcasts.reaction_of(db, published.broadcast.id, olena.id) == stored
    await olena.send("а це вже поза кроком")
    assert "/help" in (await olena.next_message()).text
    # Another command instead of the text ends the step too, and is answered as usual.
    await olena.press(news, QUESTION)
    await olena.next_message()
    await olena.send("/language")
    assert (await olena.next_message()).buttons
    await olena.send("і це теж поза кроком")
    assert "/help" in (await olena.next_message()).text
    assert olena.messages[0].button_texts() == [USE, SIMILAR + CHOSEN, QUESTION]
    counts = await broadcasts.reaction_counts(db, published.broadcast.id)
    assert (counts.use, counts.similar, counts.question) == (0, 1, 0)


async def test_a_reminder_press_marks_the_broadcast_too(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    emulator.limits.enabled = False
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    ivan = await holder(bot, emulator, 7201, "Іван Петренко", await other_hromada(bot))
    published = await publish(bot, COORDINATOR)
    news = await ivan.next_message()
    runtime = bot.runtime
    reminded = await service.remind(
        runtime.db, runtime.deliveries(), runtime.catalogs, runtime.settings, published.broadcast, COORDINATOR
    )
    assert reminded == 1
    reminder = await ivan.next_message(timeout=10)
    assert reminder.text.startswith("⏰ Нагадування")
    await ivan.press(reminder, USE)
    assert (await ivan.wait_edit(reminder)).button_texts() == [USE + CHOSEN, SIMILAR, QUESTION]
    assert (await ivan.wait_edit(news)).button_texts() == [USE + CHOSEN, SIMILAR, QUESTION]
    # Later edits of the copy (a correction) keep the member's choice.
    copy = await outbox.sent_copy(runtime.db, published.broadcast.batch_id or 0, ivan.id)
    assert copy is not None and "ваш вибір" in (copy.payload.keyboard or "")


async def test_a_question_reaches_the_author_and_the_reply_comes_back(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    emulator.limits.enabled = False
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/start")
    await admin.next_message()
    olena = await holder(bot, emulator, 7301, "Олена Коваль", SMILA)
    olena.info.username = "olena_k"
    await publish(bot, ADMIN_ID, title="Реєстр <громад> & сервісів")
    news = await olena.next_message()

    await olena.press(news, QUESTION)
    assert "напишіть ваше питання" in (await olena.next_message()).text
    await olena.send("Чи є API для <інтеграції>?")
    assert (await olena.next_message()).text.startswith("❓ Питання передали")
    assert (await olena.wait_edit(news)).button_texts() == [USE, SIMILAR, QUESTION + CHOSEN]

    copy = await admin.next_message()
    assert 'A question about the broadcast "Реєстр <громад> & сервісів"' in copy.text
    assert "From: Олена Коваль (@olena_k)" in copy.text
    assert "Hromada (digital leader): Smilianska hromada, Cherkaskyi Raion, Cherkasy Oblast" in copy.text
    assert "Чи є API для <інтеграції>?" in copy.text
    assert "reply to this message" in copy.text

    await admin.send("Так, <REST> & вебхуки.", reply_to=copy)
    assert (await admin.next_message()).text == "✅ The answer was delivered."
    reply = await olena.next_message()
    assert "Відповідь щодо розсилки «Реєстр <громад> & сервісів»" in reply.text
    assert "Чи є API для <інтеграції>?" in reply.text
    assert "Так, <REST> & вебхуки." in reply.text
    assert any(entity["type"] == "blockquote" for entity in reply.entities)
    questions = await bot.runtime.db.fetch_all("SELECT body, answered_at FROM broadcast_questions")
    assert [(row[0], row[1] is not None) for row in questions] == [("Чи є API для <інтеграції>?", True)]

    # The admin's replies to feedback still reach /feedback's handler, in the same chat.
    await olena.send("/feedback")
    await olena.press(await olena.next_message(), "Ідея")
    await olena.send("Додати карту")
    await olena.press(await olena.next_message(), "Надіслати")
    await olena.next_message()
    feedback = await admin.next_message()
    assert "Feedback no. 1" in feedback.text
    await admin.send("Дякуємо!", reply_to=feedback)
    assert (await admin.next_message()).text == "The answer to no. 1 was delivered."
    assert "Дякуємо!" in (await olena.next_message()).text
    # A reply to any other message is neither an answer nor lost: /feedback's handler explains.
    confirmation = admin.last
    await admin.send("а це?", reply_to=confirmation)
    assert (await admin.next_message()).text.startswith("That is not feedback")
    await olena.no_message(within=0.3)


async def test_forged_and_stale_presses_are_refused(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    emulator.limits.enabled = False
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    olena = await holder(bot, emulator, 7401, "Олена Коваль", SMILA)
    published = await publish(bot, COORDINATOR)
    news = await olena.next_message()
    broadcast_id = published.broadcast.id

    unknown = await olena.press_data(news, f"rx:{broadcast_id + 100}:use")
    assert unknown.text == "Такої розсилки немає."
    assert (await olena.press_data(news, "rx:abc:use")).text == "Ця кнопка вже не діє."
    assert (await olena.press_data(news, f"rx:{broadcast_id}:love")).text == "Ця кнопка вже не діє."

    # A member outside the audience, and a stranger, forge a press on a message of their own.
    coordinator = emulator.user(COORDINATOR, "Coordinator", language_code="uk", has_started=True)
    await coordinator.send("/start")
    welcome = await coordinator.next_message()
    refused = await coordinator.press_data(welcome, f"rx:{broadcast_id}:use")
    assert refused.text == "Цю розсилку надсилали не вам, тож і відповідати на неї не вам."
    stranger = emulator.user(7499, "Stranger", language_code="uk")
    await stranger.send("/start")
    hello = await stranger.next_message()
    denied = await stranger.press_data(hello, f"rx:{broadcast_id}:question")
    assert denied.show_alert and denied.text
    assert await broadcasts.reactions(bot.runtime.db, broadcast_id) == []

    # After a recall the buttons no longer count.
    runtime = bot.runtime
    await service.recall(
        runtime.db, runtime.deliveries(), published.broadcast, COORDINATOR, datetime.now(UTC)
    )
    recalled = await olena.press_data(news, f"rx:{broadcast_id}:use")
    assert recalled.text == "Цю розсилку відкликано, відповідати на неї вже не потрібно."
    assert await broadcasts.reactions(runtime.db, broadcast_id) == []


async def test_a_question_for_an_author_the_bot_cannot_reach_is_kept(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    emulator.limits.enabled = False
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]  # never opened the bot
    olena = await holder(bot, emulator, 7501, "Олена Коваль", SMILA)
    published = await publish(bot, COORDINATOR)
    await olena.press(await olena.next_message(), QUESTION)
    await olena.next_message()
    await olena.send("Коли буде API?")
    assert "переслати його авторові зараз не вдалося" in (await olena.next_message()).text
    reaction = await broadcasts.reaction_of(bot.runtime.db, published.broadcast.id, olena.id)
    assert reaction is not None and reaction.note == "Коли буде API?"


async def test_the_text_step_survives_a_restart(emulator: TelegramEmulator, settings: Settings) -> None:
    emulator.limits.enabled = False
    author = emulator.user(ADMIN_ID, "Admin", language_code="uk", has_started=True)
    running = await start_bot(settings)
    try:
        olena = await holder(running, emulator, 7551, "Олена Коваль", SMILA)
        await publish(running, ADMIN_ID)
        news = await olena.next_message()
        await olena.press(news, QUESTION)
        await olena.next_message()
    finally:
        await stop_bot(running)

    running = await start_bot(settings)
    try:
        await olena.send("Питання після перезапуску")
        assert (await olena.next_message()).text.startswith("❓ Питання передали")
        assert "Питання після перезапуску" in (await author.next_message()).text
        assert (await olena.wait_edit(news)).button_texts() == [USE, SIMILAR, QUESTION + CHOSEN]
    finally:
        await stop_bot(running)


async def ask(member: UserClient, news: BotMessage, question: str) -> None:
    """Press "❓ Question" and send the question (its author never opened the bot, so it is kept)."""
    assert not (await member.press(news, QUESTION)).show_alert
    assert "напишіть ваше питання" in (await member.next_message()).text
    await member.send(question)
    assert (await member.next_message()).text.startswith("❓ Питання збережено")


async def test_five_questions_a_day_about_one_broadcast(
    emulator: TelegramEmulator,
    bot: RunningBot,
    make_role: Callable[[int, str], object],
    clock: MovableClock,
) -> None:
    emulator.limits.enabled = False
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    olena = await holder(bot, emulator, 7601, "Олена Коваль", SMILA)
    published = await publish(bot, COORDINATOR)
    news = await olena.next_message()
    await ask(olena, news, "Питання 1")  # Monday 09:00
    clock.moment = MONDAY_MORNING + timedelta(hours=23)  # Tuesday 08:00
    for number in range(2, 6):
        await ask(olena, news, f"Питання {number}")

    refused = await olena.press(news, QUESTION)
    assert refused.show_alert
    assert refused.text == (
        "Ви вже поставили 5 питань щодо цієї розсилки за останню добу. Наступне можна буде поставити о 09:00."
    )
    await olena.send("Питання 6")  # no text was asked for, so it is not taken as a question
    assert "/help" in (await olena.next_message()).text
    assert (await olena.press(news, USE)).text.startswith("✅ Дякуємо!")  # the other buttons still work

    clock.moment = MONDAY_MORNING + timedelta(hours=24)  # the first question is a day old
    await ask(olena, news, "Питання 6")
    refused = await olena.press(news, QUESTION)  # five again since Tuesday 08:00
    assert refused.text.endswith("Наступне можна буде поставити 25.11 о 08:00.")
    db = bot.runtime.db
    bodies = await db.fetch_all("SELECT body FROM broadcast_questions ORDER BY id")
    assert [row[0] for row in bodies] == [f"Питання {number}" for number in range(1, 7)]
    reaction = await broadcasts.reaction_of(db, published.broadcast.id, olena.id)
    assert reaction is not None and (reaction.kind, reaction.note) == ("question", "Питання 6")


async def test_a_question_over_the_cap_when_its_text_arrives_is_not_stored(
    emulator: TelegramEmulator,
    bot: RunningBot,
    make_role: Callable[[int, str], object],
    clock: MovableClock,
) -> None:
    emulator.limits.enabled = False
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    olena = await holder(bot, emulator, 7602, "Олена Коваль", SMILA)
    published = await publish(bot, COORDINATOR)
    news = await olena.next_message()
    await olena.press(news, QUESTION)
    assert "напишіть ваше питання" in (await olena.next_message()).text
    db, broadcast_id = bot.runtime.db, published.broadcast.id
    for number in range(1, 6):  # the day's five are stored after the press was let through
        await broadcasts.add_question(db, broadcast_id, olena.id, f"Питання {number}", to_stored(clock()))

    await olena.send("Питання 6")
    refused = await olena.next_message()
    assert refused.text == (
        "Ви вже поставили 5 питань щодо цієї розсилки за останню добу."
        " Наступне можна буде поставити 24.11 о 09:00."
    )
    assert await db.fetch_value("SELECT count(*) FROM broadcast_questions") == 5
    assert await broadcasts.reaction_of(db, broadcast_id, olena.id) is None
    await olena.send("Питання 7")  # the step has ended
    assert "/help" in (await olena.next_message()).text
