"""Finding places by a typed part of their name (the lookup issue brings the full search engine)."""

from __future__ import annotations

import re

from storage.places import Place

_APOSTROPHES = re.compile(r"[’'ʼ`‘]")


def normalise(text: str) -> str:
    """Case- and apostrophe-insensitive form of a name."""
    return _APOSTROPHES.sub("", text).casefold().replace("ё", "е").strip()


def matching(places: list[Place], typed: str) -> list[Place]:
    """Places whose Ukrainian or English name contains the typed text; names starting with it first."""
    wanted = normalise(typed)
    if not wanted:
        return []
    found = []
    for place in places:
        names = (normalise(place.name_uk), normalise(place.name_en))
        if any(wanted in name for name in names):
            starts = any(name.startswith(wanted) for name in names)
            found.append((not starts, place.name_uk, place))
    return [place for _, _, place in sorted(found, key=lambda item: (item[0], item[1]))]
