"""The check-in export: a row per member expected (and anyone who answered anyway), in either language,
as CSV or XLSX with formulas guarded; periods typed by people and the cycles they touch."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet._writer import ALL_TEMP_FILES

from bot.i18n import Catalogs
from bot.services.checkins import export as checkin_export
from bot.services.checkins.cycles import Cycle, cycle_of
from bot.services.checkins.export import ExportSummary, FileKind, export_checkins
from bot.services.checkins.periods import (
    CycleRange,
    PeriodError,
    PeriodProblem,
    cycles_for_dates,
    parse_day,
    parse_period,
)
from bot.services.checkins.questions import load_questions
from storage import checkins, people, posts
from storage.checkin_members import current_holders, record_expected
from storage.db import Database
from tests.auxil.spreadsheets import formula_fields

KYIV = ZoneInfo("Europe/Kyiv")
CATALOGS = Catalogs()
QUESTIONS = load_questions()
W46, W47, W48 = (cycle_of(2026, week, KYIV) for week in (46, 47, 48))
KYIV_REGION, BUCHA, BILA_TSERKVA = "UA32000000000030281", "UA32080070000050759", "UA32020010000093088"
VOLODARKA, VINNYTSIA = "UA32020030000029575", "UA05020030010063857"
FORMULA = "=SUM(A1:A9) послуг"
TWO_LINES = "Рядок перший\nРядок другий"


async def export(
    db: Database, folder: Path, span: CycleRange, language: str, fmt: FileKind = "xlsx"
) -> tuple[ExportSummary, Path]:
    """The export of `span` written to a file in `folder`."""
    target = folder / f"checkins.{fmt}"
    written = await export_checkins(
        db, QUESTIONS, span, fmt, language, catalogs=CATALOGS, zone=KYIV, target=target
    )
    return written, target


async def table(
    db: Database, folder: Path, span: CycleRange, language: str
) -> tuple[ExportSummary, list[Any], list[list[Any]]]:
    """What was written, and the XLSX read back: header and rows, as typed (text, numbers; empty "")."""
    written, target = await export(db, folder, span, language)
    sheet = load_workbook(target).active
    assert sheet is not None
    values = [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]
    return written, values[0], values[1:]


def one(cycle: Cycle) -> CycleRange:
    return CycleRange(cycle, cycle)


async def appoint(db: Database, telegram_id: int, name: str, tier: str, place_code: str) -> None:
    person = await people.create_person(db, name, telegram_id=telegram_id)
    post = await posts.find_post(db, tier, place_code) or await posts.create_post(db, tier, place_code)
    await posts.set_holder(db, post.id, person.id, name)


async def submitted_at(db: Database, cycle: str, telegram_id: int, moment: str) -> None:
    await db.execute(
        "UPDATE checkins SET submitted_at = ? WHERE cycle = ? AND telegram_id = ?",
        (moment, cycle, telegram_id),
    )


@pytest.fixture
async def network(db: Database) -> Database:
    """Five holders asked in W48: one submitted, one on leave, a draft, one away, one silent; plus a
    coordinator who answered unasked (late). W47 has one answer; W46 was a non-working week."""
    await appoint(db, 11, "Ірина Коваль", "regional", KYIV_REGION)
    await appoint(db, 12, "Андрій Мельник", "city", VINNYTSIA)
    await appoint(db, 13, "Тарас Шевчук", "municipal", BUCHA)
    await appoint(db, 14, "Олена Бондар", "municipal", BILA_TSERKVA)
    await appoint(db, 15, "Євген Ярош", "municipal", VOLODARKA)
    await record_expected(db, W48.key, await current_holders(db))
    answers = {
        "done": FORMULA,
        "planned": TWO_LINES,
        "blockers": None,
        "needs_help": True,
        "help_with": "-ноутбуки",
        "services_launched": 3,
    }
    await checkins.submit(db, W48.key, 11, answers, late=False)
    await submitted_at(db, W48.key, 11, "2026-11-24T08:30:00+00:00")
    await checkins.mark_on_leave(db, W48.key, 12, late=False)
    await checkins.save_draft(db, W48.key, 13, {"done": "Половина"})
    await checkins.set_absence(db, 14, "2026-11-20", "2026-11-24")
    await checkins.submit(db, W48.key, 16, {"done": "@coordinator", "needs_help": False}, late=True)
    await checkins.submit(db, W47.key, 13, {"done": "Минулого тижня", "people_trained": 0}, late=False)
    await checkins.mark_nonworking(db, W46.key, None)
    await checkins.submit(db, W46.key, 15, {"done": "Попри вихідний"}, late=False)
    return db


async def test_a_cycle_in_ukrainian(network: Database, tmp_path: Path) -> None:
    written, header, rows = await table(network, tmp_path, one(W48), "uk")
    assert header[:10] == [
        "Тиждень",
        "Початок тижня",
        "Учасник",
        "Telegram ID",
        "Рівень",
        "Громада / місто",
        "Область",
        "Статус",
        "Із запізненням",
        "Час надсилання",
    ]
    assert header[10:] == [question.text("uk") for question in QUESTIONS]
    assert (written.rows, written.cycles) == (6, 1)
    by_id = {row[3]: row for row in rows}
    assert [row[3] for row in rows] == [11, 12, 14, 13, 15, 16]  # tier, region, place, name
    assert by_id[11][:10] == [
        "2026-W48",
        "2026-11-23",
        "Ірина Коваль",
        11,
        CATALOGS.text("uk", "tier.regional"),
        "Київська область",
        "Київська область",
        "Надіслано",
        "Ні",
        "2026-11-24 10:30",
    ]
    assert by_id[11][10:] == [FORMULA, TWO_LINES, "", "Так", "-ноутбуки", 3, ""]
    assert [by_id[telegram_id][7] for telegram_id in (12, 13, 14, 15)] == [
        "У відпустці",
        "Чернетка",
        "Відсутній (/away)",
        "Немає відповіді",
    ]
    assert by_id[12][5:7] == ["Вінниця", "Вінницька область"]
    assert by_id[13][8:11] == ["", "", "Половина"]  # a draft is not late or sent, its answers shown
    assert by_id[15][8:] == [""] * 9
    unasked = by_id[16]  # answered without being expected: no post, no name on record
    assert (
        unasked[2:9] == ["", 16, "", "", "", "Надіслано", "Так"]
        and unasked[9]
        and unasked[10] == "@coordinator"
    )


async def test_a_cycle_in_english(network: Database, tmp_path: Path) -> None:
    _, header, rows = await table(network, tmp_path, one(W48), "en")
    assert header[:3] == ["Week", "Week start", "Member"]
    assert header[10] == "What was done this week?"
    row = next(row for row in rows if row[3] == 11)
    assert row[4:10] == [
        CATALOGS.text("en", "tier.regional"),
        "Kyiv Oblast",
        "Kyiv Oblast",
        "Submitted",
        "No",
        "2026-11-24 10:30",
    ]
    assert row[13] == "Yes"
    away = next(row for row in rows if row[3] == 14)
    assert away[5:8] == ["Bilotserkivska hromada", "Kyiv Oblast", "Away (/away)"]


async def test_unbounded_means_every_cycle_stored_and_a_non_working_week_asks_nobody(
    network: Database, tmp_path: Path
) -> None:
    written, _, everything = await table(network, tmp_path, CycleRange(None, None), "uk")
    assert (written.rows, written.cycles) == (12, 3)
    keys = [row[0] for row in everything]
    assert keys == ["2026-W46"] + ["2026-W47"] * 5 + ["2026-W48"] * 6
    assert everything[0][3] == 15  # the only row of the non-working week: who answered anyway
    last_week = [row for row in everything if row[0] == "2026-W47"]  # no record: today's holders
    assert [row[7] for row in last_week if row[3] == 13] == ["Надіслано"]
    assert next(row for row in last_week if row[3] == 13)[-1] == 0  # a zero is a number, not "skipped"

    _, _, from_w47 = await table(network, tmp_path, CycleRange(W47, None), "uk")
    assert {row[0] for row in from_w47} == {"2026-W47", "2026-W48"}
    nothing, header, future = await table(network, tmp_path, CycleRange(cycle_of(2027, 1, KYIV), None), "uk")
    assert (future, nothing.rows, nothing.cycles, len(header)) == ([], 0, 0, 10 + len(QUESTIONS))


async def test_csv_keeps_lines_and_guards_formulas(network: Database, tmp_path: Path) -> None:
    written, target = await export(network, tmp_path, one(W48), "uk", "csv")
    content = target.read_bytes()
    assert (written.rows, written.size) == (6, len(content))
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert len(rows) == 1 + 6
    irina = next(row for row in rows if row[3] == "11")
    assert irina[10] == "'" + FORMULA and irina[11] == TWO_LINES and irina[14] == "'-ноутбуки"
    assert irina[15] == "3"
    assert next(row for row in rows if row[3] == "16")[10] == "'@coordinator"


async def test_no_split_of_the_csv_starts_a_formula(network: Database, tmp_path: Path) -> None:
    await people.create_person(network, "Шевчук;=1+1", telegram_id=17)  # answered unasked
    answers = {
        "done": "маємо своє;=1+1",
        "planned": ",=cmd|' /C calc'!A0",
        "blockers": "Немає; +380501234567\n\t=2",
        "help_with": 'Так, "ноутбуки";',
        "services_launched": -5,
    }
    await checkins.submit(network, W48.key, 17, answers, late=False)
    _, target = await export(network, tmp_path, one(W48), "uk", "csv")
    content = target.read_bytes()
    assert formula_fields(content) == []  # the header's questions and the whole network's answers too
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    shevchuk = next(row for row in rows if row[3] == "17")
    assert shevchuk[2] == "Шевчук;'=1+1"
    assert shevchuk[10:16] == [
        "маємо своє;'=1+1",
        ",'=cmd|' /C calc'!A0",
        "Немає; '+380501234567\n'\t'=2",
        "",
        'Так, "ноутбуки";\'',
        "-5",  # a number, written as one
    ]


async def test_xlsx_has_numbers_as_numbers_and_formulas_as_text(network: Database, tmp_path: Path) -> None:
    written, target = await export(network, tmp_path, one(W48), "en")
    assert written.size == target.stat().st_size
    sheet = load_workbook(target).active
    assert sheet is not None and sheet.title == "checkins"
    assert [cell.value for cell in sheet[1]][:2] == ["Week", "Week start"]
    irina = next(row for row in sheet.iter_rows(min_row=2) if row[3].value == 11)
    assert irina[10].value == FORMULA and irina[10].data_type == "s" and irina[10].quotePrefix
    assert irina[11].value == TWO_LINES
    assert irina[15].value == 3 and irina[15].data_type == "n"
    assert irina[16].value is None  # skipped: an empty cell
    assert sheet.max_row == 1 + 6


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_a_failed_export_leaves_no_file(
    network: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: FileKind
) -> None:
    weeks_read = []

    async def failing_in_the_second_week(db: Database, telegram_ids: set[int]) -> dict[int, str]:
        weeks_read.append(telegram_ids)
        if len(weeks_read) == 2:
            raise RuntimeError("the database went away")
        return {}

    monkeypatch.setattr(checkin_export, "names_of", failing_in_the_second_week)
    openpyxl_files = list(ALL_TEMP_FILES)
    with pytest.raises(RuntimeError):
        await export(network, tmp_path, CycleRange(None, None), "uk", fmt)
    assert len(weeks_read) == 2  # the first week was written before the failure
    assert not (tmp_path / f"checkins.{fmt}").exists()
    assert openpyxl_files == ALL_TEMP_FILES  # nor openpyxl's temporary copy of the rows


def test_dates_to_cycles() -> None:
    span = cycles_for_dates(date(2026, 10, 1), date(2026, 11, 30), KYIV)
    assert span.first is not None and span.last is not None
    assert (span.first.key, span.last.key) == ("2026-W40", "2026-W49")  # Thursday's week to Monday's
    assert cycles_for_dates(None, date(2026, 11, 29), KYIV) == CycleRange(None, W48)
    assert cycles_for_dates(date(2027, 1, 1), None, KYIV).first == cycle_of(2026, 53, KYIV)


def test_days_and_periods() -> None:
    assert parse_day("2026-11-30") == parse_day("30.11.2026") == date(2026, 11, 30)
    with pytest.raises(ValueError):
        parse_day("30/11/2026")
    today = date(2026, 11, 26)
    expected = (date(2026, 10, 1), date(2026, 11, 30))
    for text in ("01.10.2026 30.11.2026", "01.10.2026-30.11.2026", " 1.10.2026 – 30.11.2026 "):
        assert parse_period(text, today) == expected
    problems = {
        "жовтень": PeriodProblem.FORMAT,
        "01.10.2026": PeriodProblem.FORMAT,
        "31.02.2026 30.11.2026": PeriodProblem.NO_SUCH_DAY,
        "30.11.2026 01.10.2026": PeriodProblem.REVERSED,
        "01.12.2026 31.12.2026": PeriodProblem.FUTURE,
    }
    for text, problem in problems.items():
        with pytest.raises(PeriodError) as error:
            parse_period(text, today)
        assert error.value.problem is problem, text
    assert parse_period("26.11.2026 31.12.2026", today)[0] == today  # begun today: fine
