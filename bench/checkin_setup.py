"""Databases for the check-in bench: members who may answer, and a year of their weekly check-ins.

Members are post holders with a Telegram account and the member role: the 25 regional posts first, then
hromada posts (25 + 1,438 = 1,463, the size of the network's 25-38-1400 plan). `fill_history` writes
weeks of check-ins as the bot would have stored them, with plain SQL inserts in one transaction: who
each week expected, sheets in the shipped questions' form with answers of a few hundred characters,
some members on leave, some away (/away absences), some silent (a few never answer), a few drafts
never confirmed, and the week's reminder, nudge and digest recorded as made.

`python bench/checkin_setup.py DATABASE [--members 1463] [--weeks 52]` builds one to look at.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.broadcast_setup import member_ids, memory_kib  # noqa: E402
from bot.services.checkins.cycles import Cycle, cycle_at  # noqa: E402
from storage import checkin_members, directory, people, posts, users  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import migrate  # noqa: E402
from storage.users import SeenUser  # noqa: E402

COORDINATOR_ID = 9002
ZONE = ZoneInfo("Europe/Kyiv")

_FIRST = ("Олена", "Андрій", "Ірина", "Тарас", "Оксана", "Богдан", "Наталія", "Юрій", "Марія", "Олег")
_LAST = ("Коваленко", "Шевчук", "Бондар", "Мельник", "Ткаченко", "Кравець", "Лисенко", "Гнатюк")
DONE = (
    "запустили електронну чергу в ЦНАП, перші 120 записів за тиждень",
    "провели навчання з цифрової грамотності для працівників старостатів",
    "підключили громаду до модуля «Дія.Engine» для подання заяв на соціальну допомогу",
    "оновили сайт громади: розділ послуг, контакти та відкриті дані",
    "переглянули договір з провайдером, до кінця місяця оптика буде в трьох селах",
    "зібрали потреби шкіл у ноутбуках і подали заявку на субвенцію",
    "налаштували облік звернень мешканців у єдиній системі",
    "разом із сусідньою громадою домовилися про спільний геопортал",
)
PLANNED = (
    "підготувати звіт про цифрову зрілість громади для обласної адміністрації",
    "провести зустріч зі старостами щодо переходу на електронний документообіг",
    "запустити опитування мешканців про якість адміністративних послуг",
    "закінчити інвентаризацію комп'ютерної техніки та ліцензій",
    "організувати курс «Дія.Цифрова освіта» для людей старшого віку",
    "узгодити з юристами положення про відкриті дані громади",
)
BLOCKERS = (
    "бракує коштів на ліцензії, бюджет на наступний рік ще не затверджено",
    "немає стабільного зв'язку в трьох старостинських округах, провайдер відкладає роботи",
    "не вистачає людей: одна посада спеціаліста з ІТ вакантна вже пів року",
    "повільне погодження технічного завдання в обласній адміністрації",
)
_HELP = (
    "потрібна консультація щодо інтеграції реєстру територіальної громади з Дією",
    "просимо допомогти з типовим технічним завданням на електронний документообіг",
    "потрібні роз'яснення щодо захисту персональних даних при публікації відкритих даних",
)


def sentences(chance: random.Random, pool: Sequence[str], low: int, high: int) -> str:
    """Sentences from `pool` joined until the text is `low`..`high` characters long."""
    wanted = chance.randint(low, high)
    parts: list[str] = []
    while sum(len(part) + 2 for part in parts) < wanted:
        parts.append(chance.choice(pool))
    text = "; ".join(parts)[:wanted].rsplit(" ", 1)[0].rstrip(",;")
    return text[0].upper() + text[1:] + "."


def person_name(telegram_id: int) -> tuple[str, str]:
    """A member's first and last name (fixed per id)."""
    chance = random.Random(telegram_id)
    return chance.choice(_FIRST), chance.choice(_LAST)


async def seed_members(db: Database, telegram_ids: Sequence[int]) -> None:
    """Make every id a post holder (regional posts first, then hromadas) with the member role."""
    cards = [*await directory.roster(db, "regional", None), *await directory.roster(db, "municipal", None)]
    if len(telegram_ids) > len(cards):
        raise ValueError(f"only {len(cards)} posts to hold, not {len(telegram_ids)}")
    async with db.transaction():
        for telegram_id, card in zip(telegram_ids, cards, strict=False):
            first, last = person_name(telegram_id)
            person = await people.create_person(db, f"{first} {last}", telegram_id=telegram_id)
            await posts.set_holder(db, card.post_id, person.id, person.full_name)
            await users.record_seen(db, SeenUser(telegram_id, first, last, None, "uk"))
            await users.set_role(db, telegram_id, "member")
        await users.record_seen(db, SeenUser(COORDINATOR_ID, "Координаторка", None, None, "uk"))
        await users.set_role(db, COORDINATOR_ID, "coordinator")


async def prepare_members(path: Path, members: int) -> list[int]:
    """A fresh database with `members` members who may check in; their ids."""
    ids = member_ids(members)
    db = await Database.open(path)
    try:
        await migrate(db)
        await seed_members(db, ids)
    finally:
        await db.close()
    return ids


@dataclass
class History:
    """What `fill_history` wrote."""

    cycles: list[str]
    sheets: dict[str, int]
    absences: int


def _answers(chance: random.Random) -> dict[str, Any]:
    """One sheet in the shipped questions' form (data/checkin_questions.toml)."""
    needs_help = chance.random() < 0.2
    answers: dict[str, Any] = {
        "done": sentences(chance, DONE, 180, 420),
        "planned": sentences(chance, PLANNED, 120, 320),
        "blockers": sentences(chance, BLOCKERS, 80, 260) if chance.random() < 0.35 else None,
        "needs_help": needs_help,
    }
    if needs_help:
        answers["help_with"] = sentences(chance, _HELP, 80, 240)
    answers["services_launched"] = chance.choice((None, 0, 0, 1, 1, 2, 3))
    answers["people_trained"] = chance.choice((None, 0, 5, 12, 30, 45, 120))
    return answers


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _weeks(now: datetime, weeks: int) -> list[Cycle]:
    """The `weeks` cycles ending with the one `now` is in, oldest first."""
    cycles = [cycle_at(now, ZONE)]
    while len(cycles) < weeks:
        cycles.append(cycles[-1].previous())
    return cycles[::-1]


def _absences(chance: random.Random, ids: Sequence[int], cycles: list[Cycle]) -> list[tuple[Any, ...]]:
    """One in six members takes one or two breaks of one to three weeks in the year, set with /away."""
    rows = []
    for telegram_id in ids:
        if chance.random() >= 1 / 6:
            continue
        for _ in range(chance.choice((1, 1, 2))):
            start = chance.choice(cycles).opens.date() + timedelta(days=chance.randint(0, 4))
            end = start + timedelta(days=chance.randint(6, 20))
            created = _stamp(datetime.combine(start, datetime.min.time(), ZONE) - timedelta(days=3))
            rows.append((telegram_id, start.isoformat(), end.isoformat(), created))
    return rows


async def fill_history(db: Database, ids: Sequence[int], weeks: int, now: datetime) -> History:
    """Write `weeks` cycles of check-ins (the last one `now`'s) for the members `ids`, in one go."""
    chance = random.Random(52)
    cycles = _weeks(now, weeks)
    absences = _absences(chance, ids, cycles)
    away: dict[int, list[tuple[str, str]]] = {}
    for row in absences:
        away.setdefault(row[0], []).append((row[1], row[2]))
    never = set(chance.sample(list(ids), len(ids) // 40))  # 2.5% never answer
    flaky = set(chance.sample(list(ids), len(ids) // 10))  # 10% answer one week in two
    expected = await checkin_members.current_holders(db)
    sheets = {"submitted": 0, "on_leave": 0, "draft": 0, "silent": 0, "away": 0}
    rows: list[tuple[Any, ...]] = []
    sends: list[tuple[Any, ...]] = []
    for cycle in cycles:
        first_day = cycle.opens.date().isoformat()
        last_day = (cycle.closes - timedelta(days=1)).date().isoformat()
        for kind, offset in (("reminder", 10), ("nudge", 58), ("digest", 112)):
            made = cycle.opens + timedelta(hours=offset)
            if made < now:
                sends.append((cycle.key, kind, _stamp(made)))
        for telegram_id in ids:
            if any(s <= last_day and e >= first_day for s, e in away.get(telegram_id, ())):
                sheets["away"] += 1
                continue
            roll = chance.random()
            started = cycle.opens + timedelta(hours=chance.uniform(10, 130))  # Monday 10:00 to Saturday
            silent = telegram_id in never or (telegram_id in flaky and roll < 0.5) or roll > 0.95
            if silent or started > now:  # this week's later answers are still to come
                sheets["silent"] += 1
                continue
            status = "on_leave" if roll < 0.03 else "draft" if roll < 0.05 else "submitted"
            answers: dict[str, Any] = {} if status == "on_leave" else _answers(chance)
            if status == "draft":
                answers = {"done": answers["done"]}
            finished = (
                None if status == "draft" else _stamp(started + timedelta(minutes=chance.uniform(2, 30)))
            )
            late = status == "submitted" and started > cycle.opens + timedelta(hours=112)
            stored = json.dumps(answers, ensure_ascii=False)
            updated = finished or _stamp(started)
            rows.append(
                (cycle.key, telegram_id, status, stored, int(late), _stamp(started), finished, updated)
            )
            sheets[status] += 1
    for cycle in cycles:
        await checkin_members.record_expected(db, cycle.key, expected)
    async with db.transaction() as connection:
        await connection.executemany(
            "INSERT INTO checkins (cycle, telegram_id, status, answers, late, started_at, submitted_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        await connection.executemany(
            "INSERT OR IGNORE INTO absences (telegram_id, starts_on, ends_on, created_at)"
            " VALUES (?, ?, ?, ?)",
            absences,
        )
        await connection.executemany(
            "INSERT INTO checkin_sends (cycle, kind, made_at) VALUES (?, ?, ?)", sends
        )
    return History([cycle.key for cycle in cycles], sheets, len(absences))


async def prepare_history(path: Path, members: int, weeks: int, now: datetime) -> History:
    """A fresh database with `members` members and `weeks` weeks of their check-ins."""
    ids = await prepare_members(path, members)
    db = await Database.open(path)
    try:
        return await fill_history(db, ids, weeks, now)
    finally:
        await db.close()


def main() -> None:
    """Build a database with a year of check-ins and say what is in it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--members", type=int, default=1463)
    parser.add_argument("--weeks", type=int, default=52)
    arguments = parser.parse_args()
    history = asyncio.run(
        prepare_history(arguments.database, arguments.members, arguments.weeks, datetime.now(ZONE))
    )
    print(f"{len(history.cycles)} weeks {history.cycles[0]}..{history.cycles[-1]}: {history.sheets}")
    print(f"{history.absences} absences; {arguments.database.stat().st_size / 2**20:.1f} MiB on disk")
    print(f"peak_kib={memory_kib('VmHWM')}")


if __name__ == "__main__":
    main()
