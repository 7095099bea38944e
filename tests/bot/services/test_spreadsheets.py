"""Roster files: encoding and separator detected; formulas guarded on export, unguarded on import."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import openpyxl
import pytest

from bot.services.spreadsheets import (
    CsvFileWriter,
    UnreadableFileError,
    XlsxFileWriter,
    csv_bytes,
    guard,
    read_table,
    unguard,
    xlsx_bytes,
)
from tests.auxil.spreadsheets import formula_fields

HEADER = ["tier", "place", "full_name"]
ROWS = [["municipal", "Бучанська громада", "Тарас Шевчук"], ["city", "Львів", '=HYPERLINK("x")']]
# Text that Excel would run if any way of splitting its line let a field begin with it.
NASTY = [
    ";=1+1",
    "маємо своє;=1+1",
    ",=cmd|' /C calc'!A0",
    "; +380501234567",
    "a;\t=1",
    "-5",
    "@SUM(1)",
    '=HYPERLINK("http://evil";"click")',
    'Сказав "так";"=2+2"\n-3\r\n @x,\t',
    " =1",
    "\t=1",
    "\r=1",
    "'=1",
    "так;'-1",
    "Так, але;",
]


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


def test_each_piece_a_separator_or_a_line_break_starts_is_guarded() -> None:
    assert guard("маємо своє;=1+1") == "маємо своє;'=1+1"
    assert guard(",=cmd|' /C calc'!A0") == ",'=cmd|' /C calc'!A0"
    assert guard("; +380501234567") == "; '+380501234567"  # after the spaces, right before the sign
    assert guard("a;\t=1") == "a;'\t'=1"  # a tab may be skipped, or split pasted text
    assert guard('так;"=1"\n-2') == "так;\"'=1\"\n'-2"
    assert guard("'=1") == "''=1"  # the cell's own apostrophe kept: unguard takes one off
    assert guard("Так, але;") == "Так, але;'"  # else that piece runs on into the next row
    assert guard("2026-11-23, Бучанська громада") == "2026-11-23, Бучанська громада"


@pytest.mark.parametrize("cell", NASTY)
def test_no_split_of_a_line_starts_a_formula(cell: str) -> None:
    content = csv_bytes(["text", "number", cell], [[cell, -5, cell], ["-5", 5, cell]])
    assert formula_fields(content) == []
    assert unguard(guard(cell)) == cell


def test_numbers_stay_numbers_and_text_that_looks_like_one_is_guarded() -> None:
    content = csv_bytes(["a", "b"], [["-5", -5], ["=1+1", "+380"], ["-x", "@y"], ["plain", ""]])
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines == ["a,b", "'-5,-5", "'=1+1,'+380", "'-x,'@y", "plain,"]


def test_every_short_text_is_guarded_and_unguarded_exactly() -> None:
    characters = "=-@;, \"'\t\r\na"
    texts = ["".join(text) for length in range(5) for text in itertools.product(characters, repeat=length)]
    assert [text for text in texts if unguard(guard(text)) != text] == []
    short = [text for text in texts if len(text) <= 3]
    assert formula_fields(csv_bytes(["x"], [[text, 1, text] for text in short])) == []


def test_csv_export_has_a_bom_and_guards_formulas() -> None:
    content = csv_bytes(HEADER, ROWS)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[2][2] == '\'=HYPERLINK("x")'
    assert read_table(content) == [HEADER, *ROWS]
    nasty = [[cell.strip(), cell.strip()] for cell in NASTY]  # the reader trims cells
    assert read_table(csv_bytes(["a", "b"], nasty))[1:] == nasty


def test_xlsx_export_stores_formula_like_text_as_text() -> None:
    content = xlsx_bytes(HEADER, ROWS)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    cell = sheet["C3"]
    assert cell.value == '=HYPERLINK("x")'
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert read_table(content, "roster.xlsx") == [HEADER, *ROWS]


def test_xlsx_cells_are_never_split_so_only_their_start_is_guarded() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(["a"], [["маємо своє;=1+1"], ["-5"], [-5]]))).active
    assert sheet is not None
    split, text, number = sheet["A2"], sheet["A3"], sheet["A4"]
    assert split.value == "маємо своє;=1+1" and not split.quotePrefix  # no apostrophe inside the text
    assert text.value == "-5" and text.data_type == "s" and text.quotePrefix
    assert number.value == -5 and number.data_type == "n"


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
