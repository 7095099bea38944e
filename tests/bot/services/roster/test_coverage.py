"""Coverage math: targets from the settings, per tier and per region, from no posts to all appointed."""

from __future__ import annotations

from bot.services.roster.coverage import Targets, summarize, targets_from
from bot.services.roster.posts import appoint
from bot.settings import Settings
from storage import people, places, posts
from storage.db import Database
from storage.posts import TierCounts

TARGETS = Targets(regional=25, city=38, municipal=1400)
VINNYTSIA, VOLYN = "UA05000000000010236", "UA07000000000024379"


def counts(tier: str, region: str, **by_status: int) -> TierCounts:
    """A row of storage.posts.coverage_counts; posts default to the sum of the statuses."""
    vacant, appointing, appointed = (by_status.get(s, 0) for s in ("vacant", "appointing", "appointed"))
    in_bot = by_status.get("in_bot", appointed)
    return TierCounts(tier, region, vacant + appointing + appointed, vacant, appointing, appointed, in_bot)


def test_targets_come_from_the_settings() -> None:
    settings = Settings(_env_file=None, target_regional=24, target_city=40, target_municipal=1500)  # type: ignore[call-arg]
    targets = targets_from(settings)
    assert targets == Targets(24, 40, 1500)
    coverage = summarize([], targets, [])
    assert [tier.target for tier in coverage.tiers] == [24, 40, 1500]


def test_the_default_targets_are_the_plan() -> None:
    assert targets_from(Settings(_env_file=None)) == TARGETS  # type: ignore[call-arg]


def test_no_posts_at_all_is_all_zeros_without_dividing_by_zero() -> None:
    coverage = summarize([], TARGETS, [VINNYTSIA])
    for tier in coverage.tiers:
        assert (tier.posts, tier.vacant, tier.appointing, tier.appointed, tier.appointed_not_in_bot) == (
            0,
        ) * 5
        assert tier.share_of_target == 0.0
    region = coverage.regions[0]
    assert region.regional_status is None
    assert (region.posts, region.appointed, region.share_appointed, region.share_appointing) == (
        0,
        0,
        0.0,
        0.0,
    )


def test_tiers_add_up_over_regions_and_count_those_not_in_the_bot_apart() -> None:
    rows = [
        counts("municipal", VINNYTSIA, vacant=50, appointing=3, appointed=10, in_bot=7),
        counts("municipal", VOLYN, vacant=40, appointing=4, appointed=10, in_bot=10),
        counts("regional", VINNYTSIA, appointing=1),
        counts("regional", VOLYN, appointed=1, in_bot=0),
        counts("city", VINNYTSIA, vacant=1, appointed=1),
    ]
    coverage = summarize(rows, TARGETS, [VINNYTSIA, VOLYN])
    municipal = coverage.tier("municipal")
    assert (municipal.posts, municipal.vacant, municipal.appointing, municipal.appointed) == (117, 90, 7, 20)
    assert municipal.appointed_not_in_bot == 3
    assert municipal.share_of_target == 20 / 1400
    regional = coverage.tier("regional")
    assert (regional.appointed, regional.appointing, regional.appointed_not_in_bot) == (1, 1, 1)
    vinnytsia, volyn = coverage.regions
    assert vinnytsia.regional_status == "appointing" and volyn.regional_status == "appointed"
    assert (vinnytsia.city_appointed, vinnytsia.city_posts) == (1, 2)
    assert (vinnytsia.municipal_appointed, vinnytsia.municipal_posts) == (10, 63)
    assert (vinnytsia.posts, vinnytsia.appointed, vinnytsia.appointing) == (66, 11, 4)
    assert (volyn.city_appointed, volyn.city_posts) == (0, 0)


def test_regions_keep_the_order_given() -> None:
    coverage = summarize([counts("regional", VINNYTSIA, vacant=1)], TARGETS, [VOLYN, VINNYTSIA])
    assert [region.region_code for region in coverage.regions] == [VOLYN, VINNYTSIA]
    assert coverage.regions[1].regional_status == "vacant"


async def test_a_fresh_database_has_every_regional_and_municipal_post_vacant(db: Database) -> None:
    regions = [region.code for region in await places.regions(db)]
    coverage = summarize(await posts.coverage_counts(db), TARGETS, regions)
    assert coverage.tier("regional").posts == coverage.tier("regional").vacant == 25
    assert coverage.tier("municipal").posts == coverage.tier("municipal").vacant == 1469
    assert coverage.tier("city").posts == 0
    assert all(region.regional_status == "vacant" for region in coverage.regions)
    assert len(coverage.regions) == 25


async def test_all_appointed_passes_the_municipal_target(db: Database) -> None:
    await db.execute("UPDATE posts SET status = 'appointed'")
    person = await people.create_person(db, "Олена Коваленко", telegram_id=7001)
    kyiv = await posts.find_post(db, "regional", "UA80000000000093317")
    assert kyiv is not None
    await appoint(db, kyiv, person, actor_id=None)
    regions = [region.code for region in await places.regions(db)]
    coverage = summarize(await posts.coverage_counts(db), TARGETS, regions)
    municipal = coverage.tier("municipal")
    assert municipal.appointed == 1469 and municipal.vacant == 0
    assert municipal.share_of_target > 1.0  # more hromadas than the target: the chart must cope
    assert municipal.appointed_not_in_bot == 1469  # appointed, nobody holds them in the bot
    regional = coverage.tier("regional")
    assert (regional.appointed, regional.appointed_not_in_bot) == (25, 24)
    assert all(region.share_appointed == 1.0 for region in coverage.regions)
