"""/grant and /revoke: an admin makes someone a coordinator and back; they are told and their menu follows."""

from __future__ import annotations

from collections.abc import Callable

from bot.lifecycle import RunningBot
from storage import audit, people, users
from tests.auxil.bot_under_test import ADMIN_ID
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient

MARTA = 7001


def _menu(emulator: TelegramEmulator, chat_id: int) -> list[str]:
    return [command["command"] for command in emulator.commands("chat", chat_id=chat_id)]


async def _admin(emulator: TelegramEmulator) -> UserClient:
    admin = emulator.user(ADMIN_ID, "Admin", language_code="uk")
    await admin.send("/help")
    await admin.next_message()
    return admin


async def _marta(emulator: TelegramEmulator) -> UserClient:
    """Someone who has written to the bot once, in English."""
    marta = emulator.user(MARTA, "Marta", last_name="<i>Bondar</i>", username="marta_b", language_code="en")
    await marta.send("/help")
    await marta.next_message()
    await emulator.settle()
    return marta


async def test_grant_by_id_then_revoke(emulator: TelegramEmulator, bot: RunningBot) -> None:
    admin, marta = await _admin(emulator), await _marta(emulator)
    assert _menu(emulator, MARTA) == []  # a stranger has the general menu

    await admin.send(f"/grant {MARTA}")
    done = await admin.next_message()
    assert done.text.startswith("✅ Marta <i>Bondar</i> (@marta_b, id 7001) тепер координатор.")
    notice = await marta.next_message()
    assert notice.text.startswith("You are now a coordinator of the network.")
    assert {"invite", "pending", "setstatus", "audit"} <= set(_menu(emulator, MARTA))
    assert "grant" not in _menu(emulator, MARTA)
    assert emulator.commands("chat", chat_id=MARTA)[0]["description"] == "What the bot can do"

    await admin.send("/revoke @Marta_B")
    done = await admin.next_message()
    assert "більше не координатор; тепер: гість" in done.text
    assert (await marta.next_message()).text.startswith("Your coordinator role was withdrawn.")
    assert _menu(emulator, MARTA) == []
    user = await users.get_user(bot.runtime.db, MARTA)
    assert user is not None and user.role == "stranger"

    entries = await audit.latest(bot.runtime.db)
    assert [(e.action, e.actor_id, e.subject) for e in entries[:2]] == [
        ("role.revoked", ADMIN_ID, f"user:{MARTA}"),
        ("role.granted", ADMIN_ID, f"user:{MARTA}"),
    ]
    assert all(entry.at for entry in entries[:2])


async def test_grant_by_username_and_revoke_back_to_member(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    admin, marta = await _admin(emulator), await _marta(emulator)
    await people.create_person(bot.runtime.db, "Марта Бондар", telegram_id=MARTA)

    await admin.send("/grant @marta_b")
    assert "тепер координатор" in (await admin.next_message()).text
    await marta.next_message()
    assert "invite" in _menu(emulator, MARTA)

    await admin.send(f"/revoke {MARTA}")
    assert "тепер: учасник мережі" in (await admin.next_message()).text
    await marta.next_message()
    menu = _menu(emulator, MARTA)
    assert "me" in menu and "invite" not in menu
    await marta.send("/me")
    assert "Role: network member" in (await marta.next_message()).text


async def test_refusals(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    admin = await _admin(emulator)
    await _marta(emulator)

    await admin.send("/grant")
    assert (await admin.next_message()).text.startswith("Кому надати роль координатора?")
    await admin.send("/revoke two words")
    assert (await admin.next_message()).text.startswith("У кого зняти роль координатора?")
    await admin.send("/grant 424242")
    assert (await admin.next_message()).text.startswith("Не знаю користувача 424242.")
    await admin.send("/grant @nobody_here")
    assert (await admin.next_message()).text.startswith("Не знаю користувача @nobody_here.")
    await admin.send(f"/revoke {MARTA}")
    assert "не координатор — знімати нічого" in (await admin.next_message()).text
    await admin.send(f"/grant {ADMIN_ID}")
    assert "адміністратор" in (await admin.next_message()).text

    await admin.send(f"/grant {MARTA}")
    await admin.next_message()
    await admin.send(f"/grant {MARTA}")
    assert "уже координатор" in (await admin.next_message()).text

    await make_role(7002, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(7002, "Coord", language_code="en")
    await coordinator.send(f"/revoke {MARTA}")
    assert (await coordinator.next_message()).text == "This is not available to you."
    await coordinator.send("/grant 7003")
    assert (await coordinator.next_message()).text == "This is not available to you."
    user = await users.get_user(bot.runtime.db, MARTA)
    assert user is not None and user.role == "coordinator"
    assert [e.action for e in await audit.latest(bot.runtime.db)] == ["role.granted"]


async def test_a_target_who_blocked_the_bot_still_changes_role(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    admin, marta = await _admin(emulator), await _marta(emulator)
    marta.block_bot()
    await admin.send(f"/grant {MARTA}")
    assert "Повідомити людину не вдалося" in (await admin.next_message()).text
    user = await users.get_user(bot.runtime.db, MARTA)
    assert user is not None and user.role == "coordinator"
