"""/me: a member sees their post and contacts, edits them, chooses who sees them, switches language,
leaves the post and deletes their data; nobody else can press their buttons; nothing personal in groups."""

from __future__ import annotations

from collections.abc import Callable

from bot.lifecycle import RunningBot, start_bot, stop_bot
from bot.services.roster import posts as post_rules
from bot.settings import Settings
from storage import audit, people, posts, users
from storage.users import SeenUser
from tests.auxil.bot_under_test import ADMIN_ID
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient
from tg_emulator.model import BotMessage

BUCHA = "UA32080070000050759"
OLHA = 5001
HOSTILE_NAME = "<b>Оля</b> & Co"


async def _holder_of_bucha(bot: RunningBot, telegram_id: int, full_name: str, **contacts: str) -> int:
    """A member holding the Bucha hromada post, as an invite or an import would leave them; the post id."""
    db = bot.runtime.db
    await users.record_seen(db, SeenUser(telegram_id, "Olha", None, "olha", "uk"))
    person = await people.create_person(db, full_name, telegram_id=telegram_id, **contacts)
    post = await posts.find_post(db, "municipal", BUCHA)
    assert post is not None
    await post_rules.appoint(db, post, person, actor_id=ADMIN_ID)
    return post.id


async def _open_profile(emulator: TelegramEmulator, bot: RunningBot) -> tuple[UserClient, BotMessage, int]:
    post_id = await _holder_of_bucha(bot, OLHA, HOSTILE_NAME, phone="+380671234567")
    olha = emulator.user(OLHA, "Olha", username="olha", language_code="uk")
    await olha.send("/me")
    return olha, await olha.next_message(), post_id


async def test_a_member_sees_every_field_of_their_profile(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    _, card, _ = await _open_profile(emulator, bot)
    lines = card.text.splitlines()
    assert lines[0] == "Мій профіль"
    assert "Ім’я: <b>Оля</b> & Co" in lines  # the name as typed, not as markup
    assert not any(entity["type"] == "bold" and entity["offset"] > 0 for entity in card.entities)
    assert "Роль: учасник мережі" in lines
    assert "Посада: Бучанська громада, Бучанський район, Київська область" in lines
    assert "Громада (цифровий лідер), статус: зайнята" in lines
    assert "Телефон: +380671234567" in lines
    assert "E-mail: не вказано" in lines
    assert "Телефон і e-mail бачать: учасники мережі" in lines
    assert "Мова: Українська" in lines
    assert card.button_texts() == [
        "✏️ Телефон",
        "✏️ E-mail",
        "👁 Хто бачить контакти",
        "🌐 Мова / Language",
        "🚪 Залишити посаду",
        "🗑 Видалити мої дані",
    ]


async def test_editing_the_phone_and_the_email(emulator: TelegramEmulator, bot: RunningBot) -> None:
    olha, card, _ = await _open_profile(emulator, bot)
    await olha.press(card, "✏️ Телефон")
    prompt = await olha.next_message()
    assert prompt.text.startswith("Надішліть номер телефону")
    assert prompt.button_texts() == ["🗑 Видалити телефон", "Скасувати"]

    await olha.send("067 123 45")
    assert "Український номер має 10 цифр" in (await olha.next_message()).text
    await olha.send("дзвоніть на роботу")
    assert "лише цифри" in (await olha.next_message()).text
    await olha.send("(067) 765-43-21")
    saved = await olha.next_message()
    assert saved.text.startswith("✅ Телефон збережено.")
    assert "Телефон: +380677654321" in saved.text

    await olha.press(saved, "✏️ E-mail")
    prompt = await olha.next_message()
    assert prompt.button_texts() == ["Скасувати"]  # nothing to remove yet
    await olha.send("olha@bucha")
    assert "Після «@» має йти домен" in (await olha.next_message()).text
    await olha.send(" Olha.P@Bucha.GOV.UA ")
    saved = await olha.next_message()
    assert "E-mail: Olha.P@bucha.gov.ua" in saved.text

    person = await people.person_of_user(bot.runtime.db, OLHA)
    assert person is not None
    assert (person.phone, person.email) == ("+380677654321", "Olha.P@bucha.gov.ua")


async def test_removing_a_contact_and_cancelling(emulator: TelegramEmulator, bot: RunningBot) -> None:
    olha, card, _ = await _open_profile(emulator, bot)
    await olha.press(card, "✏️ Телефон")
    prompt = await olha.next_message()
    await olha.press(prompt, "🗑 Видалити телефон")
    removed = await olha.wait_edit(prompt)
    assert removed.text.startswith("Телефон видалено.")
    assert "Телефон: не вказано" in removed.text
    person = await people.person_of_user(bot.runtime.db, OLHA)
    assert person is not None and person.phone is None

    await olha.send("0671234567")  # the flow ended with the removal: this is stray text now
    assert "/help" in (await olha.next_message()).text

    await olha.press(removed, "✏️ E-mail")
    await olha.next_message()
    await olha.send("/cancel")
    assert (await olha.next_message()).text.startswith("Скасовано, нічого не змінено")
    await olha.send("olha@example.com")
    assert "/help" in (await olha.next_message()).text
    person = await people.person_of_user(bot.runtime.db, OLHA)
    assert person is not None and person.email is None


async def test_choosing_who_sees_the_contacts(emulator: TelegramEmulator, bot: RunningBot) -> None:
    olha, card, _ = await _open_profile(emulator, bot)
    await olha.press(card, "👁 Хто бачить контакти")
    choice = await olha.wait_edit(card)
    assert choice.button_texts() == ["✓ учасники мережі", "лише координатори", "◀ Назад"]
    answer = await olha.press(choice, "лише координатори")
    assert answer.text == "Збережено."
    shown = await olha.wait_edit(choice)
    assert "Телефон і e-mail бачать: лише координатори" in shown.text
    person = await people.person_of_user(bot.runtime.db, OLHA)
    assert person is not None and person.contacts_visible_to == "coordinators"


async def test_switching_the_language_from_the_profile(emulator: TelegramEmulator, bot: RunningBot) -> None:
    olha, card, _ = await _open_profile(emulator, bot)
    await emulator.settle()
    assert emulator.commands("chat", chat_id=OLHA)[0]["description"] == "Що вміє бот"
    await olha.press(card, "🌐 Мова / Language")
    choice = await olha.wait_edit(card)
    assert choice.button_texts() == ["✓ Українська", "English", "◀ Назад"]
    answer = await olha.press(choice, "English")
    assert answer.text is not None and answer.text.startswith("Language saved: English")
    shown = await olha.wait_edit(choice)
    assert shown.text.startswith("My profile")
    assert "Language: English" in shown.text
    assert "Hromada (digital leader), status: appointed" in shown.text
    assert "Post: Buchanska hromada, Buchanskyi Raion, Kyiv Oblast" in shown.text
    menu = emulator.commands("chat", chat_id=OLHA)
    assert menu[0]["description"] == "What the bot can do"
    assert "me" in [command["command"] for command in menu]
    user = await users.get_user(bot.runtime.db, OLHA)
    assert user is not None and user.language == "en"


async def test_leaving_the_post(emulator: TelegramEmulator, bot: RunningBot) -> None:
    olha, card, post_id = await _open_profile(emulator, bot)
    await olha.press(card, "🚪 Залишити посаду")
    confirm = await olha.wait_edit(card)
    assert confirm.text.startswith("Залишити посаду?")
    assert "Бучанська громада, Бучанський район, Київська область" in confirm.text
    assert confirm.button_texts() == ["Так, залишити посаду", "◀ Назад"]
    confirm_data = confirm.find_button("Так, залишити посаду").callback_data
    assert confirm_data is not None

    await olha.press(confirm, "Так, залишити посаду")
    left = await olha.wait_edit(confirm)
    assert left.text.startswith("Ви залишили посаду; вона тепер вакантна.")
    assert "Посада: немає" in left.text
    assert "🚪 Залишити посаду" not in left.button_texts()

    db = bot.runtime.db
    post = await posts.get_post(db, post_id)
    assert post is not None and (post.status, post.holder_id) == ("vacant", None)
    [term] = await posts.history(db, post_id)
    assert term.full_name == HOSTILE_NAME and term.ended_at is not None
    user = await users.get_user(db, OLHA)
    assert user is not None and user.role == "member"
    entry = (await audit.latest(db))[0]
    assert (entry.action, entry.actor_id, entry.subject) == ("post.left", OLHA, f"post:{post_id}")

    again = await olha.press_data(left, confirm_data)  # the confirmation, pressed a second time
    assert again.text == "Ви вже не обіймаєте цієї посади." and again.show_alert


async def test_deleting_ones_data(emulator: TelegramEmulator, bot: RunningBot) -> None:
    olha, card, post_id = await _open_profile(emulator, bot)
    await emulator.settle()
    assert emulator.commands("chat", chat_id=OLHA)  # a member's personal menu
    await olha.press(card, "🗑 Видалити мої дані")
    confirm = await olha.wait_edit(card)
    assert confirm.text.startswith("Видалити ваші дані?")
    assert "телефон, e-mail" in confirm.text and "стане вакантною" in confirm.text
    await olha.press(confirm, "Так, видалити все")
    done = await olha.wait_edit(confirm)
    assert done.text.startswith("Ваші дані видалено.")
    assert done.buttons == []

    db = bot.runtime.db
    assert await people.person_of_user(db, OLHA) is None
    assert await db.fetch_value("SELECT count(*) FROM people") == 0
    post = await posts.get_post(db, post_id)
    assert post is not None and (post.status, post.holder_id) == ("vacant", None)
    [term] = await posts.history(db, post_id)
    assert term.full_name == "" and term.ended_at is not None  # "erased holder"
    entry = (await audit.latest(db))[0]
    assert (entry.action, entry.actor_id, entry.subject) == ("data.deleted", -1, "user:-1")
    assert emulator.commands("chat", chat_id=OLHA) == []  # back to the strangers' general menu

    await olha.send("/me")  # what the bot keeps now: only what this update brought
    kept = (await olha.next_message()).text
    assert "Що бот зберігає про вас" in kept and "Заявок на вступ немає" in kept
    user = await users.get_user(db, OLHA)
    assert user is not None and user.role == "stranger"


async def test_someone_elses_profile_buttons_are_refused(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    olha, card, _ = await _open_profile(emulator, bot)
    await make_role(5002, "member")  # type: ignore[misc]
    mallory = emulator.user(5002, "Mallory", language_code="en")
    await mallory.send("/me")
    own = await mallory.next_message()

    forged = await mallory.press_data(own, f"me:delete:{OLHA}:yes")
    assert forged.text == "This button belongs to someone else's profile." and forged.show_alert
    forged = await mallory.press_data(card, f"me:leave:{OLHA}:1")
    assert forged.show_alert
    forged = await mallory.press_data(own, f"me:edit:{OLHA}:phone")
    assert forged.show_alert
    await mallory.send("+380991112233")
    assert "/help" in (await mallory.next_message()).text  # no edit flow was opened

    stranger = emulator.user(5003, "Stranger", language_code="en")
    denied = await stranger.press_data(own, f"me:leave:{5003}:1")  # a stranger has no post to leave
    assert denied.text == "This is not available to you."
    assert (await mallory.press_data(own, "me:nonsense")).text == "This button no longer works."

    person = await people.person_of_user(bot.runtime.db, OLHA)
    assert person is not None and person.phone == "+380671234567"
    await olha.no_message(within=0.3)


async def test_nothing_personal_in_a_group(emulator: TelegramEmulator, bot: RunningBot) -> None:
    await _holder_of_bucha(bot, OLHA, HOSTILE_NAME, phone="+380671234567")
    group = emulator.group(-100700, "Київська область")
    olha = emulator.user(OLHA, "Olha", username="olha", language_code="uk")
    await olha.send("/me", chat=group)
    reply = await olha.next_message(chat=group)
    assert "особистому чаті" in reply.text
    assert "+380" not in reply.text and "Оля" not in reply.text
    assert reply.buttons[0][0].url == "https://t.me/cdto_test_bot"


async def test_a_coordinator_without_a_post_sets_contacts(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(5004, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(5004, "Taras", last_name="Koval", language_code="en")
    await coordinator.send("/me")
    card = await coordinator.next_message()
    assert "Name: Taras Koval" in card.text
    assert "Role: coordinator" in card.text
    assert "Post: none" in card.text
    assert "🚪 Leave my post" not in card.button_texts()
    await coordinator.press(card, "✏️ E-mail")
    await coordinator.next_message()
    await coordinator.send("taras@thedigital.gov.ua")
    assert "E-mail: taras@thedigital.gov.ua" in (await coordinator.next_message()).text
    person = await people.person_of_user(bot.runtime.db, 5004)
    assert person is not None and person.full_name == "Taras Koval"

    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/me")
    assert "Role: administrator" in (await admin.next_message()).text


async def test_a_contact_edit_survives_a_restart(emulator: TelegramEmulator, settings: Settings) -> None:
    running = await start_bot(settings)
    try:
        await _holder_of_bucha(running, OLHA, "Ольга Петренко")
        olha = emulator.user(OLHA, "Olha", username="olha", language_code="uk")
        await olha.send("/me")
        await olha.press(await olha.next_message(), "✏️ Телефон")
        await olha.next_message()
    finally:
        await stop_bot(running)

    running = await start_bot(settings)
    try:
        await olha.send("+380 44 555 66 77")
        assert "Телефон: +380445556677" in (await olha.next_message()).text
    finally:
        await stop_bot(running)
