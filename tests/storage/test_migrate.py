"""Migrations: numbered, each in one transaction, recorded; a newer database is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import Database
from storage.migrate import SchemaTooNewError, current_version, known_migrations, migrate


async def test_a_fresh_database_gets_every_migration(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "fresh.sqlite3")
    try:
        applied = await migrate(db)
        assert [m.version for m in applied] == [m.version for m in known_migrations()]
        assert await current_version(db) == known_migrations()[-1].version
        assert await migrate(db) == []
        assert await db.fetch_value("PRAGMA journal_mode") == "wal"
        assert await db.fetch_value("PRAGMA foreign_keys") == 1
    finally:
        await db.close()


async def test_a_failing_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    directory = tmp_path / "migrations"
    directory.mkdir()
    (directory / "0001_good.sql").write_text("CREATE TABLE a (x INTEGER);\n", encoding="utf-8")
    (directory / "0002_bad.sql").write_text(
        "CREATE TABLE b (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\n", encoding="utf-8"
    )
    db = await Database.open(tmp_path / "partial.sqlite3")
    try:
        with pytest.raises(Exception, match="no_such_table"):
            await migrate(db, directory)
        assert await current_version(db) == 1
        tables = {row[0] for row in await db.fetch_all("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "a" in tables
        assert "b" not in tables
    finally:
        await db.close()


async def test_a_database_newer_than_the_code_is_refused(db: Database) -> None:
    await db.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'future', 'x')")
    with pytest.raises(SchemaTooNewError, match="schema version 9999"):
        await migrate(db)


async def test_triggers_with_inner_semicolons_are_one_statement(tmp_path: Path) -> None:
    directory = tmp_path / "migrations"
    directory.mkdir()
    (directory / "0001_trigger.sql").write_text(
        "CREATE TABLE t (x INTEGER);\nCREATE TABLE log (x INTEGER);\n"
        "CREATE TRIGGER t_log AFTER INSERT ON t BEGIN\n  INSERT INTO log VALUES (new.x);\nEND;\n",
        encoding="utf-8",
    )
    db = await Database.open(tmp_path / "trigger.sqlite3")
    try:
        await migrate(db, directory)
        await db.execute("INSERT INTO t VALUES (5)")
        assert await db.fetch_value("SELECT x FROM log") == 5
    finally:
        await db.close()
