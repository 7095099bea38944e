"""/checkins: coordinators read the network's weeks, open one (chart, digest, details, regions) and
mark non-working weeks; regional holders read their region's details; forged buttons show nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.lifecycle import RunningBot
from bot.services.roster.posts import appoint
from storage import audit, checkins, people, posts, users
from storage.db import Database
from tests.auxil.bot_under_test import ADMIN_ID
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient
from tg_emulator.model import BotMessage

MakeRole = Callable[[int, str], Any]
THURSDAY = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv"))  # week 48 is running
ZHYTOMYR_OBLAST = "UA18000000000041385"
ZHYTOMYRSKA = "UA18040190000029215"
VINNYTSIA = "UA05000000000010236"
DEPUTY, LEADER, SILENT_ONE, COORDINATOR = 5311, 5312, 5313, 5320
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DENIED = "Ця дія вам недоступна."
NO_WEEK = "Такого тижня в списку немає."
W48 = "⏳ Тиждень 48 (23–29.11): 50% · триває"


def _answers(blockers: str | None = None, help_with: str | None = None) -> dict[str, Any]:
    answers: dict[str, Any] = {"done": "Зроблено", "planned": "План", "blockers": blockers}
    answers["needs_help"] = help_with is not None
    if help_with is not None:
        answers["help_with"] = help_with
    return answers


async def _hold(db: Database, name: str, telegram_id: int, tier: str, code: str) -> None:
    person = await people.create_person(db, name, telegram_id=telegram_id)
    post = await posts.find_post(db, tier, code)
    assert post is not None
    await appoint(db, post, person, actor_id=None)


async def network(db: Database) -> None:
    """Three holders and their weeks: 38 and 45 one of three answered, 46 non-working, 47 two of three,
    48 (running) the deputy answered with a blocker and a request for help, the leader is on leave."""
    await _hold(db, "Олена Коваленко", DEPUTY, "regional", ZHYTOMYR_OBLAST)
    await _hold(db, "Іван Петренко", LEADER, "municipal", ZHYTOMYRSKA)
    await _hold(db, "Петро Бондар", SILENT_ONE, "regional", VINNYTSIA)
    for week in ("2026-W38", "2026-W45"):
        await checkins.submit(db, week, DEPUTY, _answers(), late=False)
    await checkins.mark_nonworking(db, "2026-W46", None)
    for member in (DEPUTY, LEADER):
        await checkins.submit(db, "2026-W47", member, _answers(), late=False)
    await checkins.submit(
        db, "2026-W48", DEPUTY, _answers("Немає <інтернету> & світла", "Генератори"), late=False
    )
    await checkins.mark_on_leave(db, "2026-W48", LEADER, late=False)


async def _people(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> tuple[UserClient, UserClient]:
    """The network above, the clock on Thursday of week 48, and a coordinator and the deputy."""
    emulator.limits.enabled = False
    bot.runtime.clock = lambda: THURSDAY
    for member in (DEPUTY, LEADER, SILENT_ONE):  # as if they had joined through their invites
        await make_role(member, "member")
    await network(bot.runtime.db)
    await make_role(COORDINATOR, "coordinator")
    return (
        emulator.user(COORDINATOR, "Марія", language_code="uk"),
        emulator.user(DEPUTY, "Олена", language_code="uk"),
    )


async def _open_list(user: UserClient) -> BotMessage:
    await user.send("/checkins")
    return await user.next_message()


async def test_the_weeks_with_figures_and_a_member_refused(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> None:
    coordinator, deputy = await _people(emulator, bot, make_role)
    listing = await _open_list(coordinator)
    assert "сторінка 1 з 2" in listing.text
    assert listing.button_texts() == [
        W48,
        "Тиждень 47 (16–22.11): 67%",
        "Тиждень 46 (09–15.11): неробочий",
        "Тиждень 45 (02–08.11): 33%",
        "Тиждень 44 (26.10–01.11): —",
        "Тиждень 43 (19–25.10): —",
        "Тиждень 42 (12–18.10): —",
        "Тиждень 41 (05–11.10): —",
        "Старіші ▶️",
        "Наступний тиждень: позначити неробочим",
        "📤 Експорт за період",
    ]
    assert listing.find_button("📤 Експорт за період").callback_data == "cx:r"
    await coordinator.press(listing, "Старіші ▶️")
    older = await coordinator.wait_edit(listing)
    assert older.button_texts()[:4] == [
        "Тиждень 40 (28.09–04.10): —",
        "Тиждень 39 (21–27.09): —",
        "Тиждень 38 (14–20.09): 33%",
        "◀️ Новіші",
    ]

    await deputy.send("/checkins")
    assert (await deputy.next_message()).text == DENIED
    for data in ("cd:open:2026-W48:all", "cd:pg:0", "cd:nw:2026-W48:on", "cd:reg:2026-W48"):
        assert (await deputy.press_data(listing, data)).text == DENIED, data
    assert not await checkins.is_nonworking(bot.runtime.db, "2026-W48")

    english = emulator.user(ADMIN_ID, "Admin", language_code="en")
    await english.send("/checkins")
    assert (await english.next_message()).button_texts()[:2] == [
        "⏳ Week 48 (23–29.11): 50% · running",
        "Week 47 (16–22.11): 67%",
    ]


async def test_a_week_opens_as_a_chart_and_its_digest(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> None:
    coordinator, _ = await _people(emulator, bot, make_role)
    listing = await _open_list(coordinator)
    await coordinator.press(listing, W48)
    chart, summary = await coordinator.next_messages(2)
    assert chart.photo is not None and chart.photo.content.startswith(PNG_SIGNATURE)
    assert "Участь: 50% — відповіли 1 з 2" in summary.text
    assert "Очікувалося: 3 · відсутні: 1" in summary.text
    assert summary.button_texts() == [
        "Перешкоди й допомога (2)",
        "Не відповідають два тижні (1)",
        "📄 CSV",
        "📊 XLSX",
        "🗺 За областями",
        "Позначити неробочим",
        "◀️ До списку тижнів",
    ]
    assert summary.find_button("📄 CSV").callback_data == "cx:w:2026-W48:csv"
    assert summary.find_button("📊 XLSX").callback_data == "cx:w:2026-W48:xlsx"

    await coordinator.press(summary, "Перешкоди й допомога (2)")
    details = await coordinator.next_message()
    assert "Генератори" in details.text and "Немає <інтернету> & світла" in details.text
    assert "Олена Коваленко" in details.text
    await coordinator.press(summary, "Не відповідають два тижні (1)")
    assert "Петро Бондар" in (await coordinator.next_message()).text

    await coordinator.press(summary, "🗺 За областями")
    regions = await coordinator.wait_edit(summary)
    assert len(regions.button_texts()) == 26 and regions.button_texts()[-1] == "◀️ До тижня"
    await coordinator.press(regions, "Житомирська")
    chart, regional = await coordinator.next_messages(2)
    assert chart.photo is not None
    assert "Житомирська область" in regional.text and "Участь: 100% — відповіли 1 з 1" in regional.text
    assert "🇺🇦 Уся мережа" in regional.button_texts()
    assert regional.find_button("Перешкоди й допомога (2)").callback_data == (
        f"cd:blk:2026-W48:{ZHYTOMYR_OBLAST}"
    )

    await coordinator.press(regional, "◀️ До списку тижнів")
    assert (await coordinator.wait_edit(regional)).button_texts()[0] == W48


async def test_long_details_come_in_parts(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> None:
    coordinator, _ = await _people(emulator, bot, make_role)
    db = bot.runtime.db
    await checkins.submit(db, "2026-W47", DEPUTY, _answers("б" * 3000), late=False)
    await checkins.submit(db, "2026-W47", LEADER, _answers("в" * 3000, "г" * 3000), late=False)
    listing = await _open_list(coordinator)
    await coordinator.press_data(listing, "cd:blk:2026-W47:all")
    parts = await coordinator.next_messages(3)
    assert all(len(part.text) <= 4096 for part in parts)
    text = "".join(part.text for part in parts)
    assert "б" * 3000 in text and "в" * 3000 in text and "г" * 3000 in text
    await coordinator.no_message(within=0.2)


async def test_a_regional_holder_reads_only_their_region(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> None:
    _, deputy = await _people(emulator, bot, make_role)
    leader = emulator.user(LEADER, "Іван", language_code="uk")
    await deputy.send("/help")
    digest = await deputy.next_message()  # any message will do: the Friday digest carries these buttons
    await deputy.press_data(digest, f"cd:blk:2026-W48:{ZHYTOMYR_OBLAST}")
    assert "Генератори" in (await deputy.next_message()).text
    await deputy.press_data(digest, f"cd:sil:2026-W48:{ZHYTOMYR_OBLAST}")
    assert "усі відповідали" in (await deputy.next_message()).text
    for data in (
        f"cd:blk:2026-W48:{VINNYTSIA}",
        "cd:sil:2026-W48:all",
        f"cd:open:2026-W48:{ZHYTOMYR_OBLAST}",
    ):
        assert (await deputy.press_data(digest, data)).text == DENIED, data
    assert (await leader.press_data(digest, f"cd:blk:2026-W48:{ZHYTOMYR_OBLAST}")).text == DENIED
    await deputy.no_message(within=0.2)


async def test_forged_buttons_show_nothing(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> None:
    coordinator, _ = await _people(emulator, bot, make_role)
    listing = await _open_list(coordinator)
    refusals = {
        "cd:open:2026-W49:all": NO_WEEK,  # not started yet
        "cd:open:2026-W4x:all": NO_WEEK,
        "cd:open:2020-W01:all": NO_WEEK,  # before the first week on record
        "cd:sil:2026-W53:all": NO_WEEK,
        "cd:reg:2027-W01": NO_WEEK,
        "cd:open:2026-W48:UA99": "Такої області немає.",
        "cd:blk:2026-W48:UA99": "Такої області немає.",
        "cd:nw:2026-W47:on": "Позначати можна лише поточний і наступний тиждень.",
        "cd:nw:2026-W50:on": "Позначати можна лише поточний і наступний тиждень.",
        "cd:nw:2026-W48:maybe": "Ця кнопка вже не діє.",
        "cd:open": "Ця кнопка вже не діє.",
    }
    for data, refusal in refusals.items():
        assert (await coordinator.press_data(listing, data)).text == refusal, data
    await coordinator.no_message(within=0.2)
    assert not await checkins.is_nonworking(bot.runtime.db, "2026-W47")


async def test_marking_this_week_and_the_next_non_working(
    emulator: TelegramEmulator, bot: RunningBot, make_role: MakeRole
) -> None:
    coordinator, _ = await _people(emulator, bot, make_role)
    db = bot.runtime.db
    listing = await _open_list(coordinator)
    await coordinator.press(listing, W48)
    _, summary = await coordinator.next_messages(2)

    await coordinator.press(summary, "Позначити неробочим")
    assert "Тиждень 48 (23–29.11) — неробочий тиждень" in (await coordinator.next_message()).text
    summary = await coordinator.wait_edit(summary)
    assert "Знову робочий" in summary.button_texts()
    assert await checkins.is_nonworking(db, "2026-W48")
    entry = (await audit.latest(db, 1))[0]
    assert (entry.actor_id, entry.action, entry.subject) == (
        COORDINATOR,
        "checkin.nonworking",
        "cycle:2026-W48",
    )
    again = await _open_list(coordinator)
    assert again.button_texts()[0] == "⏳ Тиждень 48 (23–29.11): неробочий · триває"

    await coordinator.press(summary, "Знову робочий")
    assert "знову робочий" in (await coordinator.next_message()).text
    assert "Позначити неробочим" in (await coordinator.wait_edit(summary)).button_texts()
    assert not await checkins.is_nonworking(db, "2026-W48")
    assert (await audit.latest(db, 1))[0].action == "checkin.working"

    await coordinator.press(again, "Наступний тиждень: позначити неробочим")
    assert "Тиждень 49 (30.11–06.12) — неробочий тиждень" in (await coordinator.next_message()).text
    assert "Наступний тиждень: знову робочий" in (await coordinator.wait_edit(again)).button_texts()
    assert await checkins.is_nonworking(db, "2026-W49")
    await users.set_language(db, COORDINATOR, "en")
    assert "Next week: working again" in (await _open_list(coordinator)).button_texts()
