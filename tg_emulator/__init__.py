"""A local Telegram Bot API emulator, with a client that acts as any number of users."""

from tg_emulator.client import UserClient
from tg_emulator.faults import Faults
from tg_emulator.limits import FloodLimits
from tg_emulator.model import (
    ApiCall,
    BotMessage,
    Button,
    CallbackAnswer,
    InlineAnswer,
    MessageEvent,
    StoredFile,
)
from tg_emulator.server import TelegramEmulator
from tg_emulator.state import GroupInfo

__all__ = [
    "ApiCall",
    "BotMessage",
    "Button",
    "CallbackAnswer",
    "Faults",
    "FloodLimits",
    "GroupInfo",
    "InlineAnswer",
    "MessageEvent",
    "StoredFile",
    "TelegramEmulator",
    "UserClient",
]
