"""`python -m cli` does what `cdto-bot` does."""

from cli.main import entry_point

entry_point()
