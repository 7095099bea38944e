"""The one database connection of the process and its transactions."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage.private_files import create_private_database, write_private

BUSY_TIMEOUT_SECONDS = 5.0

Params = tuple[Any, ...] | dict[str, Any]


class Database:
    """One long-lived connection; writes are serialised by a lock into explicit transactions."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._connection = connection
        self._write_lock = asyncio.Lock()
        self._in_transaction: asyncio.Task[Any] | None = None
        self.path = path

    @classmethod
    async def open(cls, path: Path) -> Database:
        """Open the file (made 0600 if new) with WAL, secure delete, foreign keys and a busy timeout."""
        path.parent.mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(create_private_database, path)
        # isolation_level=None: no implicit transactions, so BEGIN/COMMIT are ours alone.
        connection = await aiosqlite.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        connection.row_factory = sqlite3.Row
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA synchronous=NORMAL")
        await connection.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros instead of lingering in free pages (for erasures).
        await connection.execute("PRAGMA secure_delete=ON")
        return cls(connection, path)

    async def close(self) -> None:
        """Close the connection (its worker thread would otherwise keep the process alive)."""
        await self._connection.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception; inside another one, it joins it."""
        if self._in_transaction is asyncio.current_task():
            # A service that opens a transaction may be called by one that already has: one unit of work.
            yield self._connection
            return
        async with self._write_lock:
            await self._begin()
            self._in_transaction = asyncio.current_task()
            try:
                yield self._connection
            except BaseException:
                await self._connection.execute("ROLLBACK")
                raise
            else:
                await self._connection.execute("COMMIT")
            finally:
                self._in_transaction = None

    async def _begin(self) -> None:
        """BEGIN IMMEDIATE; if the task is cancelled meanwhile (a worker at shutdown), roll it back.

        aiosqlite runs a queued statement whether or not its caller still waits, in order, so the
        ROLLBACK queued after it ends what it began; without it the connection would stay inside a
        transaction nobody ends, and every later BEGIN (the final persistence flush) would fail.
        """
        try:
            await self._connection.execute("BEGIN IMMEDIATE")
        except asyncio.CancelledError:
            with contextlib.suppress(sqlite3.OperationalError):  # the BEGIN itself failed: nothing to end
                await self._connection.execute("ROLLBACK")
            raise

    # One statement is a transaction of its own (the connection is in autocommit mode), so the methods
    # below hold the lock but send no BEGIN/COMMIT, and each is a single trip to aiosqlite's thread:
    # that is most of what a handler's database work costs.

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement in its own transaction (or the task's); for an INSERT, its row id."""
        async with self._one_statement():
            row = await self._connection.execute_insert(sql, params)
            return int(row[0]) if row is not None and row[0] is not None else 0

    async def write_returning(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """Run one write statement with RETURNING in its own transaction; return its first row."""
        async with self._one_statement():
            rows = list(await self._connection.execute_fetchall(sql, params))
            return rows[0] if rows else None

    @asynccontextmanager
    async def _one_statement(self) -> AsyncIterator[None]:
        """The write lock, unless the current task's transaction holds it already."""
        if self._in_transaction is asyncio.current_task():
            yield
            return
        async with self._write_lock:
            yield

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one write statement for many rows in a single transaction."""
        async with self.transaction() as connection:
            await connection.executemany(sql, rows)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Every row of a query."""
        return list(await self._connection.execute_fetchall(sql, params))

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """The first row of a query (meant for one found by its key), or None."""
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None."""
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def truncate_wal(self) -> None:
        """Copy the WAL into the database and empty its file, so the old pages it held are gone.

        If another connection (a backup, say) still reads after the busy timeout, SQLite stops short
        and the file keeps its pages until the next truncating checkpoint.
        """
        async with self._one_statement():
            await self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def backup_to(self, target: Path) -> None:
        """A consistent copy (mode 0600) through SQLite's online backup, safe while the bot writes."""
        target.parent.mkdir(parents=True, exist_ok=True)
        # An empty private file first: SQLite would create the copy readable by everyone under umask 022.
        await asyncio.to_thread(write_private, target, b"")
        async with aiosqlite.connect(target) as destination:
            await self._connection.backup(destination)
