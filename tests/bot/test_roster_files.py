"""Roster files: encoding and separator detected; formulas guarded on export, unguarded on import."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from bot.services.roster_files import (
    CsvFileWriter,
    UnreadableFileError,
    XlsxFileWriter,
    csv_bytes,
    guard,
    read_table,
    unguard,
    xlsx_bytes,
)

HEADER = ["tier", "place", "full_name"]
ROWS = [["municipal", "Бучанська громада", "Тарас Шевчук"], ["city", "Львів", '=HYPERLINK("x")']]


def test_utf8_with_and_without_bom_read_alike() -> None:
    text = "tier,place\nmunicipal,Ірпінська громада\n"
    assert read_table(text.encode("utf-8")) == read_table(("\ufeff" + text).encode("utf-8"))
    assert read_table(text.encode("utf-8"))[1] == ["municipal", "Ірпінська громада"]


def test_excel_csv_in_cp1251_with_semicolons() -> None:
    content = "рівень;громада;ПІБ\nгромада;Бучанська громада;Шевчук, Тарас\n".encode("cp1251")
    assert read_table(content, "roster.csv") == [
        ["рівень", "громада", "ПІБ"],
        ["громада", "Бучанська громада", "Шевчук, Тарас"],
    ]


def test_cells_are_trimmed() -> None:
    assert read_table(b" tier , place \n city ,  Lviv\n") == [["tier", "place"], ["city", "Lviv"]]


@pytest.mark.parametrize("cell", ["=1+1", "+380501234567", "-2", "@olena"])
def test_a_formula_start_is_guarded_and_unguarded(cell: str) -> None:
    assert guard(cell) == "'" + cell
    assert unguard(guard(cell)) == cell


def test_an_ordinary_apostrophe_stays() -> None:
    assert guard("Мар'янівська") == "Мар'янівська"
    assert unguard("'quoted'") == "'quoted'"


def test_csv_export_has_a_bom_and_guards_formulas() -> None:
    content = csv_bytes(HEADER, ROWS)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[2][2] == '\'=HYPERLINK("x")'
    assert read_table(content) == [HEADER, *ROWS]


def test_xlsx_export_stores_formula_like_text_as_text() -> None:
    content = xlsx_bytes(HEADER, ROWS)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    cell = sheet["C3"]
    assert cell.value == '=HYPERLINK("x")'
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert read_table(content, "roster.xlsx") == [HEADER, *ROWS]


def test_a_csv_written_to_a_file_in_batches_is_the_same_file(tmp_path: Path) -> None:
    target = tmp_path / "roster.csv"
    with target.open("wb") as file:
        writer = CsvFileWriter(file, HEADER)
        writer.write_rows(ROWS[:1])
        writer.write_rows(ROWS[1:])
        writer.close()
        assert not file.closed  # the file is the caller's
    assert target.read_bytes() == csv_bytes(HEADER, ROWS)
    assert target.read_bytes().count(b"\r\n") == 3


def test_an_xlsx_written_to_a_file_in_batches(tmp_path: Path) -> None:
    target = tmp_path / "roster.xlsx"
    with target.open("wb") as file:
        writer = XlsxFileWriter(file, HEADER, sheet_title="batches")
        for row in ROWS:
            writer.write_rows([row])
        writer.close()
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["batches"]
    assert read_table(target.read_bytes(), "roster.xlsx") == [HEADER, *ROWS]


def test_numbers_typed_in_excel_read_as_digits() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["telegram", "phone"])
    sheet.append([123456789, 380501234567.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_table(buffer.getvalue(), "x.xlsx")[1] == ["123456789", "380501234567"]


def test_a_broken_xlsx_is_unreadable() -> None:
    with pytest.raises(UnreadableFileError):
        read_table(b"PK\x03\x04 not really a zip", "roster.xlsx")
