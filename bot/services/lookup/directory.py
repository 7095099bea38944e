"""Who sees what in lookups, a place's posts, and the words of /roster's filter."""

from __future__ import annotations

from dataclasses import dataclass

from bot.access import Role
from bot.search.normalise import folded
from bot.search.places import PlaceHit, PlaceIndex
from storage import directory
from storage.db import Database
from storage.directory import PostCard as PostCard, card as card, held_posts as held_posts, roster as roster
from storage.places import Place

# Words for a tier in either language (compared after folded()).
TIER_WORDS = {
    "regional": ("regional", "регіональний", "регіональні", "обласний", "обласні", "ода"),
    "city": ("city", "cities", "місто", "міста", "міський", "міські"),
    "municipal": ("municipal", "hromada", "hromadas", "громада", "громади", "муніципальний", "тг", "отг"),
}


@dataclass(frozen=True)
class ShownHolder:
    """What a viewer may see of a post's holder."""

    name: str
    username: str | None
    phone: str | None
    email: str | None
    in_bot: bool
    unreachable_since: str | None = None  # only staff see that broadcasts skip the holder


def shown_holder(card: PostCard, viewer: Role) -> ShownHolder | None:
    """Strangers and pending users see no names; contacts follow the holder's choice.

    Members see a @username only of a holder bound to their account: an imported username of someone
    not yet in the bot may have been released and taken by anyone since.
    """
    if card.holder_name is None or viewer in (Role.STRANGER, Role.PENDING):
        return None
    staff = viewer in (Role.COORDINATOR, Role.ADMIN)
    contacts = staff or card.contacts_visible_to == "members"
    in_bot = card.holder_telegram_id is not None
    return ShownHolder(
        name=card.holder_name,
        username=card.holder_username if staff or in_bot else None,
        phone=card.holder_phone if contacts else None,
        email=card.holder_email if contacts else None,
        in_bot=in_bot,
        unreachable_since=card.holder_unreachable_since if staff else None,
    )


async def posts_of_place(db: Database, place: Place) -> list[PostCard]:
    """A place's own post, and for a city also its hromada's: who to call about that town."""
    codes = [place.code]
    if place.kind == "city":
        hromada = await directory.hromada_of_city(db, place.code)
        if hromada:
            codes.append(hromada)
    return await directory.cards_at(db, codes)


# Below this a hit is only a near miss (a typo, a loose transliteration): suggested, not answered.
CONFIDENT_SCORE = 0.5
# How many hits to look through for a region (hromadas and cities share its words), and how weak a
# match may be: among only 25 regions, an inflected colloquial name ("на Черкащині") is enough.
REGION_SEARCH_DEPTH = 50
REGION_MIN_SCORE = 0.3
# Hits this close to the best are as good as the best (namesakes): the user chooses among them.
TIE_MARGIN = 0.05


@dataclass(frozen=True)
class PlaceMatches:
    """What a place query found: one answer, several to choose from, or near misses to suggest."""

    answer: Place | None = None
    choices: tuple[Place, ...] = ()
    suggestions: tuple[Place, ...] = ()


def classify(hits: list[PlaceHit]) -> PlaceMatches:
    """One clear best match answers; equally good ones ask; weak ones are only suggested."""
    confident = [hit for hit in hits if hit.score >= CONFIDENT_SCORE]
    if not confident:
        return PlaceMatches(suggestions=tuple(hit.place for hit in hits))
    best = confident[0].score
    tied = tuple(hit.place for hit in confident if hit.score >= best - TIE_MARGIN)
    return PlaceMatches(answer=tied[0]) if len(tied) == 1 else PlaceMatches(choices=tied)


@dataclass(frozen=True)
class RosterFilter:
    """/roster's words, understood."""

    tier: str | None
    region: Place | None
    unknown: tuple[str, ...]


def roster_filter(words: list[str], index: PlaceIndex) -> RosterFilter:
    """Tier and region from words in either language (`municipal Черкаська`, `громади на Черкащині`)."""
    tier: str | None = None
    rest = []
    for word in words:
        found = next((t for t, names in TIER_WORDS.items() if folded(word) in names), None)
        if found is not None and tier is None:
            tier = found
        else:
            rest.append(word)
    if not rest:
        return RosterFilter(tier, None, ())
    searched = index.search(" ".join(rest), limit=REGION_SEARCH_DEPTH)
    hits = [hit for hit in searched if hit.place.kind == "region"]
    if not hits or hits[0].score < REGION_MIN_SCORE:
        return RosterFilter(tier, None, tuple(rest))
    return RosterFilter(tier, hits[0].place, ())
