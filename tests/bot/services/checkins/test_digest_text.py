"""The digest as messages: figures in both languages, escaping, always ≤ 4,096, details split whole."""

from __future__ import annotations

import html
import re

import pytest

from bot.i18n import Catalogs
from bot.services.checkins.cycles import cycle_of
from bot.services.checkins.digest import Digest, Entry, Person
from bot.services.checkins.digest_text import MAX_MESSAGE, digest_details, digest_summary, size, week_dates
from bot.services.checkins.participation import Participation, Share
from bot.services.checkins.place_names import PlaceNames, load_place_names
from storage.db import Database
from tests.auxil.checkin_network import CHERKASY, KYIV, LVIV, WEEK

CATALOGS = Catalogs()
CHERKASKA_HROMADA = "UA71080490000022110"
BAD_ENTITY = re.compile(r"&(?!amp;|lt;|gt;|quot;|#x27;)")


def person(
    telegram_id: int, name: str = "Олена <Коваль>", place_code: str | None = CHERKASKA_HROMADA
) -> Person:
    return Person(telegram_id, name, place_code or "", place_code)


def digest(
    *,
    region_code: str | None = None,
    nonworking: bool = False,
    blockers: tuple[Entry, ...] = (),
    help_requests: tuple[Entry, ...] = (),
    silent: tuple[Person, ...] = (),
) -> Digest:
    shares = Participation(
        overall=Share(expected=10, away=2, answered=4),
        by_tier={"regional": Share(1, 0, 1), "municipal": Share(9, 2, 3)},
        by_region={CHERKASY: Share(6, 1, 3), LVIV: Share(4, 1, 1)},
        silent=frozenset(),
    )
    return Digest(WEEK, region_code, nonworking, shares, 1, 2, blockers, help_requests, silent)


@pytest.fixture
async def places(db: Database) -> PlaceNames:
    return await load_place_names(db)


def test_week_dates_across_months_and_years() -> None:
    assert week_dates(WEEK) == "23–29.11.2026"
    assert week_dates(cycle_of(2026, 49, KYIV)) == "30.11–06.12.2026"
    assert week_dates(cycle_of(2026, 53, KYIV)) == "28.12.2026–03.01.2027"


async def test_the_network_summary_in_ukrainian(places: PlaceNames) -> None:
    help_entry = Entry(person(1), "Потрібен доступ до <реєстру> & API", late=True)
    text = digest_summary(digest(help_requests=(help_entry,), silent=(person(2),)), CATALOGS, "uk", places)
    assert "тиждень 48 (23–29.11.2026)" in text and "Уся мережа" in text
    assert "Участь: 50%" in text and "відповіли 4 з 8" in text
    assert "відсутні: 2 · із запізненням: 1 · бот не може написати: 2" in text
    assert "Області: 100% (1 з 1)" in text and "Громади: 43% (3 з 7)" in text
    rows = [line.split() for line in text[text.index("<pre>") + 5 : text.index("</pre>")].splitlines()]
    assert len(rows) == 26 and rows[0] == ["Область", "Відп.", "%"]
    assert ["Черкаська", "3/5", "60%"] in rows and ["Львівська", "1/3", "33%"] in rows
    assert ["Вінницька", "0/0", "—"] in rows and ["Івано-Франківська", "0/0", "—"] in rows
    assert "1 запит на допомогу" in text and "0 перешкод у роботі" in text
    assert "1 учасник не відповідає другий тиждень поспіль" in text
    assert "<b>Олена &lt;Коваль&gt;</b>, Черкаська громада, Черкаська область" in text
    assert "(із запізненням)" in text and "до &lt;реєстру&gt; &amp; API" in text


async def test_the_region_summary_in_english_has_no_table(places: PlaceNames) -> None:
    blocker = Entry(person(1, "Ihor"), "No broadband", late=False)
    text = digest_summary(digest(region_code=CHERKASY, blockers=(blocker,)), CATALOGS, "en", places)
    assert "week 48 (23–29.11.2026)" in text and "Cherkasy Oblast" in text
    assert "<pre>" not in text and "Regions: 100% (1 of 1)" in text
    assert "1 blocker" in text and "0 requests for help" in text and "<b>Ihor</b>, Cherkaska hromada" in text


async def test_a_non_working_week_says_so(places: PlaceNames) -> None:
    assert "неробочим" in digest_summary(digest(nonworking=True), CATALOGS, "uk", places)
    assert "non-working" in digest_summary(digest(nonworking=True), CATALOGS, "en", places)


@pytest.mark.parametrize("language", ["uk", "en"])
async def test_the_summary_stays_under_the_limit_with_the_whole_network_blocked(
    places: PlaceNames, language: str
) -> None:
    entries = tuple(
        Entry(person(i, f"Людина {i} " * 5), "🚧 Перешкода & <тег> " * 200, i % 2 == 0) for i in range(1463)
    )
    for shown in (digest(blockers=entries), digest(blockers=entries, help_requests=entries)):
        text = digest_summary(shown, CATALOGS, language, places)
        assert size(text) <= MAX_MESSAGE  # emoji count twice, as Telegram counts them
        assert text.count("• ") >= 3  # some of them are shown, each cut short
        assert ("і ще" if language == "uk" else "and") in text and not BAD_ENTITY.search(text)


async def test_help_requests_come_first(places: PlaceNames) -> None:
    text = digest_summary(
        digest(
            blockers=(Entry(person(1), "блокер", False),),
            help_requests=(Entry(person(2), "допомога", False),),
        ),
        CATALOGS,
        "uk",
        places,
    )
    assert text.index("допомога") < text.index("блокер")


async def test_the_details_list_everything_split_into_messages(places: PlaceNames) -> None:
    blockers = tuple(
        Entry(person(i), f"Перешкода номер {i}: " + "дуже довго " * 40, False) for i in range(60)
    )
    huge = Entry(person(99, "Богдан"), "Слово & ще " * 2000, late=True)  # one answer of 22,000 characters
    emoji = Entry(person(98, "Я" * 500), "🙏" * 5000, late=False)  # 10,000 UTF-16 units, no spaces
    parts = digest_details(
        digest(blockers=blockers, help_requests=(huge, emoji)), "blockers", CATALOGS, "uk", places
    )
    assert len(parts) > 3 and all(size(part) <= MAX_MESSAGE for part in parts)
    assert parts[0].startswith("<b>🆘 Запити на допомогу, тиждень 48: 2</b>")
    joined = "\n".join(parts)
    assert all(f"Перешкода номер {i}:" in joined for i in range(60))
    assert html.unescape(re.sub(r"\s+", " ", joined)).count("Слово & ще") == 2000  # kept whole
    assert joined.count("🙏") == 5000 and "<b>" + "Я" * 119 + "…</b>" in joined  # a long name is cut
    assert "<b>⛔ Перешкоди, тиждень 48: 60</b>" in joined
    assert not any(BAD_ENTITY.search(part) for part in parts)


async def test_the_silent_list_and_empty_lists(places: PlaceNames) -> None:
    silent = tuple(person(i, f"Мовчун {i}") for i in range(400))
    parts = digest_details(digest(silent=silent), "silent", CATALOGS, "en", places)
    assert all(size(part) <= MAX_MESSAGE for part in parts) and len(parts) > 1
    assert "\n".join(parts).count("• <b>Мовчун") == 400 and "Silent two weeks running" in parts[0]
    assert digest_details(digest(), "silent", CATALOGS, "uk", places) == [
        "Тиждень 48: усі відповідали хоча б раз за два тижні."
    ]
    assert digest_details(digest(), "blockers", CATALOGS, "en", places) == [
        "Week 48: no blockers and no requests for help."
    ]


async def test_ukrainian_plurals_and_a_rate_nobody_counts(places: PlaceNames) -> None:
    three = tuple(Entry(person(i), "x", False) for i in range(3))
    eleven = tuple(person(i) for i in range(11))
    text = digest_summary(
        digest(blockers=three, help_requests=three[:1], silent=eleven), CATALOGS, "uk", places
    )
    assert "3 перешкоди в роботі" in text and "1 запит на допомогу" in text
    assert "11 учасників не відповідають" in text
    everyone_away = Participation(Share(3, 3, 0), {}, {}, frozenset())
    empty = Digest(WEEK, None, False, everyone_away, 0, 0, (), (), ())
    assert "Участь: —" in digest_summary(empty, CATALOGS, "uk", places)
