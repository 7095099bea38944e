"""A local Telegram Bot API emulator, with a client that acts as any number of users."""

from tgemu.client import UserClient
from tgemu.faults import Faults
from tgemu.limits import FloodLimits
from tgemu.model import ApiCall, BotMessage, Button, CallbackAnswer, InlineAnswer, MessageEvent, StoredFile
from tgemu.server import TelegramEmulator
from tgemu.state import GroupInfo

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
