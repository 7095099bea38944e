"""The reactions export: rows in the reader's language, and no formula reaches a spreadsheet."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.i18n import Catalogs
from bot.services.broadcasts.reaction_export import export_bytes, export_row, file_name, header
from bot.services.spreadsheets import read_table
from storage.broadcast_reports import ReactionRow
from tests.auxil.spreadsheets import formula_fields

CATALOGS = Catalogs()
KYIV = ZoneInfo("Europe/Kyiv")
OLENA = ReactionRow(
    broadcast_id=12,
    broadcast_title="Дія.Взаємодія",
    service_title="Дія.Взаємодія",
    telegram_id=2,
    member_name="Олена Коваль",
    tier="municipal",
    place_name_uk="Смілянська громада",
    place_name_en="Smilianska hromada",
    raion_name_uk="Черкаський район",
    raion_name_en="Cherkaskyi raion",
    region_name_uk="Черкаська область",
    region_name_en="Cherkaska oblast",
    kind="similar",
    note='=HYPERLINK("http://evil") наш портал',
    updated_at="2026-11-26T20:05:00+00:00",
)
NOBODY = ReactionRow(
    3, "Х", "Х", 3, "3", None, None, None, None, None, None, None, "use", None, "2026-06-01T09:00:00+00:00"
)


def test_a_row_in_each_language_with_local_time() -> None:
    assert export_row(CATALOGS, "uk", KYIV, OLENA) == [
        "12",
        "Дія.Взаємодія",
        "Олена Коваль",
        "Громада (цифровий лідер)",
        "Смілянська громада",
        "Черкаський район",
        "Черкаська область",
        "Маємо схоже",
        '=HYPERLINK("http://evil") наш портал',
        "2026-11-26 22:05",
    ]
    english = export_row(CATALOGS, "en", KYIV, OLENA)
    assert english[4:8] == [
        "Smilianska hromada",
        "Cherkaskyi raion",
        "Cherkaska oblast",
        "Have something similar",
    ]
    assert export_row(CATALOGS, "en", KYIV, NOBODY)[3:9] == ["", "", "", "", "Will use it", ""]
    assert export_row(CATALOGS, "en", KYIV, NOBODY)[9] == "2026-06-01 12:00"  # summer time


def test_files_guard_formulas_and_read_back() -> None:
    content = export_bytes(CATALOGS, "en", KYIV, [OLENA, NOBODY], "csv")
    assert content.startswith("\ufeff".encode())
    assert "'=HYPERLINK" in content.decode("utf-8-sig")
    table = read_table(content, "r.csv")
    assert table[0] == header(CATALOGS, "en")
    assert table[1][8] == '=HYPERLINK("http://evil") наш портал'

    workbook = load_workbook(io.BytesIO(export_bytes(CATALOGS, "uk", KYIV, [OLENA], "xlsx")))
    sheet = workbook.active
    assert sheet is not None and sheet.title == "reactions"
    note = sheet.cell(row=2, column=9)
    assert note.data_type == "s" and note.quotePrefix  # text to Excel, not a formula
    assert file_name("service", 3, "xlsx") == "reactions-service-3.xlsx"


def test_no_split_of_the_csv_starts_a_formula() -> None:
    hostile = replace(
        OLENA,
        service_title="Дія; @SUM(1)",
        member_name="Коваль,=cmd|' /C calc'!A0",
        note='маємо своє;=1+1\n"-2", так;',
    )
    content = export_bytes(CATALOGS, "uk", KYIV, [hostile, OLENA], "csv")
    assert formula_fields(content) == []
    note = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))[1][8]
    assert note == "маємо своє;'=1+1\n\"'-2\", так;'"
    assert read_table(content, "r.csv")[1][1:3] == [hostile.service_title, hostile.member_name]
    assert read_table(content, "r.csv")[1][8] == hostile.note
