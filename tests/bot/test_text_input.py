"""Typed text: control characters dropped, empty and overlong refused."""

from __future__ import annotations

from bot.text_input import TextProblem, check, clean


def test_control_and_format_characters_are_dropped_but_lines_kept() -> None:
    assert clean("  a\x00b\x07c\u200bd\r\ne\tf  ") == "abcd\ne\tf"


def test_whitespace_only_is_empty() -> None:
    assert check(" \n\t\x00 ", 10).problem is TextProblem.EMPTY
    assert check(None, 10).problem is TextProblem.EMPTY


def test_length_is_counted_after_cleaning() -> None:
    assert check("x" * 10, 10).problem is None
    assert check("x" * 11, 10).problem is TextProblem.TOO_LONG
    assert check("\x00" * 5 + "x" * 10, 10).problem is None


def test_mixed_scripts_and_apostrophes_are_kept() -> None:
    text = "Об'єднана громада — Bila Tserkva ʼ ’ 🇺🇦"
    assert check(text, 100).text == text
