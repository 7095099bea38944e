"""Roster export: every post as a row that the import reads back unchanged (raion is for reading only)."""

from __future__ import annotations

from bot.services.spreadsheets import ROSTER_COLUMNS, csv_bytes, is_xlsx, xlsx_bytes
from storage import roster_io
from storage.db import Database
from storage.roster_io import RosterEntry


def _telegram(entry: RosterEntry) -> str:
    """The numeric id when the holder is in the bot (it never changes), else their @username."""
    if entry.holder_telegram_id is not None:
        return str(entry.holder_telegram_id)
    return f"@{entry.holder_username}" if entry.holder_username else ""


def export_row(entry: RosterEntry) -> list[str]:
    """One post as a file row."""
    return [
        entry.tier,
        entry.region_name,
        entry.raion_name or "",
        entry.place_name,
        entry.place_code,
        entry.status,
        entry.holder_name or "",
        _telegram(entry),
        entry.holder_phone or "",
        entry.holder_email or "",
    ]


async def export_rows(db: Database) -> list[list[str]]:
    """Every post of the roster as file rows, in the roster's order."""
    return [export_row(entry) for entry in await roster_io.roster(db)]


def file_bytes(rows: list[list[str]], name: str) -> bytes:
    """Rows as CSV (UTF-8 with BOM) or XLSX, chosen by the file name's extension."""
    return xlsx_bytes(ROSTER_COLUMNS, rows) if is_xlsx(name) else csv_bytes(ROSTER_COLUMNS, rows)


async def export_bytes(db: Database, name: str) -> bytes:
    """The whole roster as a file of this name's kind."""
    return file_bytes(await export_rows(db), name)
