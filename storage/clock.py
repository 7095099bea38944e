"""Timestamps as stored: ISO 8601 in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    """Now, as the database stores times."""
    return to_stored(datetime.now(UTC))


def to_stored(moment: datetime) -> str:
    """An aware time as the database stores times."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_stored(value: str) -> datetime:
    """A stored time back into an aware datetime."""
    return datetime.fromisoformat(value)
