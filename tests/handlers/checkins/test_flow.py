"""/checkin: step by step with Back and Skip, the summary, Edit, Confirm; On leave; /away."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.lifecycle import RunningBot
from bot.services.checkins.cycles import cycle_at
from storage.checkins import absence_on, get_checkin
from tests.auxil.checkin_steps import MakeRole, checkin_member, start_checkin
from tg_emulator import TelegramEmulator


def _cycle(bot: RunningBot) -> str:
    return cycle_at(bot.runtime.now(), bot.runtime.settings.zone).key


# More than USER_RATE_LIMIT steps in a few seconds: a test acts faster than any person.
@pytest.mark.user_rate(0, 10.0)
async def test_the_whole_check_in(emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole) -> None:
    user = await checkin_member(emulator, make_role, 5101)
    step = await start_checkin(user)
    assert "1 з 6" in step.text and "Що зроблено" in step.text
    assert "◀️ Назад" not in step.button_texts()
    assert "🌴 Я у відпустці цього тижня" in step.button_texts()

    await user.send("   ")
    assert "Порожня відповідь" in (await user.next_message()).text
    await user.press(step, "Пропустити")  # required: refused, nothing moves
    await user.no_message(within=0.3)
    await user.send("Запустили <Дію> & ЦНАП")
    step = await user.next_message()
    assert "2 з 6" in step.text
    await user.press(step, "◀️ Назад")
    step = await user.next_message()
    assert "1 з 6" in step.text
    await user.send("Запустили <Дію> & ЦНАП")
    await user.send("План")
    await user.next_message()
    step = await user.next_message()
    assert "3 з 6" in step.text
    await user.press(step, "Пропустити")  # optional: fine
    step = await user.next_message()
    assert "допомога" in step.text and step.button_texts()[:2] == ["Так", "Ні"]
    await user.press(step, "Так")
    step = await user.next_message()
    assert "5 з 7" in step.text and "З чим саме" in step.text
    await user.send("Ноутбуки")
    step = await user.next_message()
    await user.send("багато")
    assert "ціле число" in (await user.next_message()).text
    await user.send("1 200")
    step = await user.next_message()
    assert "7 з 7" in step.text
    await user.press(step, "Пропустити")
    summary = await user.next_message()
    assert "Запустили <Дію> & ЦНАП" in summary.text  # escaped: shown as typed
    assert "Ноутбуки" in summary.text and "1200" in summary.text

    draft = await get_checkin(bot.runtime.db, _cycle(bot), 5101)
    assert draft is not None and draft.status == "draft" and draft.answers["help_with"] == "Ноутбуки"

    await user.press(summary, "✏️ Змінити")
    picker = await user.wait_edit(summary)
    await user.press(picker, next(t for t in picker.button_texts() if t.startswith("4.")))
    step = await user.next_message()
    await user.press(step, "Ні")  # no: the follow-up goes away, straight back to the summary
    summary = await user.next_message()
    assert "Ноутбуки" not in summary.text
    await user.press(summary, "✅ Підтвердити")
    assert "Дякуємо" in (await user.next_message()).text
    sheet = await get_checkin(bot.runtime.db, _cycle(bot), 5101)
    assert sheet is not None and sheet.status == "submitted" and not sheet.late
    assert sheet.answers["needs_help"] is False and "help_with" not in sheet.answers
    assert sheet.answers["services_launched"] == 1200 and sheet.answers["blockers"] is None

    await user.send("/checkin")  # already sent: shown, and may be changed
    shown = await user.next_message()
    assert "вже надіслали" in shown.text and "План" in shown.text
    await user.press(shown, "✏️ Змінити відповіді")
    step = await user.next_message()
    assert "1 з 6" in step.text
    await user.send("Новий підсумок")
    summary = await user.next_message()  # every other answer is kept: straight to the summary
    assert "Новий підсумок" in summary.text
    await user.press(summary, "✅ Підтвердити")
    await user.next_message()
    sheet = await get_checkin(bot.runtime.db, _cycle(bot), 5101)
    assert sheet is not None and sheet.answers["done"] == "Новий підсумок"


async def test_on_leave_and_cancel(emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole) -> None:
    user = await checkin_member(emulator, make_role, 5102)
    step = await start_checkin(user)
    await user.send("Щось")
    await user.next_message()
    await user.send("/cancel")
    assert "відкладено" in (await user.next_message()).text
    step = await start_checkin(user)  # resumes at the first unanswered question
    assert "2 з 6" in step.text
    await user.press(step, "◀️ Назад")
    step = await user.next_message()
    await user.press(step, "🌴 Я у відпустці цього тижня")
    assert "відпустці" in (await user.next_message()).text
    sheet = await get_checkin(bot.runtime.db, _cycle(bot), 5102)
    assert sheet is not None and sheet.status == "on_leave"


async def test_away(emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole) -> None:
    user = await checkin_member(emulator, make_role, 5103)
    zone = bot.runtime.settings.zone
    today = bot.runtime.now().astimezone(zone).date()
    await user.send("/away")
    assert "/away ДД.ММ.РРРР" in (await user.next_message()).text
    await user.send("/away 31-12-2026")
    assert "Не розумію дату" in (await user.next_message()).text
    await user.send(f"/away {(today - timedelta(days=1)).strftime('%d.%m.%Y')}")
    assert "вже минула" in (await user.next_message()).text
    until = today + timedelta(days=10)
    await user.send(f"/away {until.strftime('%d.%m.%Y')}")
    assert until.strftime("%d.%m.%Y") in (await user.next_message()).text
    assert await absence_on(bot.runtime.db, 5103, today.isoformat()) == until.isoformat()
    await user.send("/away")
    assert "Ви відсутні до" in (await user.next_message()).text
    await user.send("/away off")
    assert "З поверненням" in (await user.next_message()).text


async def test_a_stranger_is_refused(emulator: TelegramEmulator, bot: RunningBot) -> None:
    emulator.limits.enabled = False
    stranger = emulator.user(5199, "Хтось", language_code="en")
    await stranger.send("/checkin")
    assert "not" in (await stranger.next_message()).text.lower()
    await stranger.send("/away 01.01.2030")
    assert "not" in (await stranger.next_message()).text.lower()


async def test_long_answers_are_kept_whole_and_the_summary_is_split(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> None:
    user = await checkin_member(emulator, make_role, 5104)
    await start_checkin(user)
    await user.send("а" * 3000)
    await user.send("б" * 3000)
    await user.next_message()
    step = await user.next_message()
    await user.press(step, "Пропустити")
    await user.press(await user.next_message(), "Ні")
    await user.press(await user.next_message(), "Пропустити")
    await user.press(await user.next_message(), "Пропустити")
    first = await user.next_message()
    second = await user.next_message()
    assert "а" * 3000 in first.text and "б" * 3000 in second.text
    assert second.button_texts()[0] == "✅ Підтвердити"


async def test_a_press_answered_too_late_still_counts(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> None:
    # A crowd can keep a press waiting past Telegram's window: answering it then fails, the choice must not.
    user = await checkin_member(emulator, make_role, 5108)
    await start_checkin(user)
    for text in ("Оцифрували архів", "Навчимо старост", "Немає інтернету"):
        await user.send(text)
        step = await user.next_message()
    press = asyncio.create_task(user.press(step, "Ні", timeout=1))
    await asyncio.sleep(0)  # the press is made; the bot has not seen it yet
    emulator.advance(60)
    with pytest.raises(AssertionError, match="did not answer"):  # Telegram refused the late answer
        await press
    assert "5 з 6" in (await user.next_message()).text
    sheet = await get_checkin(bot.runtime.db, _cycle(bot), 5108)
    assert sheet is not None and sheet.answers["needs_help"] is False
