"""The uk and en catalogs match: same keys, no empty translations, same placeholders, plural forms."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from bot.i18n import LANGUAGES, LOCALES_DIR, Catalogs, catalog_files, choose_language, placeholders


def _catalog(language: str) -> dict[str, str | tuple[str, ...]]:
    found: dict[str, str | tuple[str, ...]] = {}
    for path in catalog_files(LOCALES_DIR, language):
        with path.open("rb") as source:
            catalog = read_po(source)
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            assert key not in found, f"{language}: {key} is defined twice ({path.name})"
            assert not message.fuzzy, f"{language}: {key} is marked fuzzy"
            found[key] = message.string
    return found


def test_both_languages_have_the_same_files() -> None:
    names = {language: [path.name for path in catalog_files(LOCALES_DIR, language)] for language in LANGUAGES}
    assert names["uk"] == names["en"]


CATALOGS = {language: _catalog(language) for language in LANGUAGES}


def test_every_key_is_in_every_language() -> None:
    uk, en = set(CATALOGS["uk"]), set(CATALOGS["en"])
    assert uk - en == set(), "keys missing in en"
    assert en - uk == set(), "keys missing in uk"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_empty(language: str) -> None:
    for key, value in CATALOGS[language].items():
        forms = value if isinstance(value, tuple) else (value,)
        assert all(form.strip() for form in forms), f"{language}: {key} has an empty translation"


def test_placeholders_match() -> None:
    for key, uk_value in CATALOGS["uk"].items():
        uk_forms = uk_value if isinstance(uk_value, tuple) else (uk_value,)
        en_value = CATALOGS["en"][key]
        en_forms = en_value if isinstance(en_value, tuple) else (en_value,)
        expected = placeholders(en_forms[0])
        for form in (*uk_forms, *en_forms):
            assert placeholders(form) == expected, f"{key}: placeholders differ in {form!r}"


def test_ukrainian_has_three_plural_forms_and_english_two() -> None:
    catalogs = Catalogs()
    forms = {n: catalogs.plural("uk", "feedback.limit", n) for n in (1, 2, 5, 11, 21, 22, 25, 111)}
    assert "1 повідомлення " in forms[1]
    assert "2 повідомлення " in forms[2]
    assert "5 повідомлень " in forms[5]
    assert "11 повідомлень " in forms[11]
    assert "21 повідомлення " in forms[21]
    assert "22 повідомлення " in forms[22]
    assert "25 повідомлень " in forms[25]
    assert "111 повідомлень " in forms[111]
    assert "1 message " in catalogs.plural("en", "feedback.limit", 1)
    assert "2 messages " in catalogs.plural("en", "feedback.limit", 2)


def test_a_missing_key_is_an_error_not_the_key_itself() -> None:
    with pytest.raises(KeyError):
        Catalogs().text("uk", "no.such.key")


@pytest.mark.parametrize(
    ("saved", "telegram", "default", "expected"),
    [
        ("en", "uk", "uk", "en"),
        (None, "en-GB", "uk", "en"),
        (None, "uk", "en", "uk"),
        (None, "de", "uk", "uk"),
        (None, None, "en", "en"),
        (None, "", "uk", "uk"),
    ],
)
def test_language_choice(saved: str | None, telegram: str | None, default: str, expected: str) -> None:
    assert choose_language(saved, telegram, default) == expected


def test_posts_are_counted_with_ukrainian_plurals() -> None:
    catalogs = Catalogs()
    assert [catalogs.plural("uk", "count.posts", n) for n in (1, 2, 5, 11, 21, 24)] == [
        "1 посада",
        "2 посади",
        "5 посад",
        "11 посад",
        "21 посада",
        "24 посади",
    ]
