"""The test side: a Telegram user who writes to the bot, presses buttons and reads the answers."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from typing import Any

from tg_emulator.markup import utf16_length
from tg_emulator.model import BotMessage, CallbackAnswer, InlineAnswer
from tg_emulator.state import GroupInfo, PendingCallback, UserInfo, World

DEFAULT_TIMEOUT = 5.0


class UserClient:
    """One emulated user; their private chat's id is their user id."""

    def __init__(
        self,
        world: World,
        user_id: int,
        first_name: str,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
    ) -> None:
        self._world = world
        self.info = self._world.users.setdefault(
            user_id, UserInfo(user_id, first_name, last_name, username, language_code)
        )
        self.id = user_id
        self._cursors: dict[int, int] = {}

    # -- sending ---------------------------------------------------------------------------------

    async def send(
        self,
        text: str,
        *,
        chat: GroupInfo | None = None,
        reply_to: BotMessage | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A text message with the user's formatting `entities` (bold, links… as Telegram sends them);
        a leading /command gets its bot_command entity, as in Telegram."""
        message = self._message(chat)
        message["text"] = text
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_length(command)}]
        if entities:
            message["entities"] = [*message.get("entities", []), *entities]
        if reply_to is not None:
            message["reply_to_message"] = reply_to.raw
        return self._deliver(message)

    async def send_contact(self, phone_number: str, *, own: bool = True) -> dict[str, Any]:
        """A shared contact; `own` makes it the user's own (as the "share my phone" button does)."""
        message = self._message(None)
        contact: dict[str, Any] = {"phone_number": phone_number, "first_name": self.info.first_name}
        if own:
            contact["user_id"] = self.id
        message["contact"] = contact
        return self._deliver(message)

    async def send_document(
        self, content: bytes, *, filename: str, mime_type: str | None = None, caption: str | None = None
    ) -> dict[str, Any]:
        """A file, as a document."""
        stored = self._world.store_file(content, filename, mime_type, "documents")
        message = self._message(None)
        message["document"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": filename,
            "file_size": len(content),
        }
        if mime_type:
            message["document"]["mime_type"] = mime_type
        if caption:
            message["caption"] = caption
        return self._deliver(message)

    async def send_photo(self, content: bytes) -> dict[str, Any]:
        """A picture."""
        stored = self._world.store_file(content, None, "image/jpeg", "photos")
        message = self._message(None)
        message["photo"] = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 640,
                "height": 480,
                "file_size": len(content),
            }
        ]
        return self._deliver(message)

    def _message(self, chat: GroupInfo | None) -> dict[str, Any]:
        chat_object = chat.as_chat() if chat is not None else self.info.as_chat()
        if chat is None:
            self.info.started = True
        return {
            "message_id": self._world.next_message_id(chat_object["id"]),
            "date": self._world.now(),
            "chat": chat_object,
            "from": self.info.as_user(),
        }

    def _deliver(self, message: dict[str, Any]) -> dict[str, Any]:
        self._world.user_messages[(message["chat"]["id"], message["message_id"])] = message
        self._world.enqueue("message", message)
        return message

    # -- buttons and inline mode -----------------------------------------------------------------

    async def press(
        self,
        message: BotMessage,
        text: str | None = None,
        *,
        data: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> CallbackAnswer:
        """Press an inline button by its text (or data) and wait for the bot's answer."""
        if data is None:
            if text is None:
                raise ValueError("press needs the button's text or data")
            button = message.find_button(text)
            if button.callback_data is None:
                raise AssertionError(f"button {text!r} is a link, not a callback button")
            data = button.callback_data
        return await self.press_data(message, data, timeout=timeout)

    async def press_data(
        self, message: BotMessage, data: str, *, timeout: float = DEFAULT_TIMEOUT
    ) -> CallbackAnswer:
        """Send a callback query with any data on a message (forged presses included)."""
        query_id = self._world.next_query_id()
        answer: asyncio.Future[CallbackAnswer] = asyncio.get_running_loop().create_future()
        self._world.callbacks[query_id] = PendingCallback(self._world.clock(), answer)
        self._world.enqueue(
            "callback_query",
            {
                "id": query_id,
                "from": self.info.as_user(),
                "message": message.raw,
                "chat_instance": str(message.chat_id),
                "data": data,
            },
        )
        try:
            return await asyncio.wait_for(answer, timeout)
        except TimeoutError:
            raise AssertionError(
                f"the bot did not answer the press of {data!r}\n{self.transcript()}"
            ) from None

    async def inline_query(self, query: str, *, timeout: float = DEFAULT_TIMEOUT) -> InlineAnswer:
        """Type `@bot query` in some chat and wait for the bot's inline answer."""
        query_id = self._world.next_query_id()
        answer: asyncio.Future[InlineAnswer] = asyncio.get_running_loop().create_future()
        self._world.inline_answers[query_id] = answer
        self._world.enqueue(
            "inline_query",
            {
                "id": query_id,
                "from": self.info.as_user(),
                "query": query,
                "offset": "",
                "chat_type": "sender",
            },
        )
        try:
            return await asyncio.wait_for(answer, timeout)
        except TimeoutError:
            raise AssertionError(f"the bot did not answer the inline query {query!r}") from None

    # -- blocking --------------------------------------------------------------------------------

    def block_bot(self) -> None:
        """Block the bot: sends now fail with 403, and the bot gets a my_chat_member update."""
        self.info.blocked = True
        self._chat_member_update("member", "kicked")

    def unblock_bot(self) -> None:
        """Unblock (restart) the bot."""
        self.info.blocked = False
        self._chat_member_update("kicked", "member")

    def _chat_member_update(self, old: str, new: str) -> None:
        bot = self._world.bot_user

        def member(status: str) -> dict[str, object]:
            # Telegram always sends until_date for a "kicked" member (0: for ever); PTB requires it.
            return {"status": status, "user": bot, **({"until_date": 0} if status == "kicked" else {})}

        self._world.enqueue(
            "my_chat_member",
            {
                "chat": self.info.as_chat(),
                "from": self.info.as_user(),
                "date": self._world.now(),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    # -- reading ---------------------------------------------------------------------------------

    @property
    def messages(self) -> list[BotMessage]:
        """Every bot message in the private chat, current state, oldest first."""
        return self.messages_in(self.id)

    def messages_in(self, chat_id: int) -> list[BotMessage]:
        """Every bot message in a chat, oldest first, as snapshots: a later edit doesn't change them."""
        return [replace(message) for message in self._world.chat_messages(chat_id).values()]

    @property
    def last(self) -> BotMessage:
        """The latest bot message in the private chat."""
        if not self.messages:
            raise AssertionError("the bot has sent nothing to this user")
        return self.messages[-1]

    async def next_message(
        self, *, timeout: float = DEFAULT_TIMEOUT, chat: GroupInfo | None = None
    ) -> BotMessage:
        """The next bot message not yet returned by this method, waiting for it."""
        return (await self.next_messages(1, timeout=timeout, chat=chat))[0]

    async def next_messages(
        self, count: int, *, timeout: float = DEFAULT_TIMEOUT, chat: GroupInfo | None = None
    ) -> list[BotMessage]:
        """The next `count` bot messages, waiting for them."""
        chat_id = self.id if chat is None else chat.id
        cursor = self._cursors.get(chat_id, 0)
        deadline = time.monotonic() + timeout
        while len(self._world.chat_messages(chat_id)) < cursor + count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"expected {count} new message(s) from the bot\n{self.transcript(chat_id)}"
                )
            changed = self._world.changed
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except TimeoutError:
                continue
        self._cursors[chat_id] = cursor + count
        return self.messages_in(chat_id)[cursor : cursor + count]

    async def no_message(self, *, within: float = 0.5, chat: GroupInfo | None = None) -> None:
        """Assert that the bot sends nothing new here for a while."""
        chat_id = self.id if chat is None else chat.id
        cursor = self._cursors.get(chat_id, 0)
        await asyncio.sleep(within)
        extra = self.messages_in(chat_id)[cursor:]
        if extra:
            raise AssertionError(f"unexpected message(s): {[m.text for m in extra]}")

    async def wait_edit(self, message: BotMessage, *, timeout: float = DEFAULT_TIMEOUT) -> BotMessage:
        """Wait until `message` is edited (again) and return it."""
        seen = message.edit_count
        stored = self._world.chat_messages(message.chat_id)[message.message_id]
        if stored.edit_count > seen:
            return replace(stored)
        deadline = time.monotonic() + timeout
        while stored.edit_count <= seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"message {message.message_id} was not edited\n{self.transcript(message.chat_id)}"
                )
            try:
                await asyncio.wait_for(self._world.changed.wait(), remaining)
            except TimeoutError:
                continue
        return replace(stored)

    async def wait_text(
        self, message: BotMessage, text: str, *, timeout: float = DEFAULT_TIMEOUT
    ) -> BotMessage:
        """Wait until `message`, as it stands now (edits included), contains `text`; return it."""
        deadline = time.monotonic() + timeout
        while True:
            stored = self._world.chat_messages(message.chat_id)[message.message_id]
            if text in (stored.text or stored.caption or ""):
                return replace(stored)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"message {message.message_id} never showed {text!r}: {stored.text!r}")
            try:
                await asyncio.wait_for(self._world.changed.wait(), remaining)
            except TimeoutError:
                continue

    def transcript(self, chat_id: int | None = None) -> str:
        """The chat's bot messages as text, for failure messages."""
        lines = []
        for message in self.messages_in(self.id if chat_id is None else chat_id):
            state = (
                " (deleted)"
                if message.deleted
                else f" (edited {message.edit_count}x)"
                if message.edit_count
                else ""
            )
            shown = message.text or message.caption
            lines.append(f"  #{message.message_id}{state}: {shown!r} {message.button_texts()}")
        return "transcript:\n" + ("\n".join(lines) or "  (nothing)")
