"""Check-ins as a CSV or XLSX file: a row per member each cycle expected, and anyone else who answered."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO, Literal
from zoneinfo import ZoneInfo

from bot.i18n import Catalogs
from bot.services.checkins.cycles import Cycle, parse_key
from bot.services.checkins.periods import CycleRange
from bot.services.checkins.place_names import PlaceNames, load_place_names
from bot.services.checkins.questions import Question
from bot.services.spreadsheets import Cell, CsvFileWriter, TableWriter, XlsxFileWriter
from bot.time_format import sortable_moment
from storage import checkins
from storage.audiences import Member
from storage.checkin_export import StoredCycle, stored_cycles
from storage.checkin_members import current_holders, expected_members
from storage.checkin_reports import names_of
from storage.checkins import Checkin
from storage.clock import parse_stored
from storage.collation import ukrainian_key
from storage.db import Database
from storage.personal_data import erased_number
from storage.posts import TIERS
from storage.private_files import open_private

FileKind = Literal["csv", "xlsx"]
FILE_KINDS: tuple[FileKind, ...] = ("csv", "xlsx")
COLUMNS = (
    "cycle",
    "week_start",
    "member",
    "telegram_id",
    "tier",
    "place",
    "region",
    "status",
    "late",
    "submitted_at",
)
_TIER_ORDER: dict[str, int] = {tier: order for order, tier in enumerate(TIERS)}


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote: its rows (the header aside), the cycles they cover, the file's bytes."""

    rows: int
    cycles: int
    size: int


@dataclass(frozen=True)
class _Entry:
    """One member in one cycle, with their sheet if they started one."""

    cycle: Cycle
    member: Member
    sheet: Checkin | None
    away: bool


@dataclass(frozen=True)
class Reader:
    """Whom the file is for: the language of its words and the zone of its times."""

    catalogs: Catalogs
    language: str
    zone: ZoneInfo
    # A year of a network is ~76,000 rows of the same few words; gettext's chained lookup is slow.
    _words: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def text(self, key: str) -> str:
        """A word of the file in the reader's language."""
        if key not in self._words:
            self._words[key] = self.catalogs.text(self.language, key)
        return self._words[key]

    def place(self, places: PlaceNames, code: str | None) -> tuple[str, str]:
        """A place's name and its region's in the reader's language."""
        found = places.by_code.get(code or "")
        if found is None:
            return "", ""
        region = found.region_name_uk if self.language == "uk" else found.region_name_en
        return found.name(self.language), region


@dataclass(frozen=True)
class _Export:
    """What every cycle of one export shares: the questions, the reader, today's holders, the places."""

    questions: Sequence[Question]
    reader: Reader
    holders: dict[int, Member]
    places: PlaceNames
    sort_keys: dict[Member, tuple[Any, ...]] = field(default_factory=dict)


async def export_checkins(
    db: Database,
    questions: Sequence[Question],
    span: CycleRange,
    fmt: FileKind,
    language: str,
    *,
    catalogs: Catalogs,
    zone: ZoneInfo,
    target: Path,
) -> ExportSummary:
    """Write the check-ins of the cycles in `span` to `target` as a file of kind `fmt`.

    Rows go by cycle, then tier, region, place and name. On any error (or cancellation) the partial
    file is removed."""
    reader = Reader(catalogs, language, zone)
    header = [reader.text(f"checkin_export.column.{column}") for column in COLUMNS]
    header += [question.text(language) for question in questions]
    file = await asyncio.to_thread(open_private, target)
    writer: TableWriter | None = None
    try:
        writer = (
            XlsxFileWriter(file, header, sheet_title="checkins")
            if fmt == "xlsx"
            else CsvFileWriter(file, header)
        )
        rows, cycles = await _write_cycles(db, questions, span, reader, writer)
        size = await asyncio.to_thread(_finish, writer, file)  # zipping a year's XLSX takes seconds
    except BaseException:
        await asyncio.to_thread(_discard, writer, file, target)
        raise
    return ExportSummary(rows, cycles, size)


def _finish(writer: TableWriter, file: BinaryIO) -> int:
    """Close the writer, then the file; the file's size."""
    writer.close()
    size = file.tell()
    file.close()
    return size


def _discard(writer: TableWriter | None, file: BinaryIO, target: Path) -> None:
    """Close and remove a file that could not be finished."""
    try:
        if writer is not None:
            writer.discard()
    finally:
        file.close()
        target.unlink(missing_ok=True)


async def _write_cycles(
    db: Database, questions: Sequence[Question], span: CycleRange, reader: Reader, writer: TableWriter
) -> tuple[int, int]:
    """Write every cycle stored in `span`, one at a time; the rows written and the cycles they cover.

    A year of the whole network is ~76,000 rows: only one week's sheets and rows are held, and the
    writing runs in a worker thread, so the event loop answers everyone else meanwhile."""
    first_key = span.first.key if span.first else None
    last_key = span.last.key if span.last else None
    cycles = await stored_cycles(db, first_key, last_key)
    export = _Export(
        questions,
        reader,
        {member.telegram_id: member for member in await current_holders(db)},
        await load_place_names(db),
    )
    written = 0
    for stored in cycles:
        written += await _write_cycle(db, stored, export, writer)
    return written, len(cycles)


async def _write_cycle(db: Database, stored: StoredCycle, export: _Export, writer: TableWriter) -> int:
    """Read, sort, render and write one cycle's rows; how many.

    A function of its own so that a week's sheets and rows are freed before the next week is read
    (a loop's variables would hold them until rebound: two weeks in memory, ~5 MiB more)."""
    entries = await _entries_of(db, stored, export.holders, export.reader.zone)
    names = await names_of(db, {entry.member.telegram_id for entry in entries})
    entries.sort(key=lambda entry: _sort_key(entry.member, names, export))
    rows = [_row(entry, export.questions, names, export.places, export.reader) for entry in entries]
    await asyncio.to_thread(writer.write_rows, rows)
    return len(rows)


async def _entries_of(
    db: Database, stored: StoredCycle, holders: dict[int, Member], zone: ZoneInfo
) -> list[_Entry]:
    """The members a cycle expected (nobody in a non-working week), then those who answered anyway."""
    cycle = parse_key(stored.key, zone)
    expected = [] if stored.nonworking else await expected_members(db, stored.key)
    sheets = {sheet.telegram_id: sheet for sheet in await checkins.checkins_of_cycle(db, stored.key)}
    last_day = (cycle.closes - timedelta(days=1)).date()
    away = await checkins.away_between(db, cycle.opens.date().isoformat(), last_day.isoformat())
    known = {member.telegram_id for member in expected}
    unexpected = [
        holders.get(telegram_id, Member(telegram_id, None, None, None, None, None, None))
        for telegram_id in sheets
        if telegram_id not in known
    ]
    return [
        _Entry(cycle, member, sheets.get(member.telegram_id), member.telegram_id in away)
        for member in [*expected, *unexpected]
    ]


def _sort_key(member: Member, names: dict[int, str], export: _Export) -> tuple[Any, ...]:
    """Tier, region, place, name: worked out once per member of the export, not per week."""
    known = export.sort_keys
    if member not in known:
        place, region = export.reader.place(export.places, member.place_code)
        known[member] = (
            _TIER_ORDER.get(member.tier or "", len(_TIER_ORDER)),
            ukrainian_key(region),
            ukrainian_key(place),
            ukrainian_key(names.get(member.telegram_id, "")),
            member.telegram_id,
        )
    return known[member]


def _status(entry: _Entry) -> str:
    """submitted, on_leave, away (an absence), draft or no_answer: a finished sheet wins."""
    sheet = entry.sheet
    if sheet is not None and sheet.status != "draft":
        return sheet.status
    if entry.away:
        return "away"
    return "draft" if sheet is not None else "no_answer"


def _who(telegram_id: int, names: dict[int, str], reader: Reader) -> tuple[str, int | str]:
    """The name and Telegram id columns; an erased person's pseudonym instead of both."""
    erased = erased_number(telegram_id)
    if erased is None:
        return names.get(telegram_id, ""), telegram_id
    return reader.catalogs.text(reader.language, "erased.person", number=erased), ""


def _row(
    entry: _Entry,
    questions: Sequence[Question],
    names: dict[int, str],
    places: PlaceNames,
    reader: Reader,
) -> list[Cell]:
    """One member's week as a file row: who, where, how they answered, then each answer."""
    member, sheet = entry.member, entry.sheet
    place, region = reader.place(places, member.place_code)
    late = submitted = ""
    if sheet is not None and sheet.status != "draft":  # a draft is neither sent nor late
        late = reader.text("checkin_export.yes" if sheet.late else "checkin_export.no")
        if sheet.submitted_at:
            submitted = sortable_moment(parse_stored(sheet.submitted_at), reader.zone)
    answers = sheet.answers if sheet is not None else {}
    return [
        entry.cycle.key,
        entry.cycle.opens.date().isoformat(),
        *_who(member.telegram_id, names, reader),
        reader.text(f"tier.{member.tier}") if member.tier else "",
        place,
        region,
        reader.text(f"checkin_export.status.{_status(entry)}"),
        late,
        submitted,
        *(_answer(answers.get(question.id), reader) for question in questions),
    ]


def _answer(value: object, reader: Reader) -> Cell:
    """Yes/no as words, a skipped answer empty, numbers as numbers, text as typed (line breaks kept)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return reader.text("checkin_export.yes" if value else "checkin_export.no")
    if isinstance(value, int):
        return value
    return str(value)


def cycle_file_name(cycle: Cycle, fmt: FileKind) -> str:
    """e.g. checkins-2026-W48.csv."""
    return f"checkins-{cycle.key}.{fmt}"


def period_file_name(first_day: date, last_day: date, fmt: FileKind) -> str:
    """e.g. checkins-2026-10-01_2026-11-30.xlsx."""
    return f"checkins-{first_day.isoformat()}_{last_day.isoformat()}.{fmt}"
