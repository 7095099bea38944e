"""Talking with the bot as a user: a command and its replies; what a chart is."""

from __future__ import annotations

from tg_emulator.client import UserClient
from tg_emulator.model import BotMessage

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def reply_to(user: UserClient, command: str, count: int = 1) -> list[BotMessage]:
    """Send a command and wait for `count` messages, then for /help's answer: after it, nothing else of
    the command's can follow (updates are handled one at a time)."""
    await user.send(command)
    replies = await user.next_messages(count)
    await user.send("/help")
    await user.next_message()
    return replies
