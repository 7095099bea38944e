"""/join: a stranger asks to join; coordinators approve or reject; the first decision wins; /pending."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.lifecycle import RunningBot, start_bot, stop_bot
from bot.settings import Settings
from storage import people, posts
from tests.auxil.bot_under_test import ADMIN_ID
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient
from tg_emulator.model import BotMessage

COORDINATOR = 5201
ZHYTOMYRSKA = "UA18040190000029215"


async def ask_to_join(user: UserClient, *, name: str = "Шевченко Олена") -> BotMessage:
    """The whole /join flow in Ukrainian, with a phone, a bad e-mail then a skip; returns the summary."""
    await user.send("/join")
    assert "повне ім'я" in (await user.next_message()).text
    await user.send("Олена")
    assert "і прізвище, і ім'я" in (await user.next_message()).text
    await user.send("0l3na <b>")
    assert "лише з літер" in (await user.next_message()).text
    await user.send(name)
    tiers = await user.next_message()
    await user.press(tiers, "Громада (цифровий лідер)")
    regions = await user.wait_text(tiers, "Оберіть регіон")
    await user.press(regions, "Житомирська")
    await user.wait_text(regions, "Оберіть місце")
    await user.send("Житомирська")
    found = await user.next_message()
    await user.press(found, "Житомирська громада, Житомирський район")
    assert "номер телефону" in (await user.next_message()).text
    await user.send("12")
    assert "Спробуйте ще раз" in (await user.next_message()).text
    await user.send_contact("380501234567")  # the shared number counts as typed
    email = await user.next_message()
    assert "e-mail" in email.text
    await user.send("not-an-address")
    assert "name@example.com" in (await user.next_message()).text
    await user.press(email, "Пропустити")
    summary = await user.next_message()
    assert "+380501234567" in summary.text
    assert "Житомирська громада, Житомирський район, Житомирська область" in summary.text
    return summary


async def coordinators(
    emulator: TelegramEmulator, make_role: Callable[[int, str], object]
) -> tuple[UserClient, UserClient]:
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(COORDINATOR, "Iryna", last_name="Bondar", language_code="en")
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    for staff in (coordinator, admin):  # the bot can write only to those who opened its chat
        await staff.send("/help")
        await staff.next_message()
    return coordinator, admin


async def test_a_request_approved_makes_the_holder(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    coordinator, admin = await coordinators(emulator, make_role)
    olena = emulator.user(5202, "Olena", username="olena", language_code="uk")
    summary = await ask_to_join(olena)
    await olena.press(summary, "Надіслати заявку")
    assert "Заявку № 1 надіслано" in (await olena.next_message()).text
    db = bot.runtime.db
    assert await db.fetch_value("SELECT role FROM users WHERE telegram_id = 5202") == "pending"

    await olena.send("/join")
    assert "Ви вже подали заявку" in (await olena.next_message()).text

    copy = await coordinator.next_message()
    admin_copy = await admin.next_message()
    assert "Request to join no. 1" in copy.text and "@olena, id 5202" in copy.text
    assert copy.button_texts() == ["✅ Approve", "❌ Reject"]
    assert await db.fetch_value("SELECT count(*) FROM join_request_copies") == 2

    await coordinator.press(copy, "Approve")
    decided = await coordinator.wait_text(copy, "Approved by Iryna Bondar: now holds the post.")
    assert decided.buttons == []
    await admin.wait_text(admin_copy, "Approved by Iryna Bondar")

    told = await olena.next_message()
    assert "Вашу заявку схвалено" in told.text and "Житомирська громада" in told.text
    assert "Ваші дані в боті" in (await olena.next_message()).text
    menu = [command["command"] for command in emulator.world.commands[("chat:5202", "")]]
    assert "me" in menu and "join" not in menu  # the member's menu at once
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None and post.holder_telegram_id == 5202
    person = await people.person_of_user(db, 5202)
    assert person is not None and person.full_name == "Шевченко Олена"
    assert (person.phone, person.email) == ("+380501234567", None)
    assert await db.fetch_value("SELECT role FROM users WHERE telegram_id = 5202") == "member"
    assert await db.fetch_value("SELECT count(*) FROM audit_log WHERE action = 'join.approved'") == 1

    late = await admin.press(admin_copy, data="jrd:r:1")
    assert late.show_alert and late.text == "Already decided by Iryna Bondar: approved."
    assert await db.fetch_value("SELECT status FROM join_requests WHERE id = 1") == "approved"


async def test_a_request_rejected_returns_the_user_to_stranger(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    coordinator, admin = await coordinators(emulator, make_role)
    ivan = emulator.user(5203, "Ivan", language_code="en")
    await ivan.send("/join")
    await ivan.next_message()
    await ivan.send("Petrenko Ivan")
    tiers = await ivan.next_message()
    await ivan.press(tiers, "Regional")
    regions = await ivan.wait_text(tiers, "Choose the region")
    await ivan.press(regions, "Zhytomyr")
    phone = await ivan.next_message()
    await ivan.send_contact("380501234567", own=False)
    assert "someone else's contact" in (await ivan.next_message()).text
    await ivan.press(phone, "Skip")
    assert "e-mail" in (await ivan.next_message()).text
    await ivan.send("Ivan@Example.COM")
    summary = await ivan.next_message()
    assert "Post: Regional (oblast administration, Kyiv): Zhytomyr Oblast" in summary.text
    assert "E-mail: Ivan@example.com" in summary.text
    await ivan.press(summary, "Send the request")
    await ivan.next_message()

    copy, coordinator_copy = await admin.next_message(), await coordinator.next_message()
    await admin.press(copy, "Reject")
    await admin.wait_text(copy, "Rejected by Admin.")
    await coordinator.wait_text(coordinator_copy, "Rejected by Admin.")
    assert "was declined" in (await ivan.next_message()).text
    db = bot.runtime.db
    assert await db.fetch_value("SELECT role FROM users WHERE telegram_id = 5203") == "stranger"
    assert await people.person_of_user(db, 5203) is None
    assert await db.fetch_value("SELECT count(*) FROM audit_log WHERE action = 'join.rejected'") == 1


async def test_two_coordinators_deciding_at_once_one_wins(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    coordinator, admin = await coordinators(emulator, make_role)
    olena = emulator.user(5204, "Olena", language_code="uk")
    await olena.press(await ask_to_join(olena), "Надіслати заявку")
    await olena.next_message()
    copy, admin_copy = await coordinator.next_message(), await admin.next_message()

    answers = await asyncio.gather(coordinator.press(copy, "Approve"), admin.press(admin_copy, "Reject"))
    late = [answer for answer in answers if answer.show_alert]
    assert len(late) == 1 and late[0].text and late[0].text.startswith("Already decided by")
    db = bot.runtime.db
    status = await db.fetch_value("SELECT status FROM join_requests WHERE id = 1")
    winner = "Iryna Bondar" if status == "approved" else "Admin"
    line = f"{'Approved' if status == 'approved' else 'Rejected'} by {winner}"
    await coordinator.wait_text(copy, line)
    await admin.wait_text(admin_copy, line)
    assert await db.fetch_value("SELECT count(*) FROM audit_log WHERE action LIKE 'join.%ed'") == 2
    assert (await olena.next_message()).text  # told once, either way
    decisions = await db.fetch_value(
        "SELECT count(*) FROM audit_log WHERE action IN ('join.approved', 'join.rejected')"
    )
    assert decisions == 1


async def test_pending_lists_open_requests_with_their_buttons(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    coordinator, _admin = await coordinators(emulator, make_role)
    await coordinator.send("/pending")
    assert (await coordinator.next_message()).text == "No open requests."
    db = bot.runtime.db
    for number in range(7):
        telegram_id = 5300 + number
        await make_role(telegram_id, "pending")  # type: ignore[misc]
        await db.execute(
            "INSERT INTO join_requests (telegram_id, full_name, tier, place_code, created_at)"
            " VALUES (?, ?, 'municipal', ?, '2026-01-01T00:00:00+00:00')",
            (telegram_id, f"Person <{number}>", ZHYTOMYRSKA),
        )
    await coordinator.send("/pending")
    page = await coordinator.next_messages(6)
    assert "Person <0>" in page[0].text and page[0].button_texts() == ["✅ Approve", "❌ Reject"]
    assert page[5].text == "Shown 1–5 of 7 open requests."
    await coordinator.press(page[5], "More requests")
    rest = await coordinator.next_messages(2)
    assert "Person <6>" in rest[1].text

    await coordinator.press(rest[1], "Approve")
    await coordinator.wait_text(rest[1], "Approved by Iryna Bondar")
    assert await db.fetch_value("SELECT count(*) FROM join_requests WHERE status = 'open'") == 6


async def test_strangers_cannot_decide_or_list(emulator: TelegramEmulator, bot: RunningBot) -> None:
    stranger = emulator.user(5205, "Ivan", language_code="en")
    await stranger.send("/pending")
    assert (await stranger.next_message()).text == "This is not available to you."
    await stranger.send("/help")
    shown = await stranger.next_message()
    forged = await stranger.press(shown, data="jrd:a:1")
    assert forged.show_alert and forged.text == "This is not available to you."


async def test_a_request_half_filled_survives_a_restart(
    emulator: TelegramEmulator, settings: Settings
) -> None:
    running = await start_bot(settings)
    try:
        ivan = emulator.user(5206, "Ivan", language_code="en")
        await ivan.send("/join")
        await ivan.next_message()
        await ivan.send("Petrenko Ivan")
        tiers = await ivan.next_message()
        await ivan.press(tiers, "Regional")
        regions = await ivan.wait_text(tiers, "Choose the region")
        await ivan.press(regions, "Zhytomyr")
        assert "phone number" in (await ivan.next_message()).text
    finally:
        await stop_bot(running)

    running = await start_bot(settings)
    try:
        await ivan.send("+380 67 111 22 33")
        assert "e-mail" in (await ivan.next_message()).text
        await ivan.send("ivan@example.com")
        summary = await ivan.next_message()
        assert "Petrenko Ivan" in summary.text and "+380671112233" in summary.text
        assert "Zhytomyr Oblast" in summary.text
    finally:
        await stop_bot(running)
