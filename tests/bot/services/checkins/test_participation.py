"""Participation: answered ÷ (expected − away), with leave as away and drafts as not answered."""

from __future__ import annotations

from bot.services.checkins.participation import Share, participation, silent_twice
from storage.audiences import Member
from storage.checkins import Checkin

CHERKASY, LVIV = "UA71000000000010357", "UA46000000000026241"


def member(telegram_id: int, tier: str, region: str) -> Member:
    return Member(telegram_id, "uk", None, tier, f"place{telegram_id}", region, "member")


def sheet(telegram_id: int, status: str, cycle: str = "2026-W48") -> Checkin:
    return Checkin(cycle, telegram_id, status, {}, False, "t", None, "t")


MEMBERS = [
    member(1, "municipal", CHERKASY),
    member(2, "municipal", CHERKASY),
    member(3, "municipal", LVIV),
    member(4, "regional", CHERKASY),
    member(5, "regional", LVIV),
]


def test_shares_overall_per_tier_and_region() -> None:
    sheets = [sheet(1, "submitted"), sheet(2, "draft"), sheet(3, "on_leave"), sheet(4, "submitted")]
    result = participation(MEMBERS, sheets, absent=frozenset({5}))
    assert result.overall == Share(expected=5, away=2, answered=2)
    assert result.overall.rate == 2 / 3
    assert result.by_tier["municipal"] == Share(3, 1, 1)
    assert result.by_tier["regional"] == Share(2, 1, 1)
    assert result.by_region[CHERKASY] == Share(3, 0, 2)
    assert result.by_region[LVIV] == Share(2, 2, 0) and result.by_region[LVIV].rate is None
    assert result.silent == {2}  # a draft never confirmed is not an answer


def test_an_absent_member_who_answered_anyway_counts_as_away() -> None:
    result = participation(MEMBERS[:1], [sheet(1, "submitted")], absent=frozenset({1}))
    assert result.overall == Share(1, 1, 0) and result.silent == frozenset()


def test_silent_two_cycles_running() -> None:
    last = participation(MEMBERS, [sheet(1, "submitted", "2026-W47")], absent=frozenset({3}))
    this = participation(MEMBERS, [sheet(4, "submitted")], absent=frozenset())
    assert silent_twice(this, last) == {2, 5}  # 1 answered last week, 3 was away, 4 answered this week
