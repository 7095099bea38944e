"""Who a check-in cycle expects an answer from: the post holders with a Telegram account.

The holders are recorded per cycle when its reminder goes out (`record_expected`), so digests and
history of past cycles keep the network as it was; a cycle with no record uses today's holders.
"""

from __future__ import annotations

from collections.abc import Sequence

from storage.audiences import Member
from storage.db import Database

# One row per person: someone holding two posts counts once, under the highest tier.
_HOLDERS = """
    SELECT pe.telegram_id, u.language, u.telegram_language, po.tier, po.place_code, pl.region_code,
           u.role
    FROM posts po
    JOIN people pe ON pe.id = po.holder_id
    JOIN places pl ON pl.code = po.place_code
    LEFT JOIN users u ON u.telegram_id = pe.telegram_id
    WHERE pe.telegram_id IS NOT NULL
    ORDER BY pe.telegram_id,
             CASE po.tier WHEN 'regional' THEN 0 WHEN 'city' THEN 1 ELSE 2 END, po.place_code
"""

_RECORDED = """
    SELECT e.telegram_id, u.language, u.telegram_language, e.tier, e.place_code, e.region_code, u.role
    FROM checkin_expected e LEFT JOIN users u ON u.telegram_id = e.telegram_id
    WHERE e.cycle = ? ORDER BY e.telegram_id
"""


async def current_holders(db: Database) -> list[Member]:
    """Every post holder with a Telegram account, reachable or not, once each."""
    members: dict[int, Member] = {}
    for row in await db.fetch_all(_HOLDERS):
        members.setdefault(int(row[0]), Member(*row))
    return list(members.values())


async def record_expected(db: Database, cycle: str, members: Sequence[Member]) -> None:
    """Remember who this cycle asks (kept as first recorded)."""
    await db.execute_many(
        "INSERT OR IGNORE INTO checkin_expected (cycle, telegram_id, tier, place_code, region_code)"
        " VALUES (?, ?, ?, ?, ?)",
        [(cycle, m.telegram_id, m.tier, m.place_code, m.region_code) for m in members],
    )


async def expected_members(db: Database, cycle: str) -> list[Member]:
    """The members a cycle expects: as recorded at its reminder, else today's post holders."""
    rows = await db.fetch_all(_RECORDED, (cycle,))
    if not rows:
        return await current_holders(db)
    return [Member(*row) for row in rows]


async def unreachable_ids(db: Database) -> frozenset[int]:
    """Chats the bot cannot write to now."""
    rows = await db.fetch_all("SELECT telegram_id FROM unreachable_chats")
    return frozenset(int(row[0]) for row in rows)
