"""The check-in in the bot process: a SIGKILL mid-conversation; answers too long to show at once."""

from __future__ import annotations

import signal
from datetime import UTC, datetime
from pathlib import Path

from bot.lifecycle import RunningBot
from bot.services.checkins.cycles import cycle_at
from bot.settings import Settings
from storage import checkins, users
from storage.db import Database
from storage.migrate import migrate
from storage.users import SeenUser
from tests.auxil.bot_under_test import start_bot_process
from tests.auxil.checkin_steps import MakeRole, checkin_member, start_checkin
from tg_emulator import TelegramEmulator

PROCESS_TIMEOUT = 30.0
MAX_MESSAGE = 4096


async def _a_member(settings: Settings, telegram_id: int) -> None:
    db = await Database.open(settings.database_path)
    try:
        await migrate(db)
        await users.record_seen(db, SeenUser(telegram_id, "Оксана", None, None, "uk"))
        await users.set_role(db, telegram_id, "member")
    finally:
        await db.close()


async def test_a_check_in_resumes_after_sigkill(
    emulator: TelegramEmulator, settings: Settings, tmp_path: Path
) -> None:
    emulator.limits.enabled = False
    await _a_member(settings, 5201)
    member = emulator.user(5201, "Оксана", language_code="uk")
    first = await start_bot_process(settings, tmp_path)
    try:
        await member.send("/checkin")
        assert "1 з 6" in (await member.next_message(timeout=PROCESS_TIMEOUT)).text
        await member.send("Оцифрували архів")
        assert "2 з 6" in (await member.next_message(timeout=PROCESS_TIMEOUT)).text
        await member.send("Навчимо старост")
        assert "3 з 6" in (await member.next_message(timeout=PROCESS_TIMEOUT)).text
        await emulator.settle(quiet=0.3)  # the handler has returned and the state is written
    finally:
        first.kill()
        await first.wait()
    assert first.returncode == -signal.SIGKILL

    second = await start_bot_process(settings, tmp_path)
    try:
        await member.send("Немає інтернету в старостатах")  # the answer to step 3, after the restart
        step = await member.next_message(timeout=PROCESS_TIMEOUT)
        assert "4 з 6" in step.text
        await member.press(step, "Ні", timeout=PROCESS_TIMEOUT)
        for _ in range(2):
            step = await member.next_message(timeout=PROCESS_TIMEOUT)
            await member.press(step, "Пропустити", timeout=PROCESS_TIMEOUT)
        summary = await member.next_message(timeout=PROCESS_TIMEOUT)
        for answer in ("Оцифрували архів", "Навчимо старост", "Немає інтернету в старостатах"):
            assert answer in summary.text
        await member.press(summary, "✅ Підтвердити", timeout=PROCESS_TIMEOUT)
        assert "Дякуємо" in (await member.next_message(timeout=PROCESS_TIMEOUT)).text
    finally:
        second.send_signal(signal.SIGTERM)
        await second.wait()
    db = await Database.open(settings.database_path)
    try:
        cycle = cycle_at(datetime.now(UTC), settings.zone).key  # the process runs on the wall clock
        sheet = await checkins.get_checkin(db, cycle, 5201)
    finally:
        await db.close()
    assert sheet is not None and sheet.status == "submitted"
    assert sheet.answers["blockers"] == "Немає інтернету в старостатах"


async def test_long_answers_are_kept_whole_and_shown_in_parts(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> None:
    member = await checkin_member(emulator, make_role, 5202)
    await start_checkin(member)
    done = "Зробили & <перевірили> " + "а" * (MAX_MESSAGE - 30) + " кінець"
    planned = "План " * 800
    await member.send(done[:MAX_MESSAGE])
    await member.next_message()
    await member.send(planned.strip())
    step = await member.next_message()
    await member.press(step, "Пропустити")
    step = await member.next_message()
    await member.press(step, "Ні")
    for _ in range(2):
        step = await member.next_message()
        await member.press(step, "Пропустити")
    parts = [await member.next_message()]
    while not parts[-1].buttons:
        parts.append(await member.next_message())
    assert len(parts) >= 3
    assert all(len(part.text) <= MAX_MESSAGE for part in parts)
    shown = "".join(part.text for part in parts)
    assert done[:MAX_MESSAGE].replace(" ", "") in shown.replace(" ", "").replace("\n", "")
    assert parts[-1].button_texts()[0] == "✅ Підтвердити"
    await member.press(parts[-1], "✅ Підтвердити")
    await member.next_message()
    sheet = await checkins.get_checkin(
        bot.runtime.db, cycle_at(bot.runtime.now(), bot.runtime.settings.zone).key, 5202
    )
    assert sheet is not None and sheet.answers["done"] == done[:MAX_MESSAGE]
