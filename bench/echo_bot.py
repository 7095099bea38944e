"""The floor for start-up and latency benchmarks: a bare python-telegram-bot echo bot.

Same library, same polling, no database, no catalogs: `python bench/echo_bot.py` with BOT_TOKEN and
TELEGRAM_API_URL set (the emulator's).
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back."""
    if update.effective_message and update.effective_message.text:
        await update.effective_message.reply_text(update.effective_message.text)


def main() -> None:
    """Poll until SIGTERM."""
    app = (
        Application.builder().token(os.environ["BOT_TOKEN"]).base_url(os.environ["TELEGRAM_API_URL"]).build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
