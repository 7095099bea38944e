"""Telegram's HTML subset: parse into plain text and entities, measured in UTF-16 code units."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any


class MarkupError(ValueError):
    """The text is not valid Telegram HTML ("can't parse entities")."""


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(/?)>"
)
_ATTRIBUTE = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


@dataclass
class _Open:
    tag: str
    entity: dict[str, Any]
    start: int
    byte_offset: int
    extra: dict[str, Any] = field(default_factory=dict)


def _unescape(fragment: str, byte_offset: int) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        if name in _NAMED_ENTITIES:
            return _NAMED_ENTITIES[name]
        raise MarkupError(f'Unsupported HTML entity "&{name};" at byte offset {byte_offset + match.start()}')

    if "<" in fragment or ">" in fragment:
        position = min(i for i in (fragment.find("<"), fragment.find(">")) if i >= 0)
        raise MarkupError(f"Unexpected character at byte offset {byte_offset + position}")
    return _ENTITY.sub(replace, fragment)


def _attributes(raw: str) -> dict[str, str]:
    found = {}
    for match in _ATTRIBUTE.finditer(raw):
        value = next((group for group in match.groups()[1:] if group is not None), "")
        found[match.group(1).lower()] = html.unescape(value)
    return found


def _entity_for(tag: str, attributes: dict[str, str], byte_offset: int) -> dict[str, Any]:
    if tag in _SIMPLE:
        entity: dict[str, Any] = {"type": _SIMPLE[tag]}
        if tag == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        return entity
    if tag == "span":
        if attributes.get("class") != "tg-spoiler":
            raise MarkupError(f'Unsupported start tag "span" at byte offset {byte_offset}')
        return {"type": "spoiler"}
    if tag == "a":
        href = attributes.get("href", "")
        user = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if user:
            return {
                "type": "text_mention",
                "user": {"id": int(user.group(1)), "is_bot": False, "first_name": ""},
            }
        return {"type": "text_link", "url": href}
    if tag == "tg-emoji":
        return {"type": "custom_emoji", "custom_emoji_id": attributes.get("emoji-id", "")}
    raise MarkupError(f'Unsupported start tag "{tag}" at byte offset {byte_offset}')


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of a Telegram-HTML text; raises MarkupError as Telegram would."""
    text_parts: list[str] = []
    length = 0
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    position = 0
    for match in _TAG.finditer(source):
        fragment = _unescape(source[position : match.start()], len(source[:position].encode()))
        text_parts.append(fragment)
        length += utf16_length(fragment)
        byte_offset = len(source[: match.start()].encode())
        closing, tag, raw_attributes = match.group(1) == "/", match.group(2).lower(), match.group(3)
        if closing:
            if not stack or stack[-1].tag != tag:
                raise MarkupError(f"Unmatched end tag at byte offset {byte_offset}")
            opened = stack.pop()
            if tag == "code" and stack and stack[-1].tag == "pre" and "language" in opened.extra:
                stack[-1].entity["language"] = opened.extra["language"]
            elif length > opened.start:
                entities.append(dict(opened.entity, offset=opened.start, length=length - opened.start))
        else:
            attributes = _attributes(raw_attributes)
            entity = _entity_for(tag, attributes, byte_offset)
            extra = {}
            language = attributes.get("class", "")
            if tag == "code" and language.startswith("language-"):
                extra["language"] = language.removeprefix("language-")
            stack.append(_Open(tag, entity, length, byte_offset, extra))
        position = match.end()
    tail = _unescape(source[position:], len(source[:position].encode()))
    text_parts.append(tail)
    if stack:
        raise MarkupError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(text_parts), entities


def check_entities(text: str, entities: list[dict[str, Any]]) -> None:
    """Entities given as JSON must lie within the text."""
    total = utf16_length(text)
    for entity in entities:
        offset, size = int(entity.get("offset", -1)), int(entity.get("length", 0))
        if offset < 0 or size <= 0 or offset + size > total:
            raise MarkupError("entity beyond the end of the text")
