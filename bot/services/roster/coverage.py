"""Coverage of the 25-38-1400 plan: each tier against its target, and each region's posts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.settings import Settings
from storage.posts import STATUSES, TIERS, PostStatus, Tier, TierCounts


@dataclass(frozen=True)
class Targets:
    """How many posts of each tier the plan wants filled."""

    regional: int
    city: int
    municipal: int

    def of(self, tier: str) -> int:
        """The target of a tier."""
        target: int = getattr(self, tier)
        return target


def targets_from(settings: Settings) -> Targets:
    """The targets as configured (TARGET_REGIONAL, TARGET_CITY, TARGET_MUNICIPAL)."""
    return Targets(settings.target_regional, settings.target_city, settings.target_municipal)


@dataclass(frozen=True)
class TierCoverage:
    """One tier: appointed and appointing against the target, vacant against the posts that exist."""

    tier: str
    target: int
    posts: int
    vacant: int
    appointing: int
    appointed: int
    appointed_not_in_bot: int  # appointed, but the holder has no Telegram account yet (or is unknown)

    @property
    def share_of_target(self) -> float:
        """Appointed posts as a share of the target (may pass 1.0 if the target is set low)."""
        return self.appointed / self.target

    @property
    def appointing_share_of_target(self) -> float:
        """Posts being appointed as a share of the target."""
        return self.appointing / self.target


@dataclass(frozen=True)
class RegionCoverage:
    """One region: its regional post, and its city and municipal posts appointed of those that exist."""

    region_code: str
    regional_status: str | None  # None: the region has no regional post (never with the codifier load)
    city_appointed: int
    city_posts: int
    municipal_appointed: int
    municipal_posts: int
    appointing: int  # every tier

    @property
    def posts(self) -> int:
        """Posts of every tier in the region."""
        return (self.regional_status is not None) + self.city_posts + self.municipal_posts

    @property
    def appointed(self) -> int:
        """Appointed posts of every tier in the region."""
        return (self.regional_status == PostStatus.APPOINTED) + self.city_appointed + self.municipal_appointed

    @property
    def share_appointed(self) -> float:
        """Appointed posts as a share of the region's posts (0 when it has none)."""
        return self.appointed / self.posts if self.posts else 0.0

    @property
    def share_appointing(self) -> float:
        """Posts being appointed as a share of the region's posts (0 when it has none)."""
        return self.appointing / self.posts if self.posts else 0.0


@dataclass(frozen=True)
class Coverage:
    """The whole picture /stats shows."""

    tiers: tuple[TierCoverage, ...]
    regions: tuple[RegionCoverage, ...]

    def tier(self, tier: str) -> TierCoverage:
        """The coverage of one tier."""
        return next(found for found in self.tiers if found.tier == tier)


def _tier_coverage(tier: str, rows: Sequence[TierCounts], target: int) -> TierCoverage:
    appointed = sum(row.appointed for row in rows)
    return TierCoverage(
        tier=tier,
        target=target,
        posts=sum(row.posts for row in rows),
        vacant=sum(row.vacant for row in rows),
        appointing=sum(row.appointing for row in rows),
        appointed=appointed,
        appointed_not_in_bot=appointed - sum(row.appointed_in_bot for row in rows),
    )


def _status_of_single_post(row: TierCounts | None) -> str | None:
    if row is None or row.posts == 0:
        return None
    by_status = {
        PostStatus.VACANT: row.vacant,
        PostStatus.APPOINTING: row.appointing,
        PostStatus.APPOINTED: row.appointed,
    }
    return next((status for status in reversed(STATUSES) if by_status[status]), PostStatus.VACANT)


def _region_coverage(region_code: str, rows: Sequence[TierCounts]) -> RegionCoverage:
    of_tier = {row.tier: row for row in rows if row.region_code == region_code}
    city, municipal = of_tier.get(Tier.CITY), of_tier.get(Tier.MUNICIPAL)
    return RegionCoverage(
        region_code=region_code,
        regional_status=_status_of_single_post(of_tier.get(Tier.REGIONAL)),
        city_appointed=city.appointed if city else 0,
        city_posts=city.posts if city else 0,
        municipal_appointed=municipal.appointed if municipal else 0,
        municipal_posts=municipal.posts if municipal else 0,
        appointing=sum(row.appointing for row in of_tier.values()),
    )


def summarize(counts: Sequence[TierCounts], targets: Targets, region_codes: Sequence[str]) -> Coverage:
    """Coverage from storage.posts.coverage_counts, for the regions in the order given."""
    tiers = tuple(
        _tier_coverage(tier, [row for row in counts if row.tier == tier], targets.of(tier)) for tier in TIERS
    )
    regions = tuple(_region_coverage(code, counts) for code in region_codes)
    return Coverage(tiers, regions)
