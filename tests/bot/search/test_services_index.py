"""The catalog's search: typos, inflection, Latin, the owner body and the category name find a service."""

from __future__ import annotations

import pytest

from bot.i18n import Catalogs
from bot.search.services import ServiceIndex, plain_text
from storage.broadcasts import Service

NOW = "2026-11-26T20:00:00+00:00"
CATALOG = [
    Service(
        1,
        "Дія.Взаємодія",
        "Обмін <b>даними</b> між реєстрами &amp; громадами",
        "https://x",
        "Мінцифри",
        "admin",
        NOW,
        NOW,
    ),
    Service(
        2,
        "єМалятко",
        "Дев'ять послуг при народженні дитини",
        "https://x",
        "Мінсоцполітики",
        "social",
        NOW,
        NOW,
    ),
    Service(3, "eHealth: електронні рецепти", "Рецепти у смартфоні", "https://x", "МОЗ", "health", NOW, NOW),
    Service(
        4, "Електронна черга до ЦНАП", "Запис через портал Дія", "https://x", "Мінцифри", "admin", NOW, NOW
    ),
]
INDEX = ServiceIndex(Catalogs(), CATALOG)


def titles(query: str) -> list[str]:
    return [service.title for service in INDEX.search(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("взаэмодия", "Дія.Взаємодія"),  # Russian letters for Ukrainian ones
        ("взаємодя", "Дія.Взаємодія"),  # a letter missing
        ("Vzaiemodiia", "Дія.Взаємодія"),  # Latin
        ("малятка", "єМалятко"),  # inflected
        ("народження", "єМалятко"),  # a word of the description
        ("рецепт", "eHealth: електронні рецепти"),
        ("охорона здоров'я", "eHealth: electronic"),
        ("Health care", "eHealth: electronic"),  # the category's English name
        ("черги до цнап", "Електронна черга до ЦНАП"),
    ],
)
def test_a_query_finds_its_service_first(query: str, expected: str) -> None:
    found = titles(query)
    assert found, query
    assert found[0].startswith(expected.split(":")[0])


def test_the_owner_finds_every_service_it_runs_newest_first() -> None:
    assert titles("Мінцифри") == ["Електронна черга до ЦНАП", "Дія.Взаємодія"]


def test_nothing_matches_a_word_from_nowhere() -> None:
    assert titles("Атлантида") == []
    assert len(INDEX) == 4


def test_plain_text_drops_tags_and_decodes_entities() -> None:
    assert plain_text('Обмін <b>даними</b> &amp; <a href="https://x">лінк</a>') == "Обмін даними & лінк"
