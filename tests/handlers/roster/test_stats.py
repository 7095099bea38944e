"""/stats: coverage per tier and region for everyone; coordinators also get the chart as a photo."""

from __future__ import annotations

from collections.abc import Callable

from bot.lifecycle import RunningBot
from bot.services.roster import post_status
from bot.services.roster.posts import appoint
from storage import people, posts
from storage.db import Database
from tests.auxil.bot_under_test import ADMIN_ID
from tests.auxil.chat import PNG_SIGNATURE, reply_to
from tests.auxil.setstatus_steps import open_card, set_status
from tg_emulator import TelegramEmulator
from tg_emulator.markup import utf16_length

COORDINATOR = 5401
STRANGER = 5402
ZHYTOMYRSKA = "UA18040190000029215"
ZHYTOMYR_OBLAST = "UA18000000000041385"
VINNYTSIA = "UA05000000000010236"
VOLYN = "UA07000000000024379"
ZHYTOMYR_CITY = "UA18040190010057814"
NBSP = "\u00a0"  # Ukrainian groups thousands with a no-break space: "1 469"


async def _post(db: Database, tier: str, code: str) -> posts.Post:
    post = await posts.find_post(db, tier, code)
    assert post is not None
    return post


async def roster_in_progress(db: Database) -> None:
    """Zhytomyr oblast's deputy is in the bot; Vinnytsia's is appointed without a holder; Volyn is being
    appointed; Zhytomyrska hromada's leader was imported without Telegram; Zhytomyr city has its post."""
    in_bot = await people.create_person(db, "Олена Коваленко", telegram_id=7201)
    await appoint(db, await _post(db, "regional", ZHYTOMYR_OBLAST), in_bot, actor_id=None)
    imported = await people.create_person(db, "Іван Петренко")
    await appoint(db, await _post(db, "municipal", ZHYTOMYRSKA), imported, actor_id=None)
    for tier, code, status in (
        ("regional", VINNYTSIA, "appointed"),
        ("regional", VOLYN, "appointing"),
        ("city", ZHYTOMYR_CITY, "appointing"),
    ):
        await post_status.change_status(db, COORDINATOR, tier, code, status, city_limit=38)


async def test_a_stranger_gets_the_numbers_and_no_chart(emulator: TelegramEmulator, bot: RunningBot) -> None:
    await roster_in_progress(bot.runtime.db)
    stranger = emulator.user(STRANGER, "Anna", language_code="en")
    [stats] = await reply_to(stranger, "/stats")
    text = stats.text
    assert text.startswith("Network coverage, 25-38-1400")
    assert (
        "Regional (oblast administration, Kyiv)\n"
        "2 appointed of the 25 target (8%), 1 being appointed\n"
        "22 of 25 posts vacant\n"
        "appointed, not yet in the bot: 1"
    ) in text
    assert (
        "City (city CDTO)\n0 appointed of the 38 target (0%), 1 being appointed\n0 of 1 post vacant\n"
    ) in text
    assert (
        "Hromada (digital leader)\n"
        "1 appointed of the 1,400 target (0%), 0 being appointed\n"
        "1,468 of 1,469 posts vacant\n"
        "appointed, not yet in the bot: 1"
    ) in text
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.strip()}
    assert rows["Zhytomyr"] == ["●", "0/1", "1/66"]
    assert rows["Volyn"] == ["◐", "0/0", "0/54"]
    assert rows["Total"] == ["2/25", "0/1", "1/1469"]
    assert "Олена" not in text and "Іван" not in text  # no names: /stats is public
    assert all(message.photo is None for message in stranger.messages)


async def test_numbers_follow_an_admins_setstatus_and_the_coordinator_gets_the_chart(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(COORDINATOR, "Iryna", language_code="uk")
    [before, _chart] = await reply_to(coordinator, "/stats", 2)
    assert f"призначено 0 з 1{NBSP}400 за планом (0%), триває призначення: 0" in before.text
    assert f"вакантні 1{NBSP}469 з 1{NBSP}469 посад" in before.text
    assert "посад ще не створено" in before.text  # no city posts yet

    # The admin changes two posts (in their own chat: Telegram allows a chat about one message a second).
    admin = emulator.user(ADMIN_ID, "Admin", language_code="uk")
    card = await open_card(
        admin,
        "municipal",
        "Житомирська",
        typed="Житомирська",
        place="Житомирська громада, Житомирський",
        language="uk",
    )
    await set_status(admin, card, "триває призначення")
    card = await open_card(
        admin, "city", "Житомирська", typed="Житомир", place="Житомир, Житомирський", language="uk"
    )
    await set_status(admin, card, "зайнята")

    text, chart = await reply_to(coordinator, "/stats", 2)
    assert f"призначено 0 з 1{NBSP}400 за планом (0%), триває призначення: 1" in text.text
    assert f"вакантні 1{NBSP}468 з 1{NBSP}469 посад" in text.text
    assert "призначено 1 з 38 за планом (3%), триває призначення: 0\nвакантні 0 з 1 посади" in text.text
    rows = {line.split()[0]: line.split()[1:] for line in text.text.splitlines() if line.strip()}
    assert rows["Житомирська"] == ["○", "1/1", "0/66"]
    assert chart.photo is not None and chart.photo.content.startswith(PNG_SIGNATURE)
    assert chart.caption is not None and chart.caption.startswith("Покриття")


async def test_stats_in_a_group(emulator: TelegramEmulator, bot: RunningBot) -> None:
    group = emulator.group(-100800, "Мережа CDTO")
    member = emulator.user(5403, "Taras", language_code="en")
    await member.send("/stats", chat=group)
    reply = await member.next_message(chat=group)
    assert reply.text.startswith("Network coverage")


async def test_the_longest_stats_message_fits(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    db = bot.runtime.db
    for row in await db.fetch_all("SELECT code FROM places WHERE kind = 'city' ORDER BY code LIMIT 38"):
        await posts.create_post(db, "city", row[0])
    await db.execute("UPDATE posts SET status = 'appointed' WHERE id % 2 = 0")
    await db.execute("UPDATE posts SET status = 'appointing' WHERE id % 3 = 0")
    lengths = {}
    for user_id, language in ((5404, "uk"), (5405, "en")):
        user = emulator.user(user_id, "Reader", language_code=language)
        [stats] = await reply_to(user, "/stats")
        lengths[language] = utf16_length(stats.text)
    assert max(lengths.values()) <= 4096, lengths
    assert max(lengths.values()) < 2500, lengths  # room to spare: one message even with longer names
