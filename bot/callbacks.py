"""Callback data of inline buttons: the prefixes, and packing and unpacking (ASCII, 64 bytes at most)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_BYTES = 64
_PART = re.compile(r"^[A-Za-z0-9_.\-]+$")


class Prefix(StrEnum):
    """What a button does; the first field of its data."""

    LANGUAGE = "lang"
    FEEDBACK_TOPIC = "fbt"
    FEEDBACK_CONFIRM = "fbc"
    INVITE_PLACE = "ip"
    JOIN = "jn"
    JOIN_PLACE = "jp"
    REQUEST_DECISION = "jrd"
    PRIVACY = "prv"
    PROFILE = "me"
    SET_STATUS = "ss"
    SET_STATUS_PLACE = "sp"
    IMPORT = "imp"
    EXPORT = "exp"
    POST_CARD = "pc"
    ROSTER_PAGE = "rp"
    WHOIS_PLACE = "wh"
    BROADCAST_COMPOSE = "bc"
    BROADCAST_ADMIN = "bl"
    BROADCAST_CORRECT = "bf"
    REACTION = "rx"
    SERVICES = "sv"
    CHECKIN = "ci"
    CHECKIN_DIGEST = "cd"
    CHECKIN_EXPORT = "cx"
    MY_CHECKINS = "mc"


@dataclass(frozen=True)
class CallbackData:
    """A button's data, unpacked."""

    prefix: Prefix
    parts: tuple[str, ...]


def pack(prefix: Prefix, *parts: str | int) -> str:
    """`prefix:part:part`, checked against Telegram's limit."""
    texts = [str(part) for part in parts]
    for text in texts:
        if not _PART.match(text):
            raise ValueError(f"callback part {text!r} is not plain ASCII")
    data = ":".join([prefix.value, *texts])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data {data!r} is over {MAX_BYTES} bytes")
    return data


def unpack(data: str | None) -> CallbackData | None:
    """The data of a pressed button, or None if it is not ours (forged, or from an old version)."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    prefix, *parts = data.split(":")
    try:
        known = Prefix(prefix)
    except ValueError:
        return None
    if not all(_PART.match(part) for part in parts):
        return None
    return CallbackData(known, tuple(parts))


def pattern(prefix: Prefix, *parts: str) -> str:
    """A regular expression for CallbackQueryHandler: this prefix's buttons, or those whose data goes on
    with these parts (`pattern(Prefix.JOIN, "cancel")` matches `jn:cancel` and `jn:cancel:…`)."""
    return f"^{re.escape(':'.join([prefix.value, *parts]))}(:|$)"
