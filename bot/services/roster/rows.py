"""Reading a roster file's rows: headers and values in either language, places found, holders checked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.services.contacts import check_email, check_phone
from bot.services.spreadsheets import Table
from bot.text_input import clean
from storage.places import Place
from storage.posts import PLACE_KIND_OF_TIER, PostStatus

HOLDER_COLUMNS = ("full_name", "telegram", "phone", "email")
MAX_NAME_LENGTH = 200
# Header spellings people use, Ukrainian included; compared after `normal`.
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
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{2,31}$")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_NAME_AFFIXES = (" область", " oblast", " громада", " hromada", "м. ", "м.", "місто ")


def normal(text: str) -> str:
    """Case-, space- and apostrophe-insensitive form of a header, value or name."""
    return " ".join(clean(text).translate(_APOSTROPHES).casefold().split())


def _bare(name: str) -> str:
    """A place name without "область", "громада" or "м." (people write them or not)."""
    text = normal(name)
    for affix in _NAME_AFFIXES:
        text = text.removesuffix(affix).removeprefix(affix)
    return text.strip()


def _reverse(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normal(alias): key for key, spellings in aliases.items() for alias in spellings}


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
                    self.regions[normal(name)] = place
                    self.regions[_bare(name)] = place
                continue
            names = {
                normal(place.name_uk),
                normal(place.name_en),
                _bare(place.name_uk),
                _bare(place.name_en),
            }
            for name in names:
                self.by_name.setdefault((place.region_code, place.kind, name), []).append(place)


def _column_map(header: Sequence[str]) -> dict[str, int] | BadRow:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = HEADERS.get(normal(title))
        if key is not None and key not in columns:
            columns[key] = index
    missing = [name for name in ("tier", "status") if name not in columns]
    if not {"place_code", "place", "region"} & columns.keys():
        missing.append("place_code / place / region")
    if missing:
        return BadRow(1, "missing_columns", {"columns": ", ".join(missing)})
    return columns


def _find_place(values: dict[str, str], tier: str, known: _Places) -> Place | BadRow:
    kind = PLACE_KIND_OF_TIER[tier]
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
    region = known.regions.get(normal(region_text)) or known.regions.get(_bare(region_text))
    if region is None:
        return BadRow(0, "unknown_region", {"region": region_text})
    if tier == "regional":
        return region
    name = values.get("place", "")
    if not name:
        return BadRow(0, "no_place")
    candidates = known.by_name.get((region.code, kind, normal(name))) or known.by_name.get(
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
    if status != PostStatus.APPOINTED:
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
    tier = TIERS.get(normal(values.get("tier", "")))
    if tier is None:
        return BadRow(number, "tier", {"value": values.get("tier", "")})
    status = STATUSES.get(normal(values.get("status", "")))
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
        keys.append(("name+phone", normal(holder.full_name), holder.phone))
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
