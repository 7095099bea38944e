"""A broadcast being composed: each field's check, the length of the whole message, the stored draft."""

from __future__ import annotations

import json

import pytest

from bot.i18n import Catalogs
from bot.services.broadcasts.draft import (
    MAX_TITLE,
    attachment_kind_of_document,
    check_link,
    check_short,
    fit_of,
    is_complete,
    longest,
    new_draft,
    to_stored,
    too_long,
)
from bot.services.broadcasts.text import MAX_TEXT
from bot.text_input import TextProblem

CATALOGS = Catalogs()


def _draft(**fields: object) -> dict[str, object]:
    draft: dict[str, object] = {
        **new_draft(),
        "title": "Дія.Підпис",
        "body_html": "Підпис <b>онлайн</b>",
        "body_length": len("Підпис онлайн"),
        "link": "https://diia.gov.ua",
        "owner_body": "Мінцифри",
        "category": "admin",
        "audience": {"kind": "all", "tiers": [], "regions": [], "broadcast_id": None},
    }
    draft.update(fields)
    return draft


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        ("https://diia.gov.ua/services?a=1", None),
        ("HTTP://Diia.Gov.UA", None),
        ("diia.gov.ua", "scheme"),
        ("ftp://diia.gov.ua", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("https://diia .gov.ua", "scheme"),
        ("https://", "host"),
        ("https://diia", "host"),
        ("http://[::1", "host"),
        ("https://diia.gov.ua/" + "a" * 1000, "too_long"),
    ],
)
def test_a_link_is_http_with_a_host(link: str, problem: str | None) -> None:
    assert check_link(link)[1] == problem


def test_short_fields_are_trimmed_and_limited() -> None:
    assert check_short("  Дія.\nПідпис \x07 ", MAX_TITLE) == ("Дія. Підпис", None)
    assert check_short(" \x00 ", MAX_TITLE)[1] is TextProblem.EMPTY
    assert check_short("я" * 201, MAX_TITLE)[1] is TextProblem.TOO_LONG


@pytest.mark.parametrize(
    ("mime", "name", "kind"),
    [
        ("image/png", "scheme.png", "document"),
        ("application/pdf", "guide.pdf", "document"),
        (None, "guide.PDF", "document"),
        ("application/zip", "archive.zip", None),
        ("application/vnd.ms-excel", "roster.xlsx", None),
    ],
)
def test_only_images_and_pdfs_are_attached(mime: str | None, name: str, kind: str | None) -> None:
    assert attachment_kind_of_document(mime, name) == kind


def test_the_whole_message_must_fit_in_every_language() -> None:
    frame = longest(CATALOGS, _draft(body_html="", body_length=0))
    fits = _draft(body_html="x" * (MAX_TEXT - frame), body_length=MAX_TEXT - frame)
    assert too_long(CATALOGS, fits) is None
    over = _draft(body_html="x" * (MAX_TEXT - frame + 1), body_length=MAX_TEXT - frame + 1)
    figures = too_long(CATALOGS, over)
    assert figures is not None and figures.length == MAX_TEXT + 1 and figures.body_limit == MAX_TEXT - frame


def test_before_the_category_is_chosen_the_longest_one_counts() -> None:
    without = longest(CATALOGS, _draft(category=None))
    assert without == max(longest(CATALOGS, _draft(category=c)) for c in ("admin", "transport", "economy"))


def test_with_a_file_a_long_text_goes_apart() -> None:
    text = "x" * 1500
    assert fit_of(CATALOGS, _draft(body_html=text, body_length=1500)) == "ok"
    with_file = _draft(body_html=text, body_length=1500, attachment_kind="photo", attachment_file_id="f")
    assert fit_of(CATALOGS, with_file) == "caption_apart"


def test_a_complete_draft_becomes_the_stored_one() -> None:
    draft = _draft(urgent=True)
    assert is_complete(draft)
    stored = to_stored(draft)
    assert stored.urgent and stored.attachment_kind is None
    assert json.loads(stored.audience)["kind"] == "all"
    with pytest.raises(ValueError, match="not complete"):
        to_stored(_draft(audience=None))
    assert new_draft()["token"] != new_draft()["token"]
