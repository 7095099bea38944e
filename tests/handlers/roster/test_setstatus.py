"""/setstatus: a coordinator picks a post and marks it vacant, being appointed or appointed."""

from __future__ import annotations

from collections.abc import Callable

from bot.lifecycle import RunningBot
from bot.services.roster.posts import appoint
from storage import audit, people, posts
from tests.auxil.setstatus_steps import open_card, set_status
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient

COORDINATOR = 5301
ZHYTOMYRSKA = "UA18040190000029215"  # Житомирська громада, Житомирський район, Житомирська область
VINNYTSIA = "UA05000000000010236"
ZHYTOMYR_CITY = "UA18040190010057814"
HOSTILE_NAME = "Олена <b>Коваленко</b> & Co"


async def coordinator_of(
    emulator: TelegramEmulator, make_role: Callable[[int, str], object], language: str = "en"
) -> UserClient:
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    return emulator.user(COORDINATOR, "Iryna", last_name="Bondar", language_code=language)


async def test_a_hromada_post_becomes_appointing(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    coordinator = await coordinator_of(emulator, make_role)
    card = await open_card(
        coordinator,
        "municipal",
        "Zhytomyr",
        typed="Zhytomyrska",
        place="Zhytomyrska hromada, Zhytomyrskyi",
    )
    assert "Hromada (digital leader): Zhytomyrska hromada, Zhytomyrskyi Raion, Zhytomyr Oblast" in card.text
    assert "Status: vacant" in card.text and "No holder on record." in card.text
    assert card.button_texts() == ["✓ vacant", "being appointed", "appointed", "Cancel"]

    done = await set_status(coordinator, card, "being appointed")
    assert done.text == (
        "Done. Hromada (digital leader): Zhytomyrska hromada, Zhytomyrskyi Raion, Zhytomyr Oblast:"
        " vacant → being appointed."
    )
    assert done.buttons == []
    post = await posts.find_post(bot.runtime.db, "municipal", ZHYTOMYRSKA)
    assert post is not None and post.status == "appointing"
    entry = (await audit.latest(bot.runtime.db, 1))[0]
    assert (entry.actor_id, entry.action, entry.details) == (
        COORDINATOR,
        "post.status",
        "vacant → appointing",
    )


async def test_a_regional_post_is_the_region_itself(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    coordinator = await coordinator_of(emulator, make_role, language="uk")
    card = await open_card(coordinator, "regional", "Вінницька", language="uk")
    assert "Регіональний рівень (ОДА, КМДА): Вінницька область" in card.text
    assert "Статус: вакантна" in card.text
    done = await set_status(coordinator, card, "зайнята")
    assert "вакантна → зайнята" in done.text
    assert "Посадовця ще немає в боті" in done.text  # appointed before the person is in the bot
    post = await posts.find_post(bot.runtime.db, "regional", VINNYTSIA)
    assert post is not None and post.status == "appointed" and post.holder_id is None


async def test_ending_a_holders_term_is_confirmed_and_keeps_the_history(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    db = bot.runtime.db
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None
    await appoint(db, post, await people.create_person(db, HOSTILE_NAME, telegram_id=7101), actor_id=None)
    coordinator = await coordinator_of(emulator, make_role)
    card = await open_card(
        coordinator,
        "municipal",
        "Zhytomyr",
        typed="Zhytomyrska",
        place="Zhytomyrska hromada, Zhytomyrskyi",
    )
    assert f"Holder: {HOSTILE_NAME}" in card.text  # escaped: shown as written, not as markup
    assert "Status: appointed" in card.text

    asked = await set_status(coordinator, card, "being appointed")
    assert f"{HOSTILE_NAME} holds this post" in asked.text
    assert asked.button_texts() == ["Yes, end the term", "Cancel"]
    still = await posts.get_post(db, post.id)
    assert still is not None and still.holder_id is not None  # nothing yet

    done = await set_status(coordinator, asked, "Yes, end the term")
    assert "appointed → being appointed" in done.text
    assert f"The term of {HOSTILE_NAME} has ended" in done.text
    after = await posts.get_post(db, post.id)
    assert after is not None and after.holder_id is None and after.status == "appointing"
    [term] = await posts.history(db, post.id)
    assert term.full_name == HOSTILE_NAME and term.ended_at is not None


async def test_a_city_gets_its_post_from_the_first_status(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    coordinator = await coordinator_of(emulator, make_role)
    card = await open_card(coordinator, "city", "Zhytomyr", typed="Zhytomyr", place="Zhytomyr, Zhytomyrskyi")
    assert "City (city CDTO): Zhytomyr, Zhytomyrskyi Raion, Zhytomyr Oblast" in card.text
    assert "This city has no CDTO post yet" in card.text and "(0 of 38 city posts exist)" in card.text
    assert card.button_texts() == ["vacant", "being appointed", "appointed", "Cancel"]

    done = await set_status(coordinator, card, "appointed")
    assert done.text.startswith("Done. The post was created.")
    post = await posts.find_post(bot.runtime.db, "city", ZHYTOMYR_CITY)
    assert post is not None and post.status == "appointed"
    assert await posts.count_posts(bot.runtime.db, "city") == 1


async def test_no_city_post_beyond_the_target(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    db = bot.runtime.db
    others = await db.fetch_all(
        "SELECT code FROM places WHERE kind = 'city' AND code != ? ORDER BY code LIMIT 38", (ZHYTOMYR_CITY,)
    )
    for row in others:
        await posts.create_post(db, "city", row[0])
    coordinator = await coordinator_of(emulator, make_role)
    refusal = await open_card(
        coordinator, "city", "Zhytomyr", typed="Zhytomyr", place="Zhytomyr, Zhytomyrskyi"
    )
    assert "Cannot create a post for City (city CDTO): Zhytomyr" in refusal.text
    assert "already 38 city posts" in refusal.text
    assert refusal.buttons == []
    assert await posts.find_post(db, "city", ZHYTOMYR_CITY) is None
    await coordinator.send("/cancel")
    assert "nothing" in (await coordinator.next_message()).text.lower()  # the flow had already ended


async def test_a_member_is_refused(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await make_role(5302, "member")  # type: ignore[misc]
    member = emulator.user(5302, "Petro", language_code="en")
    await member.send("/setstatus")
    assert (await member.next_message()).text == "This is not available to you."


async def test_cancel_in_the_middle_changes_nothing(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    coordinator = await coordinator_of(emulator, make_role)
    card = await open_card(
        coordinator,
        "municipal",
        "Zhytomyr",
        typed="Zhytomyrska",
        place="Zhytomyrska hromada, Zhytomyrskyi",
    )
    await coordinator.send("/cancel")
    assert (await coordinator.next_message()).text == "Cancelled. The status was not changed."
    answer = await coordinator.press(card, "appointed")  # the card's buttons died with the flow
    assert answer.text == "This button no longer works."
    post = await posts.find_post(bot.runtime.db, "municipal", ZHYTOMYRSKA)
    assert post is not None and post.status == "vacant"
    assert await audit.latest(bot.runtime.db) == []


async def test_the_cancel_button_closes_the_card(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    coordinator = await coordinator_of(emulator, make_role)
    card = await open_card(coordinator, "regional", "Vinnytsia")
    closed = await set_status(coordinator, card, "Cancel")
    assert closed.text == "Cancelled. The status was not changed." and closed.buttons == []


async def test_forged_status_buttons_change_nothing(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    coordinator = await coordinator_of(emulator, make_role)
    card = await open_card(
        coordinator,
        "municipal",
        "Zhytomyr",
        typed="Zhytomyrska",
        place="Zhytomyrska hromada, Zhytomyrskyi",
    )
    stale = "This button no longer works."
    assert (await coordinator.press_data(card, f"ss:set:{ZHYTOMYRSKA}:fired")).text == stale
    assert (await coordinator.press_data(card, f"ss:set:{VINNYTSIA}:appointed")).text == stale  # another post
    assert (await coordinator.press_data(card, f"ss:end:{ZHYTOMYRSKA}:vacant:x")).text == stale
    assert (await coordinator.press_data(card, "ss:set")).text == stale

    await make_role(5303, "member")  # type: ignore[misc]
    member = emulator.user(5303, "Petro", language_code="en")
    # The member has no /setstatus flow of their own, so a copied button is just a dead one to them.
    assert (await member.press_data(card, f"ss:set:{ZHYTOMYRSKA}:appointed")).text == stale

    db = bot.runtime.db
    for tier, code in (("municipal", ZHYTOMYRSKA), ("regional", VINNYTSIA)):
        post = await posts.find_post(db, tier, code)
        assert post is not None and post.status == "vacant"
    assert await audit.latest(db) == []
    done = await set_status(coordinator, card, "appointed")  # the real button still works
    assert "vacant → appointed" in done.text


async def test_a_coordinator_revoked_mid_flow_cannot_finish(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    coordinator = await coordinator_of(emulator, make_role)
    card = await open_card(coordinator, "regional", "Vinnytsia")
    await make_role(COORDINATOR, "member")  # type: ignore[misc]
    denied = await coordinator.press(card, "appointed")
    assert denied.text == "This is no longer available to you, so I have ended it." and denied.show_alert
    post = await posts.find_post(bot.runtime.db, "regional", VINNYTSIA)
    assert post is not None and post.status == "vacant"
