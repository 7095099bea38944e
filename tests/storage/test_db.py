"""The connection: transactions roll back whole; the online backup is consistent."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import aiosqlite
import pytest

from storage import users
from storage.db import Database
from storage.users import SeenUser


async def test_a_failed_transaction_writes_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as connection:
            await connection.execute("INSERT INTO bot_state (key, value) VALUES ('a', '1')")
            raise RuntimeError("half way")
    assert await db.fetch_value("SELECT count(*) FROM bot_state") == 0


async def test_execute_inside_a_transaction_joins_it(db: Database) -> None:
    async with db.transaction():
        await db.execute("INSERT INTO bot_state (key, value) VALUES ('a', '1')")
    assert await db.fetch_value("SELECT value FROM bot_state WHERE key = 'a'") == "1"


async def test_backup_is_readable(db: Database, tmp_path: Path) -> None:
    await users.record_seen(db, SeenUser(42, "Оксана", None, "oksana", "uk"))
    target = tmp_path / "copy" / "backup.sqlite3"
    await db.backup_to(target)
    async with aiosqlite.connect(target) as copy, copy.execute("SELECT first_name FROM users") as cursor:
        assert await cursor.fetchall() == [("Оксана",)]


async def test_a_nested_transaction_joins_the_outer_one(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction():
            async with db.transaction() as connection:
                await connection.execute("INSERT INTO bot_state (key, value) VALUES ('inner', '1')")
            raise RuntimeError("the outer unit of work fails after the inner one finished")
    assert await db.fetch_value("SELECT count(*) FROM bot_state") == 0


@pytest.mark.parametrize("yields", [1, 2, 3])
async def test_a_task_cancelled_while_beginning_leaves_no_transaction_open(db: Database, yields: int) -> None:
    # A worker cancelled at shutdown while its BEGIN was on aiosqlite's thread: the statement ran anyway.
    async def claim() -> None:
        async with db.transaction() as connection:
            await connection.execute("INSERT INTO bot_state (key, value) VALUES ('claimed', '1')")

    task = asyncio.create_task(claim())
    for _ in range(yields):
        await asyncio.sleep(0)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task

    await db.execute("INSERT INTO bot_state (key, value) VALUES ('after', '1')")
    assert await db.fetch_value("SELECT count(*) FROM bot_state WHERE key = 'after'") == 1
