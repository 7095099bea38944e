"""Roster files: CSV (UTF-8 with or without BOM, or Excel's cp1251 with `;`) and XLSX, read and written."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import BinaryIO, Protocol

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

BOM = "\ufeff"
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@")
GUARD = "'"
# A CSV line may be cut into fields other than ours: Excel splits on `;` where the decimal mark is a
# comma, and then ignores our quotes when they are not at the start of its field; pasted text splits on
# tabs; an unquoted field ends its row at a line break. So a field may begin at the start of a cell or
# after any of these inside it, past spaces and quotes, and it runs as a formula if it begins with
# = + - @ (or a tab or a carriage return, which some spreadsheets skip). One begun inside a cell and
# empty to the cell's end runs on into the writer's closing quote and the next row: guarded as well.
# Apostrophes already there count as part of what follows, so `unguard` takes off only those of `guard`.
_SPLIT = r"[,;\t\r\n]"
_BLANK = r'[ "]*'
_FORMULA = r"'*[=+\-@\t\r]"
_END = r"'*\Z"
_UNGUARDED = re.compile(rf"(?:^|{_SPLIT}){_BLANK}(?={_FORMULA})|{_SPLIT}{_BLANK}(?={_END})")
_GUARDED = re.compile(rf"((?:^|{_SPLIT}){_BLANK}){GUARD}(?={_FORMULA})|({_SPLIT}{_BLANK}){GUARD}(?={_END})")
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


def guard(cell: str) -> str:
    """The CSV form of a text cell: an apostrophe before whatever any split of the line would run.

    `=1+1` becomes `'=1+1`, and `так;=1+1` becomes `так;'=1+1`, so that each piece Excel may cut
    starts with an apostrophe, whether it splits on `,` or on `;`."""
    return _UNGUARDED.sub(r"\g<0>" + GUARD, cell)


def unguard(cell: str) -> str:
    """Take the apostrophes of `guard` off again, so an exported file imports exactly."""
    return _GUARDED.sub(r"\1\2", cell)


class TableWriter(Protocol):
    """A file being written a batch of rows at a time, its header already written."""

    def write_rows(self, rows: Iterable[Sequence[Cell]]) -> None:
        """Append rows to the file."""

    def close(self) -> None:
        """Finish the file (the target itself stays open: it belongs to the caller)."""

    def discard(self) -> None:
        """Give up an unfinished file (the caller removes the target)."""


class CsvFileWriter:
    """Comma-separated UTF-8 with a BOM, so Excel opens Cyrillic correctly; formulas guarded."""

    def __init__(self, target: BinaryIO, header: Sequence[str]) -> None:
        # Encoded as written ("utf-8-sig" starts with the BOM): no copy of the file as text.
        self._text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._text, lineterminator="\r\n")
        self._csv.writerow([guard(name) for name in header])

    def write_rows(self, rows: Iterable[Sequence[Cell]]) -> None:
        """Append rows, text cells guarded."""
        self._csv.writerows([guard(cell) if isinstance(cell, str) else cell for cell in row] for row in rows)

    def close(self) -> None:
        """Flush what is buffered and let go of the target without closing it."""
        self._text.flush()
        self._text.detach()

    def discard(self) -> None:
        """Let go of the target; what was written stays for the caller to remove."""
        self._text.detach()


class XlsxFileWriter:
    """One sheet of text and number cells; text that looks like a formula is stored with quotePrefix."""

    def __init__(self, target: BinaryIO, header: Sequence[str], sheet_title: str = "roster") -> None:
        # Write-only: openpyxl streams the rows to a temporary file and zips it into `target` at close.
        self._target = target
        self._workbook = Workbook(write_only=True)
        self._sheet = self._workbook.create_sheet(sheet_title)
        self._sheet.append([_xlsx_cell(self._sheet, name) for name in header])

    def write_rows(self, rows: Iterable[Sequence[Cell]]) -> None:
        """Append rows, formula-like text as text."""
        for row in rows:
            self._sheet.append([_xlsx_cell(self._sheet, value) for value in row])

    def close(self) -> None:
        """Zip the workbook into the target."""
        self._workbook.save(self._target)

    def discard(self) -> None:
        """End the sheet and remove openpyxl's temporary file of its rows (else kept until exit)."""
        self._sheet.close()
        self._sheet._writer.cleanup()


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """The rows as a CSV file (CsvFileWriter) in memory."""
    buffer = io.BytesIO()
    writer = CsvFileWriter(buffer, header)
    writer.write_rows(rows)
    writer.close()
    return buffer.getvalue()


def xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence[Cell]], sheet_title: str = "roster") -> bytes:
    """The rows as an XLSX file (XlsxFileWriter) in memory."""
    buffer = io.BytesIO()
    writer = XlsxFileWriter(buffer, header, sheet_title)
    writer.write_rows(rows)
    writer.close()
    return buffer.getvalue()


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Cell) -> Cell | WriteOnlyCell:
    """The value itself, or for text a spreadsheet would run, a text cell that Excel shows as typed.

    An XLSX cell is never split, so only its start matters (no apostrophes go into the text)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    # openpyxl writes "=…" as a formula; a string cell with quotePrefix is what Excel makes of '=….
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
