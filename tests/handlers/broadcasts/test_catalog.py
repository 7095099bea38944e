"""/services: members browse and search the catalog; coordinators also see the places' reactions."""

from __future__ import annotations

from dataclasses import replace

from bot.lifecycle import RunningBot
from bot.services import broadcasts as service
from bot.services.spreadsheets import read_table
from storage import broadcasts
from tests.auxil.broadcast_steps import draft, network, publish
from tg_emulator import TelegramEmulator


async def test_a_member_lists_searches_with_a_typo_and_opens_a_card(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    net = await network(emulator, bot)
    await publish(bot)
    await publish(bot, draft("єМалятко", "Дев'ять послуг при народженні дитини однією заявою"))
    member = net.members[0]
    await member.next_messages(2)  # the two broadcasts themselves

    await member.send("/services")
    listing = await member.next_message()
    assert listing.text.index("єМалятко") < listing.text.index("Дія.Взаємодія")  # newest first
    assert "Адміністративні послуги · Мінцифри" in listing.text
    assert listing.button_texts() == ["єМалятко", "Дія.Взаємодія"]

    await member.send("/services взаэмодия")  # Russian э and и for є and і
    found = await member.next_message()
    assert found.text.startswith("🔎 Знайдено за запитом «взаэмодия»")
    assert found.button_texts() == ["Дія.Взаємодія"]
    await member.press(found, "Дія.Взаємодія")
    card = await member.next_message()
    assert "Обмін даними між реєстрами громад" in card.text and "<b>даними</b>" in (card.html or "")
    assert "https://diia.gov.ua/vzaiemodiia" in card.text and "розсилок: 1" in card.text
    assert "впроваджуватимуть" not in card.text and card.button_texts() == []  # no staff counts

    await member.send("/services народження дітей")  # inflected words of the description
    assert (await member.next_message()).button_texts() == ["єМалятко"]
    await member.send("/services <Атлантида>")
    assert (await member.next_message()).text.startswith(
        "За запитом «<Атлантида>» у каталозі нічого не знайдено"
    )


async def test_a_coordinator_sees_what_places_answered_and_exports_it(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    net = await network(emulator, bot)
    first = await publish(bot)
    again = await publish(bot)  # the same service announced twice: one catalog entry
    db, catalogs = bot.runtime.db, bot.runtime.catalogs
    olena, petro, iryna = net.members
    await service.react(db, catalogs, "uk", first, olena.id, "question", "Чи є API?")
    # Reaction times are stored to the second: her first answer goes back a minute, to be the older one.
    await db.execute("UPDATE broadcast_reactions SET updated_at = '2026-01-01T10:00:00+00:00'")
    await service.react(db, catalogs, "uk", again, olena.id, "use", None)  # her place's latest answer
    await service.react(db, catalogs, "uk", again, petro.id, "similar", "Свій портал")

    await net.coordinator.send("/services Dija Vzaiemodiia")  # typed in Latin
    found = await net.coordinator.next_message()
    await net.coordinator.press(found, "Дія.Взаємодія")
    card = await net.coordinator.next_message()
    assert "розсилок: 2" in card.text
    assert "впроваджуватимуть: 1 · 🔁 мають схоже: 1 · ❓ питали: 0" in card.text
    await net.coordinator.press(card, "Реакції XLSX")
    exported = await net.coordinator.next_message()
    assert exported.document is not None and exported.document.filename == "reactions-service-1.xlsx"
    rows = read_table(exported.document.content, "reactions.xlsx")[1:]
    assert sorted((row[0], row[2], row[7]) for row in rows) == [
        ("1", "Олена Коваль", "Питання"),
        ("2", "Олена Коваль", "Будемо використовувати"),
        ("2", "Петро Шевчук", "Маємо схоже"),
    ]

    await iryna.next_messages(2)  # the two broadcasts themselves
    forged = await iryna.press_data(card, "sv:csv:1")  # a member pressing a coordinator's button
    assert forged.show_alert and "недоступн" in (forged.text or "")
    assert (await iryna.press_data(card, "sv:open:999")).text == "Такого сервісу в каталозі немає."
    assert (await iryna.press_data(card, "sv:open")).text == "Ця кнопка вже не діє."
    assert (await iryna.press_data(card, "sv:open:" + "9" * 30)).text == "Ця кнопка вже не діє."
    await iryna.no_message(within=0.2)


async def test_an_empty_catalog_says_so_and_strangers_are_refused(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    net = await network(emulator, bot)
    await net.members[0].send("/services")
    assert "Каталог поки порожній" in (await net.members[0].next_message()).text
    stranger = emulator.user(7999, "Stranger")
    await stranger.send("/services")
    assert "недоступн" in (await stranger.next_message()).text


async def test_a_card_too_long_for_telegram_is_cut_and_the_list_stays_short(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    net = await network(emulator, bot)
    long_entry = replace(
        draft("Реєстр " + "дуже " * 38, "<i>" + "опис сервісу " * 330 + "</i>"),
        link="https://diia.gov.ua/" + "x" * 950,
        owner_body="Міністерство " * 15,
    )
    for number in range(10):  # entries announced without a broadcast, as the sandbox has them
        await broadcasts.save_service(
            bot.runtime.db, replace(long_entry, title=f"{number} {long_entry.title}")
        )
    member = net.members[0]
    await member.send("/services")
    listing = await member.next_message()
    assert len(listing.text) < 4096 and len(listing.button_texts()) == 10
    await member.press(listing, "9 Реєстр")
    card = await member.next_message()
    assert card.text.count("опис сервісу") > 150 and "розсилок: 0" in card.text
    assert len(card.text) <= 4096 and "… " not in card.text and "…\n" in card.text
