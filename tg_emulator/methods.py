"""The Bot API methods the bot uses, one function each, over the emulator's world."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from tg_emulator import messages as msg
from tg_emulator.errors import ApiError, bad_request
from tg_emulator.model import CallbackAnswer, InlineAnswer, StoredFile
from tg_emulator.state import World

Params = dict[str, Any]
Uploads = dict[str, tuple[bytes, str | None, str | None]]
Method = Callable[[World, Params, Uploads], Awaitable[Any]]

SENDING = frozenset({"sendmessage", "senddocument", "sendphoto", "copymessage", "forwardmessage"})
# What flood control counts: every method that acts on a chat's messages. Telegram documents its
# limits for sending only and says nothing precise about edits and deletes; counting them towards the
# same limits is the safe assumption (a bot that passes here is not surprised there). answerCallbackQuery
# has no chat and does not count; neither do chat actions, which touch no message.
FLOOD_COUNTED = SENDING | frozenset(
    {"editmessagetext", "editmessagecaption", "editmessagereplymarkup", "deletemessage"}
)
CALLBACK_ANSWER_WINDOW_SECONDS = 15
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


async def send_message(world: World, params: Params, uploads: Uploads) -> Any:
    """sendMessage."""
    msg.require(params, "chat_id")
    chat = msg.target_chat(world, params["chat_id"])
    text, source_html, entities = msg.formatted(params, "text", "entities", msg.MAX_TEXT, caption=False)
    return msg.new_message(world, chat, params, text=text, source_html=source_html, entities=entities).raw


def _input_file(world: World, params: Params, uploads: Uploads, field: str, folder: str) -> StoredFile:
    value = params.get(field)
    if field in uploads:
        content, filename, mime_type = uploads[field]
        return world.store_file(content, filename, mime_type, folder)
    if isinstance(value, str) and value.startswith("attach://") and value[9:] in uploads:
        content, filename, mime_type = uploads[value[9:]]
        return world.store_file(content, filename, mime_type, folder)
    if isinstance(value, str) and value in world.files:
        return world.files[value]
    raise bad_request("wrong file identifier/HTTP URL specified")


async def _send_file(world: World, params: Params, uploads: Uploads, field: str) -> Any:
    msg.require(params, "chat_id")
    chat = msg.target_chat(world, params["chat_id"])
    caption, source_html, entities = msg.formatted(
        params, "caption", "caption_entities", msg.MAX_CAPTION, caption=True
    )
    stored = _input_file(world, params, uploads, field, "documents" if field == "document" else "photos")
    return msg.new_message(
        world,
        chat,
        params,
        text=None,
        source_html=source_html,
        entities=entities,
        caption=caption or None,
        document=stored if field == "document" else None,
        photo=stored if field == "photo" else None,
    ).raw


async def send_document(world: World, params: Params, uploads: Uploads) -> Any:
    """sendDocument: a multipart upload or a known file_id."""
    return await _send_file(world, params, uploads, "document")


async def send_photo(world: World, params: Params, uploads: Uploads) -> Any:
    """sendPhoto: a multipart upload or a known file_id."""
    return await _send_file(world, params, uploads, "photo")


async def copy_message(world: World, params: Params, uploads: Uploads) -> Any:
    """copyMessage: a bot message or a user's message, into another chat."""
    chat = msg.target_chat(world, params.get("chat_id"))
    source_chat, source_id = int(params.get("from_chat_id", 0)), int(params.get("message_id", 0))
    original = world.chat_messages(source_chat).get(source_id)
    user_original = world.user_messages.get((source_chat, source_id))
    if original is None and user_original is None:
        raise bad_request("message to copy not found")
    text = original.text if original else user_original.get("text") if user_original else None
    copy = msg.new_message(world, chat, params, text=text, source_html=None, entities=[])
    return {"message_id": copy.message_id}


async def forward_message(world: World, params: Params, uploads: Uploads) -> Any:
    """forwardMessage (kept simple: the text, with a forward origin)."""
    copy = await copy_message(world, params, uploads)
    message = world.chat_messages(int(params["chat_id"]))[copy["message_id"]]
    message.raw["forward_origin"] = {
        "type": "chat",
        "date": world.now(),
        "chat": world.chat_object(int(params["from_chat_id"])),
    }
    return message.raw


async def edit_message_text(world: World, params: Params, uploads: Uploads) -> Any:
    """editMessageText."""
    message = msg.existing(world, params, "message to edit not found")
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    text, source_html, entities = msg.formatted(params, "text", "entities", msg.MAX_TEXT, caption=False)
    return msg.edit(
        world,
        message,
        text=text,
        source_html=source_html,
        entities=entities,
        markup=params.get("reply_markup"),
    ).raw


async def edit_message_caption(world: World, params: Params, uploads: Uploads) -> Any:
    """editMessageCaption."""
    message = msg.existing(world, params, "message to edit not found")
    caption, source_html, entities = msg.formatted(
        params, "caption", "caption_entities", msg.MAX_CAPTION, caption=True
    )
    return msg.edit(
        world,
        message,
        caption=caption,
        source_html=source_html,
        entities=entities,
        markup=params.get("reply_markup"),
    ).raw


async def edit_message_reply_markup(world: World, params: Params, uploads: Uploads) -> Any:
    """editMessageReplyMarkup (no markup removes the keyboard)."""
    message = msg.existing(world, params, "message to edit not found")
    return msg.edit(world, message, markup=params.get("reply_markup")).raw


async def delete_message(world: World, params: Params, uploads: Uploads) -> Any:
    """deleteMessage."""
    msg.delete(world, msg.existing(world, params, "message to delete not found"))
    return True


async def answer_callback_query(world: World, params: Params, uploads: Uploads) -> Any:
    """answerCallbackQuery: resolves the press the client is waiting on."""
    pending = world.callbacks.pop(str(params.get("callback_query_id")), None)
    too_old = "query is too old and response timeout expired or query ID is invalid"
    if pending is None or world.clock() - pending.created > CALLBACK_ANSWER_WINDOW_SECONDS:
        raise bad_request(too_old)
    text = params.get("text")
    if text is not None and len(str(text)) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    if not pending.answer.done():
        pending.answer.set_result(CallbackAnswer(text, bool(params.get("show_alert")), params.get("url")))
    return True


async def answer_inline_query(world: World, params: Params, uploads: Uploads) -> Any:
    """answerInlineQuery: resolves the inline query the client is waiting on."""
    waiting = world.inline_answers.pop(str(params.get("inline_query_id")), None)
    if waiting is None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    results = params.get("results") or []
    if not isinstance(results, list) or len(results) > 50:
        raise bad_request("RESULTS_TOO_MUCH")
    cache_time = params.get("cache_time")
    answer = InlineAnswer(
        results,
        None if cache_time is None else int(cache_time),
        bool(params.get("is_personal")),
        params.get("button"),
    )
    if not waiting.done():
        waiting.set_result(answer)
    return True


def _scope_key(params: Params) -> str:
    scope = params.get("scope") or {"type": "default"}
    key = str(scope.get("type", "default"))
    if "chat_id" in scope:
        key += f":{scope['chat_id']}"
    if "user_id" in scope:
        key += f":{scope['user_id']}"
    return key


async def set_my_commands(world: World, params: Params, uploads: Uploads) -> Any:
    """setMyCommands per scope and language."""
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("commands must be a list of at most 100")
    for command in commands:
        if not _COMMAND.match(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    _check_scope_chat(world, params)
    world.commands[(_scope_key(params), str(params.get("language_code") or ""))] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True


def _check_scope_chat(world: World, params: Params) -> None:
    scope = params.get("scope") or {}
    if "chat_id" in scope and world.chat_object(int(scope["chat_id"])) is None:
        raise bad_request("chat not found")


async def get_my_commands(world: World, params: Params, uploads: Uploads) -> Any:
    """getMyCommands."""
    return world.commands.get((_scope_key(params), str(params.get("language_code") or "")), [])


async def delete_my_commands(world: World, params: Params, uploads: Uploads) -> Any:
    """deleteMyCommands."""
    _check_scope_chat(world, params)
    world.commands.pop((_scope_key(params), str(params.get("language_code") or "")), None)
    return True


def _text_setting(attribute: str, key: str, limit: int) -> Method:
    """set<Description|ShortDescription|Name> per language; an empty value removes it."""

    async def setter(world: World, params: Params, uploads: Uploads) -> Any:
        store: dict[str, str] = getattr(world, attribute)
        value = str(params.get(key) or "")
        if len(value) > limit:
            raise bad_request(f"{key} is too long")
        language = str(params.get("language_code") or "")
        if value:
            store[language] = value
        else:
            store.pop(language, None)
        return True

    return setter


def _text_getter(attribute: str, key: str) -> Method:
    """get<Description|ShortDescription|Name> per language."""

    async def getter(world: World, params: Params, uploads: Uploads) -> Any:
        store: dict[str, str] = getattr(world, attribute)
        return {key: store.get(str(params.get("language_code") or ""), "")}

    return getter


async def get_me(world: World, params: Params, uploads: Uploads) -> Any:
    """getMe."""
    return world.bot_user


async def ok(world: World, params: Params, uploads: Uploads) -> Any:
    """Methods whose effect the emulator does not model."""
    return True


async def get_webhook_info(world: World, params: Params, uploads: Uploads) -> Any:
    """getWebhookInfo: polling, never a webhook."""
    return {"url": "", "has_custom_certificate": False, "pending_update_count": len(world.updates)}


async def get_file(world: World, params: Params, uploads: Uploads) -> Any:
    """getFile: the path to download a stored file from."""
    stored = world.files.get(str(params.get("file_id")))
    if stored is None:
        raise bad_request("invalid file_id")
    return dict(msg.file_object(stored), file_path=world.path_of(stored.file_id))


async def get_chat(world: World, params: Params, uploads: Uploads) -> Any:
    """getChat."""
    chat = world.chat_object(int(params.get("chat_id", 0)))
    if chat is None:
        raise bad_request("chat not found")
    return dict(chat, accent_color_id=0, max_reaction_count=11)


async def get_chat_member(world: World, params: Params, uploads: Uploads) -> Any:
    """getChatMember: every known user is a plain member."""
    user = world.users.get(int(params.get("user_id", 0)))
    if user is None:
        raise bad_request("user not found")
    return {"status": "member", "user": user.as_user()}


async def get_user_profile_photos(world: World, params: Params, uploads: Uploads) -> Any:
    """getUserProfilePhotos: nobody has one."""
    return {"total_count": 0, "photos": []}


def method_table() -> dict[str, Method]:
    """Every emulated method by its lower-case name (getUpdates is handled by the server)."""
    return {
        "getme": get_me,
        "logout": ok,
        "close": ok,
        "deletewebhook": ok,
        "setwebhook": ok,
        "getwebhookinfo": get_webhook_info,
        "sendmessage": send_message,
        "senddocument": send_document,
        "sendphoto": send_photo,
        "copymessage": copy_message,
        "forwardmessage": forward_message,
        "editmessagetext": edit_message_text,
        "editmessagecaption": edit_message_caption,
        "editmessagereplymarkup": edit_message_reply_markup,
        "deletemessage": delete_message,
        "answercallbackquery": answer_callback_query,
        "answerinlinequery": answer_inline_query,
        "setmycommands": set_my_commands,
        "getmycommands": get_my_commands,
        "deletemycommands": delete_my_commands,
        "setmydescription": _text_setting("descriptions", "description", 512),
        "getmydescription": _text_getter("descriptions", "description"),
        "setmyshortdescription": _text_setting("short_descriptions", "short_description", 120),
        "getmyshortdescription": _text_getter("short_descriptions", "short_description"),
        "setmyname": _text_setting("names", "name", 64),
        "getmyname": _text_getter("names", "name"),
        "setchatmenubutton": ok,
        "sendchataction": ok,
        "getfile": get_file,
        "getchat": get_chat,
        "getchatmember": get_chat_member,
        "getuserprofilephotos": get_user_profile_photos,
    }


__all__ = ["FLOOD_COUNTED", "SENDING", "ApiError", "Method", "Params", "Uploads", "method_table"]
