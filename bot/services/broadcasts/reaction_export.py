"""Reactions to broadcasts as a CSV or XLSX file: one row per member's reaction, in the reader's language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal
from zoneinfo import ZoneInfo

from bot.i18n import Catalogs
from bot.services.spreadsheets import csv_bytes, xlsx_bytes
from bot.time_format import sortable_moment
from storage.broadcast_reports import ReactionRow
from storage.clock import parse_stored
from storage.personal_data import erased_number

FileKind = Literal["csv", "xlsx"]
FILE_KINDS: tuple[FileKind, ...] = ("csv", "xlsx")
COLUMNS = ("broadcast", "service", "member", "tier", "place", "raion", "region", "reaction", "note", "time")


def header(catalogs: Catalogs, language: str) -> list[str]:
    """The column names in the reader's language."""
    return [catalogs.text(language, f"broadcasts_admin.export.column.{column}") for column in COLUMNS]


def _in_language(language: str, uk: str | None, en: str | None) -> str:
    return (en if language == "en" else uk) or uk or ""


def _member(catalogs: Catalogs, language: str, row: ReactionRow) -> str:
    erased = erased_number(row.telegram_id)
    return row.member_name if erased is None else catalogs.text(language, "erased.person", number=erased)


def export_row(catalogs: Catalogs, language: str, zone: ZoneInfo, row: ReactionRow) -> list[str]:
    """One reaction as a file row (member-typed text stays as typed; the file guards formulas)."""
    return [
        str(row.broadcast_id),
        row.service_title,
        _member(catalogs, language, row),
        catalogs.text(language, f"tier.{row.tier}") if row.tier else "",
        _in_language(language, row.place_name_uk, row.place_name_en),
        _in_language(language, row.raion_name_uk, row.raion_name_en),
        _in_language(language, row.region_name_uk, row.region_name_en),
        catalogs.text(language, f"broadcasts_admin.export.reaction.{row.kind}"),
        row.note or "",
        sortable_moment(parse_stored(row.updated_at), zone),
    ]


def export_bytes(
    catalogs: Catalogs, language: str, zone: ZoneInfo, rows: Sequence[ReactionRow], kind: FileKind
) -> bytes:
    """The reactions as a file: CSV (UTF-8 with BOM) or XLSX, formulas guarded either way."""
    table = [export_row(catalogs, language, zone, row) for row in rows]
    names = header(catalogs, language)
    return xlsx_bytes(names, table, sheet_title="reactions") if kind == "xlsx" else csv_bytes(names, table)


def file_name(scope: Literal["broadcast", "service"], scope_id: int, kind: FileKind) -> str:
    """e.g. reactions-broadcast-12.csv."""
    return f"reactions-{scope}-{scope_id}.{kind}"
