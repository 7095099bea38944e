"""A chat in the terminal: act as a demo user, type messages, press buttons by number."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from bot.lifecycle import start_bot, stop_bot
from bot.settings import Settings
from sandbox.demo import DEMO_USERS, DemoUser, demo_admin_ids, load_demo_data
from storage.db import Database
from storage.migrate import migrate
from tg_emulator import BotMessage, TelegramEmulator, UserClient

SANDBOX_TOKEN = "100000:SANDBOX-not-a-real-token"
SANDBOX_BOT = "cdto_sandbox_bot"
# How long to wait for the bot's answer before taking the next typed line anyway.
ANSWER_TIMEOUT = 5.0

HELP = """Sandbox commands (everything else goes to the bot as typed):
  /as N        act as demo user N (see /users)
  /users       list the demo users
  N            press button N of the latest message with buttons
  /reply TEXT  answer the latest bot message with a reply (as Telegram's Reply does)
  /contact     share your phone number (as Telegram's button does)
  /file PATH   send a file (a roster CSV, say)
  /?           this help
  Ctrl+D       leave the sandbox"""


@dataclass
class Chat:
    """The terminal side: who you are and what you see."""

    emulator: TelegramEmulator
    out: TextIO
    current: DemoUser = DEMO_USERS[0]
    unread: dict[int, int] = field(default_factory=dict)
    bot_spoke: asyncio.Event = field(default_factory=asyncio.Event)

    def client(self, demo: DemoUser | None = None) -> UserClient:
        """The emulator's client for a demo user."""
        demo = demo or self.current
        return self.emulator.user(
            demo.telegram_id,
            demo.first_name,
            last_name=demo.last_name,
            username=demo.username,
            language_code=demo.language_code,
            has_started=demo.role != "stranger",
        )

    def say(self, text: str) -> None:
        """Print a line and flush (stdout may be a pipe)."""
        print(text, file=self.out, flush=True)

    def show(self, message: BotMessage, kind: str) -> None:
        """Print a bot message for the current user, or count it as unread for another."""
        self.bot_spoke.set()
        if message.chat_id != self.current.telegram_id:
            if kind == "new":
                self.unread[message.chat_id] = self.unread.get(message.chat_id, 0) + 1
                owner = next((d for d in DEMO_USERS if d.telegram_id == message.chat_id), None)
                if owner is not None:
                    self.say(f"  · a new message for {owner.first_name} (/as {DEMO_USERS.index(owner) + 1})")
            return
        header = {"new": "bot", "edit": "bot (edited)", "delete": "bot (deleted a message)"}[kind]
        if kind == "delete":
            self.say(f"[{header}]")
            return
        self.say(f"[{header}] {message.text or message.caption or ''}")
        if message.document is not None:
            self.say(f"  📎 {message.document.filename} ({message.document.size} bytes)")
        if message.photo is not None:
            self.say(f"  🖼 a picture ({message.photo.size} bytes)")
        for number, label in enumerate(_button_labels(message), start=1):
            self.say(f"  [{number}] {label}")

    def latest_with_buttons(self) -> BotMessage | None:
        """The newest message of the current chat that still has buttons."""
        for message in reversed(self.client().messages):
            if message.buttons and not message.deleted:
                return message
        return None


def _button_labels(message: BotMessage) -> list[str]:
    labels = []
    for row in message.buttons:
        for button in row:
            labels.append(f"{button.text} → {button.url}" if button.url else button.text)
    return labels


async def _handle(chat: Chat, line: str) -> None:
    """One line typed in the terminal."""
    text = line.rstrip("\n")
    stripped = text.strip()
    if stripped in ("/?", "/sandbox"):
        chat.say(HELP)
    elif stripped == "/users":
        for number, demo in enumerate(DEMO_USERS, start=1):
            marker = "*" if demo == chat.current else " "
            chat.say(f" {marker}{number}. {demo.label}")
    elif stripped.startswith("/as"):
        _switch(chat, stripped.removeprefix("/as").strip())
    elif stripped.isdigit():
        await _press(chat, int(stripped))
    elif stripped.startswith("/reply "):
        messages = chat.client().messages
        if not messages:
            chat.say("  (nothing to reply to yet)")
            return
        await chat.client().send(stripped.removeprefix("/reply ").strip(), reply_to=messages[-1])
    elif stripped == "/contact":
        await chat.client().send_contact("+380501234567", own=True)
    elif stripped.startswith("/file "):
        name = stripped.removeprefix("/file ").strip()
        try:
            path, content = await asyncio.to_thread(_read_file, name)
        except OSError as error:
            chat.say(f"  (cannot read {name}: {error.strerror})")
            return
        await chat.client().send_document(content, filename=path.name)
    else:
        await chat.client().send(text)


def _read_file(name: str) -> tuple[Path, bytes]:
    path = Path(name).expanduser()
    return path, path.read_bytes()


def _switch(chat: Chat, choice: str) -> None:
    if not choice.isdigit() or not 1 <= int(choice) <= len(DEMO_USERS):
        chat.say(f"  (choose 1–{len(DEMO_USERS)}; /users lists them)")
        return
    chat.current = DEMO_USERS[int(choice) - 1]
    chat.say(f"— you are now {chat.current.label}")
    unread = chat.unread.pop(chat.current.telegram_id, 0)
    for message in chat.client().messages[-unread:] if unread else []:
        chat.show(message, "new")


async def _press(chat: Chat, number: int) -> None:
    message = chat.latest_with_buttons()
    labels = [] if message is None else [b for row in message.buttons for b in row]
    if message is None or not 1 <= number <= len(labels):
        chat.say("  (no button with that number)")
        return
    button = labels[number - 1]
    if button.url:
        chat.say(f"  (a link: {button.url})")
        return
    answer = await chat.client().press(message, data=button.callback_data)
    if answer.text:
        chat.say(f"  ({answer.text})")


async def _read_line(stdin: TextIO) -> str:
    return await asyncio.to_thread(stdin.readline)


async def run_sandbox(
    base: Settings, database: Path | None = None, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout
) -> int:
    """Start the emulator and the bot on demo data, then chat until end of input."""
    # The chat is the terminal's content; the bot's routine log would drown it.
    logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
    with tempfile.TemporaryDirectory(prefix="cdto-sandbox-") as scratch:
        path = database or Path(scratch) / "sandbox.sqlite3"
        async with TelegramEmulator(token=SANDBOX_TOKEN, bot_username=SANDBOX_BOT) as emulator:
            settings = base.model_copy(
                update={
                    "bot_token": SecretStr(SANDBOX_TOKEN),
                    "database_path": path,
                    "admin_ids": demo_admin_ids(),
                    "telegram_api_url": emulator.api_url,
                    "telegram_file_url": emulator.file_url,
                }
            )
            await _prepare(path)
            running = await start_bot(settings)
            chat = Chat(emulator, out)
            for demo in DEMO_USERS:
                chat.client(demo)  # every demo user exists in Telegram from the start
            unsubscribe: Callable[[], None] = emulator.subscribe(
                lambda event: chat.show(event.message, event.kind)
            )
            chat.say("CDTO network bot — sandbox. The real bot runs against a local Telegram emulator.")
            chat.say(HELP)
            _switch(chat, "1")
            try:
                while line := await _read_line(stdin):
                    chat.bot_spoke.clear()
                    await _handle(chat, line)
                    await _wait_for_the_bot(chat)
            finally:
                unsubscribe()
                await stop_bot(running)
    chat.say("bye")
    return 0


async def _wait_for_the_bot(chat: Chat) -> None:
    """Before the next line: let the bot answer (a chart or an import can take a second) and go quiet."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(chat.bot_spoke.wait(), ANSWER_TIMEOUT)
    await chat.emulator.settle(quiet=0.3, timeout=ANSWER_TIMEOUT)


async def _prepare(path: Path) -> None:
    """A migrated database with the demo data, unless the file already holds one."""
    db = await Database.open(path)
    try:
        applied = await migrate(db)
        if applied and applied[0].version == 1:  # a new file, not one kept from an earlier session
            await load_demo_data(db)
    finally:
        await db.close()
