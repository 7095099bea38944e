"""Roster files: CSV (UTF-8 with or without BOM, or Excel's cp1251 with `;`) and XLSX, read and written."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

BOM = "\ufeff"
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@")
GUARD = "'"
_DELIMITERS = (",", ";", "\t")
_XLSX_MAGIC = b"PK\x03\x04"

Table = list[list[str]]
# A cell to write: text, or a whole number that a spreadsheet should keep as a number (a count, an id).
Cell = str | int

# The roster file's columns, in the order exports write them (raion is informational: import ignores it).
ROSTER_COLUMNS = (
    "tier",
    "region",
    "raion",
    "place",
    "place_code",
    "status",
    "full_name",
    "telegram",
    "phone",
    "email",
)


class UnreadableFileError(Exception):
    """The file is neither a CSV nor an XLSX we can read."""


def is_xlsx(name: str) -> bool:
    """Whether a file name asks for XLSX (anything else is CSV)."""
    return name.lower().endswith(".xlsx")


def read_table(content: bytes, name: str = "") -> Table:
    """The file's rows as trimmed strings, header first, the formula guard taken off."""
    xlsx = content.startswith(_XLSX_MAGIC) or is_xlsx(name)
    rows = _read_xlsx(content) if xlsx else _read_csv(content)
    return [[unguard(cell) for cell in row] for row in rows]


def _decode(content: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1251, which Excel writes for "CSV" on Ukrainian Windows."""
    if content.startswith(BOM.encode()):
        return content[len(BOM.encode()) :].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1251", errors="replace")  # 0x98 is the one byte cp1251 leaves undefined


def _delimiter(text: str) -> str:
    """The separator the header line uses most: Excel's is `;` where the decimal mark is a comma."""
    header = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=header.count)


def _read_csv(content: bytes) -> Table:
    text = _decode(content)
    if "\x00" in text:
        raise UnreadableFileError("binary content")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [[cell.strip() for cell in row] for row in reader]
    except csv.Error as error:
        raise UnreadableFileError(str(error)) from error


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a Telegram id or phone typed as a number
    return str(value).strip()


def _read_xlsx(content: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise UnreadableFileError(str(error)) from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def needs_guard(cell: str) -> bool:
    """Whether a spreadsheet would take this text for a formula."""
    return cell.startswith(FORMULA_STARTS)


def guard(cell: str) -> str:
    """The CSV form of a cell: an apostrophe before anything a spreadsheet would run."""
    return GUARD + cell if needs_guard(cell) else cell


def unguard(cell: str) -> str:
    """Take the apostrophe of `guard` off again, so an exported file imports exactly."""
    if cell.startswith(GUARD) and needs_guard(cell[1:]):
        return cell[1:]
    return cell


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """Comma-separated UTF-8 with a BOM, so Excel opens Cyrillic correctly; formulas guarded."""
    buffer = io.BytesIO()
    # Encoded as written ("utf-8-sig" starts with the BOM): no second copy of a large file as text.
    text = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([guard(name) for name in header])
    writer.writerows([guard(cell) if isinstance(cell, str) else cell for cell in row] for row in rows)
    text.flush()
    return buffer.getvalue()


def xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence[Cell]], sheet_title: str = "roster") -> bytes:
    """One sheet of text and number cells; text that looks like a formula is stored with quotePrefix."""
    # Write-only: rows stream to the file, so a year of check-ins (~76,000 rows) stays small in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append([_xlsx_cell(sheet, name) for name in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Cell) -> Cell | WriteOnlyCell:
    """The value itself, or for text a spreadsheet would run, a text cell that Excel shows as typed."""
    if not isinstance(value, str) or not needs_guard(value):
        return value
    # openpyxl writes "=…" as a formula; a string cell with quotePrefix is what Excel makes of '=….
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
