"""Ukrainian text normalisation for search: folding, wrong-keyboard letters, endings, Latin keys."""

from __future__ import annotations

import re

from bot.translit import APOSTROPHES, transliterate

__all__ = ["FUNCTION_WORDS", "alternations", "folded", "is_latin", "latin_key", "loose", "stem_keys", "words"]

# ʹ (modifier prime) and ʻ are typed for the apostrophe too; none of them splits a word.
_APOSTROPHES = "".join(APOSTROPHES) + "ʹʻ"
_DROP_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)
_WORD = re.compile(r"[^\W_]+")

# Letters people type for one another (wrong keyboard layout, Russian habits): one class each.
_LOOSE = str.maketrans(
    {"і": "и", "ї": "и", "ы": "и", "є": "е", "э": "е", "ё": "е", "ґ": "г", "ь": None, "ъ": None}
)

# Prepositions and place-type words around a name ("у Вінниці", "м. Київ"), Russian ones too.
FUNCTION_WORDS = frozenset(
    {
        "у", "в", "во", "на", "з", "із", "зі", "до", "від", "біля", "для", "по", "під", "над", "за", "о",
        "об", "м", "с", "смт", "сел", "село", "місто", "міста", "город", "г", "in", "at", "of",
    }
)  # fmt: skip

# Latin letters that look like Cyrillic ones, for words typed half on each keyboard.
_HOMOGLYPHS = str.maketrans("aceiopxykmthb", "асеіорхукмтнв")

_VOWELS = "аеєиіїоуюяыэё"
# Ukrainian closed-syllable і alternates with о/е (Львів → Львова, Ірпінь → Ірпеня) and ї with є
# (Київ → Києва); the fleeting е of -ець drops (Кам'янець → Кам'янця).
_CLOSED_I = re.compile(rf"^(.+)([ії])([^{_VOWELS}]+)$")
_FLEETING_E = re.compile(r"^(.{2,})ець$")

# Case endings of nouns and adjectives, spelt in the loose alphabet (і/ї → и, є → е), Russian ones too.
_ENDINGS = tuple(
    sorted(
        {
            "ами", "ями", "ого", "ому", "ими", "ови", "еви", "ах", "ях", "ам", "ям", "ом", "ем", "ою",
            "ею", "ий", "их", "им", "ои", "ая", "ое", "ую", "ие", "еи", "ии", "а", "я", "у", "ю", "и",
            "е", "о",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
_MIN_STEM = 3

# Older and official romanisations collapse onto one key: kh/h/g, y/i/j, ts/tz/c, w/v, doubled letters.
_LATIN_STEPS = (
    ("shch", "sc"), ("sch", "sc"), ("zgh", "zg"), ("ch", "4"), ("sh", "5"), ("zh", "6"), ("kh", "h"),
    ("gh", "g"), ("g", "h"), ("ts", "c"), ("tz", "c"), ("x", "ks"), ("w", "v"), ("j", "i"), ("y", "i"),
    ("ie", "e"),
)  # fmt: skip


def words(text: str) -> list[str]:
    """Split text into case-folded words, apostrophes removed (Кам’янець → камянець).

    A word mixing scripts ("Бiла" typed with a Latin i) is read as Cyrillic.
    """
    found = _WORD.findall(text.casefold().translate(_DROP_APOSTROPHES))
    return [_cyrillic(word) if _is_mixed(word) else word for word in found]


def folded(text: str) -> str:
    """Text compared as people mean it: case-folded words, apostrophes and punctuation ignored."""
    return " ".join(words(text))


def _is_mixed(word: str) -> bool:
    return not word.isascii() and any("a" <= char <= "z" for char in word)


def _cyrillic(word: str) -> str:
    return word.translate(_HOMOGLYPHS)


def loose(word: str) -> str:
    """Merge the letters users mix up: і/и/ї/ы, е/є/э/ё, г/ґ; drop ь and ъ."""
    return word.translate(_LOOSE)


def alternations(word: str) -> set[str]:
    """The word and its stems with Ukrainian vowel alternations undone, as they appear inflected."""
    forms = {word}
    closed = _CLOSED_I.match(word)
    if closed:
        head, vowel, tail = closed.groups()
        for replacement in ("о", "е") if vowel == "і" else ("є",):
            forms.add(head + replacement + tail)
    fleeting = _FLEETING_E.match(word)
    if fleeting:
        forms.add(fleeting.group(1) + "ц")
    return forms


def stem_keys(loose_word: str) -> set[str]:
    """The word (in the loose alphabet) and every stem left by cutting one case ending off it."""
    keys = {loose_word}
    for ending in _ENDINGS:
        if loose_word.endswith(ending) and len(loose_word) - len(ending) >= _MIN_STEM:
            keys.add(loose_word[: -len(ending)])
    return keys


def is_latin(word: str) -> bool:
    """Tell whether a folded word is written in Latin letters."""
    return word.isascii() and not word.isdigit()


def latin_key(word: str) -> str:
    """A Latin spelling key shared by the official romanisation and the common older ones."""
    key = transliterate(word).lower() if not word.isascii() else word.lower()
    for old, new in _LATIN_STEPS:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)
