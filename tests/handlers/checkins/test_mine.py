"""/mycheckins: a member's own weeks, newest first, each opening its answers; only their own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.lifecycle import RunningBot
from storage import checkins, users
from tg_emulator import TelegramEmulator

MakeRole = Callable[[int, str], Any]
THURSDAY = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv"))  # week 48 is running
MEMBER, OTHER = 5301, 5302
ANSWERS = {"done": "Запустили <ЦНАП> & чат-бот", "planned": "Навчання", "blockers": None, "needs_help": False}


async def _member(emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole, telegram_id: int) -> Any:
    emulator.limits.enabled = False
    bot.runtime.clock = lambda: THURSDAY
    await make_role(telegram_id, "member")
    return emulator.user(telegram_id, "Олена", language_code="uk")


async def test_two_weeks_and_one_opened(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> None:
    db = bot.runtime.db
    member = await _member(emulator, bot, make_role, MEMBER)
    await checkins.submit(db, "2026-W47", MEMBER, ANSWERS, late=True)
    await checkins.submit(db, "2026-W48", MEMBER, {**ANSWERS, "done": "Цього тижня"}, late=False)
    await checkins.save_draft(db, "2026-W49", MEMBER, {"done": "чернетка"})  # a draft is not history
    await checkins.submit(db, "2026-W46", OTHER, ANSWERS, late=False)  # someone else's

    await member.send("/mycheckins")
    listing = await member.next_message()
    assert "Мої звіти" in listing.text
    assert listing.button_texts() == [
        "Тиждень 48 (23–29.11) — надіслано",
        "Тиждень 47 (16–22.11) — із запізненням",
    ]

    await member.press(listing, "Тиждень 47 (16–22.11) — із запізненням")
    shown = await member.next_message()
    assert "Тиждень 47 (16–22.11) — із запізненням" in shown.text
    assert "Запустили <ЦНАП> & чат-бот" in shown.text and "Навчання" in shown.text  # escaped, shown as typed
    assert "Ні" in shown.text and "— (пропущено)" in shown.text
    assert shown.button_texts() == ["◀️ До списку"]  # that week is over: nothing to change

    await member.press(shown, "◀️ До списку")
    back = await member.wait_edit(shown)
    assert back.button_texts()[0] == "Тиждень 48 (23–29.11) — надіслано"

    await member.press(back, "Тиждень 48 (23–29.11) — надіслано")
    running = await member.next_message()
    assert "Цього тижня" in running.text and "до неділі" in running.text
    await member.press(running, "✏️ Змінити відповіді")  # this week's /checkin, where answers change
    assert "вже надіслали" in (await member.next_message()).text


async def test_only_your_own_finished_sheets_open(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> None:
    db = bot.runtime.db
    member = await _member(emulator, bot, make_role, MEMBER)
    await checkins.mark_on_leave(db, "2026-W47", MEMBER, late=False)
    await checkins.submit(db, "2026-W46", OTHER, ANSWERS, late=False)
    await checkins.save_draft(db, "2026-W48", MEMBER, {"done": "чернетка"})
    await member.send("/mycheckins")
    listing = await member.next_message()
    assert listing.button_texts() == ["Тиждень 47 (16–22.11) — у відпустці"]
    for forged in ("mc:open:2026-W46", "mc:open:2026-W48", "mc:open:2026-W99", "mc:open"):
        refused = await member.press_data(listing, forged)
        assert refused.text == "Такого звіту немає." or refused.text == "Ця кнопка вже не діє.", forged
    await member.press(listing, "Тиждень 47 (16–22.11) — у відпустці")
    assert "ви були у відпустці" in (await member.next_message()).text
    await member.no_message(within=0.2)


async def test_nothing_yet_pages_and_english(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> None:
    db = bot.runtime.db
    member = await _member(emulator, bot, make_role, MEMBER)
    await member.send("/mycheckins")
    assert "ще не надсилали" in (await member.next_message()).text

    await users.set_language(db, MEMBER, "en")
    for week in range(36, 47):  # eleven weeks: two pages
        await checkins.submit(db, f"2026-W{week}", MEMBER, ANSWERS, late=False)
    await member.send("/mycheckins")
    listing = await member.next_message()
    assert "My check-ins" in listing.text and "page 1 of 2" in listing.text
    assert listing.button_texts()[0] == "Week 46 (09–15.11) — sent"
    assert len(listing.button_texts()) == 9 and listing.button_texts()[-1] == "Older ▶️"
    await member.press(listing, "Older ▶️")
    second = await member.wait_edit(listing)
    assert second.button_texts() == [
        "Week 38 (14–20.09) — sent",
        "Week 37 (07–13.09) — sent",
        "Week 36 (31.08–06.09) — sent",
        "◀️ Newer",
    ]


async def test_a_stranger_is_refused(emulator: TelegramEmulator, bot: RunningBot) -> None:
    emulator.limits.enabled = False
    stranger = emulator.user(5399, "Хтось", language_code="en")
    await stranger.send("/mycheckins")
    assert (await stranger.next_message()).text == "This is not available to you."
