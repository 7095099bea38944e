"""Who sees what of a post holder: every card, list, export and inline answer, asked by every kind of
viewer, for each of the holder's privacy choices, bound to Telegram or only imported.

Each story fills the whole matrix (viewer × surface → the holder's fields found in what the bot sent)
and compares it with the table below, written from the rules rather than from the code:
- strangers, pending requesters and anyone in a group see no names and no contacts;
- members (a regional holder is one too) see the name, the phone and e-mail only if the holder
  shares them with members, and a @username only of a holder bound to Telegram (an imported username
  may have changed hands);
- coordinators see everything, but an inline card is posted into other chats: it shows the members'
  view whoever asks;
- lists of posts show places and marks, never people; the roster export is for coordinators (with a
  bound holder's numeric Telegram id instead of the username).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from bot.lifecycle import RunningBot
from bot.services.roster.posts import appoint
from storage import people, posts, users
from storage.users import SeenUser
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient
from tg_emulator.state import GroupInfo

# Dozens of commands in a row from one user: the per-person limit has its own stories.
pytestmark = pytest.mark.user_rate(0, 10.0)

SetRole = Callable[[int, str], Coroutine[Any, Any, None]]
ZHYTOMYRSKA = "UA18040190000029215"  # Житомирська громада
ZHYTOMYR_OBLAST = "UA18000000000041385"
HOLDER = 5901
FIELDS = {
    "name": "Коваленко",
    "username": "petro_kov",
    "phone": "501112233",
    "email": "petro@example.com",
    "telegram id": str(HOLDER),
}
EVERYTHING = frozenset(FIELDS) - {"telegram id"}
NOTHING: frozenset[str] = frozenset()
REFUSED = "refused"
VIEWERS = ("stranger", "pending", "member", "regional holder", "coordinator", "in a group")
SURFACES = ("/whois card", "/find card", "/roster list", "inline card", "roster export")


def expected(viewer: str, surface: str, shares_with_members: bool, bound: bool) -> frozenset[str] | str:
    """What the rules let `viewer` see of the holder on `surface`."""
    members_view = {"name"} | ({"username"} if bound else set())
    if shares_with_members:
        members_view |= {"phone", "email"}
    outsider = viewer in ("stranger", "pending", "in a group")
    if surface == "roster export":  # a bound holder's Telegram column holds their id, not a username
        if viewer != "coordinator":
            return REFUSED
        return EVERYTHING - {"username"} | {"telegram id"} if bound else EVERYTHING
    if surface == "/roster list":
        return NOTHING
    if surface == "inline card":
        return NOTHING if viewer in ("stranger", "pending") else frozenset(members_view)
    if surface == "/find card" and viewer in ("stranger", "pending"):
        return REFUSED
    if outsider:
        return NOTHING
    return EVERYTHING if viewer == "coordinator" else frozenset(members_view)


def found(text: str) -> frozenset[str]:
    return frozenset(field for field, value in FIELDS.items() if value.lower() in text.lower())


async def _holder(
    bot: RunningBot, emulator: TelegramEmulator, shares_with_members: bool, bound: bool
) -> None:
    db = bot.runtime.db
    if bound:
        await users.record_seen(db, SeenUser(HOLDER, "Petro", None, "petro_kov", "uk"))
        emulator.user(HOLDER, "Petro", username="petro_kov", language_code="uk")
    person = await people.create_person(
        db,
        "Коваленко Петро",
        telegram_id=HOLDER if bound else None,
        telegram_username="petro_kov",
        phone="+380501112233",
        email="petro@example.com",
    )
    await people.set_visibility(db, person.id, "members" if shares_with_members else "coordinators")
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None
    await appoint(db, post, person, actor_id=None)


async def _viewers(bot: RunningBot, emulator: TelegramEmulator, make_role: SetRole) -> dict[str, UserClient]:
    roles = {"stranger": None, "pending": "pending", "member": "member", "coordinator": "coordinator"}
    clients = {}
    for number, (viewer, role) in enumerate(roles.items()):
        telegram_id = 5911 + number
        if role is not None:
            await make_role(telegram_id, role)
        clients[viewer] = emulator.user(telegram_id, viewer.title(), language_code="uk")
    await make_role(5920, "member")
    regional = await people.create_person(bot.runtime.db, "Регіональна Ольга", telegram_id=5920)
    oblast = await posts.find_post(bot.runtime.db, "regional", ZHYTOMYR_OBLAST)
    assert oblast is not None
    await appoint(bot.runtime.db, oblast, regional, actor_id=None)
    clients["regional holder"] = emulator.user(5920, "Olha", language_code="uk")
    return clients


async def _answer(viewer: UserClient, command: str, group: GroupInfo | None = None) -> str:
    await viewer.send(command, chat=group)
    return (await viewer.next_message(chat=group)).text


async def _find_card(viewer: UserClient, group: GroupInfo | None) -> frozenset[str] | str:
    await viewer.send("/find Коваленко", chat=group)
    results = await viewer.next_message(chat=group)
    if results.text == "Ця дія вам недоступна.":
        return REFUSED
    people_buttons = [text for text in results.button_texts() if text.startswith("👤")]
    if not people_buttons:
        return found(results.text)
    await viewer.press(results, people_buttons[0])
    return found((await viewer.next_message()).text)


async def _roster_list(viewer: UserClient, group: GroupInfo | None) -> frozenset[str]:
    await viewer.send("/roster громади Житомирська область", chat=group)
    listing = await viewer.next_message(chat=group)
    return found(" ".join([listing.text, *listing.button_texts()]))


async def _inline_card(viewer: UserClient) -> frozenset[str]:
    answer = await viewer.inline_query("Житомирська громада")
    shared = [result["input_message_content"]["message_text"] for result in answer.results]
    return found(" ".join(shared))


async def _roster_export(viewer: UserClient) -> frozenset[str] | str:
    await viewer.send("/export")
    asked = await viewer.next_message()
    if asked.text == "Ця дія вам недоступна.":
        return REFUSED
    await viewer.press(asked, "CSV (Excel, UTF-8)")
    document = (await viewer.next_message()).document
    assert document is not None
    rows = list(csv.reader(io.StringIO(document.content.decode("utf-8-sig"))))
    return found(" ".join(" ".join(row) for row in rows))


async def _seen_by(viewer: UserClient, group: GroupInfo | None) -> dict[str, frozenset[str] | str]:
    seen: dict[str, frozenset[str] | str] = {}
    seen["/whois card"] = found(await _answer(viewer, "/whois Житомирська громада", group))
    seen["/find card"] = await _find_card(viewer, group)
    seen["/roster list"] = await _roster_list(viewer, group)
    if group is None:
        seen["inline card"] = await _inline_card(viewer)
        seen["roster export"] = await _roster_export(viewer)
    return seen


@pytest.mark.parametrize("bound", [True, False], ids=["bound holder", "imported holder"])
@pytest.mark.parametrize("shares_with_members", [True, False], ids=["shares", "coordinators only"])
async def test_who_sees_what(
    emulator: TelegramEmulator, bot: RunningBot, make_role: SetRole, shares_with_members: bool, bound: bool
) -> None:
    emulator.limits.enabled = False  # dozens of requests in a row; flood control is tested elsewhere
    await _holder(bot, emulator, shares_with_members, bound)
    clients = await _viewers(bot, emulator, make_role)
    group = emulator.group(-100900, "Громади Житомирщини")
    matrix = {viewer: await _seen_by(client, None) for viewer, client in clients.items()}
    matrix["in a group"] = await _seen_by(clients["member"], group)

    wanted = {
        viewer: {
            surface: expected(viewer, surface, shares_with_members, bound)
            for surface in SURFACES
            if viewer != "in a group" or surface not in ("inline card", "roster export")
        }
        for viewer in VIEWERS
    }
    assert matrix == wanted
