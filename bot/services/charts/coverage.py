"""The coverage chart: a PNG with two panels, the tiers against their targets and the regions' posts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.services.charts import png as chart_png
from bot.services.roster.coverage import Coverage

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

APPOINTED_COLOUR = "#2e7d32"
APPOINTING_COLOUR = "#f9a825"
REST_COLOUR = "#e0e0e0"
WIDTH_INCHES, HEIGHT_INCHES, DPI = 9.0, 11.0, 100


@dataclass(frozen=True)
class ChartLabels:
    """Every text on the chart, already in the reader's language."""

    title_tiers: str
    title_regions: str
    appointed: str
    appointing: str
    rest: str
    percent_axis: str
    tiers: Mapping[str, str]
    regions: Sequence[str]  # in the order of coverage.regions


def render_png(coverage: Coverage, labels: ChartLabels) -> bytes:
    """The chart as PNG bytes (blocking for about half a second; call it off the event loop)."""
    return chart_png.render_png(lambda: draw(coverage, labels))


def draw(coverage: Coverage, labels: ChartLabels) -> Figure:
    """The chart's figure: the tiers on top, the regions below, one legend under both."""
    figure = chart_png.new_figure(WIDTH_INCHES, HEIGHT_INCHES, DPI)
    tiers_axes, regions_axes = figure.subplots(2, 1, height_ratios=[1, 4])
    _draw_tiers(tiers_axes, coverage, labels)
    _draw_regions(regions_axes, coverage, labels)
    # One legend for both panels, under them, so it never covers a bar.
    figure.legend(*tiers_axes.get_legend_handles_labels(), loc="outside lower center", ncols=3)
    return figure


def _draw_tiers(axes: Axes, coverage: Coverage, labels: ChartLabels) -> None:
    """Per tier: appointed and appointing as a percentage of the target; the rest up to 100 % in grey."""
    names = [labels.tiers[tier.tier] for tier in coverage.tiers]
    appointed = [100 * tier.share_of_target for tier in coverage.tiers]
    appointing = [100 * tier.appointing_share_of_target for tier in coverage.tiers]
    positions = list(range(len(names)))
    axes.barh(positions, [100.0] * len(names), color=REST_COLOUR, label=labels.rest)
    axes.barh(positions, appointed, color=APPOINTED_COLOUR, label=labels.appointed)
    axes.barh(positions, appointing, left=appointed, color=APPOINTING_COLOUR, label=labels.appointing)
    ends = [max(100.0, a + b) for a, b in zip(appointed, appointing, strict=True)]
    for position, tier, end in zip(positions, coverage.tiers, ends, strict=True):
        axes.text(end + 1, position, f"{tier.appointed} / {tier.target}", va="center", fontsize=10)
    axes.set_yticks(positions, names)
    axes.invert_yaxis()
    axes.set_xlim(0, max(ends) + 22)  # room for the "appointed / target" figures
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel(labels.percent_axis)
    axes.set_title(labels.title_tiers, loc="left", fontweight="bold")


def _draw_regions(axes: Axes, coverage: Coverage, labels: ChartLabels) -> None:
    """Per region: the share of its posts (every tier) appointed and being appointed."""
    regions = coverage.regions
    appointed = [100 * region.share_appointed for region in regions]
    appointing = [100 * region.share_appointing for region in regions]
    positions = list(range(len(regions)))
    axes.barh(positions, [100.0] * len(regions), color=REST_COLOUR)
    axes.barh(positions, appointed, color=APPOINTED_COLOUR)
    axes.barh(positions, appointing, left=appointed, color=APPOINTING_COLOUR)
    for position, region in zip(positions, regions, strict=True):
        axes.text(101, position, f"{region.appointed} / {region.posts}", va="center", fontsize=8)
    axes.set_yticks(positions, list(labels.regions), fontsize=9)
    axes.invert_yaxis()
    axes.set_xlim(0, 120)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel(labels.percent_axis)
    axes.set_title(labels.title_regions, loc="left", fontweight="bold")
