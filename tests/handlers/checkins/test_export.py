"""Check-in exports: a coordinator takes a week's file or a period's from the bot, a member cannot, and
`cdto-bot export-checkins` writes the same files from the command line."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from bot.lifecycle import RunningBot
from bot.services.checkins.cycles import cycle_of
from handlers.checkins import export as checkin_export
from storage import checkins
from storage.checkin_members import current_holders, record_expected
from storage.db import Database
from storage.migrate import migrate
from tests.auxil.bot_under_test import MovableClock, cdto_bot
from tests.auxil.checkin_network import appoint
from tests.auxil.spreadsheets import formula_fields
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient

MakeRole = Callable[[int, str], Any]
KYIV = ZoneInfo("Europe/Kyiv")
THURSDAY = datetime(2026, 11, 26, 12, 0, tzinfo=KYIV)  # in week 48
W47, W48 = cycle_of(2026, 47, KYIV).key, cycle_of(2026, 48, KYIV).key
BUCHA, IRPIN, KYIV_REGION = "UA32080070000050759", "UA32080150000035443", "UA32000000000030281"
COORDINATOR = 7001


async def seed(db: Database) -> None:
    """Three holders asked in week 48 (one answered, one on leave, one silent); one answer in week 47."""
    await appoint(db, 7101, "Тарас Шевчук", "municipal", BUCHA)
    await appoint(db, 7102, "Марія Гонта", "municipal", IRPIN)
    await appoint(db, 7103, "Ірина Коваль", "regional", KYIV_REGION)
    await record_expected(db, W48, await current_holders(db))
    answers = {
        "done": "=1+1 запустили\nЦНАП",
        "planned": "План: навчання, ЦНАП;=2+2",
        "needs_help": False,
        "services_launched": 2,
    }
    await checkins.submit(db, W48, 7101, answers, late=False)
    await checkins.mark_on_leave(db, W48, 7102, late=False)
    await checkins.submit(db, W47, 7101, {"done": "Минулого тижня"}, late=False)


async def coordinator(emulator: TelegramEmulator, make_role: MakeRole) -> tuple[UserClient, Any]:
    """A coordinator, and a message of the bot to press forged buttons on."""
    emulator.limits.enabled = False
    await make_role(COORDINATOR, "coordinator")
    olha = emulator.user(COORDINATOR, "Ольга", language_code="uk")
    await olha.send("/help")
    return olha, await olha.next_message()


async def said(user: UserClient) -> str:
    """The text of the bot's next message to the user."""
    return (await user.next_message()).text or ""


def files_left(bot: RunningBot) -> list[Path]:
    """Temporary export files left beside the database (each is removed once sent or refused)."""
    return list(bot.runtime.settings.database_path.parent.glob("checkins-*"))


def csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


async def test_a_coordinator_takes_one_weeks_file(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole, clock: MovableClock
) -> None:
    clock.moment = THURSDAY
    await seed(bot.runtime.db)
    olha, screen = await coordinator(emulator, make_role)

    await olha.press_data(screen, f"cx:w:{W48}:csv")
    sent = await olha.next_message()
    assert sent.document is not None and sent.document.filename == "checkins-2026-W48.csv"
    assert sent.caption is not None and "3 рядки" in sent.caption
    rows = csv_rows(sent.document.content)
    assert [(row["Учасник"], row["Статус"]) for row in rows] == [
        ("Ірина Коваль", "Немає відповіді"),
        ("Тарас Шевчук", "Надіслано"),
        ("Марія Гонта", "У відпустці"),
    ]
    taras = rows[1]
    assert taras["Що зроблено цього тижня?"] == "'=1+1 запустили\nЦНАП"  # guarded, both lines kept
    assert formula_fields(sent.document.content) == []  # nor when Excel splits the lines on `;`
    assert taras["Чи потрібна вам допомога міністерства?"] == "Ні" and taras["Тиждень"] == W48

    refused = await olha.press_data(screen, "cx:w:2026-W60:csv")  # forged: no such week
    assert refused.show_alert and refused.text == "Такого тижня немає."
    assert (await olha.press_data(screen, "cx:w:2026-W50:csv")).text == "Цей тиждень ще не почався."
    assert (await olha.press_data(screen, f"cx:w:{W48}:pdf")).text == "Такого тижня немає."
    await olha.no_message(within=0.2)
    assert files_left(bot) == []


async def test_a_period_asked_again_until_it_makes_sense(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole, clock: MovableClock
) -> None:
    clock.moment = THURSDAY
    await seed(bot.runtime.db)
    olha, screen = await coordinator(emulator, make_role)

    await olha.press_data(screen, "cx:r")
    assert "01.10.2026 30.11.2026" in await said(olha)
    await olha.send("жовтень")
    assert "Не вдалося розпізнати період" in await said(olha)
    await olha.send("31.02.2026 30.11.2026")
    assert "Дати 31.02.2026 не існує" in await said(olha)
    await olha.send("30.11.2026 01.10.2026")
    assert "Початок періоду пізніший за кінець" in await said(olha)
    await olha.send("01.12.2026 – 31.12.2026")
    assert "не пізніше 26.11.2026" in await said(olha)
    await olha.send("01.10.2026 – 30.11.2026")
    offer = await olha.next_message()
    assert "01.10.2026 – 30.11.2026" in (offer.text or "")
    assert offer.button_texts() == ["CSV (Excel, UTF-8)", "XLSX (Excel)"]

    await olha.press(offer, "XLSX (Excel)")
    sent = await olha.next_message()
    assert sent.document is not None and sent.document.filename == "checkins-2026-10-01_2026-11-30.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(sent.document.content)).active
    assert sheet is not None
    weeks = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert weeks.count(W47) == 3 and weeks.count(W48) == 3  # week 47: today's holders were asked
    launched = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == W48 and row[15].value)
    assert launched[15].value == 2 and launched[10].quotePrefix

    await olha.send("Ще щось")  # the flow is over: plain text gets the usual hint
    assert "01.10.2026" not in await said(olha)


async def test_an_empty_period_forged_data_and_cancel(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole, clock: MovableClock
) -> None:
    clock.moment = THURSDAY
    await seed(bot.runtime.db)
    olha, screen = await coordinator(emulator, make_role)

    await olha.press_data(screen, "cx:f:20260101:20260131:csv")
    sent = await olha.next_message()
    assert sent.document is not None and sent.document.filename == "checkins-2026-01-01_2026-01-31.csv"
    assert sent.caption is not None and "звітів немає" in sent.caption
    assert csv_rows(sent.document.content) == []
    assert sent.document.content.decode("utf-8-sig").startswith("Тиждень,Початок тижня,Учасник")

    for forged in (
        "cx:f:20261301:20261130:csv",
        "cx:f:20261130:20261001:csv",
        "cx:f:20261201:20261231:xlsx",
    ):
        answer = await olha.press_data(screen, forged)
        assert answer.show_alert and answer.text == "Ця кнопка вже не діє."
    await olha.no_message(within=0.2)

    await olha.press_data(screen, "cx:r")
    await olha.next_message()
    await olha.send("/cancel")
    assert "скасовано" in await said(olha)


async def test_a_file_too_big_for_telegram_is_not_sent(
    emulator: TelegramEmulator,
    bot: RunningBot,
    make_role: MakeRole,
    clock: MovableClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock.moment = THURSDAY
    await seed(bot.runtime.db)
    olha, screen = await coordinator(emulator, make_role)
    monkeypatch.setattr(checkin_export, "MAX_UPLOAD_BYTES", 100)  # stands for Telegram's 50 MB
    await olha.press_data(screen, f"cx:w:{W48}:csv")
    refusal = await olha.next_message()
    assert refusal.document is None and "Оберіть коротший період або XLSX" in (refusal.text or "")
    assert files_left(bot) == []


async def test_a_member_cannot_export(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole, clock: MovableClock
) -> None:
    clock.moment = THURSDAY
    await seed(bot.runtime.db)
    emulator.limits.enabled = False
    await make_role(7101, "member")
    taras = emulator.user(7101, "Тарас", language_code="uk")
    await taras.send("/help")
    screen = await taras.next_message()
    for data in (f"cx:w:{W48}:csv", "cx:r", "cx:f:20261001:20261130:xlsx"):
        refused = await taras.press_data(screen, data)
        assert refused.show_alert and "недоступн" in (refused.text or "")
    await taras.no_message(within=0.2)


# -- the command line --------------------------------------------------------------------------


async def seeded_database(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        await migrate(db)
        await seed(db)
    finally:
        await db.close()


def files_beside(folder: Path) -> list[str]:
    """The files in the folder besides the database."""
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith("bot.sqlite3"))


async def test_the_command_line_writes_csv_and_xlsx(tmp_path: Path) -> None:
    await seeded_database(tmp_path)
    everything = cdto_bot(tmp_path, "export-checkins", "all.csv")
    assert everything.returncode == 0, everything.stderr
    rows = csv_rows((tmp_path / "all.csv").read_bytes())
    assert [row["Тиждень"] for row in rows] == [W47] * 3 + [W48] * 3

    one_week = cdto_bot(tmp_path, "export-checkins", "w48.xlsx", "--from", "23.11.2026", "--to", "2026-11-29")
    assert one_week.returncode == 0, one_week.stderr
    sheet = openpyxl.load_workbook(tmp_path / "w48.xlsx").active
    assert sheet is not None
    assert {row[0].value for row in sheet.iter_rows(min_row=2)} == {W48} and sheet.max_row == 4
    assert files_beside(tmp_path) == ["all.csv", "w48.xlsx"]  # nothing half-written left beside them


async def test_a_failed_command_line_export_keeps_the_old_file(tmp_path: Path) -> None:
    await seeded_database(tmp_path)
    with sqlite3.connect(tmp_path / "bot.sqlite3") as connection:  # week 48's sheets cannot be read
        connection.execute("UPDATE checkins SET answers = '{' WHERE cycle = ?", (W48,))
    (tmp_path / "all.csv").write_text("last month's file")
    failed = cdto_bot(tmp_path, "export-checkins", "all.csv")
    assert failed.returncode == 1 and "check-ins written" not in failed.stdout
    assert (tmp_path / "all.csv").read_text() == "last month's file"
    assert files_beside(tmp_path) == ["all.csv"]


def test_the_command_line_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    suffix = cdto_bot(tmp_path, "export-checkins", "checkins.pdf")
    assert suffix.returncode == 2 and "must end in .csv or .xlsx" in suffix.stderr
    reversed_dates = cdto_bot(
        tmp_path, "export-checkins", "x.csv", "--from", "30.11.2026", "--to", "01.10.2026"
    )
    assert reversed_dates.returncode == 2 and "is after" in reversed_dates.stderr
    not_a_date = cdto_bot(tmp_path, "export-checkins", "x.csv", "--from", "31.02.2026")
    assert not_a_date.returncode == 2 and "not a date" in not_a_date.stderr
    assert not (tmp_path / "checkins.pdf").exists() and not (tmp_path / "x.csv").exists()
