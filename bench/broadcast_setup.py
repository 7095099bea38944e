"""A database with many members and one broadcast already in the outbox, for the fault test and the bench.

Members are the holders of the codifier's hromada posts (1,469 of them), then, past that, members without
a post. The broadcast is published through `bot.services.broadcasts.publish` with a worker that is never
started, so the batch is only stored: the bot process that starts next finds it and delivers it.

`python bench/broadcast_setup.py DATABASE MEMBERS [--first-id N]` does the same as a process of its own and
prints its resident memory before and after publishing (the publishing half of the bench's peak RSS).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.i18n import Catalogs  # noqa: E402
from bot.services.broadcasts import Published, publish  # noqa: E402
from bot.services.broadcasts.audience import Audience  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.transport.delivery import DeliveryWorker, Sent  # noqa: E402
from storage import directory, people, posts, users  # noqa: E402
from storage.broadcasts import Draft  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import migrate  # noqa: E402
from storage.outbox import Payload  # noqa: E402
from storage.users import SeenUser  # noqa: E402

FIRST_MEMBER_ID = 700_000
AUTHOR_ID = 9001  # the e2e suite's admin
TITLE = "Є-Черга громад"


def member_ids(count: int, first: int = FIRST_MEMBER_ID) -> list[int]:
    """The Telegram ids of `count` members."""
    return list(range(first, first + count))


async def seed_members(db: Database, telegram_ids: Sequence[int]) -> None:
    """Make every id a member, in one transaction: hromada post holders first, then members without a post."""
    hromadas = await directory.roster(db, "municipal", None)
    async with db.transaction():
        for telegram_id, card in zip(telegram_ids, hromadas, strict=False):
            person = await people.create_person(db, f"Голова {telegram_id}", telegram_id=telegram_id)
            await posts.set_holder(db, card.post_id, person.id, person.full_name)
        for telegram_id in telegram_ids[len(hromadas) :]:
            await users.record_seen(db, SeenUser(telegram_id, f"Член {telegram_id}", None, None, "uk"))
            await users.set_role(db, telegram_id, "member")


def draft(title: str = TITLE) -> Draft:
    """An urgent broadcast to everyone (urgent, so quiet hours do not hold it back)."""
    return Draft(
        title=title,
        body_html="Електронна черга на послуги ЦНАП: <b>готовий модуль</b> для кожної громади",
        body_length=69,
        link="https://diia.gov.ua",
        owner_body="Мінцифри",
        category="admin",
        attachment_kind=None,
        attachment_file_id=None,
        audience=Audience("all").to_json(),
        urgent=True,
    )


async def _never_sent(chat_id: int, payload: Payload) -> Sent:
    raise AssertionError("this worker only stores the batch; the bot process delivers it")


async def prepare(
    path: Path, settings: Settings, members: int, *, first_id: int = FIRST_MEMBER_ID, publish_one: bool = True
) -> Published | None:
    """Migrate, seed `members` and publish one broadcast into the outbox, then close the database."""
    db = await Database.open(path)
    try:
        await migrate(db)
        await seed_members(db, member_ids(members, first_id))
        await users.record_seen(db, SeenUser(AUTHOR_ID, "Автор", None, None, "uk"))
        if not publish_one:
            return None
        worker = DeliveryWorker(
            db, _never_sent, rate=settings.broadcast_rate, max_attempts=settings.broadcast_max_attempts
        )
        return await publish(db, worker, Catalogs(), settings, AUTHOR_ID, draft(), datetime.now(UTC))
    finally:
        await db.close()


def memory_kib(field: str = "VmRSS", pid: str = "self") -> int:
    """A memory figure of a process from /proc (VmRSS now, VmHWM the peak), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    """Prepare a database as a process of its own and print its memory before and after."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("members", type=int)
    parser.add_argument("--first-id", type=int, default=FIRST_MEMBER_ID)
    parser.add_argument("--members-only", action="store_true", help="seed the members, publish nothing")
    arguments = parser.parse_args()
    settings = Settings(_env_file=None, bot_token="1:x")  # type: ignore[call-arg,arg-type]
    before = memory_kib()
    published = asyncio.run(
        prepare(
            arguments.database,
            settings,
            arguments.members,
            first_id=arguments.first_id,
            publish_one=not arguments.members_only,
        )
    )
    if published is not None:
        print(f"published broadcast {published.broadcast.id} to {published.recipients} recipients")
    print(f"rss_before_kib={before} peak_kib={memory_kib('VmHWM')}")


if __name__ == "__main__":
    main()
