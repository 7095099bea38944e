"""What the command line writes only its owner may read, whatever the umask: the database, its
backups and every export (the bot's own exports go through the same writers)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.auxil.bot_under_test import SAMPLE, cdto_bot

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("usual_umask")]


def test_the_database_a_backup_and_every_export_are_the_owner_s_only(tmp_path: Path) -> None:
    imported = cdto_bot(tmp_path, "import-roster", str(SAMPLE))
    assert imported.returncode == 0, imported.stderr
    earlier = tmp_path / "roster.csv"  # an export from before, readable by everyone
    earlier.write_bytes(b"tier,region\r\n")
    earlier.chmod(0o644)
    commands = {
        "roster.csv": "export-roster",
        "roster.xlsx": "export-roster",
        "checkins.csv": "export-checkins",
        "checkins.xlsx": "export-checkins",
        "backups/copy.sqlite3": "backup",
    }
    for name, command in commands.items():
        done = cdto_bot(tmp_path, command, name)
        assert done.returncode == 0, done.stderr
    modes = {name: stat.S_IMODE((tmp_path / name).stat().st_mode) for name in ["bot.sqlite3", *commands]}
    assert modes == dict.fromkeys(modes, 0o600)
    assert "Тарас Шевчук" in earlier.read_text(encoding="utf-8-sig")  # rewritten whole
