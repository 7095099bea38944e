"""What the emulator keeps: bot messages as users see them, files, answers to presses and queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    """One inline button."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    switch_inline_query: str | None = None
    switch_inline_query_current_chat: str | None = None


@dataclass(frozen=True)
class StoredFile:
    """A file known by its file_id."""

    file_id: str
    file_unique_id: str
    content: bytes
    filename: str | None
    mime_type: str | None

    @property
    def size(self) -> int:
        """Size in bytes."""
        return len(self.content)


@dataclass
class BotMessage:
    """A message in a chat, in its current state (edits applied)."""

    message_id: int
    chat_id: int
    date: int
    text: str | None
    html: str | None
    entities: list[dict[str, Any]]
    caption: str | None = None
    buttons: list[list[Button]] = field(default_factory=list)
    reply_keyboard: list[list[dict[str, Any]]] | None = None
    document: StoredFile | None = None
    photo: StoredFile | None = None
    reply_to_message_id: int | None = None
    edit_count: int = 0
    deleted: bool = False
    raw: dict[str, Any] = field(default_factory=dict)

    def button_texts(self) -> list[str]:
        """Every inline button's text, row by row."""
        return [button.text for row in self.buttons for button in row]

    def find_button(self, text: str) -> Button:
        """The button with exactly this text, else the only one containing it."""
        flat = [button for row in self.buttons for button in row]
        exact = [button for button in flat if button.text == text]
        if exact:
            return exact[0]
        partial = [button for button in flat if text in button.text]
        if len(partial) == 1:
            return partial[0]
        raise AssertionError(
            f"no single button {text!r} in {self.button_texts()} of message {self.message_id}"
        )


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot answered to a button press."""

    text: str | None
    show_alert: bool
    url: str | None


@dataclass(frozen=True)
class InlineAnswer:
    """What the bot answered to an inline query."""

    results: list[dict[str, Any]]
    cache_time: int | None
    is_personal: bool
    button: dict[str, Any] | None


@dataclass(frozen=True)
class MessageEvent:
    """A bot message appeared, changed or went away (for watchers such as the sandbox)."""

    kind: str  # "new" | "edit" | "delete"
    message: BotMessage


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made, for tests that look at the traffic."""

    method: str
    params: dict[str, Any]
    status: int
    at: float
