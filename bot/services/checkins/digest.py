"""A check-in cycle's digest: participation, blockers and help requests with who wrote them, the silent.

For the whole network (coordinators) or one region (its regional post holder); the figures follow
participation.py over the members the cycle expected. Rendering is digest_text.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.services.checkins.cycles import Cycle
from bot.services.checkins.participation import Participation, participation, silent_twice
from bot.services.checkins.questions import Question, asked
from storage import checkin_reports
from storage.audiences import Member
from storage.checkin_members import current_holders, expected_members, unreachable_ids
from storage.checkins import Checkin, away_between, checkins_of_cycle, is_nonworking
from storage.db import Database
from storage.posts import TIERS

TIER_ORDER: dict[str, int] = {tier: order for order, tier in enumerate(TIERS)}
# How far back "the cycle before" may skip non-working weeks (holidays rarely run longer).
LOOK_BACK_WEEKS = 8


@dataclass(frozen=True)
class Person:
    """A member as the digest names them."""

    telegram_id: int
    name: str  # the roster's full name, else the Telegram name, else the id
    place: str  # the place code as text ("" if none); the renderer names it in the reader's language
    place_code: str | None


@dataclass(frozen=True)
class Entry:
    """One blocker or help request, with who wrote it."""

    person: Person
    text: str  # the raw answer (escaped only when rendered)
    late: bool


@dataclass(frozen=True)
class Digest:
    """Everything a digest of one cycle shows, for the network or one region."""

    cycle: Cycle
    region_code: str | None  # None: the whole network; else one region
    nonworking: bool  # coordinators marked the week non-working
    participation: Participation  # over the members of the scope the cycle expected
    late: int  # answered after that cycle's digest was sent
    unreachable: int  # expected members the bot cannot write to now
    blockers: tuple[Entry, ...]  # answers of questions marked digest = "blockers"
    help_requests: tuple[Entry, ...]  # answers of questions marked digest = "help"
    silent_twice: tuple[Person, ...]  # no confirmed answer this cycle and the working one before


def week_days(cycle: Cycle) -> tuple[str, str]:
    """The cycle's Monday and Sunday in its zone, as absences store days (YYYY-MM-DD)."""
    monday = cycle.opens.date()
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat()


def in_scope(members: Sequence[Member], region_code: str | None) -> list[Member]:
    """The members of one region, or all of them."""
    return list(members) if region_code is None else [m for m in members if m.region_code == region_code]


async def build_digest(
    db: Database, questions: Sequence[Question], cycle: Cycle, region_code: str | None
) -> Digest:
    """Gather a cycle's digest for the network (`region_code` None) or one region."""
    expected = in_scope(await expected_members(db, cycle.key), region_code)
    sheets = await checkins_of_cycle(db, cycle.key)
    absent = await away_between(db, *week_days(cycle))
    this_cycle = participation(expected, sheets, absent)
    nonworking = await is_nonworking(db, cycle.key)
    silent = frozenset() if nonworking else await _silent_twice(db, cycle, region_code, this_cycle)

    members = {m.telegram_id: m for m in expected}
    # The network's digest lists every submitted sheet, even of someone holding no post, so that no
    # request for help is lost; a region's digest lists its expected members' only.
    written = [
        sheet
        for sheet in sheets
        if sheet.status == "submitted" and (region_code is None or sheet.telegram_id in members)
    ]
    found = _answers(questions, written)
    named = {sheet.telegram_id for sheet, _, _ in found} | silent
    names = await checkin_reports.names_of(db, named)
    people = {telegram_id: _person(telegram_id, names, members) for telegram_id in named}
    answered = {
        sheet.telegram_id
        for sheet in sheets
        if sheet.status == "submitted" and sheet.telegram_id in members and sheet.telegram_id not in absent
    }

    def entries(section: str) -> tuple[Entry, ...]:
        chosen = [Entry(people[s.telegram_id], text, s.late) for s, kind, text in found if kind == section]
        return tuple(sorted(chosen, key=lambda entry: _order(entry.person, members)))

    return Digest(
        cycle=cycle,
        region_code=region_code,
        nonworking=nonworking,
        participation=this_cycle,
        late=sum(1 for sheet in sheets if sheet.late and sheet.telegram_id in answered),
        unreachable=len(members.keys() & await unreachable_ids(db)),
        blockers=entries("blockers"),
        help_requests=entries("help"),
        silent_twice=tuple(sorted((people[i] for i in silent), key=lambda p: _order(p, members))),
    )


def _answers(questions: Sequence[Question], sheets: Sequence[Checkin]) -> list[tuple[Checkin, str, str]]:
    """(sheet, digest section, text) for each non-empty answer to a question marked for the digest."""
    found: list[tuple[Checkin, str, str]] = []
    for sheet in sheets:
        for question in asked(tuple(questions), sheet.answers):
            value = sheet.answers.get(question.id)
            if question.digest and isinstance(value, str) and value.strip():
                found.append((sheet, question.digest, value.strip()))
    return found


def _person(telegram_id: int, names: dict[int, str], members: dict[int, Member]) -> Person:
    member = members.get(telegram_id)
    place_code = member.place_code if member else None
    return Person(telegram_id, names.get(telegram_id) or str(telegram_id), place_code or "", place_code)


def _order(person: Person, members: dict[int, Member]) -> tuple[str, int, str, int]:
    """By region, then tier (regional first), then name; people without a post last."""
    member = members.get(person.telegram_id)
    region = member.region_code if member and member.region_code else "~"
    tier = TIER_ORDER.get(member.tier or "", 3) if member else 3
    return region, tier, person.name.casefold(), person.telegram_id


async def _silent_twice(
    db: Database, cycle: Cycle, region_code: str | None, this_cycle: Participation
) -> frozenset[int]:
    """Silent this cycle and in the working cycle before it; nobody, if that cycle asked no one."""
    before = cycle.previous()
    oldest = before
    for _ in range(LOOK_BACK_WEEKS):
        oldest = oldest.previous()
    nonworking = await checkin_reports.nonworking_between(db, oldest.key, before.key)
    while before.key in nonworking:
        before = before.previous()
    recorded = await checkin_reports.expected_between(db, before.key, before.key)
    sheets = (await checkin_reports.statuses_between(db, before.key, before.key)).get(before.key, [])
    if before.key not in recorded and not sheets:
        return frozenset()  # the bot did not run that week: no silence to speak of
    members = recorded.get(before.key) or await current_holders(db)
    absent = await away_between(db, *week_days(before))
    last_cycle = participation(in_scope(members, region_code), sheets, absent)
    return silent_twice(this_cycle, last_cycle)


@dataclass(frozen=True)
class WeekPoint:
    """One week of the participation chart."""

    cycle_key: str
    week: int  # the ISO week number, for the axis label
    rate: float | None  # None: nobody expected, or the bot asked no one that week
    nonworking: bool


async def participation_weeks(
    db: Database, last: Cycle, region_code: str | None, weeks: int = 12
) -> list[WeekPoint]:
    """Participation of the `weeks` cycles ending with `last`, oldest first (one query per kind of data)."""
    cycles = [last]
    while len(cycles) < weeks:
        cycles.insert(0, cycles[0].previous())
    first_key, last_key = cycles[0].key, last.key
    recorded = await checkin_reports.expected_between(db, first_key, last_key)
    sheets = await checkin_reports.statuses_between(db, first_key, last_key)
    absences = await checkin_reports.absences_between(db, week_days(cycles[0])[0], week_days(last)[1])
    nonworking = await checkin_reports.nonworking_between(db, first_key, last_key)
    # Weeks whose reminder recorded nobody fall back to today's holders, as expected_members does.
    holders = None if all(c.key in recorded for c in cycles) else await current_holders(db)
    points = []
    for cycle in cycles:
        week_sheets = sheets.get(cycle.key, [])
        rate = None
        if cycle.key in recorded or week_sheets:
            members = in_scope(recorded.get(cycle.key) or holders or [], region_code)
            monday, sunday = week_days(cycle)
            absent = frozenset(a.telegram_id for a in absences if a.overlaps(monday, sunday))
            rate = participation(members, week_sheets, absent).overall.rate
        points.append(WeekPoint(cycle.key, cycle.week, rate, cycle.key in nonworking))
    return points
