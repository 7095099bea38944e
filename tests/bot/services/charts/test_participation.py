"""The participation chart: a PNG for 12 weeks with gaps and non-working weeks, in both languages."""

from __future__ import annotations

import struct
import warnings

import pytest

from bot.i18n import Catalogs
from bot.services.charts.participation import DPI, HEIGHT_INCHES, WIDTH_INCHES, draw, render_participation_png
from bot.services.checkins.digest import WeekPoint
from bot.services.checkins.digest_text import chart_labels, chart_title
from bot.services.checkins.place_names import PlaceNames, load_place_names
from storage.db import Database
from tests.auxil.checkin_network import CHERKASY, WEEK, cycle_keys

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CATALOGS = Catalogs()


def twelve_weeks() -> list[WeekPoint]:
    """Two weeks before the bot ran, a non-working week, a week with everyone away, the rest answered."""
    points = []
    for index, key in enumerate(cycle_keys(WEEK, 12)):
        rate = None if index in (0, 1, 8) else index / 12
        points.append(WeekPoint(key, int(key[-2:]), rate, nonworking=index == 5))
    return points


@pytest.mark.parametrize("language", ["uk", "en"])
async def test_twelve_weeks_with_gaps_render_as_a_png(db: Database, language: str) -> None:
    places = await load_place_names(db)
    title = chart_title(CATALOGS, language, WEEK, CHERKASY, places)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_participation_png(twelve_weeks(), chart_labels(CATALOGS, language), title)
    assert png.startswith(PNG_SIGNATURE) and len(png) < 1_000_000
    assert struct.unpack(">II", png[16:24]) == (int(WIDTH_INCHES * DPI), int(HEIGHT_INCHES * DPI))
    assert [str(warning.message) for warning in caught] == []  # no missing Cyrillic glyphs


def test_what_the_chart_draws() -> None:
    labels = chart_labels(CATALOGS, "uk")
    figure = draw(twelve_weeks(), labels, "Участь")
    (axes,) = figure.axes
    assert [label.get_text() for label in axes.get_xticklabels()] == [str(w) for w in range(37, 49)]
    texts = [text.get_text() for text in axes.texts]
    assert texts.count("неробочий") == 1 and texts.count("немає даних") == 3
    assert "92" in texts  # the last week: 11 of 12
    assert axes.get_ylim() == (0, 108)


def test_titles_name_the_scope_and_the_weeks() -> None:
    places = PlaceNames({}, ())
    assert (
        chart_title(CATALOGS, "uk", WEEK, None, places)
        == "Участь у щотижневих звітах: уся мережа, тижні 37–48"
    )
    assert chart_title(CATALOGS, "en", WEEK, None, places, weeks=4) == (
        "Check-in participation: the whole network, weeks 45–48"
    )


def test_no_weeks_still_draws() -> None:
    assert render_participation_png([], chart_labels(CATALOGS, "en"), "").startswith(PNG_SIGNATURE)
