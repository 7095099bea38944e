"""Files only their owner may read, whatever the umask: made so, or narrowed before data goes in."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from storage.private_files import create_private_database, open_private, write_private

pytestmark = pytest.mark.usefixtures("usual_umask")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_the_owner_s_only(tmp_path: Path) -> None:
    target = tmp_path / "roster.csv"
    write_private(target, b"tier,region\r\n")
    assert mode(target) == 0o600
    assert target.read_bytes() == b"tier,region\r\n"


def test_an_older_readable_file_is_narrowed_and_emptied(tmp_path: Path) -> None:
    target = tmp_path / "checkins.csv"
    target.write_bytes(b"last week's rows")
    target.chmod(0o644)
    with open_private(target) as file:
        assert mode(target) == 0o600  # before anything is written
        file.write(b"this week's")
    assert target.read_bytes() == b"this week's"


def test_a_new_database_file_is_private_and_an_existing_one_untouched(tmp_path: Path) -> None:
    new = tmp_path / "new.sqlite3"
    create_private_database(new)
    assert mode(new) == 0o600 and new.read_bytes() == b""
    existing = tmp_path / "existing.sqlite3"
    existing.write_bytes(b"SQLite format 3\x00")
    existing.chmod(0o640)
    create_private_database(existing)
    assert mode(existing) == 0o640 and existing.read_bytes() == b"SQLite format 3\x00"
