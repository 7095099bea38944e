"""Every command and every stand-alone button, pressed by every role, against the expectation table.

The table (tests/bot/test_access.py) is written from the issues, separately from bot/access.py; here the
real bot answers each role through the emulator: refused means the "not available" answer, anything else
means the command ran.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.access import Action, Role
from bot.i18n import Catalogs
from bot.lifecycle import RunningBot
from tests.auxil.bot_under_test import ADMIN_ID
from tests.auxil.role_table import EXPECTED
from tg_emulator import TelegramEmulator, UserClient

# Dozens of commands in a row from one user: the per-person limit has its own stories.
pytestmark = pytest.mark.user_rate(0, 10.0)

# Commands whose words come after the name; the rest are sent bare.
ARGUMENTS = {
    Action.GRANT: " 123456789",
    Action.REVOKE: " 123456789",
    Action.WHOIS: " Черкаси",
    Action.FIND: " Черкаси",
}
# Buttons that work outside any flow, with data that is well-formed but points at nothing real.
BUTTONS = {
    Action.DECIDE_REQUEST: "jrd:approve:999999",
    Action.EXPORT_ROSTER: "exp:csv",
    Action.IMPORT_ROSTER: "imp:cancel:0123456789abcdef",
    Action.PROFILE: "me:back:{user_id}",
    Action.EDIT_PROFILE: "me:vis:{user_id}",
    Action.LANGUAGE: "lang:en",
    Action.BROADCASTS: "bl:page:0",
    Action.MANAGE_BROADCAST: "bl:cancel:999999:0",
    Action.SERVICES: "sv:open:999999",
    Action.REACT: "rx:999999:use",
    Action.CHECKINS: "cd:pg:0",
    Action.MY_CHECKINS: "mc:pg:0",
}
COMMANDS = [
    Action.START,
    Action.HELP,
    Action.CANCEL,
    Action.LANGUAGE,
    Action.FEEDBACK,
    Action.JOIN,
    Action.PROFILE,
    Action.STATS,
    Action.INVITE,
    Action.PENDING,
    Action.SET_STATUS,
    Action.EXPORT_ROSTER,
    Action.EXPORT_INVITES,
    Action.AUDIT,
    Action.GRANT,
    Action.REVOKE,
    Action.WHOIS,
    Action.FIND,
    Action.ROSTER,
    Action.BROADCAST,
    Action.BROADCASTS,
    Action.SERVICES,
    Action.CHECKIN,
    Action.AWAY,
    Action.CHECKINS,
    Action.MY_CHECKINS,
]
ROLE_IDS = {Role.STRANGER: 7101, Role.PENDING: 7102, Role.MEMBER: 7103, Role.COORDINATOR: 7104}
DENIED = Catalogs().text("en", "access.denied")
UNKNOWN = Catalogs().text("en", "fallback.unknown_command", command="/").split("/")[0]


async def _as_role(
    role: Role, emulator: TelegramEmulator, make_role: Callable[[int, str], object]
) -> UserClient:
    if role is Role.ADMIN:
        return emulator.user(ADMIN_ID, "Admin", language_code="en")
    telegram_id = ROLE_IDS[role]
    await make_role(telegram_id, role.value)  # type: ignore[misc]
    return emulator.user(telegram_id, role.value.title(), language_code="en")


@pytest.mark.parametrize("role", list(Role))
async def test_commands_by_role(
    role: Role, emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    emulator.limits.enabled = False  # a hundred commands in a row; flood control is tested elsewhere
    user = await _as_role(role, emulator, make_role)
    await user.send("/language")  # makes sure the role is stored before anything is judged
    await user.next_message()
    outcomes = {}
    for action in COMMANDS:
        await user.send(f"/{action.value}{ARGUMENTS.get(action, '')}")
        reply = await user.next_message()
        assert not reply.text.startswith(UNKNOWN), f"/{action.value} is not a command of the bot"
        outcomes[action] = reply.text != DENIED
        if action is Action.STATS and role in (Role.COORDINATOR, Role.ADMIN):
            await user.next_message()  # staff also get the coverage chart as a photo
        await user.send("/cancel")  # leave whatever flow the command opened
        await user.next_message()
    expected = {action: role in EXPECTED[action] for action in COMMANDS}
    assert outcomes == expected


@pytest.mark.parametrize("role", list(Role))
async def test_buttons_by_role(
    role: Role, emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    emulator.limits.enabled = False
    user = await _as_role(role, emulator, make_role)
    await user.send("/language")
    message = await user.next_message()
    for action, data in BUTTONS.items():
        answer = await user.press_data(message, data.format(user_id=user.id))
        assert (answer.text != DENIED) == (role in EXPECTED[action]), (action, answer.text)
