"""A check-in digest as Telegram messages (HTML, each ≤ 4,096 characters) and its chart's texts."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import timedelta
from typing import Literal

from babel.numbers import format_percent

from bot.i18n import Catalogs
from bot.services.charts.participation import ParticipationLabels
from bot.services.checkins.cycles import Cycle
from bot.services.checkins.digest import Digest, Entry, Person
from bot.services.checkins.participation import Share
from bot.services.checkins.place_names import PlaceNames
from storage.personal_data import erased_number
from storage.posts import TIERS

# Telegram's limit, in UTF-16 code units (an emoji counts two); measured on the HTML, tags and all,
# which can only overstate the text Telegram counts after parsing.
MAX_MESSAGE = 4096
NAME_LIMIT = 120
# The summary shows the start of each blocker or help request; the details show them whole.
EXCERPT = 200


def week_dates(cycle: Cycle) -> str:
    """ "23–29.11.2026", "30.11–06.12.2026" or "29.12.2025–04.01.2026"."""
    monday = cycle.opens.date()
    sunday = monday + timedelta(days=6)
    if monday.year != sunday.year:
        return f"{monday:%d.%m.%Y}–{sunday:%d.%m.%Y}"
    if monday.month != sunday.month:
        return f"{monday:%d.%m}–{sunday:%d.%m.%Y}"
    return f"{monday:%d}–{sunday:%d.%m.%Y}"


def size(text: str) -> int:
    """A message's length as Telegram counts it (UTF-16 code units), HTML included."""
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _percent(share: Share, language: str) -> str:
    return "—" if share.rate is None else format_percent(share.rate, locale=language)


def _scope(digest: Digest, catalogs: Catalogs, language: str, places: PlaceNames) -> str:
    if digest.region_code is None:
        return catalogs.text(language, "digest.scope.network")
    return html.escape(places.region(digest.region_code, language))


def _title(digest: Digest, catalogs: Catalogs, language: str, places: PlaceNames) -> str:
    return catalogs.text(
        language,
        "digest.title",
        week=digest.cycle.week,
        dates=week_dates(digest.cycle),
        scope=_scope(digest, catalogs, language, places),
    )


def _overall(digest: Digest, catalogs: Catalogs, language: str) -> str:
    share = digest.participation.overall
    lines = [
        catalogs.text(
            language,
            "digest.overall",
            percent=_percent(share, language),
            answered=share.answered,
            counted=share.counted,
        ),
        catalogs.text(
            language,
            "digest.overall_details",
            expected=share.expected,
            away=share.away,
            late=digest.late,
            unreachable=digest.unreachable,
        ),
    ]
    return "\n".join(lines)


def _tiers(digest: Digest, catalogs: Catalogs, language: str) -> str:
    lines = [catalogs.text(language, "digest.tiers_title")]
    for tier in TIERS:
        share = digest.participation.by_tier.get(tier)
        if share is None:
            continue
        lines.append(
            catalogs.text(
                language,
                "digest.tier_line",
                tier=catalogs.text(language, f"digest.tier.{tier}"),
                percent=_percent(share, language),
                answered=share.answered,
                counted=share.counted,
            )
        )
    return "\n".join(lines)


def _regions_table(digest: Digest, catalogs: Catalogs, language: str, places: PlaceNames) -> str:
    """A monospace table of the regions: answered / counted and the rate (about 1,000 characters)."""
    header = [catalogs.text(language, f"digest.column.{column}") for column in ("region", "answered", "rate")]
    rows = [header]
    for code in places.region_codes:  # every region, those with nobody expected too
        share = digest.participation.by_region.get(code, Share(0, 0, 0))
        rows.append([places.short_region(code, language), f"{share.answered}/{share.counted}", _rate(share)])
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{row[0]:<{widths[0]}} {row[1]:>{widths[1]}} {row[2]:>{widths[2]}}" for row in rows]
    title = catalogs.text(language, "digest.regions_title")
    return f"{title}\n<pre>{html.escape(chr(10).join(lines))}</pre>"


def _rate(share: Share) -> str:
    return "—" if share.rate is None else f"{100 * share.rate:.0f}%"


def _counts(digest: Digest, catalogs: Catalogs, language: str) -> str:
    return "\n".join(
        [
            catalogs.plural(language, "digest.count.help", len(digest.help_requests)),
            catalogs.plural(language, "digest.count.blockers", len(digest.blockers)),
            catalogs.plural(language, "digest.count.silent", len(digest.silent_twice)),
        ]
    )


def _who(person: Person, catalogs: Catalogs, language: str, places: PlaceNames) -> str:
    place = places.place(person.place_code, language)
    erased = erased_number(person.telegram_id)
    shown = person.name if erased is None else catalogs.text(language, "erased.person", number=erased)
    name = f"<b>{html.escape(_cut(shown, NAME_LIMIT))}</b>"
    return f"{name}, {html.escape(place)}" if place else name


def _entry(entry: Entry, catalogs: Catalogs, language: str, places: PlaceNames, limit: int | None) -> str:
    text = entry.text if limit is None else _cut(entry.text, limit)
    late = catalogs.text(language, "digest.late_mark") if entry.late else ""
    return f"• {_who(entry.person, catalogs, language, places)}{late}:\n{html.escape(text)}"


def _head(digest: Digest, catalogs: Catalogs, language: str, places: PlaceNames) -> list[str]:
    blocks = [_title(digest, catalogs, language, places)]
    if digest.nonworking:
        blocks.append(catalogs.text(language, "digest.nonworking"))
    blocks.append(_overall(digest, catalogs, language))
    blocks.append(_tiers(digest, catalogs, language))
    if digest.region_code is None:
        blocks.append(_regions_table(digest, catalogs, language, places))
    blocks.append(_counts(digest, catalogs, language))
    return blocks


def digest_summary(digest: Digest, catalogs: Catalogs, language: str, places: PlaceNames) -> str:
    """The digest in one message: figures, then as many help requests and blockers as fit."""
    text = "\n\n".join(_head(digest, catalogs, language, places))
    sections = [("digest.help_title", digest.help_requests), ("digest.blockers_title", digest.blockers)]
    for index, (title_key, entries) in enumerate(sections):
        if not entries:
            continue
        # Keep room for every later section's title and "…and N more" line.
        later = sum(
            _reserve(catalogs, language, key, len(rest)) for key, rest in sections[index + 1 :] if rest
        )
        text = _section(text, catalogs, language, places, title_key, entries, MAX_MESSAGE - later)
    return text


def _reserve(catalogs: Catalogs, language: str, title_key: str, count: int) -> int:
    return size(catalogs.text(language, title_key) + _more(catalogs, language, count)) + 2


def _section(
    text: str,
    catalogs: Catalogs,
    language: str,
    places: PlaceNames,
    title_key: str,
    entries: Sequence[Entry],
    limit: int,
) -> str:
    """`text` with a section of entries appended, as many as fit under `limit` with its "…and N more"."""
    section = f"{text}\n\n{catalogs.text(language, title_key)}"
    if size(section + _more(catalogs, language, len(entries))) > limit:
        return text
    for shown, entry in enumerate(entries):
        line = "\n" + _entry(entry, catalogs, language, places, EXCERPT)
        hidden = len(entries) - shown - 1
        more = _more(catalogs, language, hidden) if hidden else ""
        if size(section + line + more) > limit:
            return section + _more(catalogs, language, len(entries) - shown)
        section += line
    return section


def _more(catalogs: Catalogs, language: str, count: int) -> str:
    return "\n" + catalogs.plural(language, "digest.more", count)


def digest_details(
    digest: Digest,
    which: Literal["blockers", "silent"],
    catalogs: Catalogs,
    language: str,
    places: PlaceNames,
) -> list[str]:
    """The full lists in messages ≤ 4,096: help requests then blockers, or the members silent twice."""
    week = digest.cycle.week
    if which == "silent":
        if not digest.silent_twice:
            return [catalogs.text(language, "digest.details.no_silent", week=week)]
        title = catalogs.text(
            language, "digest.details.silent_title", count=len(digest.silent_twice), week=week
        )
        return _messages(
            [title, *(f"• {_who(p, catalogs, language, places)}" for p in digest.silent_twice)], "\n"
        )
    if not digest.help_requests and not digest.blockers:
        return [catalogs.text(language, "digest.details.no_blockers", week=week)]
    blocks: list[str] = []
    for key, entries in (("help", digest.help_requests), ("blockers", digest.blockers)):
        if entries:
            blocks.append(
                catalogs.text(language, f"digest.details.{key}_title", count=len(entries), week=week)
            )
            blocks += [_entry(entry, catalogs, language, places, None) for entry in entries]
    return _messages(blocks, "\n\n")


def _messages(blocks: Sequence[str], separator: str) -> list[str]:
    """Blocks joined into messages ≤ 4,096; a block too long alone is cut at line or word ends."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _pieces(block):
            joined = f"{current}{separator}{piece}" if current else piece
            if size(joined) > MAX_MESSAGE:
                messages.append(current)
                joined = piece
            current = joined
    if current:
        messages.append(current)
    return messages


def _pieces(block: str) -> list[str]:
    """A block cut into parts ≤ 4,096, never inside a tag or an entity (entries put tags in line one)."""
    pieces = []
    while size(block) > MAX_MESSAGE:
        fits = _fitting(block)
        cut = max(block.rfind("\n", 0, fits), block.rfind(" ", 0, fits))
        if cut < fits // 2:
            cut = fits
        entity = block.rfind("&", max(0, cut - 8), cut)
        if entity != -1 and ";" not in block[entity:cut]:
            cut = entity
        pieces.append(block[:cut])
        block = block[cut:].lstrip("\n ")
    pieces.append(block)
    return pieces


def _fitting(block: str) -> int:
    """How many characters from the start of `block` fit in one message."""
    end = min(len(block), MAX_MESSAGE)
    while size(block[:end]) > MAX_MESSAGE:
        # A character is one or two code units: dropping half the excess never drops much too many.
        end -= (size(block[:end]) - MAX_MESSAGE + 1) // 2
    return end


def chart_labels(catalogs: Catalogs, language: str) -> ParticipationLabels:
    """The participation chart's texts in the reader's language."""
    return ParticipationLabels(
        percent_axis=catalogs.text(language, "digest.chart.percent"),
        week_axis=catalogs.text(language, "digest.chart.week"),
        participation=catalogs.text(language, "digest.chart.participation"),
        nonworking=catalogs.text(language, "digest.chart.nonworking"),
        no_data=catalogs.text(language, "digest.chart.no_data"),
    )


def chart_title(
    catalogs: Catalogs,
    language: str,
    last: Cycle,
    region_code: str | None,
    places: PlaceNames,
    weeks: int = 12,
) -> str:
    """The chart's title: whose participation, over which weeks (plain text: the chart draws no HTML)."""
    first = last
    for _ in range(weeks - 1):
        first = first.previous()
    scope = (
        catalogs.text(language, "digest.chart.scope_network")
        if region_code is None
        else places.region(region_code, language)
    )
    return catalogs.text(language, "digest.chart.title", scope=scope, first=first.week, last=last.week)
