"""`python -m bot` does what `cdto-bot` does."""

from bot.cli import entry_point

entry_point()
