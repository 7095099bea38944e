"""The emulator's world: users, chats, messages, files, pending updates and the answers awaited."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tg_emulator.model import ApiCall, BotMessage, CallbackAnswer, InlineAnswer, MessageEvent, StoredFile


@dataclass
class UserInfo:
    """A Telegram user the emulator knows."""

    id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str | None
    started: bool = False
    blocked: bool = False

    def as_user(self) -> dict[str, Any]:
        """The Bot API User object."""
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def as_chat(self) -> dict[str, Any]:
        """The Bot API Chat object of the private chat with this user."""
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass
class GroupInfo:
    """A group chat the bot is in."""

    id: int
    title: str

    def as_chat(self) -> dict[str, Any]:
        """The Bot API Chat object."""
        kind = "supergroup" if self.id <= -1_000_000_000_000 else "group"
        return {"id": self.id, "type": kind, "title": self.title}


@dataclass
class PendingCallback:
    """A button press waiting for answerCallbackQuery."""

    created: float
    answer: asyncio.Future[CallbackAnswer]


@dataclass
class World:
    """Everything the emulator remembers; the HTTP layer and the client both work on it."""

    bot_user: dict[str, Any]
    clock: Callable[[], float] = time.time
    users: dict[int, UserInfo] = field(default_factory=dict)
    groups: dict[int, GroupInfo] = field(default_factory=dict)
    messages: dict[int, dict[int, BotMessage]] = field(default_factory=dict)
    user_messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    file_paths: dict[str, str] = field(default_factory=dict)
    updates: list[dict[str, Any]] = field(default_factory=list)
    callbacks: dict[str, PendingCallback] = field(default_factory=dict)
    inline_answers: dict[str, asyncio.Future[InlineAnswer]] = field(default_factory=dict)
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    short_descriptions: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    calls: list[ApiCall] = field(default_factory=list)
    watchers: list[Callable[[MessageEvent], None]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    update_arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _message_ids: dict[int, itertools.count[int]] = field(default_factory=dict)
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _file_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _query_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def now(self) -> int:
        """The emulator's clock, in whole seconds as Telegram's dates are."""
        return int(self.clock())

    def next_message_id(self, chat_id: int) -> int:
        """Message ids count per chat, shared by the user's and the bot's messages."""
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def next_query_id(self) -> str:
        """A fresh callback or inline query id."""
        return str(next(self._query_ids) * 7919 + 1_000_000)

    def chat_object(self, chat_id: int) -> dict[str, Any] | None:
        """The Chat object for a known chat id."""
        if chat_id in self.users:
            return self.users[chat_id].as_chat()
        if chat_id in self.groups:
            return self.groups[chat_id].as_chat()
        return None

    def enqueue(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Add an update for the bot's next getUpdates."""
        update = {"update_id": next(self._update_ids), kind: payload}
        self.updates.append(update)
        self.update_arrived.set()
        return update

    def confirm(self, offset: int) -> None:
        """Forget updates below `offset` (negative: keep only the last -offset)."""
        if offset < 0:
            del self.updates[: max(0, len(self.updates) + offset)]
        elif offset:
            self.updates = [update for update in self.updates if update["update_id"] >= offset]

    def store_file(
        self, content: bytes, filename: str | None, mime_type: str | None, folder: str
    ) -> StoredFile:
        """Keep a file and give it an id and a download path."""
        number = next(self._file_ids)
        stored = StoredFile(f"FILE{number:06d}-{folder}", f"U{number:06d}", content, filename, mime_type)
        self.files[stored.file_id] = stored
        suffix = ""
        if filename and "." in filename:
            suffix = "." + filename.rsplit(".", 1)[1]
        self.file_paths[f"{folder}/file_{number}{suffix}"] = stored.file_id
        return stored

    def path_of(self, file_id: str) -> str:
        """The download path of a stored file."""
        return next(path for path, known in self.file_paths.items() if known == file_id)

    def chat_messages(self, chat_id: int) -> dict[int, BotMessage]:
        """The bot messages of a chat, by id."""
        return self.messages.setdefault(chat_id, {})

    def publish(self, kind: str, message: BotMessage) -> None:
        """Tell waiting clients and watchers that a bot message appeared, changed or went away."""
        self.changed.set()
        self.changed = asyncio.Event()
        event = MessageEvent(kind, message)
        for watcher in list(self.watchers):
            watcher(event)
