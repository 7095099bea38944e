"""A broadcast being composed: its fields as the author gives them, checked one by one.

The draft lives in the author's flow data as plain JSON values (it survives a restart); this module
turns it into the message (Content), the stored Draft and the Audience, and checks each field.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from typing import Any, Literal
from urllib.parse import urlsplit

from bot.i18n import LANGUAGES, Catalogs
from bot.services.broadcasts.audience import Audience, AudienceKind
from bot.services.broadcasts.text import MAX_TEXT, Content, Fit, fit, rendered_length
from bot.text_input import TextProblem, check
from storage.broadcasts import CATEGORIES, Draft
from storage.outbox import AttachmentKind

MAX_TITLE = 200
MAX_OWNER = 200
MAX_LINK = 1000
PDF = "application/pdf"

LinkProblem = Literal["scheme", "host", "too_long"]


def new_draft() -> dict[str, Any]:
    """An empty draft with a fresh token: buttons of an older draft carry another one and go stale."""
    return {"token": secrets.token_hex(3), "urgent": False, "audience": None}


def check_short(raw: str | None, limit: int) -> tuple[str, TextProblem | None]:
    """A one-line field (title, owner body): cleaned, not empty, not longer than `limit`."""
    checked = check(raw, limit)
    return " ".join(checked.text.split()), checked.problem


def check_link(raw: str | None) -> tuple[str, LinkProblem | None]:
    """An http(s) URL with a host."""
    link = (raw or "").strip()
    if len(link) > MAX_LINK:
        return link, "too_long"
    try:
        parts = urlsplit(link)
        host = parts.hostname
    except ValueError:
        return link, "host"
    if parts.scheme.lower() not in ("http", "https") or any(char.isspace() for char in link):
        return link, "scheme"
    if not host or ("." not in host.strip(".") and host != "localhost"):
        return link, "host"
    return link, None


def attachment_kind_of_document(mime_type: str | None, file_name: str | None) -> AttachmentKind | None:
    """An image or a PDF goes as a document; anything else is refused (None)."""
    mime = (mime_type or "").lower()
    name = (file_name or "").lower()
    if mime.startswith("image/") or mime == PDF or (not mime and name.endswith(".pdf")):
        return "document"
    return None


def content_of(draft: dict[str, Any]) -> Content:
    """The message the draft makes so far (fields not given yet are empty)."""
    return Content(
        title=draft.get("title", ""),
        body_html=draft.get("body_html", ""),
        body_length=draft.get("body_length", 0),
        link=draft.get("link", ""),
        owner_body=draft.get("owner_body", ""),
        category=draft.get("category") or "other",
        attachment_kind=draft.get("attachment_kind"),
        attachment_file_id=draft.get("attachment_file_id"),
    )


def _variants(draft: dict[str, Any]) -> list[Content]:
    # Before the category is chosen, measure with every one: the longest name must fit too.
    content = content_of(draft)
    if draft.get("category") in CATEGORIES:
        return [content]
    return [replace(content, category=category) for category in CATEGORIES]


def longest(catalogs: Catalogs, draft: dict[str, Any]) -> int:
    """The longest the message can be in any language (Telegram's count, UTF-16 units)."""
    return max(
        rendered_length(catalogs, language, content) for content in _variants(draft) for language in LANGUAGES
    )


def fit_of(catalogs: Catalogs, draft: dict[str, Any]) -> Fit:
    """Whether the draft fits a message (and a caption, with an attachment)."""
    fits = {fit(catalogs, content) for content in _variants(draft)}
    for worst in ("too_long", "caption_apart"):
        if worst in fits:
            return worst
    return "ok"


@dataclass(frozen=True)
class TooLong:
    """A message over Telegram's limit: how long it would be, and how long the body may be."""

    length: int
    body_limit: int


def too_long(catalogs: Catalogs, draft: dict[str, Any]) -> TooLong | None:
    """None if the draft fits a message in every language, else the figures for the author."""
    if fit_of(catalogs, draft) != "too_long":
        return None
    length = longest(catalogs, draft)
    frame = length - draft.get("body_length", 0)
    return TooLong(length, max(0, MAX_TEXT - frame))


def audience_of(draft: dict[str, Any]) -> Audience | None:
    """The chosen audience, or None while none is."""
    chosen = draft.get("audience")
    if not chosen:
        return None
    kind: AudienceKind = chosen["kind"]
    return Audience(
        kind, tuple(chosen.get("tiers", ())), tuple(chosen.get("regions", ())), chosen.get("broadcast_id")
    )


def stored_audience(audience: Audience) -> dict[str, Any]:
    """An audience as the draft keeps it."""
    return {
        "kind": audience.kind,
        "tiers": list(audience.tiers),
        "regions": list(audience.regions),
        "broadcast_id": audience.broadcast_id,
    }


def is_complete(draft: dict[str, Any]) -> bool:
    """Whether every field a broadcast needs is there."""
    needed = ("title", "body_html", "link", "owner_body", "category")
    return all(draft.get(key) for key in needed) and audience_of(draft) is not None


def to_stored(draft: dict[str, Any]) -> Draft:
    """The draft as storage.broadcasts keeps it."""
    audience = audience_of(draft)
    if audience is None or not is_complete(draft):
        raise ValueError("the draft is not complete")
    return Draft(
        title=draft["title"],
        body_html=draft["body_html"],
        body_length=draft["body_length"],
        link=draft["link"],
        owner_body=draft["owner_body"],
        category=draft["category"],
        attachment_kind=draft.get("attachment_kind"),
        attachment_file_id=draft.get("attachment_file_id"),
        audience=audience.to_json(),
        urgent=bool(draft.get("urgent")),
    )
