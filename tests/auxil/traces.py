"""Looking for what is left of a person: in every column of every table, and in the database's bytes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from storage.db import Database


async def traces_in_tables(db: Database, telegram_id: int, texts: Iterable[str]) -> list[str]:
    """ "table.column: what" for every column holding the Telegram id (as a number or inside text) or one
    of the texts (inside text)."""
    wanted = [str(telegram_id), *texts]
    found = []
    tables = await db.fetch_all(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    for (table,) in tables:
        for column in await db.fetch_all(f"PRAGMA table_info({table})"):
            name = column["name"]
            if await db.fetch_value(f"SELECT count(*) FROM {table} WHERE {name} = ?", (telegram_id,)):
                found.append(f"{table}.{name}: {telegram_id}")
            for text in wanted:
                hits = await db.fetch_value(
                    f"SELECT count(*) FROM {table} WHERE instr(CAST({name} AS TEXT), ?) > 0", (text,)
                )
                if hits:
                    found.append(f"{table}.{name}: {text!r}")
    return found


def traces_in_files(database: Path, texts: Iterable[str]) -> list[str]:
    """The texts found in the bytes of the database file and its WAL (UTF-8)."""
    found = []
    for path in (database, database.with_name(database.name + "-wal")):
        if not path.exists():
            continue
        content = path.read_bytes()
        found += [f"{path.name}: {text!r}" for text in texts if text.encode() in content]
    return found
