"""Telegram's HTML subset: text, entities in UTF-16 units, and the errors Telegram gives."""

from __future__ import annotations

import pytest

from tg_emulator.markup import MarkupError, parse_html, utf16_length


def test_tags_become_entities_with_utf16_offsets() -> None:
    text, entities = parse_html("🇺🇦 <b>Київ</b> &amp; <a href='https://diia.gov.ua'>Дія</a>")
    assert text == "🇺🇦 Київ & Дія"
    assert entities == [
        {"type": "bold", "offset": 5, "length": 4},
        {"type": "text_link", "url": "https://diia.gov.ua", "offset": 12, "length": 3},
    ]


def test_nested_and_special_tags() -> None:
    text, entities = parse_html(
        '<pre><code class="language-python">x = 1</code></pre><tg-spoiler>s</tg-spoiler>'
        "<blockquote expandable>q</blockquote>"
    )
    assert text == "x = 1sq"
    assert {"type": "pre", "offset": 0, "length": 5, "language": "python"} in entities
    assert {"type": "spoiler", "offset": 5, "length": 1} in entities
    assert {"type": "expandable_blockquote", "offset": 6, "length": 1} in entities


@pytest.mark.parametrize(
    "bad",
    [
        "<script>x</script>",
        "<b>open",
        "a < b",
        "<b><i>x</b></i>",
        "x</b>",
        "&nbsp;",
        '<span class="x">y</span>',
    ],
)
def test_what_telegram_refuses(bad: str) -> None:
    with pytest.raises(MarkupError):
        parse_html(bad)


def test_utf16_length_counts_surrogate_pairs() -> None:
    assert utf16_length("Київ") == 4
    assert utf16_length("🇺🇦") == 4
