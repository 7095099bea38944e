"""A small network for check-in digest tests: post holders in Cherkasy and Lviv regions."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.services.checkins.cycles import Cycle, cycle_of
from storage import people, posts
from storage.db import Database

KYIV = ZoneInfo("Europe/Kyiv")
CHERKASY, LVIV = "UA71000000000010357", "UA46000000000026241"
WEEK = cycle_of(2026, 48, KYIV)  # 23–29.11.2026
LAST_WEEK = cycle_of(2026, 47, KYIV)


async def hromadas(db: Database, region: str, count: int) -> list[str]:
    """The first `count` hromada codes of a region."""
    rows = await db.fetch_all(
        "SELECT code FROM places WHERE kind = 'hromada' AND region_code = ? ORDER BY code LIMIT ?",
        (region, count),
    )
    return [row[0] for row in rows]


async def appoint(db: Database, telegram_id: int, name: str, tier: str, place_code: str) -> None:
    """A person with a Telegram account holding the post of a place."""
    person = await people.create_person(db, name, telegram_id=telegram_id)
    post = await posts.find_post(db, tier, place_code) or await posts.create_post(db, tier, place_code)
    await posts.set_holder(db, post.id, person.id, name)


async def small_network(db: Database) -> dict[str, int]:
    """Two regional holders, one Cherkasy city CDTO, three Cherkasy and two Lviv hromada leaders."""
    cherkasy, lviv = await hromadas(db, CHERKASY, 3), await hromadas(db, LVIV, 2)
    ids = {
        "regional_cherkasy": 101,
        "regional_lviv": 102,
        "city_cherkasy": 103,
        "ch1": 111,
        "ch2": 112,
        "ch3": 113,
        "lv1": 121,
        "lv2": 122,
    }
    await appoint(db, 101, "Олена Коваль", "regional", CHERKASY)
    await appoint(db, 102, "Ігор Мельник", "regional", LVIV)
    await appoint(db, 103, "Марта <Сидоренко> & Co", "city", "UA71020130010081908")  # Звенигородка
    for key, code in zip(("ch1", "ch2", "ch3"), cherkasy, strict=True):
        await appoint(db, ids[key], f"Лідер {key}", "municipal", code)
    for key, code in zip(("lv1", "lv2"), lviv, strict=True):
        await appoint(db, ids[key], f"Лідер {key}", "municipal", code)
    return ids


def cycle_keys(cycle: Cycle, weeks: int) -> list[str]:
    """The keys of `weeks` cycles ending with `cycle`, oldest first."""
    keys = [cycle.key]
    while len(keys) < weeks:
        cycle = cycle.previous()
        keys.insert(0, cycle.key)
    return keys
