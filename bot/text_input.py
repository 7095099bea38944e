"""Checks on text that users type: control characters, empty and overlong messages."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class TextProblem(StrEnum):
    """Why a typed text was refused."""

    EMPTY = "empty"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class CheckedText:
    """A cleaned text, or the reason it was refused."""

    text: str
    problem: TextProblem | None = None


def clean(raw: str | None) -> str:
    """Drop control and format characters except line breaks and tabs; trim the ends."""
    if not raw:
        return ""
    kept = (
        char
        for char in raw.replace("\r\n", "\n")
        if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co")
    )
    return "".join(kept).strip()


def check(raw: str | None, max_length: int) -> CheckedText:
    """Clean a text and say whether it is usable."""
    text = clean(raw)
    if not text:
        return CheckedText(text, TextProblem.EMPTY)
    if len(text) > max_length:
        return CheckedText(text, TextProblem.TOO_LONG)
    return CheckedText(text)
