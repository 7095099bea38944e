"""Who is who: an imported holder is recognised by their Telegram id at whatever they send first; a
matching @username only files a join request; a member who loses their role mid-flow is stopped."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from bot.lifecycle import RunningBot
from storage import checkins, people, posts
from tests.auxil.bot_under_test import ADMIN_ID, MovableClock
from tests.auxil.checkin_steps import MONDAY_10, fire
from tests.auxil.reaction_steps import publish
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient

SetRole = Callable[[int, str], Coroutine[Any, Any, None]]
COORDINATOR = 5701
HOLDER = 5702
ZHYTOMYRSKA = "UA18040190000029215"  # Житомирська громада
WELCOME = "Вітаємо, Коваленко Петро! Я впізнав вас за реєстром"
NOTICE = "Ваші дані в боті"


async def import_file(coordinator: UserClient, rows: str) -> None:
    """The coordinator sends a roster file and applies it, as the ministry does."""
    header = "tier,place_code,status,full_name,telegram,phone,email\n"
    await coordinator.send_document(f"{header}{rows}".encode(), filename="roster.csv")
    preview = await coordinator.next_message()
    await coordinator.press(preview, "✅ Застосувати")
    assert (await coordinator.next_message()).text.startswith("✅ Застосовано")


async def wrote_once_then_imported(
    emulator: TelegramEmulator, make_role: SetRole, *, username: str | None = None
) -> tuple[UserClient, UserClient]:
    """Petro asks /whois as a stranger; then a coordinator imports him with his Telegram id."""
    petro = emulator.user(HOLDER, "Petro", username=username, language_code="uk")
    await petro.send("/whois Житомир")
    await petro.next_message()
    await make_role(COORDINATOR, "coordinator")
    coordinator = emulator.user(COORDINATOR, "Olha", language_code="uk")
    await import_file(
        coordinator,
        f"municipal,{ZHYTOMYRSKA},appointed,Коваленко Петро,{HOLDER},+380501112233,p@example.com\n",
    )
    return petro, coordinator


async def test_the_reminders_button_works_for_a_holder_imported_after_writing_once(
    emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock, make_role: SetRole
) -> None:
    petro, _ = await wrote_once_then_imported(emulator, make_role)
    await fire(bot, clock, "reminder", MONDAY_10)
    reminder = await petro.next_message()
    await petro.press(reminder, "📝 Почати звіт")
    welcome, notice, first = await petro.next_messages(3)
    assert WELCOME in welcome.text and "Житомирська громада" in welcome.text
    assert NOTICE in notice.text and notice.button_texts() == ["Погоджуюсь"]
    assert "1 з 6" in first.text  # the check-in opened, as the button says

    await petro.send("Запустили чат-бот ЦНАП")
    assert "2 з 6" in (await petro.next_message()).text
    await petro.send("/cancel")
    await petro.next_message()
    await petro.send("/start")  # welcomed once: now the plain greeting
    assert "З поверненням" in (await petro.next_message()).text
    await petro.no_message(within=0.3)


async def test_a_broadcasts_reaction_works_for_a_holder_imported_after_writing_once(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    petro, _ = await wrote_once_then_imported(emulator, make_role)
    published = await publish(bot, COORDINATOR)
    broadcast = await petro.next_message()
    answer = await petro.press(broadcast, "✅ Будемо використовувати")
    assert answer.text == "✅ Дякуємо! Записали: будете використовувати."
    welcome, notice = await petro.next_messages(2)
    assert WELCOME in welcome.text and NOTICE in notice.text
    reaction = await bot.runtime.db.fetch_value(
        "SELECT kind FROM broadcast_reactions WHERE broadcast_id = ? AND telegram_id = ?",
        (published.broadcast.id, HOLDER),
    )
    assert reaction == "use"


async def test_an_outsider_cannot_use_a_forwarded_reminders_button(
    emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock, make_role: SetRole
) -> None:
    petro, _ = await wrote_once_then_imported(emulator, make_role)
    await fire(bot, clock, "reminder", MONDAY_10)
    reminder = await petro.next_message()
    stranger = emulator.user(5703, "Stranger", language_code="uk")
    answer = await stranger.press(reminder, "📝 Почати звіт")
    assert answer.text == "Ця дія вам недоступна."
    assert await checkins.get_checkin(bot.runtime.db, "2026-W48", 5703) is None


async def _username_request(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> tuple[UserClient, UserClient, int]:
    """A stranger who registered an unbound holder's released @username sends /start."""
    await make_role(COORDINATOR, "coordinator")
    coordinator = emulator.user(COORDINATOR, "Olha", language_code="uk")
    await import_file(
        coordinator,
        f"municipal,{ZHYTOMYRSKA},appointed,Коваленко Петро,@petro_kov,+380501112233,petro@example.com\n",
    )
    impostor = emulator.user(5704, "Mallory", username="Petro_Kov", language_code="uk")
    await impostor.send("/start")
    told = await impostor.next_message()
    assert "збігається із записом у реєстрі" in told.text and "заявку №" in told.text
    assert told.reply_keyboard is not None  # sharing one's own phone still binds at once
    assert await _role(bot, 5704) == "pending"

    card = await coordinator.next_message()
    assert "Заявка на вступ" in card.text and "Коваленко Петро" in card.text
    assert "Telegram-ім'я @Petro_Kov збігається з цим записом реєстру" in card.text
    assert card.button_texts() == ["✅ Схвалити", "❌ Відхилити"]
    person = await people.unbound_by_username(bot.runtime.db, "petro_kov")
    assert person is not None
    return impostor, coordinator, person.id


async def _role(bot: RunningBot, telegram_id: int) -> str:
    return str(
        await bot.runtime.db.fetch_value("SELECT role FROM users WHERE telegram_id = ?", (telegram_id,))
    )


async def test_a_matching_username_is_not_membership_until_a_coordinator_approves(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    impostor, coordinator, person_id = await _username_request(emulator, bot, make_role)
    # Until then: none of the holder's data reaches them.
    await impostor.send("/me")
    kept = (await impostor.next_message()).text
    assert "Що бот зберігає про вас" in kept and "за збігом вашого Telegram-імені" in kept
    assert "Коваленко" not in kept and "+380" not in kept and "Житомир" not in kept
    await impostor.send("/whois Житомирська громада")
    shown = await impostor.next_message()
    assert "Коваленко" not in shown.text and "petro" not in shown.text.lower() and "+380" not in shown.text
    await impostor.send("/join")
    already = (await impostor.next_message()).text
    assert "Ви вже подали заявку" in already and "Коваленко" not in already

    card = coordinator.last
    await coordinator.press(card, "✅ Схвалити")
    decided = await coordinator.wait_edit(card)
    assert "акаунт прив'язано до запису реєстру" in decided.text
    result, notice = await impostor.next_messages(2)
    assert "Вашу заявку схвалено" in result.text and "Житомирська громада" in result.text
    assert "Ваші дані в боті" in notice.text
    bound = await people.get_person(bot.runtime.db, person_id)
    assert bound is not None and bound.telegram_id == 5704
    assert (bound.phone, bound.email) == ("+380501112233", "petro@example.com")  # the roster's contacts
    post = await posts.find_post(bot.runtime.db, "municipal", ZHYTOMYRSKA)
    assert post is not None and post.holder_id == person_id
    assert await _role(bot, 5704) == "member"


async def test_a_rejected_username_request_leaves_the_entry_unbound_and_waits_a_week(
    emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock, make_role: SetRole
) -> None:
    impostor, coordinator, person_id = await _username_request(emulator, bot, make_role)
    await coordinator.press(coordinator.last, "❌ Відхилити")
    assert "відхилено" in (await impostor.next_message()).text
    entry = await people.get_person(bot.runtime.db, person_id)
    assert entry is not None and entry.telegram_id is None
    assert await _role(bot, 5704) == "stranger"

    await impostor.send("/start")  # no second request within the week
    assert "Вітаю" in (await impostor.next_message()).text
    await impostor.send("/join")
    assert "Нову можна подати з 30.11.2026 09:00" in (await impostor.next_message()).text
    await coordinator.no_message(within=0.2)

    clock.moment += timedelta(days=7, hours=1)
    await impostor.send("/join")
    assert "Ваше повне ім'я" in (await impostor.next_message()).text


async def test_a_coordinator_revoked_mid_broadcast_is_stopped_at_the_next_step(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    await make_role(COORDINATOR, "coordinator")
    olha = emulator.user(COORDINATOR, "Olha", language_code="uk")
    await olha.send("/broadcast")
    assert "1 з 7" in (await olha.next_message()).text
    admin = emulator.user(ADMIN_ID, "Admin", language_code="uk")
    await admin.send(f"/revoke {COORDINATOR}")
    await admin.next_message()
    await olha.next_message()  # told that the role is gone

    await olha.send("Дія.Взаємодія")
    assert (await olha.next_message()).text == "Ця дія вам більше недоступна, тож я її завершив."
    await olha.send("Обмін даними")  # the flow is over: the text is no answer to anything
    assert "більше недоступна" not in (await olha.next_message()).text
    assert await bot.runtime.db.fetch_value("SELECT count(*) FROM broadcasts") == 0


async def test_a_member_who_erased_their_data_mid_check_in_cannot_answer(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    await make_role(HOLDER, "member")
    petro = emulator.user(HOLDER, "Petro", language_code="uk")
    await petro.send("/checkin")
    assert "1 з 6" in (await petro.next_message()).text
    await petro.send("/me")
    card = await petro.next_message()
    await petro.press(card, "🗑 Видалити мої дані")
    confirm = await petro.wait_edit(card)
    await petro.press(confirm, "Так, видалити все")
    await petro.wait_edit(confirm)

    await petro.send("Запустили чат-бот ЦНАП")
    assert (await petro.next_message()).text == "Ця дія вам більше недоступна, тож я її завершив."
    assert await checkins.get_checkin(bot.runtime.db, "2026-W48", HOLDER) is None
