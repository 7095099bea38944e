"""The place search over every place of the codifier: each query's expected first result."""

from __future__ import annotations

from functools import cache

import pytest

from bot.search.places import PlaceIndex, codifier_places, load_place_index
from storage.db import Database


@cache
def index() -> PlaceIndex:
    """All 1,938 places, indexed once for the whole module."""
    return PlaceIndex(codifier_places())


CYRILLIC = [
    ("Черкаси", "Черкаси", "city"),
    ("черкаси", "Черкаси", "city"),
    ("ЧЕРКАСИ", "Черкаси", "city"),
    ("Біла Церква", "Біла Церква", "city"),
    ("Київ", "Київ", "region"),
    ("Черкаська", "Черкаська область", "region"),
    ("Черкаська область", "Черкаська область", "region"),
    ("Вишгородська громада", "Вишгородська громада", "hromada"),
    ("Кривий Ріг", "Кривий Ріг", "city"),
    ("Буча", "Буча", "city"),
]
LATIN = [
    ("Cherkasy", "Черкаси", "city"),
    ("Bila Tserkva", "Біла Церква", "city"),
    ("Kyiv", "Київ", "region"),
    ("Kyiv Oblast", "Київська область", "region"),
    ("Kharkiv", "Харків", "city"),
    ("Irpin", "Ірпінь", "city"),
    ("Ivano-Frankivsk", "Івано-Франківськ", "city"),
    ("Kamianets-Podilskyi", "Кам’янець-Подільський", "city"),
    ("Sloviansk", "Слов’янськ", "city"),
]
OLDER_SPELLINGS = [
    ("Odessa", "Одеса", "city"),
    ("Kiev", "Київ", "region"),
    ("Kharkov", "Харків", "city"),
    ("Lvov", "Львів", "city"),
    ("Lwow", "Львів", "city"),
    ("Zaporozhye", "Запоріжжя", "city"),
    ("Dnepr", "Дніпро", "city"),
    ("Kremenchug", "Кременчук", "city"),
    ("Cherkassy", "Черкаси", "city"),
    ("Slavyansk", "Слов’янськ", "city"),
    ("Киев", "Київ", "region"),
    ("Харьков", "Харків", "city"),
    ("Одесса", "Одеса", "city"),
    ("Мариуполь", "Маріуполь", "city"),
]
MISSPELLED = [
    ("Ужгорд", "Ужгород", "city"),
    ("Тернопль", "Тернопіль", "city"),
    ("Полтва", "Полтава", "city"),
    ("Житомри", "Житомир", "city"),
    ("Черкасі", "Черкаси", "city"),
    ("Kropyvnytsky", "Кропивницький", "city"),
]
INFLECTED = [
    ("Черкасах", "Черкаси", "city"),
    ("Львова", "Львів", "city"),
    ("Києва", "Київ", "region"),
    ("Києві", "Київ", "region"),
    ("Білій Церкві", "Біла Церква", "city"),
    ("у Вінниці", "Вінниця", "city"),
    ("в Харкові", "Харків", "city"),
    ("Полтавщина", "Полтавська область", "region"),
    ("на Полтавщині", "Полтавська область", "region"),
    ("Ірпені", "Ірпінь", "city"),
    ("Кривого Рогу", "Кривий Ріг", "city"),
    ("Мукачеві", "Мукачево", "city"),
    ("Борисполі", "Бориспіль", "city"),
    ("Запоріжжі", "Запоріжжя", "city"),
    ("Рівному", "Рівне", "city"),
    ("Кам'янця-Подільського", "Кам’янець-Подільський", "city"),
]
WRONG_KEYBOARD = [
    ("Львив", "Львів", "city"),
    ("Чернигів", "Чернігів", "city"),
    ("Житомір", "Житомир", "city"),
    ("черкасы", "Черкаси", "city"),
    ("Одэса", "Одеса", "city"),
    ("Енакиево", "Єнакієве", "city"),
    ("Хмельницкий", "Хмельницький", "city"),
    ("Луцк", "Луцьк", "city"),
    ("Бiла Церква", "Біла Церква", "city"),  # a Latin i among Cyrillic letters
]
APOSTROPHES = [
    ("Кам'янець", "Кам’янець-Подільський", "city"),
    ("Камянець-Подільський", "Кам’янець-Подільський", "city"),
    ("Кам’янське", "Кам’янське", "city"),
    ("Камʼянське", "Кам’янське", "city"),
    ("Кам`янське", "Кам’янське", "city"),
    ("Слов'янськ", "Слов’янськ", "city"),
    ("Словянськ", "Слов’янськ", "city"),
    ("П'ятихатки", "П’ятихатки", "city"),
]
TABLE = CYRILLIC + LATIN + OLDER_SPELLINGS + MISSPELLED + INFLECTED + WRONG_KEYBOARD + APOSTROPHES


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 40


@pytest.mark.parametrize(("query", "name", "kind"), TABLE)
def test_first_result(query: str, name: str, kind: str) -> None:
    hits = index().search(query)
    assert hits, f"nothing found for {query!r}"
    first = hits[0].place
    assert (first.name_uk, first.kind) == (name, kind), [
        (hit.place.name_uk, hit.place.kind) for hit in hits[:3]
    ]


def test_namesakes_are_told_apart_by_raion() -> None:
    hits = index().search("Миколаїв Стрийський")
    assert (hits[0].place.name_uk, hits[0].place.raion_name_uk) == ("Миколаїв", "Стрийський район")


def test_a_bare_city_name_puts_the_city_before_its_hromada() -> None:
    kinds = [hit.place.kind for hit in index().search("Бориспіль")[:2]]
    assert kinds == ["city", "hromada"]


def test_exact_spelling_ranks_above_a_wrong_keyboard_spelling() -> None:
    exact, loose = index().search("Чернігів")[0], index().search("Чернигів")[0]
    assert exact.place == loose.place
    assert exact.score > loose.score


async def test_the_index_loads_from_the_migrated_database(db: Database) -> None:
    from_db = await load_place_index(db)
    assert len(from_db) == len(index())
    assert [hit.place for hit in from_db.search("Черкасах")] == [
        hit.place for hit in index().search("Черкасах")
    ]
