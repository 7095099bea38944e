"""Message catalogs (gettext .po files, compiled in memory with Babel) and the choice of language."""

from __future__ import annotations

import gettext
import io
from pathlib import Path
from string import Formatter
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LANGUAGES = ("uk", "en")


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a message."""
    return {field for _, field, _, _ in Formatter().parse(text) if field}


def catalog_files(locales_dir: Path, language: str) -> list[Path]:
    """A language's .po files: one per feature (messages.po, roster.po, ...)."""
    return sorted((locales_dir / language / "LC_MESSAGES").glob("*.po"))


def _compile(po_path: Path) -> gettext.GNUTranslations:
    with po_path.open("rb") as source:
        catalog = read_po(source)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _compile_all(locales_dir: Path, language: str) -> gettext.GNUTranslations:
    """Every .po file of a language, chained: keys are unique across files (a test checks)."""
    files = catalog_files(locales_dir, language)
    if not files:
        raise FileNotFoundError(f"no catalogs for {language!r} in {locales_dir}")
    first, *rest = (_compile(path) for path in files)
    for translations in rest:
        first.add_fallback(translations)
    return first


class Catalogs:
    """Every user-facing text in every language; keys are symbolic (`start.welcome`)."""

    def __init__(self, locales_dir: Path = LOCALES_DIR) -> None:
        self._translations = {language: _compile_all(locales_dir, language) for language in LANGUAGES}
        # gettext walks one fallback per .po file for every lookup; texts never change, so each is
        # looked up once.
        self._texts: dict[tuple[str, str], str] = {}

    def text(self, language: str, key: str, **values: Any) -> str:
        """The message `key` in `language`, formatted with `values`."""
        message = self._texts.get((language, key))
        if message is None:
            message = self._translations[language].gettext(key)
            if message == key:
                raise KeyError(f"no message {key!r} in the {language} catalog")
            self._texts[(language, key)] = message
        return message.format(**values) if values else message

    def plural(self, language: str, key: str, count: int, **values: Any) -> str:
        """The form of `key` for `count` (Ukrainian has three), formatted with `count` and `values`."""
        message = self._translations[language].ngettext(key, key, count)
        if message == key:
            raise KeyError(f"no plural message {key!r} in the {language} catalog")
        return message.format(count=count, **values)


def choose_language(saved: str | None, telegram_code: str | None, default: str) -> str:
    """The saved choice, else Telegram's language if we have it, else the default."""
    if saved in LANGUAGES:
        return saved
    if telegram_code:
        primary = telegram_code.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return default
