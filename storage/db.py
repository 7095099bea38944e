"""The one database connection of the process and its transactions."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

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
        """Open the file with WAL, foreign keys and a busy timeout."""
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit transactions, so BEGIN/COMMIT are ours alone.
        connection = await aiosqlite.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        connection.row_factory = sqlite3.Row
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA synchronous=NORMAL")
        await connection.execute("PRAGMA foreign_keys=ON")
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
        """BEGIN IMMEDIATE; a task cancelled meanwhile (a worker at shutdown) rolls it back first.

        aiosqlite runs the statement on its thread whether or not the caller still waits, so without
        this a cancelled BEGIN would leave the connection inside a transaction nobody ends, and every
        later BEGIN (the final persistence flush, say) would fail.
        """
        begin = asyncio.ensure_future(self._connection.execute("BEGIN IMMEDIATE"))
        try:
            await asyncio.shield(begin)
        except asyncio.CancelledError:
            await asyncio.wait({begin})
            if not begin.cancelled() and begin.exception() is None:
                await self._connection.execute("ROLLBACK")
            raise

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement in its own transaction; return the last row id."""
        if self._in_transaction is asyncio.current_task():
            cursor = await self._connection.execute(sql, params)
            return cursor.lastrowid or 0
        async with self.transaction() as connection:
            cursor = await connection.execute(sql, params)
            return cursor.lastrowid or 0

    async def write_returning(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """Run one write statement with RETURNING under the write lock; return its first row."""
        async with self.transaction() as connection, connection.execute(sql, params) as cursor:
            row: sqlite3.Row | None = await cursor.fetchone()
            return row

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one write statement for many rows in a single transaction."""
        async with self.transaction() as connection:
            await connection.executemany(sql, rows)

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """The first row of a query, or None."""
        async with self._connection.execute(sql, params) as cursor:
            row: sqlite3.Row | None = await cursor.fetchone()
            return row

    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Every row of a query."""
        async with self._connection.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None."""
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def backup_to(self, target: Path) -> None:
        """A consistent copy through SQLite's online backup, safe while the bot writes."""
        target.parent.mkdir(parents=True, exist_ok=True)
        async with aiosqlite.connect(target) as destination:
            await self._connection.backup(destination)
