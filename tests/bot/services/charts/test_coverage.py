"""The coverage chart: a PNG of two panels whose Cyrillic labels render with the bundled font."""

from __future__ import annotations

import struct
import warnings

from bot.i18n import Catalogs
from bot.services.charts.coverage import DPI, HEIGHT_INCHES, WIDTH_INCHES, draw, render_png
from bot.services.roster.coverage import Coverage, Targets, summarize
from handlers.roster.stats import chart_labels
from storage import places, posts
from storage.db import Database

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def _coverage(db: Database) -> tuple[Coverage, list[places.Place]]:
    await db.execute("UPDATE posts SET status = 'appointed' WHERE id % 3 = 0")
    await db.execute("UPDATE posts SET status = 'appointing' WHERE id % 7 = 0")
    regions = await places.regions(db)
    counts = await posts.coverage_counts(db)
    return summarize(counts, Targets(25, 38, 1400), [r.code for r in regions]), regions


def _size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk comes first
    return width, height


async def test_the_chart_is_a_png_of_the_expected_size(db: Database) -> None:
    coverage, regions = await _coverage(db)
    png = render_png(coverage, chart_labels(Catalogs(), "en", regions))
    assert png.startswith(PNG_SIGNATURE)
    assert _size(png) == (int(WIDTH_INCHES * DPI), int(HEIGHT_INCHES * DPI))
    assert len(png) < 1_000_000  # far under Telegram's 10 MB for photos


async def test_two_panels_tiers_then_regions(db: Database) -> None:
    coverage, regions = await _coverage(db)
    figure = draw(coverage, chart_labels(Catalogs(), "en", regions))
    tiers_axes, regions_axes = figure.axes
    assert [label.get_text() for label in tiers_axes.get_yticklabels()] == ["Regional", "Cities", "Hromadas"]
    region_labels = [label.get_text() for label in regions_axes.get_yticklabels()]
    assert len(region_labels) == 25 and "Kyiv" in region_labels and "Kyiv Oblast" in region_labels


async def test_cyrillic_labels_render_without_missing_glyphs(db: Database) -> None:
    coverage, regions = await _coverage(db)
    labels = chart_labels(Catalogs(), "uk", regions)
    assert "Івано-Франківська" in labels.regions and labels.tiers["municipal"] == "Громади"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_png(coverage, labels)
    assert png.startswith(PNG_SIGNATURE)
    assert [str(warning.message) for warning in caught] == []


def test_no_posts_still_draws() -> None:
    empty = summarize([], Targets(25, 38, 1400), [])
    labels = chart_labels(Catalogs(), "uk", [])
    assert render_png(empty, labels).startswith(PNG_SIGNATURE)
