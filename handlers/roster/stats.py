"""/stats: coverage per tier against the targets and a per-region table; staff also get a PNG chart."""

from __future__ import annotations

import html

from babel.numbers import format_decimal, format_percent
from telegram import Update
from telegram.ext import CommandHandler

from bot.access import Action
from bot.i18n import Catalogs
from bot.runtime import AnyApplication, BotContext
from bot.services import places
from bot.services.charts.coverage import ChartLabels
from bot.services.places import Place
from bot.services.roster import posts
from bot.services.roster.coverage import Coverage, RegionCoverage, TierCoverage, summarize, targets_from
from bot.services.roster.posts import TIERS, PostStatus
from handlers.common.guards import requires
from handlers.common.replies import answer

REGIONAL_MARK: dict[str | None, str] = {
    PostStatus.APPOINTED: "●",
    PostStatus.APPOINTING: "◐",
    PostStatus.VACANT: "○",
    None: "–",
}


def _number(value: int, language: str) -> str:
    return format_decimal(value, locale=language)


def _tier_block(catalogs: Catalogs, language: str, tier: TierCoverage) -> str:
    """Heading, appointed and appointing against the target, vacant against the posts, not yet in the bot."""
    lines = [
        f"<b>{catalogs.text(language, f'tier.{tier.tier}')}</b>",
        catalogs.text(
            language,
            "stats.appointed",
            appointed=_number(tier.appointed, language),
            target=_number(tier.target, language),
            percent=format_percent(tier.share_of_target, locale=language),
            appointing=_number(tier.appointing, language),
        ),
        _vacant_line(catalogs, language, tier),
        catalogs.text(language, "stats.not_in_bot", count=_number(tier.appointed_not_in_bot, language)),
    ]
    return "\n".join(lines)


def _vacant_line(catalogs: Catalogs, language: str, tier: TierCoverage) -> str:
    if tier.posts == 0:  # city posts exist only once created
        return catalogs.text(language, "stats.no_posts")
    vacant, existing = _number(tier.vacant, language), _number(tier.posts, language)
    return catalogs.plural(language, "stats.vacant", tier.posts, vacant=vacant, posts=existing)


def short_region_names(regions: list[Place], language: str) -> list[str]:
    """The regions' short names, in their order."""
    names = places.short_region_names(regions, language)
    return [names[region.code] for region in regions]


def _region_table(catalogs: Catalogs, language: str, coverage: Coverage, names: list[str]) -> str:
    """A monospace table: regional post, city and municipal posts appointed / existing; totals last."""
    header = [catalogs.text(language, f"stats.column.{column}") for column in ("region", *TIERS)]
    rows = [
        [name, REGIONAL_MARK[region.regional_status], _ratio_city(region), _ratio_municipal(region)]
        for name, region in zip(names, coverage.regions, strict=True)
    ]
    regional, city, municipal = (coverage.tier(tier) for tier in TIERS)
    total = [
        catalogs.text(language, "stats.column.total"),
        f"{regional.appointed}/{regional.posts}",
        f"{city.appointed}/{city.posts}",
        f"{municipal.appointed}/{municipal.posts}",
    ]
    table = [header, *rows, total]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    lines = [
        f"{row[0]:<{widths[0]}} {row[1]:^{widths[1]}} {row[2]:>{widths[2]}} {row[3]:>{widths[3]}}".rstrip()
        for row in table
    ]
    return "<pre>" + html.escape("\n".join(lines)) + "</pre>"


def _ratio_city(region: RegionCoverage) -> str:
    return f"{region.city_appointed}/{region.city_posts}"


def _ratio_municipal(region: RegionCoverage) -> str:
    return f"{region.municipal_appointed}/{region.municipal_posts}"


def stats_text(catalogs: Catalogs, language: str, coverage: Coverage, regions: list[Place]) -> str:
    """The whole /stats message (one message: about 2,000 characters, a test keeps it under 4,096)."""
    plan = "-".join(str(tier.target) for tier in coverage.tiers)
    blocks = [catalogs.text(language, "stats.title", plan=plan)]
    blocks += [_tier_block(catalogs, language, tier) for tier in coverage.tiers]
    blocks.append(catalogs.text(language, "stats.table_title"))
    names = short_region_names(regions, language)
    return "\n\n".join(blocks) + "\n" + _region_table(catalogs, language, coverage, names)


def chart_labels(catalogs: Catalogs, language: str, regions: list[Place]) -> ChartLabels:
    """The chart's texts in the reader's language."""
    return ChartLabels(
        title_tiers=catalogs.text(language, "stats.chart.tiers"),
        title_regions=catalogs.text(language, "stats.chart.regions"),
        appointed=catalogs.text(language, "stats.chart.appointed"),
        appointing=catalogs.text(language, "stats.chart.appointing"),
        rest=catalogs.text(language, "stats.chart.rest"),
        percent_axis=catalogs.text(language, "stats.chart.percent"),
        tiers={tier: catalogs.text(language, f"stats.chart.tier.{tier}") for tier in posts.TIERS},
        regions=short_region_names(regions, language),
    )


@requires(Action.STATS, private=False)
async def show_stats(update: Update, context: BotContext) -> None:
    """The coverage text for everyone (no names: it is public); the chart after it for staff."""
    runtime = context.runtime
    language = context.actor.language
    regions = await places.regions(runtime.db)
    coverage = summarize(
        await posts.coverage_counts(runtime.db),
        targets_from(runtime.settings),
        [region.code for region in regions],
    )
    await answer(update, stats_text(runtime.catalogs, language, coverage, regions))
    if not context.actor.may(Action.STATS_CHART):
        return
    labels = chart_labels(runtime.catalogs, language, regions)
    png = await runtime.charts.coverage(coverage, labels)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_photo(png, caption=context.t("stats.chart.caption"))


def register(app: AnyApplication) -> None:
    """Add /stats."""
    app.add_handler(CommandHandler(Action.STATS.value, show_stats))
