"""/invite: a one-time link to a post; whoever opens it holds the post; bad links change nothing."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

from bot.lifecycle import RunningBot
from storage import people, posts
from tests.auxil.bot_under_test import BOT_USERNAME
from tests.auxil.places import ZHYTOMYRSKA
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient

COORDINATOR = 5101


async def invite_link(coordinator: UserClient) -> str:
    """Run /invite for Zhytomyrska hromada (typing part of its name) and return the link."""
    await coordinator.send("/invite")
    tiers = await coordinator.next_message()
    await coordinator.press(tiers, "Hromada (digital leader)")
    regions = await coordinator.wait_text(tiers, "Choose the region")
    await coordinator.press(regions, "Zhytomyr")
    await coordinator.wait_text(regions, "Choose the place")
    await coordinator.send("Zhytomyrska")
    found = await coordinator.next_message()
    await coordinator.press(found, "Zhytomyrska hromada, Zhytomyrskyi Raion")
    created = await coordinator.next_message()
    assert "Zhytomyrska hromada, Zhytomyrskyi Raion, Zhytomyr Oblast" in created.text
    assert "works once, until" in created.text
    link = next(word for word in created.text.split() if word.startswith("https://t.me/"))
    return link


def token_of(link: str) -> str:
    parsed = urlparse(link)
    assert parsed.path == f"/{BOT_USERNAME}"
    return parse_qs(parsed.query)["start"][0]


async def snapshot(bot: RunningBot) -> list[tuple[object, ...]]:
    """What a refused invite must leave alone: holders, people, invites, roles."""
    db = bot.runtime.db
    queries = (
        "SELECT id, holder_id, status FROM posts WHERE holder_id IS NOT NULL ORDER BY id",
        "SELECT id, telegram_id, full_name FROM people ORDER BY id",
        "SELECT id, used_at, used_by FROM invites ORDER BY id",
        "SELECT telegram_id, role FROM users ORDER BY telegram_id",
    )
    return [tuple(row) for query in queries for row in await db.fetch_all(query)]


async def test_opening_the_link_makes_the_holder_and_tells_the_coordinator(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(COORDINATOR, "Iryna", language_code="en")
    link = await invite_link(coordinator)
    token = token_of(link)
    assert len(token) >= 22
    stored = await bot.runtime.db.fetch_value("SELECT token_hash FROM invites")
    assert token not in stored and len(stored) == 64  # only the hash is kept

    olena = emulator.user(5102, "Olena", last_name="Kovalenko", username="olena_k", language_code="uk")
    await olena.send(f"/start {token}")
    welcome = await olena.next_message()
    assert "Вітаємо, Olena Kovalenko!" in welcome.text
    assert "Житомирська громада, Житомирський район, Житомирська область" in welcome.text
    notice = await olena.next_message()
    assert "Ваші дані в боті" in notice.text and notice.button_texts() == ["Погоджуюсь"]

    told = await coordinator.next_message()
    assert "Olena Kovalenko (@olena_k) opened your invite link" in told.text
    assert "Zhytomyrska hromada" in told.text

    db = bot.runtime.db
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None and post.holder_telegram_id == 5102 and post.status == "appointed"
    assert await db.fetch_value("SELECT role FROM users WHERE telegram_id = 5102") == "member"
    actions = [row[0] for row in await db.fetch_all("SELECT action FROM audit_log ORDER BY id")]
    assert "invite.created" in actions and "invite.redeemed" in actions

    await olena.press(notice, "Погоджуюсь")
    accepted = await olena.wait_text(notice, "Погоджено")
    assert accepted.buttons == []
    person = await people.person_of_user(db, 5102)
    assert person is not None and person.privacy_accepted_at is not None


async def test_a_new_holder_replaces_the_old_one_and_a_holder_of_another_post_is_refused(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(COORDINATOR, "Iryna", language_code="en")
    first = emulator.user(5103, "Petro", language_code="en")
    await first.send(f"/start {token_of(await invite_link(coordinator))}")
    assert "You now hold the post" in (await first.next_message()).text
    await coordinator.next_message()

    second = emulator.user(5104, "Maria", language_code="en")
    await second.send(f"/start {token_of(await invite_link(coordinator))}")
    assert "You now hold the post" in (await second.next_message()).text
    told = await coordinator.next_message()
    assert "The previous holder, Petro, no longer holds it." in told.text
    db = bot.runtime.db
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None and post.holder_telegram_id == 5104
    assert [term.full_name for term in await posts.history(db, post.id)] == ["Maria", "Petro"]

    # Maria now holds a post; a link to the Zhytomyr regional post is refused, and stays usable.
    await coordinator.send("/invite")
    tiers = await coordinator.next_message()
    await coordinator.press(tiers, "Regional")
    regions = await coordinator.wait_text(tiers, "Choose the region")
    await coordinator.press(regions, "Zhytomyr")
    link = next(w for w in (await coordinator.next_message()).text.split() if w.startswith("https://"))
    before = await snapshot(bot)
    await second.next_message()  # the privacy notice
    await second.send(f"/start {token_of(link)}")
    refused = await second.next_message()
    assert "You already hold another post: Hromada (digital leader): Zhytomyrska hromada" in refused.text
    assert await snapshot(bot) == before


async def test_used_expired_forged_and_truncated_links_change_nothing(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(COORDINATOR, "Iryna", language_code="en")
    db = bot.runtime.db
    used = token_of(await invite_link(coordinator))
    holder = emulator.user(5105, "Taras", language_code="en")
    await holder.send(f"/start {used}")
    await holder.next_messages(2)
    await coordinator.next_message()

    expired = token_of(await invite_link(coordinator))
    await db.execute("UPDATE invites SET expires_at = '2020-01-01T00:00:00+00:00' WHERE used_at IS NULL")
    fresh = token_of(await invite_link(coordinator))

    stranger = emulator.user(5106, "Ivan", language_code="en")
    await stranger.send("/help")
    await stranger.next_message()
    cases = {
        used: "already been used",
        expired: "has expired",
        fresh[:-5]: "is cut off",
        "A" * len(fresh): "is not valid",
        fresh[:-1] + ("A" if fresh[-1] != "A" else "B"): "is not valid",
        "<script>": "is not valid",
    }
    before = await snapshot(bot)
    for token, expected in cases.items():
        await stranger.send(f"/start {token}")
        assert expected in (await stranger.next_message()).text, token
    assert await snapshot(bot) == before
    await coordinator.no_message(within=0.3)

    await stranger.send(f"/start {fresh}")  # the good one still works after all that
    assert "You now hold the post" in (await stranger.next_message()).text


async def test_only_coordinators_make_invites(emulator: TelegramEmulator, bot: RunningBot) -> None:
    stranger = emulator.user(5107, "Ivan", language_code="en")
    await stranger.send("/invite")
    assert (await stranger.next_message()).text == "This is not available to you."


async def test_an_open_request_is_closed_when_its_author_joins_by_invite(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(COORDINATOR, "Iryna", language_code="en")
    await coordinator.send("/help")
    await coordinator.next_message()
    await make_role(5108, "pending")  # type: ignore[misc]
    await bot.runtime.db.execute(
        "INSERT INTO join_requests (telegram_id, full_name, tier, place_code, created_at)"
        " VALUES (5108, 'Pending Person', 'municipal', ?, '2026-01-01T00:00:00+00:00')",
        (ZHYTOMYRSKA,),
    )
    await coordinator.send("/pending")
    copy = await coordinator.next_message()
    assert copy.button_texts() == ["✅ Approve", "❌ Reject"]

    link = await invite_link(coordinator)
    pending = emulator.user(5108, "Pending", language_code="en")
    await pending.send(f"/start {token_of(link)}")
    assert "You now hold the post" in (await pending.next_message()).text
    closed = await coordinator.wait_text(copy, "This request is closed")
    assert closed.buttons == []
    assert await bot.runtime.db.fetch_value("SELECT count(*) FROM join_requests") == 0


async def test_a_city_without_a_post_gets_no_invite(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(COORDINATOR, "Iryna", language_code="en")
    await coordinator.send("/invite")
    tiers = await coordinator.next_message()
    await coordinator.press(tiers, "City")
    regions = await coordinator.wait_text(tiers, "Choose the region")
    await coordinator.press(regions, "Zhytomyr")
    await coordinator.wait_text(regions, "Choose the place")
    await coordinator.send("Zhytomyr")
    found = await coordinator.next_message()
    await coordinator.press(found, "Zhytomyr, Zhytomyrskyi Raion")
    refused = await coordinator.next_message()
    assert "Zhytomyr, Zhytomyrskyi Raion, Zhytomyr Oblast has no city post yet" in refused.text
    assert await bot.runtime.db.fetch_value("SELECT count(*) FROM invites") == 0


async def test_someone_elses_privacy_button_does_nothing(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(COORDINATOR, "Iryna", language_code="en")
    holder = emulator.user(5109, "Holder", language_code="en")
    await holder.send(f"/start {token_of(await invite_link(coordinator))}")
    notice = (await holder.next_messages(2))[1]
    person = await people.person_of_user(bot.runtime.db, 5109)
    assert person is not None
    other = emulator.user(5110, "Other", language_code="en")
    await other.send("/help")
    shown = await other.next_message()
    forged = await other.press(shown, data=f"prv:ok:{person.id}")
    assert forged.text == "This button no longer works."
    assert (await people.person_of_user(bot.runtime.db, 5109)).privacy_accepted_at is None  # type: ignore[union-attr]
    assert notice.button_texts() == ["Accept"]
