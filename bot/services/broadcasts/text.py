"""A broadcast as a member sees it: the message in their language, its length, its reaction buttons."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from typing import Literal

from bot.callbacks import Prefix, pack
from bot.i18n import LANGUAGES, Catalogs
from storage.broadcasts import REACTIONS
from storage.outbox import AttachmentKind, Payload

MAX_TEXT = 4096
MAX_CAPTION = 1024

Fit = Literal["ok", "too_long", "caption_apart"]


@dataclass(frozen=True)
class Content:
    """What a broadcast says, whether composed or stored."""

    title: str
    body_html: str
    body_length: int  # the body as Telegram counts it: UTF-16 units, markup excluded
    link: str
    owner_body: str
    category: str
    attachment_kind: AttachmentKind | None = None
    attachment_file_id: str | None = None
    corrected: bool = False


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (emoji and other astral characters count twice)."""
    return len(text.encode("utf-16-le")) // 2


def _lines(catalogs: Catalogs, language: str, content: Content, body: str, *, html: bool) -> list[str]:
    def value(text: str) -> str:
        return escape(text) if html else text

    title = f"<b>{value(content.title)}</b>" if html else content.title
    lines = [
        catalogs.text(language, "broadcast.message.header"),
        title,
        "",
        body,
        "",
        f"🔗 {catalogs.text(language, 'broadcast.message.link')}: {value(content.link)}",
        f"🏛 {catalogs.text(language, 'broadcast.message.owner')}: {value(content.owner_body)}",
        f"🏷 {catalogs.text(language, 'broadcast.message.category')}: "
        + catalogs.text(language, f"category.{content.category}"),
    ]
    if content.corrected:
        lines += ["", catalogs.text(language, "broadcast.message.corrected")]
    return lines


def render(catalogs: Catalogs, language: str, content: Content) -> str:
    """The message as HTML: the author's own formatting in the body, everything else escaped."""
    return "\n".join(_lines(catalogs, language, content, content.body_html, html=True))


def rendered_length(catalogs: Catalogs, language: str, content: Content) -> int:
    """How long the message is to Telegram (the body counted by its own length)."""
    frame = "\n".join(_lines(catalogs, language, content, "", html=False))
    return utf16_length(frame) + content.body_length


def fit(catalogs: Catalogs, content: Content) -> Fit:
    """Whether the message fits in every language: as a message, as a caption, or only apart."""
    longest = max(rendered_length(catalogs, language, content) for language in LANGUAGES)
    if longest > MAX_TEXT:
        return "too_long"
    if content.attachment_kind is not None and longest > MAX_CAPTION:
        return "caption_apart"
    return "ok"


def reaction_keyboard(catalogs: Catalogs, language: str, broadcast_id: int, chosen: str | None) -> str:
    """The three reaction buttons as reply_markup JSON; the member's own choice is marked."""
    rows = []
    for kind in REACTIONS:
        label = catalogs.text(language, f"reaction.{kind}")
        if kind == chosen:
            label = catalogs.text(language, "reaction.chosen", label=label)
        rows.append([{"text": label, "callback_data": pack(Prefix.REACTION, broadcast_id, kind)}])
    return json.dumps({"inline_keyboard": rows}, ensure_ascii=False)


def message_payload(
    catalogs: Catalogs, language: str, broadcast_id: int, content: Content, chosen: str | None = None
) -> Payload:
    """The message to send one member (text as caption, or apart when it does not fit one)."""
    return Payload(
        text=render(catalogs, language, content),
        keyboard=reaction_keyboard(catalogs, language, broadcast_id, chosen),
        attachment_kind=content.attachment_kind,
        attachment_file_id=content.attachment_file_id,
        text_apart=fit(catalogs, content) == "caption_apart",
    )
