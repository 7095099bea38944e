"""Lookups: who holds the posts of a place, the paged roster, finding people, and who sees what."""

from __future__ import annotations

from collections.abc import Callable

from bot.lifecycle import RunningBot
from bot.services.roster.posts import appoint
from storage import people, posts
from tests.auxil.bot_under_test import ADMIN_ID
from tg_emulator import TelegramEmulator

SMILA = "UA71080390000078978"  # Смілянська громада, Черкаський район
CHERKASY_CITY_HROMADA = "UA71080490000022110"  # Черкаська громада, Черкаський район


async def _holder(bot: RunningBot, code: str, name: str, visible_to: str = "members") -> None:
    db = bot.runtime.db
    person = await people.create_person(
        db, name, telegram_id=8800, telegram_username="olena_k", phone="+380501112233", email="o@example.org"
    )
    await people.set_visibility(db, person.id, visible_to)
    post = await posts.find_post(db, "municipal", code)
    assert post is not None
    await appoint(db, post, person, actor_id=None)


async def test_a_member_sees_the_holder_and_a_stranger_only_the_status(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await _holder(bot, SMILA, "Олена <Коваль>")
    await make_role(8101, "member")  # type: ignore[misc]
    member = emulator.user(8101, "Member", language_code="uk")
    await member.send("/whois Смілянська")
    card = await member.next_message()
    assert "Смілянська громада, Черкаський район, Черкаська область" in card.text
    assert "Громада (цифровий лідер): зайнята" in card.text
    assert "Олена <Коваль>" in card.text  # escaped on the wire, shown as typed
    assert "+380501112233" in card.text and "@olena_k" in card.text

    stranger = emulator.user(8102, "Stranger", language_code="uk")
    await stranger.send("/whois Смілянська")
    card = await stranger.next_message()
    assert "зайнята" in card.text
    assert "Коваль" not in card.text and "+380" not in card.text


async def test_contacts_kept_for_coordinators(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await _holder(bot, SMILA, "Олена Коваль", visible_to="coordinators")
    await make_role(8201, "member")  # type: ignore[misc]
    member = emulator.user(8201, "Member", language_code="en")
    await member.send("/whois Smilianska")
    card = await member.next_message()
    assert "Олена Коваль" in card.text and "+380" not in card.text
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/whois Smilianska")
    assert "+380501112233" in (await admin.next_message()).text


async def test_namesakes_ask_and_nothing_suggests(emulator: TelegramEmulator, bot: RunningBot) -> None:
    user = emulator.user(8301, "User", language_code="uk")
    await user.send("/whois Черкаська громада")
    choice = await user.next_message()
    labels = choice.button_texts()
    assert len(labels) == 3 and all(label.startswith("Черкаська громада, ") for label in labels)
    assert any("Краматорський район" in label for label in labels)
    await user.press(choice, "Черкаська громада, Черкаський район, Черкаська область")
    card = await user.next_message()
    assert card.text.startswith("Черкаська громада, Черкаський район")

    await user.send("/whois Черкасы")  # Russian ы for и: still the city, and its hromada's post
    assert "Черкаська громада, Черкаський район" in (await user.next_message()).text
    await user.send("/whois Чркаси")  # a letter missing: only suggested
    suggestion = await user.next_message()
    assert "Можливо, ви мали на увазі" in suggestion.text
    assert "Черкаси, Черкаський район, Черкаська область" in suggestion.button_texts()

    await user.send("/whois Атлантида")
    assert "Нічого не знайшов" in (await user.next_message()).text
    await user.send("/whois")
    assert "/whois Черкаси" in (await user.next_message()).text


async def test_the_roster_pages_in_place(emulator: TelegramEmulator, bot: RunningBot) -> None:
    user = emulator.user(8401, "User", language_code="uk")
    await user.send("/roster municipal Черкаська")
    first = await user.next_message()
    assert first.text.startswith("Громада (цифровий лідер) · Черкаська область: 66 посад, сторінка 1 з 7.")
    assert len(first.buttons) == 11 and first.button_texts()[-1] == "Далі ▶"
    await user.press(first, "Далі ▶")
    second = await user.wait_edit(first)
    assert "сторінка 2 з 7" in second.text
    assert second.button_texts()[-2:] == ["◀ Назад", "Далі ▶"]
    entry = second.button_texts()[0]
    await user.press(second, entry)
    card = await user.next_message()
    assert "Черкаська область" in card.text and "вакантна" in card.text

    await user.send("/roster громади на Черкащині")
    same = await user.next_message()
    assert same.text.startswith("Громада (цифровий лідер) · Черкаська область: 66 посад")
    await user.send("/roster громади Марс")
    assert "Не зрозумів: Марс" in (await user.next_message()).text
    forged = await user.press_data(second, "rp:nonsense:x:y")
    assert forged.text == "Ця кнопка вже не діє."


async def test_find_people_and_places(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await _holder(bot, SMILA, "Олена Коваль")
    await make_role(8501, "member")  # type: ignore[misc]
    member = emulator.user(8501, "Member", language_code="uk")
    await member.send("/find коваль")
    found = await member.next_message()
    assert "людей — 1" in found.text
    await member.press(found, "Олена Коваль")
    assert "+380501112233" in (await member.next_message()).text
    stranger = emulator.user(8502, "Stranger", language_code="uk")
    await stranger.send("/find коваль")
    assert (await stranger.next_message()).text == "Ця дія вам недоступна."


async def test_in_a_group_no_names(emulator: TelegramEmulator, bot: RunningBot) -> None:
    await _holder(bot, SMILA, "Олена Коваль")
    group = emulator.group(-100777, "Група")
    admin = emulator.user(ADMIN_ID, "Admin", language_code="uk")
    await admin.send("/whois Смілянська", chat=group)
    card = await admin.next_message(chat=group)
    assert "зайнята" in card.text and "Коваль" not in card.text


async def test_inline_mode_shares_a_card_only_for_members(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await _holder(bot, SMILA, "Олена Коваль")
    await make_role(8601, "member")  # type: ignore[misc]
    member = emulator.user(8601, "Member", language_code="uk")
    answer = await member.inline_query("Смілянська")
    assert answer.is_personal and answer.cache_time is not None and answer.cache_time <= 60
    assert len(answer.results) == 1
    shared = answer.results[0]["input_message_content"]["message_text"]
    assert "Олена Коваль" in shared and "+380501112233" in shared

    stranger = emulator.user(8602, "Stranger", language_code="uk")
    answer = await stranger.inline_query("Смілянська")
    assert answer.results == [] and answer.is_personal
    assert answer.button is not None and answer.button["start_parameter"] == "join"
    await stranger.send("/start join")
    assert "Вітаю, Stranger!" in (await stranger.next_message()).text
