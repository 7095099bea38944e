"""Numbered migrations: `NNNN_name.sql` files and `NNNN_name.py` steps that load data.

Numbers only grow: a new migration takes the next number above the highest in the folder. Gaps are
allowed and stay gaps (a database already past a number never applies a file added below it later).
"""

from __future__ import annotations

import importlib
import re
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from storage.db import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_NAME = re.compile(r"^(\d{4})_(\w+)\.(sql|py)$")

PythonStep = Callable[[aiosqlite.Connection], Awaitable[None]]


class SchemaTooNewError(Exception):
    """The database was migrated by a newer version of the bot."""


@dataclass(frozen=True)
class Migration:
    """One numbered step of the schema."""

    version: int
    name: str
    path: Path


def known_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Every migration shipped with the code, in order; numbers must not repeat."""
    found: dict[int, Migration] = {}
    for path in sorted(directory.iterdir()):
        match = _NAME.match(path.name)
        if not match:
            continue
        version = int(match.group(1))
        if version in found:
            raise RuntimeError(f"two migrations are numbered {version:04d}")
        found[version] = Migration(version, match.group(2), path)
    return [found[version] for version in sorted(found)]


def _statements(script: str) -> list[str]:
    """Split a script into complete statements (triggers' inner semicolons included)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        not line.strip() or line.strip().startswith("--") for line in buffer.splitlines()
    ):
        raise ValueError(f"incomplete SQL statement at the end: {buffer.strip()[:60]!r}")
    return statements


async def current_version(db: Database) -> int:
    """The highest applied version, 0 for an empty database."""
    exists = await db.fetch_value(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    )
    if not exists:
        return 0
    return int(await db.fetch_value("SELECT coalesce(max(version), 0) FROM schema_version") or 0)


async def _apply(db: Database, migration: Migration) -> None:
    async with db.transaction() as connection:
        if migration.path.suffix == ".sql":
            for statement in _statements(migration.path.read_text(encoding="utf-8")):
                await connection.execute(statement)
        else:
            module = importlib.import_module(f"storage.migrations.{migration.path.stem}")
            step: PythonStep = module.apply
            await step(connection)
        await connection.execute(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
            (migration.version, migration.name, datetime.now(UTC).isoformat(timespec="seconds")),
        )


async def migrate(db: Database, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Apply every pending migration, each in one transaction; return those applied."""
    migrations = known_migrations(directory)
    newest_known = migrations[-1].version if migrations else 0
    await db.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    version = await current_version(db)
    if version > newest_known:
        raise SchemaTooNewError(
            f"the database {db.path} is at schema version {version}, newer than this code knows "
            f"({newest_known}); run a newer version of the bot or restore a backup"
        )
    applied = []
    for migration in migrations:
        if migration.version > version:
            await _apply(db, migration)
            applied.append(migration)
    return applied
