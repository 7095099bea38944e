"""The participation chart: a PNG of check-in participation per week, 0–100 %, non-working weeks marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.services.charts import png as chart_png
from bot.services.checkins.digest import WeekPoint

if TYPE_CHECKING:
    from matplotlib.figure import Figure

BAR_COLOUR = "#1565c0"
NONWORKING_COLOUR = "#bdbdbd"
NO_DATA_COLOUR = "#9e9e9e"
WIDTH_INCHES, HEIGHT_INCHES, DPI = 9.0, 5.0, 100


@dataclass(frozen=True)
class ParticipationLabels:
    """Every text on the chart, already in the reader's language."""

    percent_axis: str
    week_axis: str
    participation: str
    nonworking: str  # written on a non-working week's band
    no_data: str  # written where a week has no figure


def render_participation_png(points: Sequence[WeekPoint], labels: ParticipationLabels, title: str) -> bytes:
    """The chart as PNG bytes (blocking for a few tenths of a second; call it off the event loop)."""
    return chart_png.render_png(lambda: draw(points, labels, title))


def draw(points: Sequence[WeekPoint], labels: ParticipationLabels, title: str) -> Figure:
    """Bars of participation per week; a hatched grey band for non-working weeks; gaps marked "no data"."""
    from matplotlib.patches import Patch  # imported when drawing, as matplotlib is (see chart_png)

    figure = chart_png.new_figure(WIDTH_INCHES, HEIGHT_INCHES, DPI)
    axes = figure.subplots()
    positions = list(range(len(points)))
    for position, point in zip(positions, points, strict=True):
        if point.nonworking:
            axes.bar(position, 100, width=0.8, color="none", edgecolor=NONWORKING_COLOUR, hatch="//")
            axes.text(
                position,
                50,
                labels.nonworking,
                ha="center",
                va="center",
                rotation=90,
                fontsize=9,
                color=NO_DATA_COLOUR,
            )
        elif point.rate is None:
            axes.text(
                position,
                3,
                labels.no_data,
                ha="center",
                va="bottom",
                rotation=90,
                fontsize=9,
                color=NO_DATA_COLOUR,
            )
        else:
            percent = 100 * point.rate
            axes.bar(position, percent, width=0.8, color=BAR_COLOUR)
            axes.text(position, percent + 1.5, f"{percent:.0f}", ha="center", va="bottom", fontsize=9)
    axes.set_xticks(positions, [str(point.week) for point in points])
    axes.set_xlim(-0.6, max(len(points), 1) - 0.4)
    axes.set_ylim(0, 108)  # room for the figure above a full bar
    axes.set_yticks([0, 25, 50, 75, 100])
    axes.set_ylabel(labels.percent_axis)
    axes.set_xlabel(labels.week_axis)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    axes.set_title(title, loc="left", fontweight="bold")
    legend = [
        Patch(color=BAR_COLOUR, label=labels.participation),
        Patch(facecolor="none", edgecolor=NONWORKING_COLOUR, hatch="//", label=labels.nonworking),
    ]
    figure.legend(handles=legend, loc="outside lower center", ncols=2)
    return figure
