"""The connection: transactions roll back whole; the online backup is consistent; files stay private."""

from __future__ import annotations

import asyncio
import contextlib
import stat
from pathlib import Path

import aiosqlite
import pytest

from storage import users
from storage.db import Database
from storage.migrate import migrate
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


@pytest.mark.usefixtures("usual_umask")
async def test_the_database_its_wal_shm_and_a_backup_are_the_owner_s_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bot.sqlite3"
    db = await Database.open(path)
    try:
        await migrate(db)
        await users.record_seen(db, SeenUser(42, "Оксана", None, "oksana", "uk"))
        files = [path, path.with_name("bot.sqlite3-wal"), path.with_name("bot.sqlite3-shm")]
        assert [_mode(file) for file in files] == [0o600, 0o600, 0o600]
        backup = tmp_path / "backups" / "copy.sqlite3"
        await db.backup_to(backup)
        assert _mode(backup) == 0o600
    finally:
        await db.close()


async def test_deleted_rows_are_overwritten_and_the_wal_can_be_emptied(db: Database) -> None:
    assert await db.fetch_value("PRAGMA secure_delete") == 1
    await users.record_seen(db, SeenUser(42, "Оксана", None, "oksana", "uk"))
    wal = db.path.with_name(f"{db.path.name}-wal")
    assert wal.stat().st_size > 0
    await db.truncate_wal()
    assert wal.stat().st_size == 0
    assert await db.fetch_value("SELECT first_name FROM users WHERE telegram_id = 42") == "Оксана"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)
