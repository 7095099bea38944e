"""A python-telegram-bot persistence in the bot's own SQLite database, written on every change."""

from __future__ import annotations

import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from storage import persistence as rows
from storage.db import Database

UserData = dict[Any, Any]


class SqlitePersistence(BasePersistence[UserData, dict[Any, Any], dict[Any, Any]]):
    """Stores user data and conversation states; bot and chat data are not kept.

    python-telegram-bot only calls the update methods from `Application.update_persistence`,
    which `CdtoApplication` runs after every update, so a SIGKILL loses nothing written.
    Values must be JSON-serialisable (flows keep only plain data in `user_data`).
    """

    def __init__(self, db: Database) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
            update_interval=60,
        )
        self._db = db
        self._user_data: dict[int, UserData] | None = None
        self._written_user_data: dict[int, str] = {}
        self._conversations: dict[str, ConversationDict] = {}

    async def get_user_data(self) -> dict[int, UserData]:
        """Load every user's data once, at start-up."""
        if self._user_data is None:
            stored = await rows.load_user_data(self._db)
            self._written_user_data = dict(stored)
            self._user_data = {user_id: json.loads(text) for user_id, text in stored.items()}
        return {user_id: dict(data) for user_id, data in self._user_data.items()}

    async def update_user_data(self, user_id: int, data: UserData) -> None:
        """Write one user's data if it changed."""
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        if self._written_user_data.get(user_id) == text:
            return
        await rows.save_user_data(self._db, user_id, text)
        self._written_user_data[user_id] = text

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """Nothing to refresh: this process is the only writer."""

    async def drop_user_data(self, user_id: int) -> None:
        """Forget one user's data."""
        await rows.drop_user_data(self._db, user_id)
        self._written_user_data.pop(user_id, None)

    async def get_conversations(self, name: str) -> ConversationDict:
        """The states of one conversation handler."""
        stored = await rows.load_conversations(self._db, name)
        states: ConversationDict = {
            tuple(json.loads(key)): json.loads(state) for key, state in stored.items()
        }
        self._conversations[name] = dict(states)
        return states

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        """Write a changed state; None ends the conversation."""
        known = self._conversations.setdefault(name, {})
        unchanged = key not in known if new_state is None else known.get(key) == new_state
        if unchanged:
            return
        await rows.save_conversation(
            self._db, name, json.dumps(list(key)), None if new_state is None else json.dumps(new_state)
        )
        if new_state is None:
            known.pop(key, None)
        else:
            known[key] = new_state

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        """Chat data is not stored."""
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Chat data is not stored."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Chat data is not stored."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not stored."""

    async def get_bot_data(self) -> dict[Any, Any]:
        """Bot data holds live objects (the database, the catalogs), so it is never stored."""
        return {}

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Bot data is not stored."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """Bot data is not stored."""

    async def get_callback_data(self) -> CDCData | None:
        """Arbitrary callback data is not used."""
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        """Arbitrary callback data is not used."""

    async def flush(self) -> None:
        """Every write already went to the database."""
