"""Shared settings for every test: offline, timedelta retry_after, a fresh database per test."""

from __future__ import annotations

import os

os.environ["PTB_TIMEDELTA"] = "1"

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from storage.db import Database
from storage.migrate import migrate

# The end-to-end fixtures (emulator, settings, bot …), for the stories in every test folder.
pytest_plugins = ["tests.auxil.e2e_fixtures"]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database in a temporary file."""
    database = await Database.open(tmp_path / "test.sqlite3")
    await migrate(database)
    yield database
    await database.close()


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The process umask at 022, a server's usual one: files made without care are world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)
