"""Roster import: every row checked, the plan of changes, and applying it all or nothing."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.i18n import Catalogs
from bot.services.contacts import check_email, check_phone
from bot.services.roster_files import Table, UnreadableFileError, read_table
from bot.text_input import clean
from storage import places as place_rows
from storage import roster_io
from storage.db import Database
from storage.people import Person
from storage.places import Place
from storage.roster_io import ImportWrites, PersonWrite, RosterEntry

HOLDER_COLUMNS = ("full_name", "telegram", "phone", "email")
MAX_NAME_LENGTH = 200
# Header spellings people use, Ukrainian included; compared after `_normal`.
_HEADER_ALIASES = {
    "tier": ("tier", "рівень", "рівень посади", "рівень мережі"),
    "region": ("region", "регіон", "область", "oblast"),
    "raion": ("raion", "district", "район"),
    "place": ("place", "місце", "назва", "громада", "населений пункт", "одиниця"),
    "place_code": ("place_code", "place code", "code", "код", "катоттг", "код катоттг", "код за катоттг"),
    "status": ("status", "статус"),
    "full_name": ("full_name", "full name", "name", "піб", "п.і.б.", "ім'я", "прізвище, ім'я, по батькові"),
    "telegram": ("telegram", "телеграм", "телеграм-акаунт", "telegram id"),
    "phone": ("phone", "телефон", "номер телефону"),
    "email": ("email", "e-mail", "ел. пошта", "електронна пошта", "пошта"),
}
_TIER_VALUES = {
    "regional": ("regional", "регіональний", "регіональна", "обласний", "обласна", "регіон", "область"),
    "city": ("city", "місто", "міський", "міська"),
    "municipal": ("municipal", "муніципальний", "муніципальна", "громада", "hromada"),
}
_STATUS_VALUES = {
    "vacant": ("vacant", "вакантна", "вакантний", "вакантно", "вакансія", "вакант"),
    "appointing": ("appointing", "призначається", "в процесі призначення", "у процесі призначення"),
    "appointed": ("appointed", "призначено", "призначена", "призначений"),
}
KIND_OF_TIER = {"regional": "region", "city": "city", "municipal": "hromada"}
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{2,31}$")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_NAME_AFFIXES = (" область", " oblast", " громада", " hromada", "м. ", "м.", "місто ")


def _normal(text: str) -> str:
    """Case-, space- and apostrophe-insensitive form of a header, value or name."""
    return " ".join(clean(text).translate(_APOSTROPHES).casefold().split())


def _bare(name: str) -> str:
    """A place name without "область", "громада" or "м." (people write them or not)."""
    text = _normal(name)
    for affix in _NAME_AFFIXES:
        text = text.removesuffix(affix).removeprefix(affix)
    return text.strip()


def _reverse(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_normal(alias): key for key, spellings in aliases.items() for alias in spellings}


HEADERS = _reverse(_HEADER_ALIASES)
TIERS = _reverse(_TIER_VALUES)
STATUSES = _reverse(_STATUS_VALUES)


@dataclass(frozen=True)
class BadRow:
    """A row that cannot be imported: its number and why (a key under roster_import.bad)."""

    number: int
    reason: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Holder:
    """The person a row names, contacts in their normal form."""

    full_name: str
    telegram_id: int | None
    username: str | None
    phone: str | None
    email: str | None
    given: frozenset[str]  # which contact columns the file has (an absent column keeps what is stored)


@dataclass(frozen=True)
class Row:
    """A checked row: which post, which status, who holds it."""

    number: int
    tier: str
    place: Place
    status: str
    holder: Holder | None


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


# -- reading the rows ----------------------------------------------------------------------------


class _Places:
    """The codifier's places, found by code or by name within a region."""

    def __init__(self, found: Sequence[Place]) -> None:
        self.by_code = {place.code: place for place in found}
        self.regions: dict[str, Place] = {}
        self.by_name: dict[tuple[str, str, str], list[Place]] = {}
        for place in found:
            if place.kind == "region":
                for name in (place.name_uk, place.name_en):
                    self.regions[_normal(name)] = place
                    self.regions[_bare(name)] = place
                continue
            names = {
                _normal(place.name_uk),
                _normal(place.name_en),
                _bare(place.name_uk),
                _bare(place.name_en),
            }
            for name in names:
                self.by_name.setdefault((place.region_code, place.kind, name), []).append(place)


def _column_map(header: Sequence[str]) -> dict[str, int] | BadRow:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = HEADERS.get(_normal(title))
        if key is not None and key not in columns:
            columns[key] = index
    missing = [name for name in ("tier", "status") if name not in columns]
    if not {"place_code", "place", "region"} & columns.keys():
        missing.append("place_code / place / region")
    if missing:
        return BadRow(1, "missing_columns", {"columns": ", ".join(missing)})
    return columns


def _find_place(values: dict[str, str], tier: str, known: _Places) -> Place | BadRow:
    kind = KIND_OF_TIER[tier]
    code = values.get("place_code", "").upper()
    if code:
        place = known.by_code.get(code)
        if place is None:
            return BadRow(0, "unknown_code", {"code": code})
        if place.kind != kind:
            return BadRow(0, "code_tier", {"code": code})
        return place
    region_text = values.get("region", "") or (values.get("place", "") if tier == "regional" else "")
    if not region_text:
        return BadRow(0, "no_place")
    region = known.regions.get(_normal(region_text)) or known.regions.get(_bare(region_text))
    if region is None:
        return BadRow(0, "unknown_region", {"region": region_text})
    if tier == "regional":
        return region
    name = values.get("place", "")
    if not name:
        return BadRow(0, "no_place")
    candidates = known.by_name.get((region.code, kind, _normal(name))) or known.by_name.get(
        (region.code, kind, _bare(name)), []
    )
    if not candidates:
        return BadRow(0, "unknown_place", {"place": name, "region": region.name_uk})
    if len(candidates) > 1:
        named = (f"{place.raion_name_uk or ''} {place.code}".strip() for place in candidates)
        raions = "; ".join(sorted(named))
        return BadRow(0, "ambiguous_place", {"place": name, "raions": raions})
    return candidates[0]


def _telegram(text: str) -> tuple[int | None, str | None] | None:
    """(id, username) from "123456789", "@name", "name" or a t.me link; None if it is neither."""
    text = text.strip().removeprefix("https://").removeprefix("http://").removeprefix("t.me/")
    if text.isascii() and text.isdigit():
        return (int(text), None) if int(text) > 0 else None
    username = text.removeprefix("@")
    return (None, username) if _USERNAME.match(username) else None


def _holder(values: dict[str, str], columns: dict[str, int], status: str) -> Holder | BadRow | None:
    if status != "appointed":
        if any(values.get(name) for name in HOLDER_COLUMNS):
            return BadRow(0, "holder_not_appointed")
        return None
    if not any(values.get(name) for name in HOLDER_COLUMNS):
        return None  # appointed, the holder not known yet ("appointed, not yet in the bot")
    full_name = " ".join(clean(values.get("full_name", "")).split())
    if not full_name:
        return BadRow(0, "name_required")
    if len(full_name) > MAX_NAME_LENGTH:
        return BadRow(0, "name_too_long", {"limit": str(MAX_NAME_LENGTH)})
    telegram_id, username = None, None
    if values.get("telegram"):
        parsed = _telegram(values["telegram"])
        if parsed is None:
            return BadRow(0, "telegram", {"value": values["telegram"]})
        telegram_id, username = parsed
    phone = email = None
    if values.get("phone"):
        checked = check_phone(values["phone"])
        if checked.problem is not None:
            return BadRow(0, "phone", {"value": values["phone"]})
        phone = checked.value
    if values.get("email"):
        checked = check_email(values["email"])
        if checked.problem is not None:
            return BadRow(0, "email", {"value": values["email"]})
        email = checked.value
    given = frozenset(name for name in ("phone", "email") if name in columns)
    return Holder(full_name, telegram_id, username, phone, email, given)


def _row(number: int, values: dict[str, str], columns: dict[str, int], known: _Places) -> Row | BadRow:
    tier = TIERS.get(_normal(values.get("tier", "")))
    if tier is None:
        return BadRow(number, "tier", {"value": values.get("tier", "")})
    status = STATUSES.get(_normal(values.get("status", "")))
    if status is None:
        return BadRow(number, "status", {"value": values.get("status", "")})
    place = _find_place(values, tier, known)
    if isinstance(place, BadRow):
        return BadRow(number, place.reason, place.values)
    holder = _holder(values, columns, status)
    if isinstance(holder, BadRow):
        return BadRow(number, holder.reason, holder.values)
    return Row(number, tier, place, status, holder)


def read_rows(table: Table, found: Sequence[Place]) -> tuple[list[Row], list[BadRow]]:
    """Every data row checked on its own (row 1 is the header); duplicates of post or person are bad too."""
    if not table or not any(table[0]):
        return [], [BadRow(1, "empty")]
    columns = _column_map(table[0])
    if isinstance(columns, BadRow):
        return [], [columns]
    known = _Places(found)
    good: list[Row] = []
    bad: list[BadRow] = []
    seen_posts: dict[tuple[str, str], int] = {}
    seen_people: dict[object, int] = {}
    for index, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        values = {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}
        checked = _row(index, values, columns, known)
        if isinstance(checked, BadRow):
            bad.append(checked)
            continue
        post_key = (checked.tier, checked.place.code)
        if post_key in seen_posts:
            bad.append(BadRow(index, "duplicate_post", {"row": str(seen_posts[post_key])}))
            continue
        seen_posts[post_key] = index
        twin = _twin(checked.holder, seen_people, index)
        if twin is not None:
            bad.append(BadRow(index, "duplicate_person", {"row": str(twin)}))
            continue
        good.append(checked)
    return good, bad


def _person_keys(holder: Holder) -> list[object]:
    keys: list[object] = []
    if holder.telegram_id is not None:
        keys.append(("id", holder.telegram_id))
    if holder.username:
        keys.append(("username", holder.username.casefold()))
    if holder.phone:
        keys.append(("name+phone", _normal(holder.full_name), holder.phone))
    return keys


def _twin(holder: Holder | None, seen: dict[object, int], number: int) -> int | None:
    """The earlier row naming the same person (same Telegram, or same name and phone), if any."""
    if holder is None:
        return None
    keys = _person_keys(holder)
    for key in keys:
        if key in seen:
            return seen[key]
    for key in keys:
        seen[key] = number
    return None


# -- the plan ------------------------------------------------------------------------------------


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
        same_name = _normal(entry.holder_name or "") == _normal(holder.full_name)
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
    city_posts = sum(1 for entry in roster if entry.tier == "city")
    bad_rows = list(bad)
    draft = _Draft()
    claimed: dict[int, int] = {}
    for row in rows:
        entry = entries.get((row.tier, row.place.code))
        if entry is None:
            city_posts += 1
            if row.tier != "city" or city_posts > target_city:
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
        elif row.status != "vacant":
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
        if _differs(write, person) or entry.status != "appointed":
            draft.people.append(write)
            if entry.status != "appointed":
                draft.statuses.append((*key, "appointed"))
            draft.changed += 1
        else:
            draft.unchanged += 1
        return
    if entry.holder_id is not None:
        draft.releases.append((*key, "vacant"))
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
