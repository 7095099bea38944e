"""Roster import: every row checked, the plan of changes, and applying it all or nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.i18n import Catalogs
from bot.services.roster.rows import BadRow, Holder, Row, normal, read_rows
from bot.services.spreadsheets import Table, UnreadableFileError, read_table
from storage import places as place_rows, roster_io
from storage.db import Database
from storage.people import Person
from storage.posts import PostStatus, Tier
from storage.roster_io import ImportWrites, PersonWrite, RosterEntry


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do, or the bad rows that stop it."""

    rows: int
    added: int
    changed: int
    unchanged: int
    bad_rows: tuple[BadRow, ...]
    writes: ImportWrites
    digest: str

    @property
    def has_changes(self) -> bool:
        """Whether applying would write anything."""
        return not self.bad_rows and (self.added + self.changed) > 0


class BadImportError(Exception):
    """An import with bad rows was asked to be applied."""


class _People:
    """Who is already in the roster, found as the import's matching order asks."""

    def __init__(self, everyone: Sequence[Person]) -> None:
        self.by_id = {person.id: person for person in everyone}
        self.by_telegram = {p.telegram_id: p for p in everyone if p.telegram_id is not None}
        self.by_username: dict[str, Person] = {}
        for person in everyone:
            if person.telegram_username:
                self.by_username.setdefault(person.telegram_username.casefold(), person)

    def match(self, holder: Holder, entry: RosterEntry | None) -> Person | None:
        """By Telegram id, else @username, else the post's current holder of the same name."""
        if holder.telegram_id is not None and holder.telegram_id in self.by_telegram:
            return self.by_telegram[holder.telegram_id]
        if holder.username and holder.username.casefold() in self.by_username:
            return self.by_username[holder.username.casefold()]
        if entry is None or entry.holder_id is None:
            return None
        same_name = normal(entry.holder_name or "") == normal(holder.full_name)
        # A namesake the file gives another Telegram account is someone else: never re-bind an account.
        other_account = holder.telegram_id is not None and entry.holder_telegram_id not in (
            None,
            holder.telegram_id,
        )
        if same_name and not other_account:
            return self.by_id.get(entry.holder_id)
        return None


def _person_write(holder: Holder, person: Person | None) -> PersonWrite:
    """The person as the file says, keeping what the file leaves out."""
    if person is None:
        return PersonWrite(
            None, holder.full_name, holder.telegram_id, holder.username, holder.phone, holder.email
        )
    return PersonWrite(
        person.id,
        holder.full_name,
        holder.telegram_id if holder.telegram_id is not None else person.telegram_id,
        holder.username if holder.username else person.telegram_username,
        holder.phone if "phone" in holder.given else person.phone,
        holder.email if "email" in holder.given else person.email,
    )


def _differs(write: PersonWrite, person: Person) -> bool:
    stored = (person.full_name, person.telegram_id, person.telegram_username, person.phone, person.email)
    return stored != (write.full_name, write.telegram_id, write.telegram_username, write.phone, write.email)


@dataclass
class _Draft:
    city_posts: list[str] = field(default_factory=list)
    people: list[PersonWrite] = field(default_factory=list)
    releases: list[tuple[str, str, str]] = field(default_factory=list)
    statuses: list[tuple[str, str, str]] = field(default_factory=list)
    appointments: list[tuple[str, str, int]] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    unchanged: int = 0

    def appoint(self, row: Row, write: PersonWrite) -> None:
        self.people.append(write)
        self.appointments.append((row.tier, row.place.code, len(self.people) - 1))

    def writes(self) -> ImportWrites:
        return ImportWrites(
            tuple(self.city_posts),
            tuple(self.people),
            tuple(self.releases),
            tuple(self.statuses),
            tuple(self.appointments),
        )


def plan(
    rows: Sequence[Row],
    bad: Sequence[BadRow],
    roster: Sequence[RosterEntry],
    everyone: Sequence[Person],
    target_city: int,
) -> ImportPlan:
    """Compare checked rows with the roster: what to add, change, leave; people matched or created."""
    entries = {(entry.tier, entry.place_code): entry for entry in roster}
    known = _People(everyone)
    post_of_person = {entry.holder_id: entry for entry in roster if entry.holder_id is not None}
    listed = {(row.tier, row.place.code) for row in rows}
    city_posts = sum(1 for entry in roster if entry.tier == Tier.CITY)
    bad_rows = list(bad)
    draft = _Draft()
    claimed: dict[int, int] = {}
    for row in rows:
        entry = entries.get((row.tier, row.place.code))
        if entry is None:
            city_posts += 1
            if row.tier != Tier.CITY or city_posts > target_city:
                bad_rows.append(BadRow(row.number, "city_limit", {"limit": str(target_city)}))
                continue
        person = known.match(row.holder, entry) if row.holder is not None else None
        if person is not None:
            problem = _claim(row, person, claimed, post_of_person, listed)
            if problem is not None:
                bad_rows.append(problem)
                continue
        _plan_row(draft, row, entry, person)
    bad_rows.sort(key=lambda bad_row: bad_row.number)
    writes = draft.writes() if not bad_rows else ImportWrites((), (), (), (), ())
    digest = hashlib.sha256(repr(writes).encode()).hexdigest()[:16]
    total = len(rows) + len(bad)
    return ImportPlan(total, draft.added, draft.changed, draft.unchanged, tuple(bad_rows), writes, digest)


def _claim(
    row: Row,
    person: Person,
    claimed: dict[int, int],
    post_of_person: dict[int, RosterEntry],
    listed: set[tuple[str, str]],
) -> BadRow | None:
    """A person holds one post: not named twice, and not holding another post this file leaves them."""
    if person.id in claimed:
        return BadRow(row.number, "duplicate_person", {"row": str(claimed[person.id])})
    claimed[person.id] = row.number
    current = post_of_person.get(person.id)
    if current is None or (current.tier, current.place_code) == (row.tier, row.place.code):
        return None
    if (current.tier, current.place_code) in listed:
        return None  # the file says who holds their old post now (naming them again is a duplicate)
    return BadRow(row.number, "holds_other_post", {"post": f"{current.place_name} ({current.region_name})"})


def _plan_row(draft: _Draft, row: Row, entry: RosterEntry | None, person: Person | None) -> None:
    key = (row.tier, row.place.code)
    if entry is None:
        draft.city_posts.append(row.place.code)
        draft.added += 1
        if row.holder is not None:
            draft.appoint(row, _person_write(row.holder, person))
        elif row.status != PostStatus.VACANT:
            draft.statuses.append((*key, row.status))
        return
    if row.holder is None:
        if entry.holder_id is not None:
            draft.releases.append((*key, row.status))
            draft.changed += 1
        elif entry.status != row.status:
            draft.statuses.append((*key, row.status))
            draft.changed += 1
        else:
            draft.unchanged += 1
        return
    write = _person_write(row.holder, person)
    if person is not None and person.id == entry.holder_id:
        if _differs(write, person) or entry.status != PostStatus.APPOINTED:
            draft.people.append(write)
            if entry.status != PostStatus.APPOINTED:
                draft.statuses.append((*key, PostStatus.APPOINTED))
            draft.changed += 1
        else:
            draft.unchanged += 1
        return
    if entry.holder_id is not None:
        draft.releases.append((*key, PostStatus.VACANT))
        draft.changed += 1
    else:
        draft.added += 1
    draft.appoint(row, write)


# -- the whole import ----------------------------------------------------------------------------


async def plan_table(db: Database, table: Table, target_city: int) -> ImportPlan:
    """Check a file's rows and plan them against the roster as it is now."""
    rows, bad = read_rows(table, await place_rows.all_places(db))
    return plan(rows, bad, await roster_io.roster(db), await roster_io.everyone(db), target_city)


async def plan_file(db: Database, content: bytes, name: str, target_city: int) -> ImportPlan:
    """The plan of a CSV or XLSX file; a file that cannot be read is one bad row (row 1)."""
    try:
        table = read_table(content, name)
    except UnreadableFileError:
        empty = ImportWrites((), (), (), (), ())
        return ImportPlan(0, 0, 0, 0, (BadRow(1, "unreadable"),), empty, "")
    return await plan_table(db, table, target_city)


async def apply_plan(db: Database, import_plan: ImportPlan, actor_id: int | None, source: str) -> None:
    """Write a plan with no bad rows, all at once, with one audit entry of its counts."""
    if import_plan.bad_rows:
        raise BadImportError(f"{len(import_plan.bad_rows)} bad row(s)")
    details = (
        f"{source}: added {import_plan.added}, changed {import_plan.changed},"
        f" unchanged {import_plan.unchanged}"
    )
    await roster_io.apply_writes(db, import_plan.writes, actor_id, details)


# -- describing it -------------------------------------------------------------------------------


def bad_row_text(catalogs: Catalogs, language: str, bad: BadRow) -> str:
    """`row N: reason` in a language (plain text: escape it before showing it as HTML)."""
    reason = catalogs.text(language, f"roster_import.bad.{bad.reason}", **bad.values)
    return catalogs.text(language, "roster_import.bad.row", number=bad.number, reason=reason)


def summary_text(catalogs: Catalogs, language: str, import_plan: ImportPlan) -> str:
    """The counts of a plan in one line."""
    return catalogs.text(
        language,
        "roster_import.summary",
        rows=import_plan.rows,
        added=import_plan.added,
        changed=import_plan.changed,
        unchanged=import_plan.unchanged,
        bad=len(import_plan.bad_rows),
    )
