"""Command menus per scope and language: general ones for strangers, personal ones for everyone else."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import weakref

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.access import Action, Role, menu_for
from bot.i18n import LANGUAGES, Catalogs
from bot.runtime import Actor, Runtime, actor_for
from storage import bot_state, users

log = logging.getLogger(__name__)

GROUP_MENU = (Action.HELP,)
# Personal menus are set one by one under Telegram's limits; this spacing keeps them far below.
PERSONAL_MENU_SPACING_SECONDS = 0.1


def commands(
    catalogs: Catalogs, language: str, actions: list[Action] | tuple[Action, ...]
) -> list[BotCommand]:
    """BotCommand objects for these actions, described in `language`."""
    return [
        BotCommand(action.value, catalogs.text(language, f"command.{action.value}")) for action in actions
    ]


# Menus cannot change while the process runs: each Catalogs' fingerprint is computed once (it was a
# quarter of the CPU of every update when computed each time).
_VERSIONS: weakref.WeakKeyDictionary[Catalogs, str] = weakref.WeakKeyDictionary()


def menus_version(catalogs: Catalogs) -> str:
    """A fingerprint of every menu; when it changes, personal menus are refreshed."""
    if catalogs not in _VERSIONS:
        _VERSIONS[catalogs] = _fingerprint(catalogs)
    return _VERSIONS[catalogs]


def _fingerprint(catalogs: Catalogs) -> str:
    everything = {
        f"{role}:{language}": [
            (c.command, c.description) for c in commands(catalogs, language, menu_for(role))
        ]
        for role in Role
        for language in LANGUAGES
    }
    encoded = json.dumps(everything, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def personal_menu_key(version: str, role: Role, saved_language: str | None, language: str) -> str | None:
    """What a user's personal menu should be; None when the general menu serves them."""
    if role in (Role.STRANGER, Role.PENDING) and saved_language is None:
        return None
    return f"{version}:{role.value}:{language}"


async def set_general_menus(bot: Bot, runtime: Runtime) -> None:
    """The strangers' menu per language, the default one, and the one for groups."""
    catalogs, default = runtime.catalogs, runtime.settings.default_language
    strangers = menu_for(Role.STRANGER)
    for language in LANGUAGES:
        await bot.set_my_commands(commands(catalogs, language, strangers), BotCommandScopeDefault(), language)
        await bot.set_my_commands(
            commands(catalogs, language, GROUP_MENU), BotCommandScopeAllGroupChats(), language
        )
    await bot.set_my_commands(commands(catalogs, default, strangers), BotCommandScopeDefault())
    await bot.set_my_commands(commands(catalogs, default, GROUP_MENU), BotCommandScopeAllGroupChats())


async def set_personal_menu(bot: Bot, runtime: Runtime, actor: Actor) -> None:
    """Give one user the menu of their role in their language (or the general one back)."""
    user = actor.user
    wanted = personal_menu_key(menus_version(runtime.catalogs), actor.role, user.language, actor.language)
    if wanted == user.menu_version:
        return
    scope = BotCommandScopeChat(user.telegram_id)
    try:
        if wanted is None:
            await bot.delete_my_commands(scope)
        else:
            await bot.set_my_commands(commands(runtime.catalogs, actor.language, menu_for(actor.role)), scope)
    except (BadRequest, Forbidden) as error:
        # A user who never opened a private chat with the bot has no chat to scope a menu to.
        log.info("personal menu for %s not set: %s", user.telegram_id, error.message)
        return
    await users.set_menu_version(runtime.db, user.telegram_id, wanted)


async def refresh_stale_menus(bot: Bot, runtime: Runtime) -> int:
    """After an upgrade that changed the menus, refresh every personal menu, paced; return how many."""
    version = menus_version(runtime.catalogs)
    if await bot_state.get_value(runtime.db, "menus_version") == version:
        return 0
    stale = await users.users_with_stale_menu(runtime.db, version)
    for user in stale:
        try:
            await set_personal_menu(bot, runtime, actor_for(user, runtime.settings))
        except TelegramError as error:
            log.warning("menu refresh for %s failed: %s", user.telegram_id, error)
        await asyncio.sleep(PERSONAL_MENU_SPACING_SECONDS)
    await bot_state.set_value(runtime.db, "menus_version", version)
    return len(stale)
