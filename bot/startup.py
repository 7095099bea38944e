"""What the bot tells Telegram at start: its descriptions and command menus."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot

from bot.i18n import LANGUAGES
from bot.menus import refresh_stale_menus, set_general_menus
from bot.runtime import Runtime

log = logging.getLogger(__name__)


async def set_descriptions(bot: Bot, runtime: Runtime) -> None:
    """The description and short description in every language, only where they changed."""
    default = runtime.settings.default_language
    for code in (*LANGUAGES, ""):
        language = code or default
        description = runtime.text(language, "bot.description")
        short = runtime.text(language, "bot.short_description")
        if (await bot.get_my_description(code)).description != description:
            await bot.set_my_description(description, code)
        if (await bot.get_my_short_description(code)).short_description != short:
            await bot.set_my_short_description(short, code)


async def announce(bot: Bot, runtime: Runtime) -> None:
    """Descriptions and general menus now; stale personal menus in the background."""
    await set_descriptions(bot, runtime)
    await set_general_menus(bot, runtime)
    task = runtime.spawn(refresh_stale_menus(bot, runtime), name="refresh-menus")
    task.add_done_callback(_log_refresh)


def _log_refresh(task: asyncio.Task[int]) -> None:
    if task.cancelled():
        return
    if task.exception() is not None:
        log.error("refreshing menus failed", exc_info=task.exception())
    else:
        log.info("refreshed %d personal menus", task.result())
