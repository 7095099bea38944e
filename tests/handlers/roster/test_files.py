"""A coordinator sends a roster file, reads the preview and applies or cancels it; others can't; /export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Coroutine
from typing import Any

import openpyxl

from bot.lifecycle import RunningBot, start_bot, stop_bot
from bot.services.roster.posts import appoint
from bot.settings import Settings
from storage import people, posts, users
from storage.db import Database
from storage.users import SeenUser
from tests.auxil.bot_under_test import ADMIN_ID, PROJECT_ROOT
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient

COORDINATOR = 6101
OTHER_COORDINATOR = 6102
STRANGER = 6103
SAMPLE = PROJECT_ROOT / "data" / "sample-roster.csv"
BUCHA = "UA32080070000050759"
HEADER = "tier,place_code,status,full_name,telegram,phone,email\n"
SetRole = Callable[[int, str], Coroutine[Any, Any, None]]


async def coordinator(
    emulator: TelegramEmulator, make_role: SetRole, user_id: int = COORDINATOR
) -> UserClient:
    await make_role(user_id, "coordinator")
    return emulator.user(user_id, "Coordinator", language_code="uk")


async def holder(db: Database, tier: str, code: str) -> str | None:
    post = await posts.find_post(db, tier, code)
    assert post is not None
    return post.holder_name


async def send_sample(user: UserClient) -> None:
    await user.send_document(SAMPLE.read_bytes(), filename="sample-roster.csv", mime_type="text/csv")


async def test_a_coordinator_previews_and_applies_a_file_and_a_resend_changes_nothing(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    olha = await coordinator(emulator, make_role)
    await send_sample(olha)
    preview = await olha.next_message()
    assert "Імпорт «sample-roster.csv»" in preview.text
    assert "Рядків: 12. Додати: 8. Змінити: 2. Без змін: 2. Помилкових рядків: 0." in preview.text
    assert preview.button_texts() == ["✅ Застосувати", "Скасувати"]
    assert await holder(bot.runtime.db, "municipal", BUCHA) is None  # nothing written before Apply

    await olha.press(preview, "✅ Застосувати")
    done = await olha.next_message()
    assert done.text == "✅ Застосовано: додано 8, змінено 2, без змін 2."
    assert await holder(bot.runtime.db, "municipal", BUCHA) == "Тарас Шевчук"
    assert (await olha.wait_edit(preview)).buttons == []

    await send_sample(olha)
    again = await olha.next_message()
    assert "Додати: 0. Змінити: 0. Без змін: 12." in again.text
    assert "змінювати нічого" in again.text
    assert again.buttons == []


async def test_cancel_writes_nothing_and_the_old_buttons_then_do_nothing(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    olha = await coordinator(emulator, make_role)
    await send_sample(olha)
    preview = await olha.next_message()
    await olha.press(preview, "Скасувати")
    assert (await olha.next_message()).text == "Імпорт скасовано, нічого не записано."
    assert await holder(bot.runtime.db, "municipal", BUCHA) is None
    late = await olha.press(preview, "✅ Застосувати")
    assert late.show_alert and late.text is not None and "уже не чинний" in late.text
    assert await holder(bot.runtime.db, "municipal", BUCHA) is None


async def test_a_file_with_bad_rows_names_each_and_offers_no_apply(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    olha = await coordinator(emulator, make_role)
    content = (
        HEADER
        + f"municipal,{BUCHA},appointed,Тарас <Шевчук>,,,\n"
        + "municipal,UA00000000000000000,vacant,,,,\n"
        + f"municipal,{BUCHA},vacant,,,,\n"
    )
    await olha.send_document(content.encode(), filename="bad.csv")
    preview = await olha.next_message()
    assert "Помилкових рядків: 2." in preview.text
    assert "рядок 3: невідомий код КАТОТТГ UA00000000000000000" in preview.text
    assert "рядок 4: ця посада вже є в рядку 2" in preview.text
    assert preview.buttons == []
    assert await holder(bot.runtime.db, "municipal", BUCHA) is None


async def test_a_long_list_of_bad_rows_comes_as_a_file(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    olha = await coordinator(emulator, make_role)
    content = HEADER + "".join(f"municipal,UA{n:017d},vacant,,,,\n" for n in range(25))
    await olha.send_document(content.encode(), filename="many.csv")
    preview, attached = await olha.next_messages(2)
    assert "рядок 21:" in preview.text and "рядок 22:" not in preview.text
    assert "…і ще 5; повний список у файлі." in preview.text
    assert attached.document is not None and attached.document.filename == "bad-rows.txt"
    lines = attached.document.content.decode().splitlines()
    assert len(lines) == 25 and lines[-1].startswith("рядок 26: ")


async def test_excel_csv_and_xlsx_files_are_read(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    olha = await coordinator(emulator, make_role)
    excel = "рівень;код;статус;ПІБ\nгромада;" + BUCHA + ";призначено;Шевчук Тарас\n"
    await olha.send_document(excel.encode("cp1251"), filename="roster.csv")
    assert "Додати: 1." in (await olha.next_message()).text

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["tier", "place_code", "status"])
    sheet.append(["municipal", BUCHA, "appointing"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    await olha.send_document(buffer.getvalue(), filename="roster.xlsx")
    assert "Змінити: 1." in (await olha.next_message()).text


async def test_only_the_uploader_can_apply(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    olha = await coordinator(emulator, make_role)
    petro = await coordinator(emulator, make_role, OTHER_COORDINATOR)
    stranger = emulator.user(STRANGER, "Stranger", language_code="uk")
    await send_sample(olha)
    preview = await olha.next_message()
    apply_data = preview.find_button("✅ Застосувати").callback_data
    assert apply_data is not None

    forged = await petro.press_data(preview, apply_data)
    assert forged.show_alert and forged.text is not None and "уже не чинний" in forged.text
    refused = await stranger.press_data(preview, apply_data)
    assert refused.text == "Ця дія вам недоступна."
    assert await holder(bot.runtime.db, "municipal", BUCHA) is None

    await olha.press(preview, "✅ Застосувати")
    assert (await olha.next_message()).text.startswith("✅ Застосовано")


async def test_a_roster_changed_since_the_preview_is_previewed_again(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    olha = await coordinator(emulator, make_role)
    await send_sample(olha)
    preview = await olha.next_message()
    db = bot.runtime.db
    post = await posts.find_post(db, "municipal", BUCHA)
    assert post is not None
    await appoint(db, post, await people.create_person(db, "Хтось Інший"), ADMIN_ID)

    await olha.press(preview, "✅ Застосувати")
    changed, fresh = await olha.next_messages(2)
    assert changed.text == "Реєстр змінився після попереднього перегляду. Ось оновлений перегляд:"
    assert "Додати: 7. Змінити: 3." in fresh.text
    assert await holder(db, "municipal", BUCHA) == "Хтось Інший"
    await olha.press(fresh, "✅ Застосувати")
    assert (await olha.next_message()).text.startswith("✅ Застосовано: додано 7, змінено 3")
    assert await holder(db, "municipal", BUCHA) == "Тарас Шевчук"


async def test_a_pending_import_survives_a_restart(emulator: TelegramEmulator, settings: Settings) -> None:
    running = await start_bot(settings)
    try:
        await users.record_seen(running.runtime.db, SeenUser(COORDINATOR, "Olha", None, None, "uk"))
        await users.set_role(running.runtime.db, COORDINATOR, "coordinator")
        olha = emulator.user(COORDINATOR, "Olha", language_code="uk")
        await send_sample(olha)
        preview = await olha.next_message()
    finally:
        await stop_bot(running)
    running = await start_bot(settings)
    try:
        await olha.press(preview, "✅ Застосувати")
        assert (await olha.next_message()).text.startswith("✅ Застосовано: додано 8")
        assert await holder(running.runtime.db, "municipal", BUCHA) == "Тарас Шевчук"
    finally:
        await stop_bot(running)


async def test_others_sending_a_file_get_the_usual_hint(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    await make_role(STRANGER, "member")
    member = emulator.user(STRANGER, "Member", language_code="uk")
    await send_sample(member)
    assert (await member.next_message()).text.startswith("Я відповідаю на команди й кнопки")
    assert await holder(bot.runtime.db, "municipal", BUCHA) is None


async def test_a_coordinator_sending_another_kind_of_file_is_told_what_is_read(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    olha = await coordinator(emulator, make_role)
    await olha.send_document(b"%PDF-1.4", filename="roster.pdf")
    assert (await olha.next_message()).text == "Я читаю реєстр лише з файлів CSV або XLSX."


# -- /export -------------------------------------------------------------------------------------


async def test_export_as_csv_and_xlsx_with_formulas_guarded(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    db = bot.runtime.db
    post = await posts.find_post(db, "municipal", BUCHA)
    assert post is not None
    sly = await people.create_person(
        db, '=HYPERLINK("http://x")', telegram_username="sly", phone="+380501234567"
    )
    await appoint(db, post, sly, ADMIN_ID)
    olha = await coordinator(emulator, make_role)

    await olha.send("/export")
    ask = await olha.next_message()
    assert ask.button_texts() == ["CSV (Excel, UTF-8)", "XLSX (Excel)"]
    await olha.press(ask, "CSV (Excel, UTF-8)")
    sent = await olha.next_message()
    assert sent.document is not None and sent.document.filename is not None
    assert sent.document.filename.endswith(".csv")
    assert sent.document.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(sent.document.content.decode("utf-8-sig"))))
    assert len(rows) == 25 + 1469
    bucha = next(row for row in rows if row["place_code"] == BUCHA)
    assert bucha["full_name"] == '\'=HYPERLINK("http://x")'
    assert (bucha["telegram"], bucha["phone"], bucha["raion"]) == (
        "'@sly",
        "'+380501234567",
        "Бучанський район",
    )

    await olha.send("/export")
    await olha.press(await olha.next_message(), "XLSX (Excel)")
    sent = await olha.next_message()
    assert sent.document is not None and sent.document.filename is not None
    assert sent.document.filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(sent.document.content)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    line = next(row for row in sheet.iter_rows(min_row=2) if row[header.index("place_code")].value == BUCHA)
    name = line[header.index("full_name")]
    assert name.value == '=HYPERLINK("http://x")' and name.data_type == "s" and name.quotePrefix

    # …and the file comes back unchanged.
    await olha.send_document(sent.document.content, filename="roster.xlsx")
    assert "Додати: 0. Змінити: 0. Без змін: 1494." in (await olha.next_message()).text


async def test_export_is_for_coordinators(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole
) -> None:
    await make_role(STRANGER, "member")
    member = emulator.user(STRANGER, "Member", language_code="uk")
    await member.send("/export")
    assert (await member.next_message()).text == "Ця дія вам недоступна."
