"""/broadcasts: a coordinator follows a broadcast, cancels, recalls, corrects, reminds and exports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.lifecycle import RunningBot
from bot.services import broadcasts as service
from bot.services.spreadsheets import read_table
from storage import broadcasts, outbox
from tests.auxil.broadcast_steps import draft, finish_batches, network, open_view, publish
from tg_emulator import TelegramEmulator


async def test_the_view_counts_reactions_and_reminds_only_who_did_not_react(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    net = await network(emulator, bot)
    broadcast = await publish(bot)
    for member in net.members:
        assert "Дія.Взаємодія" in (await member.next_message()).text
    olena, petro, _ = net.members
    await service.react(bot.runtime.db, bot.runtime.catalogs, "uk", broadcast, olena.id, "use", None)
    await service.react(
        bot.runtime.db,
        bot.runtime.catalogs,
        "uk",
        broadcast,
        petro.id,
        "similar",
        '=HYPERLINK("x") наш портал',
    )

    await net.coordinator.send("/broadcasts")
    listing = await net.coordinator.next_message()
    assert "1. Дія.Взаємодія" in listing.text
    assert "завершено · 3 отримувачі" in listing.text
    await net.coordinator.press(listing, "Дія.Взаємодія")
    view = await net.coordinator.wait_edit(listing)
    assert "Надіслано: 3 з 3 · не вдалося: 0 · недоступні: 0 · лишилося: 0" in view.text
    assert "Використовуватимуть: 1 · 🔁 мають схоже: 1 · ❓ питання: 0" in view.text
    assert "Ще не відреагували: 1" in view.text
    assert "Скасувати" not in " ".join(view.button_texts())  # it is done: nothing left to cancel

    await net.coordinator.press(view, "Нагадати")
    assert "Нагадування піде 1 учаснику" in (await net.coordinator.next_message()).text
    reminder = await net.members[2].next_message()
    assert "Нагадування" in reminder.text and len(reminder.button_texts()) == 3
    await olena.no_message(within=0.2)
    await petro.no_message(within=0.2)

    await net.coordinator.press(view, "Реакції CSV")
    exported = await net.coordinator.next_message()
    assert exported.document is not None and exported.document.filename == "reactions-broadcast-1.csv"
    assert "'=HYPERLINK" in exported.document.content.decode("utf-8-sig")  # no formula in a spreadsheet
    table = read_table(exported.document.content, "reactions.csv")
    assert table[0][:4] == ["Розсилка №", "Сервіс", "Учасник", "Посада"]
    rows = {row[2]: row for row in table[1:]}
    assert rows["Олена Коваль"][3:8] == [
        "Громада (цифровий лідер)",
        "Смілянська громада",
        "Черкаський район",
        "Черкаська область",
        "Будемо використовувати",
    ]
    assert rows["Петро Шевчук"][7:9] == ["Маємо схоже", '=HYPERLINK("x") наш портал']

    await net.coordinator.press(view, "Реакції XLSX")
    workbook = await net.coordinator.next_message()
    assert workbook.document is not None and workbook.document.filename.endswith(".xlsx")
    assert len(read_table(workbook.document.content, "reactions.xlsx")) == 3


async def test_cancelling_a_scheduled_broadcast_sends_nothing(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    net = await network(emulator, bot)
    await publish(bot, later=True)
    view = await open_view(net.coordinator, "Дія.Взаємодія")
    assert "Стан: заплановано" in view.text and "Надіслано: 0 з 3" in view.text

    await net.coordinator.press(view, "Скасувати")
    assert "скасовано" in (await net.coordinator.next_message()).text
    refreshed = await net.coordinator.wait_edit(view)
    assert "Стан: скасовано" in refreshed.text
    assert (
        "⛔ Скасувати" not in refreshed.button_texts() and "✏️ Виправити текст" not in refreshed.button_texts()
    )

    pressed_again = await net.coordinator.press(view, "Скасувати")  # the old view's button
    assert pressed_again.text == "Скасувати вже не можна: розсилка має стан «скасовано»."
    for member in net.members:
        await member.no_message(within=0.1)


async def test_recall_deletes_the_fresh_copies_and_a_second_recall_is_refused(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    net = await network(emulator, bot)
    broadcast = await publish(bot)
    assert broadcast.batch_id is not None
    three_days_ago = (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds")
    old = net.members[2]
    await bot.runtime.db.execute(
        "UPDATE deliveries SET sent_at = ? WHERE batch_id = ? AND chat_id = ?",
        (three_days_ago, broadcast.batch_id, old.id),
    )

    view = await open_view(net.coordinator, "Дія.Взаємодія")
    await net.coordinator.press(view, "Відкликати")
    confirm = await net.coordinator.wait_edit(view)
    assert "Відкликати «Дія.Взаємодія»?" in confirm.text
    await net.coordinator.press(confirm, "Так, відкликати")
    report = (await net.coordinator.next_message()).text
    assert "Видаляємо 2 копії" in report
    assert "1 копія старша за 48 годин" in report
    await finish_batches(bot, "broadcast_recall")
    for member in net.members:
        assert member.messages[0].deleted is (member is not old), member.transcript()

    refreshed = await net.coordinator.wait_edit(confirm)
    assert "Стан: відкликано" in refreshed.text and "Відкликано " in refreshed.text
    again = await net.coordinator.press(confirm, "Так, відкликати")
    assert again.text == "Цю розсилку вже відкликано."
    assert (
        await bot.runtime.db.fetch_value("SELECT count(*) FROM audit_log WHERE action = 'broadcast.recalled'")
        == 1
    )


async def test_correction_edits_every_copy_in_place_keeping_each_members_reaction(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    net = await network(emulator, bot)
    broadcast = await publish(bot)
    copies = [await member.next_message() for member in net.members]
    olena = net.members[0]
    await service.react(bot.runtime.db, bot.runtime.catalogs, "uk", broadcast, olena.id, "use", None)

    view = await open_view(net.coordinator, "Дія.Взаємодія")
    await net.coordinator.press(view, "Виправити текст")
    asked = await net.coordinator.next_message()
    assert "Надішліть новий текст" in asked.text and "Обмін даними між реєстрами громад" in asked.text

    await net.coordinator.send("дуже довгий текст " * 250)
    assert "Задовго" in (await net.coordinator.next_message()).text

    await net.coordinator.send(
        "Обмін даними <між> реєстрами: тепер і з ЦНАП", entities=[{"type": "bold", "offset": 0, "length": 12}]
    )
    done = await net.coordinator.next_message()
    assert "виправлено" in done.text
    assert "Редагуємо 3 доставлені копії" in done.text and "0 копій ще в черзі" in done.text
    await finish_batches(bot, "broadcast_edit")

    for member, copy in zip(net.members, copies, strict=True):
        edited = await member.wait_text(copy, "тепер і з ЦНАП")
        assert "<b>Обмін даними</b> &lt;між&gt;" in (edited.html or "")
        assert "Виправлено" in edited.text
        chosen = [label for label in edited.button_texts() if "ваш вибір" in label]
        assert chosen == (["✅ Будемо використовувати ← ваш вибір"] if member is olena else [])
    stored = await broadcasts.get_broadcast(bot.runtime.db, broadcast.id)
    assert stored is not None and stored.corrected_at is not None

    await net.coordinator.press(done, "Відкрити розсилку")
    assert "✏️ Виправлено" in (await net.coordinator.wait_edit(done)).text


async def test_correcting_a_recalled_broadcast_is_refused(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    net = await network(emulator, bot)
    broadcast = await publish(bot)
    view = await open_view(net.coordinator, "Дія.Взаємодія")
    await net.coordinator.press(view, "Виправити текст")
    await net.coordinator.next_message()
    runtime = bot.runtime
    await service.recall(runtime.db, runtime.deliveries(), broadcast, 9001, datetime.now(UTC))  # meanwhile
    await net.coordinator.send("новий текст")
    assert (
        await net.coordinator.next_message()
    ).text == "Виправити вже не можна: розсилка має стан «відкликано»."
    refused = await net.coordinator.press(view, "Виправити текст")
    assert refused.text == "Виправити вже не можна: розсилка має стан «відкликано»."
    refreshed = await net.coordinator.wait_edit(view)
    assert "Стан: відкликано" in refreshed.text and "✏️ Виправити текст" not in refreshed.button_texts()


async def test_forged_and_foreign_presses_get_an_answer_and_change_nothing(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    net = await network(emulator, bot)
    await publish(bot, later=True)
    view = await open_view(net.coordinator, "Дія.Взаємодія")
    coordinator = net.coordinator
    assert (await coordinator.press_data(view, "bl:cancel:999:0")).text == "Такої розсилки немає."
    assert (await coordinator.press_data(view, "bl:explode:1:0")).text == "Ця кнопка вже не діє."
    assert (await coordinator.press_data(view, "bl:open:x")).text == "Ця кнопка вже не діє."
    assert (await coordinator.press_data(view, "bl:open:" + "9" * 30 + ":0")).text == "Ця кнопка вже не діє."
    assert (await coordinator.press_data(view, "bf:" + "9" * 30 + ":0")).text == "Ця кнопка вже не діє."

    member = net.members[0]
    refused = await member.press_data(view, "bl:cancel:1:0")
    assert refused.show_alert and "недоступн" in (refused.text or "")
    await member.send("/broadcasts")
    assert "недоступн" in (await member.next_message()).text
    stored = await broadcasts.get_broadcast(bot.runtime.db, 1)
    assert stored is not None and stored.status == "scheduled"


async def test_the_list_pages_ten_at_a_time_and_a_view_goes_back_to_its_page(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    net = await network(emulator, bot)
    for number in range(1, 12):
        await publish(bot, draft(f"Сервіс {number}"), later=True)
    await net.coordinator.send("/broadcasts")
    listing = await net.coordinator.next_message()
    assert "сторінка 1 з 2" in listing.text
    assert listing.button_texts()[0] == "🕒 11. Сервіс 11" and listing.button_texts()[-1] == "Далі ▶"
    assert len(listing.button_texts()) == 11

    await net.coordinator.press(listing, "Далі ▶")
    second = await net.coordinator.wait_edit(listing)
    assert second.button_texts() == ["🕒 1. Сервіс 1", "◀ Назад"]
    await net.coordinator.press(second, "Сервіс 1")
    view = await net.coordinator.wait_edit(second)
    assert "1. Сервіс 1" in view.text
    await net.coordinator.press(view, "До списку")
    assert "сторінка 2 з 2" in (await net.coordinator.wait_edit(view)).text


async def test_correcting_a_scheduled_broadcast_rewrites_the_queued_copies(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    net = await network(emulator, bot)
    broadcast = await publish(bot, later=True)
    view = await open_view(net.coordinator, "Дія.Взаємодія")
    await net.coordinator.press(view, "Виправити текст")
    await net.coordinator.next_message()
    await net.coordinator.send("Інший опис")
    done = (await net.coordinator.next_message()).text
    assert "Редагуємо 0 доставлених копій" in done and "3 копії ще в черзі" in done
    assert broadcast.batch_id is not None
    queued = await outbox.pending_payloads(bot.runtime.db, broadcast.batch_id)
    assert len(queued) == 3 and all("Інший опис" in payload.text for _, _, payload in queued)
    for member in net.members:
        await member.no_message(within=0.1)
