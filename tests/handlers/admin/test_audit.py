"""/audit: coordinators read the latest changes, newest first, with who made them and when."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import Catalogs
from bot.lifecycle import RunningBot
from bot.services import broadcasts as service
from storage import audit, places
from storage.audit import AuditAction
from storage.clock import parse_stored
from tests.auxil.bot_under_test import ADMIN_ID
from tests.auxil.broadcast_steps import COORDINATOR_ID, draft, network, publish
from tests.auxil.setstatus_steps import open_card, set_status
from tg_emulator import TelegramEmulator

COORDINATOR = 5501
ZHYTOMYR_HROMADA = "Hromada (digital leader): Zhytomyrska hromada, Zhytomyrskyi Raion, Zhytomyr Oblast"


async def test_the_admin_sees_a_coordinators_changes_by_name(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(COORDINATOR, "Iryna <Ira>", last_name="Bondar", language_code="en")
    card = await open_card(
        coordinator,
        "municipal",
        "Zhytomyr",
        typed="Zhytomyrska",
        place="Zhytomyrska hromada, Zhytomyrskyi",
    )
    await set_status(coordinator, card, "being appointed")
    card = await open_card(coordinator, "regional", "Vinnytsia")
    await set_status(coordinator, card, "appointed")

    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/audit")
    log = (await admin.next_message()).text
    assert log.startswith("Audit log (newest first)")
    newest = log.index(
        "Post status: Regional (oblast administration, Kyiv): Vinnytsia Oblast — vacant → appointed"
    )
    older = log.index(f"Post status: {ZHYTOMYR_HROMADA} — vacant → being appointed")
    assert newest < older
    assert log.count("· Iryna <Ira> Bondar\n") == 2  # the actor by name, escaped: shown as typed
    at = (await audit.latest(bot.runtime.db, 1))[0].at
    shown = parse_stored(at).astimezone(bot.runtime.settings.zone).strftime("%d.%m.%Y %H:%M")
    assert f"{shown} · Iryna <Ira> Bondar" in log  # in Kyiv time
    assert log.endswith("Entries 1–2; there are no older ones.")


async def test_unknown_actions_and_actors_are_shown_as_recorded(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    db = bot.runtime.db
    await audit.record(db, None, "backup.made", "file <x>.sqlite3", "")
    await audit.record(db, 424242, "role.granted", "user:424242", "member → coordinator")
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(COORDINATOR, "Iryna", language_code="uk")
    await coordinator.send("/audit")
    log = (await coordinator.next_message()).text
    assert "· користувач id 424242\nНадано роль координатора: user:424242 — member → coordinator" in log
    assert "· система\nbackup.made: file <x>.sqlite3" in log


async def test_older_entries_page_by_an_offset(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    for number in range(1, 26):
        await audit.record(bot.runtime.db, ADMIN_ID, "feedback.sent", f"feedback:{number}", "idea")
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/audit")
    first = (await admin.next_message()).text
    assert first.count("Feedback: feedback no.") == 20
    assert "feedback no. 25 — idea" in first and "feedback no. 6 — idea" in first
    assert "feedback no. 5 " not in first
    assert first.endswith("Entries 1–20. Older: /audit 20")
    await admin.send("/audit 20")
    rest = (await admin.next_message()).text
    assert rest.count("Feedback: feedback no.") == 5
    assert rest.endswith("Entries 21–25; there are no older ones.")
    await admin.send("/audit 25")
    assert (await admin.next_message()).text == "No older entries. The newest: /audit"
    await admin.send("/audit last")
    assert "Send /audit for the newest entries" in (await admin.next_message()).text


async def test_a_page_of_long_entries_still_fits_one_message(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    db = bot.runtime.db
    long_post = await db.fetch_value(
        "SELECT po.id FROM posts po JOIN places pl ON pl.code = po.place_code"
        " ORDER BY length(pl.name_uk) DESC"
    )
    for _ in range(20):
        await audit.record(db, ADMIN_ID, "post.appointed", f"post:{long_post}", "Я" * 200)
    admin = emulator.user(ADMIN_ID, "Адміністраторка " * 4, language_code="uk")
    await admin.send("/audit")
    log = (await admin.next_message()).text
    assert len(log) <= 4096
    shown = log.count("Призначення: ")
    assert 10 <= shown <= 20
    place = await db.fetch_value("SELECT place_code FROM posts WHERE id = ?", (long_post,))
    found = await places.get_place(db, place)
    assert found is not None and found.full_name("uk") in log  # the place with its raion and oblast
    if shown < 20:
        assert log.endswith(f"Записи 1–{shown}. Старіші: /audit {shown}")


async def test_a_member_is_refused(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(5502, "member")  # type: ignore[misc]
    member = emulator.user(5502, "Petro", language_code="en")
    await member.send("/audit")
    assert (await member.next_message()).text == "This is not available to you."


async def test_broadcasts_show_in_the_log_in_words(emulator: TelegramEmulator, bot: RunningBot) -> None:
    await network(emulator, bot)
    broadcast = await publish(bot, draft(title="Дія.Взаємодія <нова>"), later=True)
    assert await service.cancel(bot.runtime.db, bot.runtime.deliveries(), broadcast, COORDINATOR_ID)
    admin = emulator.user(ADMIN_ID, "Admin", language_code="uk")
    await admin.send("/audit")
    log = (await admin.next_message()).text
    assert f"Розсилку опубліковано: розсилка № {broadcast.id} — Дія.Взаємодія <нова>" in log
    assert f"Розсилку скасовано: розсилка № {broadcast.id}" in log


def test_every_audit_action_has_words_in_both_languages() -> None:
    catalogs = Catalogs()
    for language in ("uk", "en"):
        for action in AuditAction:
            assert catalogs.text(language, f"audit.action.{action.value}")  # a missing one raises
