"""Ukrainian-to-Latin romanization by Cabinet of Ministers resolution No. 55 of 27 January 2010."""

from __future__ import annotations

__all__ = ["APOSTROPHES", "transliterate"]

APOSTROPHES = frozenset("'’ʼ`‘´")

_LETTERS: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": "iu",
    "я": "ia",
}

_WORD_INITIAL: dict[str, str] = {
    "є": "ye",
    "ї": "yi",
    "й": "y",
    "ю": "yu",
    "я": "ya",
}


def transliterate(text: str) -> str:
    """Romanize Ukrainian text; characters outside the Ukrainian alphabet pass through unchanged."""
    out: list[str] = []
    for index, char in enumerate(text):
        if char in APOSTROPHES and _in_word(text, index):
            continue
        lower = char.lower()
        latin = _LETTERS.get(lower)
        if latin is None:
            out.append(char)
            continue
        if _starts_word(text, index):
            latin = _WORD_INITIAL.get(lower, latin)
        elif lower == "г" and text[index - 1].lower() == "з":
            # The resolution spells зг as zgh so that it cannot be read as the digraph zh.
            latin = "gh"
        if char != lower and latin:
            latin = latin.upper() if _caps_context(text, index) else latin.capitalize()
        out.append(latin)
    return "".join(out)


def _in_word(text: str, index: int) -> bool:
    """Tell whether the apostrophe at index sits between two letters."""
    return 0 < index < len(text) - 1 and text[index - 1].isalpha() and text[index + 1].isalpha()


def _starts_word(text: str, index: int) -> bool:
    """Tell whether the letter at index opens a word."""
    if index == 0:
        return True
    previous = text[index - 1]
    if previous.isalpha():
        return False
    return not (previous in APOSTROPHES and _in_word(text, index - 1))


def _caps_context(text: str, index: int) -> bool:
    """Tell whether the capital at index belongs to an all-caps run rather than a title-case word."""
    following = _neighbour_letter(text, index, 1)
    if following is not None:
        return following.isupper()
    preceding = _neighbour_letter(text, index, -1)
    return preceding is not None and preceding.isupper()


def _neighbour_letter(text: str, index: int, step: int) -> str | None:
    """Return the adjacent letter in the same word, looking across an in-word apostrophe."""
    position = index + step
    if 0 <= position < len(text) and text[position] in APOSTROPHES and _in_word(text, position):
        position += step
    if 0 <= position < len(text) and text[position].isalpha():
        return text[position]
    return None
