"""Sending, editing and deleting messages, with Telegram's checks."""

from __future__ import annotations

import re
from typing import Any

from tg_emulator.errors import ApiError, bad_request, forbidden
from tg_emulator.markup import MarkupError, check_entities, parse_html, utf16_length
from tg_emulator.model import BotMessage, Button, StoredFile
from tg_emulator.state import World

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
DELETE_WINDOW_SECONDS = 48 * 3600
_URL = re.compile(r"^(https?|tg)://\S+$")
_ACTIONS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "login_url",
    "web_app",
    "pay",
    "callback_game",
    "copy_text",
)


def target_chat(world: World, chat_id: Any) -> dict[str, Any]:
    """The chat a send goes to, or the error Telegram gives."""
    if not isinstance(chat_id, int):
        try:
            chat_id = int(chat_id)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None
    if chat_id in world.users:
        user = world.users[chat_id]
        if user.blocked:
            raise forbidden("bot was blocked by the user")
        if not user.started:
            raise forbidden("bot can't initiate conversation with a user")
        return user.as_chat()
    if chat_id in world.groups:
        return world.groups[chat_id].as_chat()
    raise bad_request("chat not found")


def formatted(
    params: dict[str, Any], text_key: str, entities_key: str, limit: int, *, caption: bool
) -> tuple[str, str | None, list[dict[str, Any]]]:
    """Plain text, original HTML and entities of a text or caption, checked like Telegram."""
    raw = params.get(text_key)
    raw = "" if raw is None else str(raw)
    source_html: str | None = None
    mode = str(params.get("parse_mode") or "").lower()
    try:
        if mode == "html":
            source_html = raw
            text, entities = parse_html(raw)
        elif mode:
            raise bad_request(f"unsupported parse_mode {params['parse_mode']!r} in this emulator")
        else:
            text, entities = raw, list(params.get(entities_key) or [])
            check_entities(text, entities)
    except MarkupError as error:
        raise bad_request(f"can't parse entities: {error}") from None
    stripped = text.strip()
    if not caption and not stripped:
        raise bad_request("message text is empty")
    if utf16_length(text) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    return text, source_html, entities


def inline_buttons(markup: Any) -> list[list[Button]]:
    """The inline keyboard of a reply_markup, checked like Telegram; [] for other markups."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return []
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    checked = []
    for row in rows:
        checked_row = []
        for button in row:
            text = button.get("text")
            if not text:
                raise bad_request("text buttons are unallowed in the inline keyboard")
            actions = [key for key in _ACTIONS if key in button]
            if len(actions) != 1:
                raise bad_request("can't parse inline keyboard button: exactly one action is required")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not _URL.match(str(url)):
                raise bad_request("inline keyboard button URL is invalid")
            checked_row.append(
                Button(
                    text=str(text),
                    callback_data=None if data is None else str(data),
                    url=url,
                    switch_inline_query=button.get("switch_inline_query"),
                    switch_inline_query_current_chat=button.get("switch_inline_query_current_chat"),
                )
            )
        checked.append(checked_row)
    return checked


def reply_keyboard(markup: Any) -> list[list[dict[str, Any]]] | None:
    """A reply keyboard's buttons as dicts (text, request_contact), if the markup is one."""
    if isinstance(markup, dict) and "keyboard" in markup:
        return [[b if isinstance(b, dict) else {"text": b} for b in row] for row in markup["keyboard"]]
    return None


def new_message(
    world: World,
    chat: dict[str, Any],
    params: dict[str, Any],
    *,
    text: str | None,
    source_html: str | None,
    entities: list[dict[str, Any]],
    caption: str | None = None,
    document: StoredFile | None = None,
    photo: StoredFile | None = None,
) -> BotMessage:
    """Store a bot message and build its Bot API object."""
    chat_id = chat["id"]
    markup = params.get("reply_markup")
    message = BotMessage(
        message_id=world.next_message_id(chat_id),
        chat_id=chat_id,
        date=world.now(),
        text=text,
        html=source_html,
        entities=entities,
        caption=caption,
        buttons=inline_buttons(markup),
        reply_keyboard=reply_keyboard(markup),
        document=document,
        photo=photo,
        reply_to_message_id=_reply_to(params),
    )
    message.raw = to_api(world, message, chat, markup)
    world.chat_messages(chat_id)[message.message_id] = message
    world.publish("new", message)
    return message


def _reply_to(params: dict[str, Any]) -> int | None:
    parameters = params.get("reply_parameters")
    if isinstance(parameters, dict) and "message_id" in parameters:
        return int(parameters["message_id"])
    if params.get("reply_to_message_id") is not None:
        return int(params["reply_to_message_id"])
    return None


def to_api(world: World, message: BotMessage, chat: dict[str, Any], markup: Any) -> dict[str, Any]:
    """The Bot API Message object of a bot message."""
    raw: dict[str, Any] = {
        "message_id": message.message_id,
        "date": message.date,
        "chat": chat,
        "from": world.bot_user,
    }
    if message.text is not None:
        raw["text"] = message.text
        if message.entities:
            raw["entities"] = message.entities
    if message.caption is not None:
        raw["caption"] = message.caption
        if message.entities:
            raw["caption_entities"] = message.entities
    if message.document is not None:
        raw["document"] = file_object(message.document, with_name=True)
    if message.photo is not None:
        raw["photo"] = [dict(file_object(message.photo), width=640, height=480)]
    if message.edit_count:
        raw["edit_date"] = world.now()
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        raw["reply_markup"] = markup
    return raw


def file_object(stored: StoredFile, *, with_name: bool = False) -> dict[str, Any]:
    """A Document or PhotoSize-like object."""
    found: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
    }
    if with_name and stored.filename:
        found["file_name"] = stored.filename
    if with_name and stored.mime_type:
        found["mime_type"] = stored.mime_type
    return found


def existing(world: World, params: dict[str, Any], missing: str) -> BotMessage:
    """The bot message a call refers to, or Telegram's "not found"."""
    if params.get("inline_message_id"):
        raise bad_request("inline messages are not emulated")
    try:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
    except (KeyError, TypeError, ValueError):
        raise bad_request(missing) from None
    message = world.chat_messages(chat_id).get(message_id)
    if message is None or message.deleted:
        raise bad_request(missing)
    return message


def edit(
    world: World,
    message: BotMessage,
    *,
    text: str | None = None,
    caption: str | None = None,
    source_html: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    markup: Any,
) -> BotMessage:
    """Apply an edit, refusing one that changes nothing."""
    buttons = inline_buttons(markup)
    new_text = message.text if text is None else text
    new_caption = message.caption if caption is None else caption
    new_entities = message.entities if entities is None else entities
    if (new_text, new_caption, new_entities, buttons) == (
        message.text,
        message.caption,
        message.entities,
        message.buttons,
    ):
        raise bad_request(
            "message is not modified: specified new message content and reply markup are exactly the same "
            "as a current content and reply markup of the message"
        )
    message.text, message.caption, message.entities, message.buttons = (
        new_text,
        new_caption,
        new_entities,
        buttons,
    )
    if source_html is not None:
        message.html = source_html
    message.edit_count += 1
    chat = world.chat_object(message.chat_id) or {"id": message.chat_id, "type": "private"}
    message.raw = to_api(world, message, chat, markup)
    world.publish("edit", message)
    return message


def delete(world: World, message: BotMessage) -> None:
    """Delete a bot message, within Telegram's 48 hours."""
    if world.now() - message.date > DELETE_WINDOW_SECONDS:
        raise bad_request("message can't be deleted for everyone")
    message.deleted = True
    world.publish("delete", message)


def require(params: dict[str, Any], *names: str) -> None:
    """Telegram's answer when a required parameter is missing."""
    for name in names:
        if params.get(name) in (None, ""):
            raise ApiError(
                400, f"Bad Request: {name} is empty" if name != "chat_id" else "Bad Request: chat_id is empty"
            )
