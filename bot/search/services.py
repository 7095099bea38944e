"""The catalog of central services as search documents: title, owner body, category, description."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from bot.i18n import LANGUAGES, Catalogs
from bot.search.engine import Document, Field, SearchEngine
from storage.broadcasts import Service

__all__ = ["ServiceIndex", "plain_text", "service_document"]

_TITLE = 1.0
_OWNER = 0.6
_CATEGORY = 0.5
_DESCRIPTION = 0.4
_TAG = re.compile(r"<[^>]*>")


def plain_text(body_html: str) -> str:
    """What Telegram HTML reads as: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", body_html))


def service_document(catalogs: Catalogs, service: Service) -> Document:
    """A service as the engine indexes it; its category is found by its name in every language."""
    categories = [catalogs.text(language, f"category.{service.category}") for language in LANGUAGES]
    fields = (
        Field(service.title, _TITLE),
        Field(service.owner_body, _OWNER),
        *(Field(name, _CATEGORY) for name in categories),
        Field(plain_text(service.description_html), _DESCRIPTION),
    )
    # Ties go to the newer entry: ids grow, so a zero-padded complement sorts newest first.
    return Document(str(service.id), "service", fields, (f"{10**12 - service.id:013d}",))


class ServiceIndex:
    """The whole catalog in one engine; it is small (one entry per central service), so it is cheap
    to build for each search and never stale."""

    def __init__(self, catalogs: Catalogs, services: Iterable[Service]) -> None:
        self._services = {str(service.id): service for service in services}
        self._engine = SearchEngine(service_document(catalogs, s) for s in self._services.values())

    def __len__(self) -> int:
        return len(self._services)

    def search(self, text: str, limit: int = 10) -> list[Service]:
        """The services that best match text, best first."""
        return [self._services[hit.document.id] for hit in self._engine.search(text, limit)]
