"""Callback data: packed within Telegram's 64 bytes, and anything forged unpacks to None."""

from __future__ import annotations

import re

import pytest

from bot.callbacks import Prefix, pack, pattern, unpack


def test_round_trip() -> None:
    data = pack(Prefix.FEEDBACK_TOPIC, "idea")
    assert data == "fbt:idea"
    unpacked = unpack(data)
    assert unpacked is not None
    assert unpacked.prefix is Prefix.FEEDBACK_TOPIC
    assert unpacked.parts == ("idea",)


def test_packing_refuses_what_telegram_would() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        pack(Prefix.LANGUAGE, "x" * 70)
    with pytest.raises(ValueError, match="ASCII"):
        pack(Prefix.LANGUAGE, "мова")
    with pytest.raises(ValueError, match="ASCII"):
        pack(Prefix.LANGUAGE, "a:b")


@pytest.mark.parametrize("forged", [None, "", "zzz:1", "lang:<b>", "lang:укр", "x" * 65, "fbt:a b"])
def test_forged_data_is_not_ours(forged: str | None) -> None:
    assert unpack(forged) is None


def test_a_pattern_with_parts_matches_those_buttons_only() -> None:
    cancel = re.compile(pattern(Prefix.JOIN, "cancel"))
    assert cancel.match("jn:cancel") and cancel.match("jn:cancel:7")
    assert (
        not cancel.match("jn:cancelled") and not cancel.match("jn:x:cancel") and not cancel.match("jp:cancel")
    )
