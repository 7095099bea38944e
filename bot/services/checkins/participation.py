"""Check-in participation for digests: answered ÷ (expected − away), overall, per tier and per region.

"On leave this week" counts as away, like an absence; a draft that was never confirmed counts as not
answered. Pure functions over what storage returns, so digests and their tests share one rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storage.audiences import Member
from storage.checkins import Checkin


@dataclass(frozen=True)
class Share:
    """Participation of a group of members in one cycle."""

    expected: int
    away: int
    answered: int

    @property
    def counted(self) -> int:
        """Members who were expected to answer: expected minus away."""
        return self.expected - self.away

    @property
    def rate(self) -> float | None:
        """answered ÷ counted, or None when nobody was expected (everyone away)."""
        return self.answered / self.counted if self.counted else None


@dataclass(frozen=True)
class Participation:
    """A cycle's participation overall, per tier and per region (region place codes)."""

    overall: Share
    by_tier: dict[str, Share]
    by_region: dict[str, Share]
    silent: frozenset[int]  # expected, not away, no confirmed answer


def participation(
    members: Sequence[Member], sheets: Iterable[Checkin], absent: frozenset[int]
) -> Participation:
    """Who answered among the members expected this cycle; `absent` are those with an absence."""
    by_member = {sheet.telegram_id: sheet for sheet in sheets}
    away = {m.telegram_id for m in members if m.telegram_id in absent or _status(by_member, m) == "on_leave"}
    answered = {
        m.telegram_id for m in members if m.telegram_id not in away and _status(by_member, m) == "submitted"
    }

    def share(group: Sequence[Member]) -> Share:
        ids = {m.telegram_id for m in group}
        return Share(len(ids), len(ids & away), len(ids & answered))

    tiers = sorted({m.tier for m in members if m.tier})
    regions = sorted({m.region_code for m in members if m.region_code})
    return Participation(
        overall=share(members),
        by_tier={tier: share([m for m in members if m.tier == tier]) for tier in tiers},
        by_region={region: share([m for m in members if m.region_code == region]) for region in regions},
        silent=frozenset(m.telegram_id for m in members) - away - answered,
    )


def silent_twice(this_cycle: Participation, last_cycle: Participation) -> frozenset[int]:
    """Members who did not answer two cycles running (away in either week does not count)."""
    return this_cycle.silent & last_cycle.silent


def _status(sheets: dict[int, Checkin], member: Member) -> str | None:
    sheet = sheets.get(member.telegram_id)
    return None if sheet is None else sheet.status
