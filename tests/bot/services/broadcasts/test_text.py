"""The broadcast message: escaped frame, the author's markup kept, lengths as Telegram counts them."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.callbacks import unpack
from bot.i18n import Catalogs
from bot.services.broadcasts.text import (
    MAX_CAPTION,
    MAX_TEXT,
    Content,
    fit,
    message_payload,
    reaction_keyboard,
    render,
    rendered_length,
    utf16_length,
)

CATALOGS = Catalogs()
CONTENT = Content(
    title="Дія.Взаємодія <beta>",
    body_html="Модуль для <b>громад</b>",
    body_length=len("Модуль для громад"),
    link="https://diia.gov.ua/?a=1&b=2",
    owner_body="Мінцифри",
    category="admin",
)


def test_the_frame_is_escaped_and_the_authors_markup_kept() -> None:
    text = render(CATALOGS, "uk", CONTENT)
    assert "Дія.Взаємодія &lt;beta&gt;" in text
    assert "Модуль для <b>громад</b>" in text
    assert "https://diia.gov.ua/?a=1&amp;b=2" in text
    assert "Адміністративні послуги" in text
    assert "Виправлено" not in text
    assert "Corrected" in render(CATALOGS, "en", replace(CONTENT, corrected=True))


def test_length_counts_utf16_units_without_markup() -> None:
    assert utf16_length("👍a") == 3
    plain = render(CATALOGS, "en", CONTENT).replace("<b>", "").replace("</b>", "")
    plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert rendered_length(CATALOGS, "en", CONTENT) == utf16_length(plain)


def test_a_long_text_fits_a_message_but_not_a_caption() -> None:
    long_body = replace(CONTENT, body_html="а" * 1000, body_length=1000)
    assert fit(CATALOGS, long_body) == "ok"
    with_file = replace(long_body, attachment_kind="photo", attachment_file_id="F")
    assert fit(CATALOGS, with_file) == "caption_apart"
    assert message_payload(CATALOGS, "uk", 1, with_file).text_apart
    too_long = replace(CONTENT, body_html="а" * MAX_TEXT, body_length=MAX_TEXT)
    assert fit(CATALOGS, too_long) == "too_long"
    assert rendered_length(CATALOGS, "uk", replace(CONTENT, body_length=0)) < MAX_CAPTION


def test_reaction_buttons_mark_the_members_choice() -> None:
    keyboard = json.loads(reaction_keyboard(CATALOGS, "en", 42, "similar"))
    buttons = [row[0] for row in keyboard["inline_keyboard"]]
    assert [b["text"] for b in buttons] == [
        "✅ We'll use it",
        "🔁 We have something similar ← your choice",
        "❓ Question",
    ]
    data = [unpack(b["callback_data"]) for b in buttons]
    assert [d.parts if d else None for d in data] == [("42", "use"), ("42", "similar"), ("42", "question")]
