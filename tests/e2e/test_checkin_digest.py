"""The Friday digest along the hierarchy: coordinators see the network, each regional holder their region;
figures checked against the answers; late answers after it; members silent two weeks running."""

from __future__ import annotations

import stat

import pytest

from bot.lifecycle import RunningBot
from storage import checkins
from tests.auxil.bot_under_test import MovableClock
from tests.auxil.broadcast_steps import Network, network
from tests.auxil.checkin_steps import FRIDAY_16, MONDAY_10, NEXT_WEEK, WEEK, answer_all, fire
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient
from tg_emulator.model import BotMessage


async def _needs_laptops(member: UserClient) -> None:
    """Olena: done, planned, a blocker, yes she needs help (laptops), no numbers."""
    await member.send("/checkin")
    await member.next_message()  # the intro and step 1
    for text in ("Запустили чат-бот ЦНАП", "Навчання старост", "Немає <інтернету> у старостатах"):
        await member.send(text)
        step = await member.next_message()
    await member.press(step, "Так")
    await member.next_message()
    await member.send("Ноутбуки для ЦНАП")
    for _ in range(2):
        step = await member.next_message()
        await member.press(step, "Пропустити")
    summary = await member.next_message()
    await member.press(summary, "✅ Підтвердити")
    await member.next_message()


async def _readers_network(emulator: TelegramEmulator, bot: RunningBot) -> Network:
    """The network of broadcast stories; the coordinator has opened the bot, so it may write to them."""
    group = await network(emulator, bot)
    await group.coordinator.send("/help")
    await group.coordinator.next_message()
    return group


async def _on_leave(member: UserClient) -> None:
    await member.send("/checkin")
    step = await member.next_message()
    await member.press(step, "🌴 Я у відпустці цього тижня")
    await member.next_message()


async def _digest(reader: UserClient) -> tuple[BotMessage, BotMessage]:
    """The chart, then the summary with its buttons."""
    chart = await reader.next_message()
    assert chart.photo is not None
    return chart, await reader.next_message()


@pytest.mark.usefixtures("usual_umask")
async def test_the_digest_along_the_hierarchy(
    emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock
) -> None:
    group = await _readers_network(emulator, bot)
    olena, petro, iryna = group.members  # Smila hromada and Cherkasy oblast; Kyiv
    await fire(bot, clock, "reminder", MONDAY_10)
    for member in group.members:
        await member.next_message()
    await _needs_laptops(olena)
    await _on_leave(petro)

    await fire(bot, clock, "digest", FRIDAY_16)
    _, network_digest = await _digest(group.coordinator)
    text = network_digest.text
    assert "Щотижневі звіти: тиждень 48" in text and "Уся мережа" in text
    # Three expected, Petro on leave counts as away, Olena answered, Iryna did not: 1 of 2.
    assert "відповіли 1 з 2" in text and "Очікувалося: 3 · відсутні: 1" in text
    assert "Ноутбуки для ЦНАП" in text and "Олена Коваль" in text
    assert "Немає <інтернету> у старостатах" in text  # escaped, shown as written
    assert network_digest.button_texts()[0].endswith("(2)")
    charts = list((bot.runtime.settings.database_path.parent / "charts").glob("digest-*.png"))
    assert charts and {stat.S_IMODE(chart.stat().st_mode) for chart in charts} == {0o600}

    _, cherkasy = await _digest(petro)  # the Cherkasy holder: Olena and himself only
    assert "Черкаська" in cherkasy.text and "відповіли 1 з 1" in cherkasy.text
    assert "Ноутбуки для ЦНАП" in cherkasy.text

    _, kyiv = await _digest(iryna)  # Kyiv's holder: nothing of Cherkasy
    assert "відповіли 0 з 1" in kyiv.text
    assert "Ноутбуки" not in kyiv.text and "Олена" not in kyiv.text
    await olena.no_message(within=0.2)  # a hromada's leader gets no digest

    await fire(bot, clock, "digest", FRIDAY_16)  # once per week
    await group.coordinator.no_message(within=0.2)

    await answer_all(iryna)  # after the digest: counts, marked late
    sheet = await checkins.get_checkin(bot.runtime.db, WEEK, iryna.id)
    assert sheet is not None and sheet.late


async def test_silent_two_weeks_running(
    emulator: TelegramEmulator, bot: RunningBot, clock: MovableClock
) -> None:
    group = await _readers_network(emulator, bot)
    olena, petro, iryna = group.members
    summaries: dict[int, BotMessage] = {}
    for week in range(2):
        await fire(bot, clock, "reminder", MONDAY_10 + week * NEXT_WEEK)
        for member in group.members:
            await member.next_message()
        await answer_all(olena)
        if week == 0:
            await answer_all(petro)  # Petro answers the first week only
        await fire(bot, clock, "digest", FRIDAY_16 + week * NEXT_WEEK)
        for reader in (group.coordinator, petro, iryna):
            summaries[reader.id] = (await _digest(reader))[1]
    week_49 = summaries[group.coordinator.id]
    assert "тиждень 49" in week_49.text
    assert "1 учасник не відповідає другий тиждень поспіль" in week_49.text  # Iryna; Petro answered in 48
    await group.coordinator.press(week_49, next(t for t in week_49.button_texts() if t.startswith("🔕")))
    silent = await group.coordinator.next_message()
    assert "Ірина Бондар" in silent.text and "Петро" not in silent.text

    kyiv = summaries[iryna.id]  # a regional holder opens the list of their own region
    await iryna.press(kyiv, next(t for t in kyiv.button_texts() if t.startswith("🔕")))
    assert "Ірина Бондар" in (await iryna.next_message()).text
    answer = await iryna.press_data(kyiv, summaries[petro.id].buttons[1][0].callback_data or "")
    assert answer.text and "Олена" not in answer.text  # Cherkasy's list is not hers: refused
