"""The bot as a process: SIGKILL mid-flow and resume, a second instance, backup, bad settings."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.lifecycle import RunningBot, start_bot, stop_bot
from bot.settings import Settings
from tests.auxil.bot_under_test import PROJECT_ROOT, bot_environment, start_bot_process
from tg_emulator import TelegramEmulator

pytestmark = pytest.mark.slow

PROCESS_TIMEOUT = 30.0


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), PROCESS_TIMEOUT)


async def test_a_flow_survives_sigkill(
    emulator: TelegramEmulator, settings: Settings, tmp_path: Path
) -> None:
    first = await start_bot_process(settings, tmp_path)
    try:
        user = emulator.user(5001, "Марта", language_code="uk")
        await user.send("/feedback")
        topics = await user.next_message(timeout=PROCESS_TIMEOUT)
        await user.press(topics, "Проблема", timeout=PROCESS_TIMEOUT)
        asked = await user.wait_edit(topics, timeout=PROCESS_TIMEOUT)
        assert "Тема: Проблема" in asked.text
        await emulator.settle(quiet=0.3)  # the handler has returned and its state is written
    finally:
        first.kill()
        await first.wait()
    assert first.returncode == -signal.SIGKILL

    second = await start_bot_process(settings, tmp_path)
    try:
        await user.send("Після перезапуску")
        preview = await user.next_message(timeout=PROCESS_TIMEOUT)
        assert "Проблема" in preview.text
        assert "Після перезапуску" in preview.text
        await user.press(preview, "Надіслати", timeout=PROCESS_TIMEOUT)
        assert (await user.next_message(timeout=PROCESS_TIMEOUT)).text.startswith("Збережено (№ 1)")
    finally:
        await _stop(second)
    assert second.returncode == 0


async def test_a_second_instance_stops_with_a_clear_message(
    emulator: TelegramEmulator, settings: Settings, tmp_path: Path
) -> None:
    established: RunningBot = await start_bot(settings, conflict_grace=0)
    try:
        other_settings = settings.model_copy(update={"database_path": tmp_path / "other.sqlite3"})
        second = await start_bot_process(other_settings, tmp_path)
        _, stderr = await asyncio.wait_for(second.communicate(), PROCESS_TIMEOUT)
        assert second.returncode == 3
        assert "another instance of the bot is polling with this token" in stderr.decode()
        assert not established.runtime.stop_requested.is_set()
        user = emulator.user(5002, "Still", language_code="en")
        await user.send("/start")
        assert "Hello, Still" in (await user.next_message(timeout=PROCESS_TIMEOUT)).text
    finally:
        await stop_bot(established)


async def test_backup_while_running_reads_back(
    emulator: TelegramEmulator, bot: RunningBot, tmp_path: Path
) -> None:
    user = emulator.user(5003, "Backup", language_code="en")
    await user.send("/start")
    await user.next_message()
    target = tmp_path / "backups" / "copy.sqlite3"
    result = await _cli(bot.runtime.settings, tmp_path, "backup", str(target))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT first_name FROM users WHERE telegram_id = 5003").fetchone() == ("Backup",)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("ADMIN_IDS", "12,abc", "cdto-bot: ADMIN_IDS: 'abc' is not a numeric Telegram id"),
        ("BOT_TOKEN", "", "cdto-bot: BOT_TOKEN: missing"),
        (
            "TIMEZONE",
            "Europe/Atlantis",
            "cdto-bot: TIMEZONE: 'Europe/Atlantis' is not a known IANA time zone",
        ),
        ("TARGET_MUNICIPAL", "many", "cdto-bot: TARGET_MUNICIPAL: Input should be a valid integer"),
    ],
)
async def test_bad_settings_end_with_one_line_and_exit_code_2(
    settings: Settings, tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    result = await _cli(settings, tmp_path, "run", **{variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected)
    assert "Traceback" not in result.stderr


async def test_a_rejected_token_ends_with_one_line_and_exit_code_2(
    emulator: TelegramEmulator, settings: Settings, tmp_path: Path
) -> None:
    rejected = "654321:REJECTED-secret-part"
    process = await start_bot_process(settings, tmp_path, BOT_TOKEN=rejected)
    stdout, stderr = await asyncio.wait_for(process.communicate(), PROCESS_TIMEOUT)
    assert process.returncode == 2
    assert stderr.decode().splitlines() == ["cdto-bot: BOT_TOKEN was rejected by Telegram"]
    assert "REJECTED-secret-part" not in stdout.decode() + stderr.decode()
    assert emulator.calls == []  # the emulator answered 401 to its getMe, as Telegram does


async def test_migrate_then_a_newer_database_is_refused(settings: Settings, tmp_path: Path) -> None:
    result = await _cli(settings, tmp_path, "migrate")
    assert result.returncode == 0, result.stderr
    assert "migration(s) applied" in result.stdout
    with sqlite3.connect(settings.database_path) as connection:
        connection.execute("INSERT INTO schema_version VALUES (9999, 'future', 'x')")
    result = await _cli(settings, tmp_path, "run")
    assert result.returncode == 1
    assert "newer than this code knows" in result.stderr
    assert "Traceback" not in result.stderr


def test_console_script_and_module_are_the_same() -> None:
    script = Path(sys.executable).parent / "cdto-bot"
    module = subprocess.run(
        [sys.executable, "-m", "cli", "--help"], capture_output=True, text=True, check=True
    )
    assert "run" in module.stdout and "sandbox" in module.stdout
    if script.exists():
        console = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
        assert console.stdout.replace("cdto-bot", "") == module.stdout.replace("cdto-bot", "")


async def _cli(
    settings: Settings, cwd: Path, *arguments: str, **extra: str
) -> subprocess.CompletedProcess[str]:
    environment = bot_environment(settings, PYTHONPATH=str(PROJECT_ROOT), **extra)
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "cli", *arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
    )
