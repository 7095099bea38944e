"""An invite link in the bot process: killed between the claim and the appointment, nothing is half-done."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from bot.services.joining import invites
from bot.settings import Settings
from storage import posts, users
from storage.db import Database
from storage.migrate import migrate
from storage.users import SeenUser
from tests.auxil.bot_under_test import PROJECT_ROOT, start_bot_process
from tests.auxil.places import ZHYTOMYRSKA
from tg_emulator import TelegramEmulator

pytestmark = pytest.mark.slow

PROCESS_TIMEOUT = 30.0
FAULTS = Path(__file__).resolve().parent / "faults"  # its sitecustomize.py wraps storage.invites.claim
COORDINATOR = 5151
HOLDER = 5152


async def _a_coordinators_invite(settings: Settings) -> str:
    """The token of a coordinator's invite to the Zhytomyrska hromada post."""
    db = await Database.open(settings.database_path)
    try:
        await migrate(db)
        await users.record_seen(db, SeenUser(COORDINATOR, "Iryna", None, None, "en"))
        await users.set_role(db, COORDINATOR, "coordinator")
        post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
        assert post is not None
        created = await invites.create_invite(db, post, COORDINATOR, 14)
    finally:
        await db.close()
    return created.token


async def _redemption(settings: Settings) -> tuple[object, ...]:
    """What redeeming writes: the invite's use, the post's holder and terms, the person, the audit entry."""
    db = await Database.open(settings.database_path)
    try:
        return (
            tuple(await db.fetch_one("SELECT used_at IS NOT NULL, used_by FROM invites") or ()),
            await db.fetch_value(
                "SELECT pe.telegram_id FROM posts po LEFT JOIN people pe ON pe.id = po.holder_id"
                " WHERE po.tier = 'municipal' AND po.place_code = ?",
                (ZHYTOMYRSKA,),
            ),
            await db.fetch_value("SELECT count(*) FROM post_history"),
            await db.fetch_value("SELECT count(*) FROM people WHERE telegram_id = ?", (HOLDER,)),
            await db.fetch_value("SELECT count(*) FROM audit_log WHERE action = 'invite.redeemed'"),
        )
    finally:
        await db.close()


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.communicate(), PROCESS_TIMEOUT)


async def test_a_kill_between_the_claim_and_the_appointment_leaves_the_link_working(
    emulator: TelegramEmulator, settings: Settings, tmp_path: Path
) -> None:
    emulator.limits.enabled = False
    token = await _a_coordinators_invite(settings)
    coordinator = emulator.user(COORDINATOR, "Iryna", language_code="en", has_started=True)
    olena = emulator.user(HOLDER, "Olena", language_code="uk")

    faulty = await start_bot_process(
        settings,
        tmp_path,
        PYTHONPATH=os.pathsep.join((str(FAULTS), str(PROJECT_ROOT))),
        CDTO_TEST_KILL_AFTER_INVITE_CLAIM="1",
    )
    try:
        await olena.send(f"/start {token}")
        _, stderr = await asyncio.wait_for(faulty.communicate(), PROCESS_TIMEOUT)
    finally:
        if faulty.returncode is None:
            faulty.kill()
            await faulty.wait()
    assert faulty.returncode == -signal.SIGKILL, stderr.decode()
    assert await _redemption(settings) == ((0, None), None, 0, 0, 0)  # unused, and nobody appointed

    # Telegram would hand the unconfirmed /start to the next process; here Olena sends it again.
    emulator.world.updates.clear()
    restarted = await start_bot_process(settings, tmp_path)
    try:
        await olena.send(f"/start {token}")
        welcome = await olena.next_message(timeout=PROCESS_TIMEOUT)
        assert "Вітаємо, Olena!" in welcome.text
        assert "Житомирська громада" in welcome.text
        told = await coordinator.next_message(timeout=PROCESS_TIMEOUT)
        assert "Olena" in told.text and "opened your invite link" in told.text
    finally:
        await _stop(restarted)
    assert restarted.returncode == 0
    assert await _redemption(settings) == ((1, HOLDER), HOLDER, 1, 1, 1)
    assert olena.messages[0].message_id == welcome.message_id  # the killed process said nothing
    assert len(coordinator.messages) == 1
