"""Ukrainian normalisation: folding, apostrophes, wrong-keyboard letters, endings, Latin keys."""

from __future__ import annotations

import pytest

from bot.search.normalise import alternations, latin_key, loose, stem_keys, words


@pytest.mark.parametrize(
    "spelling", ["Кам'янець", "Кам’янець", "Камʼянець", "Кам`янець", "Камянець", "КАМ'ЯНЕЦЬ"]
)
def test_case_and_every_apostrophe_fold_away(spelling: str) -> None:
    assert words(spelling) == ["камянець"]


def test_words_split_on_hyphens_spaces_and_punctuation() -> None:
    assert words("Кам’янець-Подільський, м. Київ!") == ["камянець", "подільський", "м", "київ"]


def test_a_latin_letter_inside_a_cyrillic_word_is_read_as_cyrillic() -> None:
    assert words("Бiла") == ["біла"]  # Latin i
    assert words("Bila") == ["bila"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("львив", "львів"), ("киів", "київ"), ("черкасы", "черкаси"), ("одэса", "одеса"),
     ("енакиеве", "єнакієве"), ("горгани", "ґорґани"), ("харьков", "харков"), ("обьект", "об'єкт")],
)  # fmt: skip
def test_wrong_keyboard_letters_share_a_loose_form(typed: str, meant: str) -> None:
    assert loose(typed) == loose(meant.replace("'", ""))


def test_loose_keeps_letters_nobody_confuses() -> None:
    assert loose("й") != loose("и")
    assert loose("о") != loose("а")


@pytest.mark.parametrize(
    ("name", "inflected"),
    [("львів", "львов"), ("київ", "києв"), ("ірпінь", "ірпень"), ("ріг", "рог"), ("камянець", "камянц"),
     ("миколаїв", "миколаєв")],
)  # fmt: skip
def test_alternations_undo_the_vowel_changes_of_inflection(name: str, inflected: str) -> None:
    assert inflected in alternations(name)
    assert name in alternations(name)


def test_alternations_leave_open_syllables_alone() -> None:
    assert alternations("черкаси") == {"черкаси"}


@pytest.mark.parametrize(
    ("name", "inflected"),
    [("черкаси", "черкасах"), ("біла", "білій"), ("церква", "церкві"), ("вінниця", "вінниці"),
     ("рівне", "рівному"), ("подільський", "подільського"), ("полтава", "полтавою")],
)  # fmt: skip
def test_a_name_and_its_inflected_form_share_a_stem(name: str, inflected: str) -> None:
    assert stem_keys(loose(name)) & stem_keys(loose(inflected))


def test_stems_keep_at_least_three_letters() -> None:
    assert stem_keys("бар") == {"бар"}
    assert min(map(len, stem_keys(loose("суми")))) >= 3


@pytest.mark.parametrize(
    ("older", "official"),
    [("odessa", "odesa"), ("cherkassy", "cherkasy"), ("Черкаси", "cherkasy"), ("tzerkva", "tserkva"),
     ("chernigiv", "chernihiv"), ("Біла", "bila")],
)  # fmt: skip
def test_latin_keys_merge_official_and_older_romanisations(older: str, official: str) -> None:
    assert latin_key(older.lower()) == latin_key(official)
