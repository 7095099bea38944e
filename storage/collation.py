"""Ukrainian alphabetical order (code-point order puts І, Є, Ї and Ґ in the wrong places)."""

from __future__ import annotations

UKRAINIAN_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_RANK = {letter: index for index, letter in enumerate(UKRAINIAN_ALPHABET)}
_AFTER_LETTERS = len(UKRAINIAN_ALPHABET)


def ukrainian_key(text: str) -> tuple[tuple[int, str], ...]:
    """A sort key: Ukrainian letters in alphabet order, apostrophes ignored, case folded."""
    folded = text.casefold().replace("’", "").replace("'", "").replace("ʼ", "")
    return tuple((_RANK.get(char, _AFTER_LETTERS), char) for char in folded)
