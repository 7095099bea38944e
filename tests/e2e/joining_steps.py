"""Steps shared by the joining stories (invites, requests, binding)."""

from __future__ import annotations

import asyncio
import time

from tgemu.model import BotMessage

TIMEOUT = 5.0


async def shows(message: BotMessage, text: str, *, timeout: float = TIMEOUT) -> BotMessage:
    """Wait until a bot message (kept up to date by the emulator) contains `text` after an edit."""
    deadline = time.monotonic() + timeout
    while text not in (message.text or ""):
        if time.monotonic() > deadline:
            raise AssertionError(f"message {message.message_id} never showed {text!r}: {message.text!r}")
        await asyncio.sleep(0.02)
    return message
