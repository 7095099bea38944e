"""The floor for start-up and latency benchmarks: a bare python-telegram-bot echo bot.

Same library, same polling, no database, no catalogs: `python bench/echo_bot.py` with BOT_TOKEN and
TELEGRAM_API_URL set (the emulator's). With `--aiohttp` it talks to the Bot API over the bot's own
transport (bot/transport/aiohttp_request.py) instead of python-telegram-bot's default httpx: the floor of the
same plumbing the bot uses.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

ROOT = Path(__file__).resolve().parents[1]


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back."""
    if update.effective_message and update.effective_message.text:
        await update.effective_message.reply_text(update.effective_message.text)


def main() -> None:
    """Poll until SIGTERM."""
    builder = Application.builder().token(os.environ["BOT_TOKEN"]).base_url(os.environ["TELEGRAM_API_URL"])
    if "--aiohttp" in sys.argv[1:]:
        sys.path.insert(0, str(ROOT))  # only then: the plain floor loads nothing of the bot's
        from bot.transport.aiohttp_request import BOT_API_CONNECTIONS, AiohttpRequest

        builder = builder.request(AiohttpRequest(BOT_API_CONNECTIONS)).get_updates_request(AiohttpRequest(1))
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
