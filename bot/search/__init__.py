"""Search over documents (places now; services and practices later), tuned for Ukrainian."""

from bot.search.engine import Document, Field, Hit, SearchEngine

__all__ = ["Document", "Field", "Hit", "SearchEngine"]
