"""The place index: every place of the codifier as a search document (names uk/en, raion, oblast)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.search.engine import Document, Field, SearchEngine
from storage.collation import ukrainian_key
from storage.db import Database
from storage.places import Place, all_places
from storage.places_data import load_places

__all__ = ["PlaceHit", "PlaceIndex", "codifier_places", "load_place_index", "place_documents"]

# A bare city name means the city, then the region, then a hromada named after it.
_KIND_ORDER = ("city", "region", "hromada")
_NAME = 1.0
_ALIAS = 0.6
_CONTEXT = 0.4

# Names people still type: Russian and older romanisations of the large cities, by Ukrainian name.
_OLDER_NAMES: dict[str, tuple[str, ...]] = {
    "Київ": ("Kiev", "Kiew", "Киев"),
    "Харків": ("Kharkov", "Charkow", "Харьков"),
    "Львів": ("Lvov", "Lwow", "Lwów", "Lemberg", "Львов"),
    "Одеса": ("Odessa", "Одесса"),
    "Запоріжжя": ("Zaporozhye", "Zaporozhe", "Zaporozhia", "Запорожье"),
    "Миколаїв": ("Nikolaev", "Nikolayev", "Николаев"),
    "Дніпро": ("Dnepr", "Dnipropetrovsk", "Dnepropetrovsk", "Днепр", "Днепропетровск"),
    "Кривий Ріг": ("Krivoy Rog", "Krivoi Rog", "Кривой Рог"),
    "Чернігів": ("Chernigov", "Чернигов"),
    "Чернівці": ("Chernovtsy", "Czernowitz", "Черновцы"),
    "Житомир": ("Zhitomir",),
    "Вінниця": ("Vinnitsa", "Винница"),
    "Рівне": ("Rovno", "Ровно"),
    "Кропивницький": ("Kirovograd", "Kirovohrad", "Кировоград"),
    "Івано-Франківськ": ("Ivano-Frankovsk", "Ивано-Франковск"),
    "Хмельницький": ("Khmelnitsky", "Khmelnitskiy", "Хмельницкий"),
    "Луганськ": ("Lugansk", "Луганск"),
    "Біла Церква": ("Belaya Tserkov", "Белая Церковь"),
    "Кам’янське": ("Dneprodzerzhinsk", "Kamenskoye", "Каменское"),
    "Ужгород": ("Uzhgorod",),
    "Тернопіль": ("Ternopol", "Тернополь"),
    "Черкаси": ("Cherkassy", "Черкассы"),
    "Кременчук": ("Kremenchug", "Кременчуг"),
    "Севастополь": ("Sevastopol",),
}

# What people call a region in speech: "на Полтавщині", "Закарпаття".
_REGION_NAMES: dict[str, tuple[str, ...]] = {
    "Вінницька область": ("Вінниччина",),
    "Волинська область": ("Волинь",),
    "Дніпропетровська область": ("Дніпропетровщина", "Дніпрощина"),
    "Донецька область": ("Донеччина", "Донбас"),
    "Житомирська область": ("Житомирщина",),
    "Закарпатська область": ("Закарпаття",),
    "Запорізька область": ("Запоріжжя", "Запорізщина"),
    "Івано-Франківська область": ("Івано-Франківщина", "Прикарпаття"),
    "Київська область": ("Київщина",),
    "Кіровоградська область": ("Кіровоградщина",),
    "Луганська область": ("Луганщина",),
    "Львівська область": ("Львівщина",),
    "Миколаївська область": ("Миколаївщина",),
    "Одеська область": ("Одещина",),
    "Полтавська область": ("Полтавщина",),
    "Рівненська область": ("Рівненщина",),
    "Сумська область": ("Сумщина",),
    "Тернопільська область": ("Тернопільщина",),
    "Харківська область": ("Харківщина", "Слобожанщина"),
    "Херсонська область": ("Херсонщина",),
    "Хмельницька область": ("Хмельниччина",),
    "Черкаська область": ("Черкащина",),
    "Чернівецька область": ("Буковина",),
    "Чернігівська область": ("Чернігівщина",),
}


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """A place found by a query, with its score (higher is better)."""

    place: Place
    score: float


class PlaceIndex:
    """All places in one search engine; built once at start-up (about 1,940 documents)."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._places = {place.code: place for place in places}
        self._engine = SearchEngine((_document(place) for place in self._places.values()), _KIND_ORDER)

    def __len__(self) -> int:
        return len(self._places)

    def search(self, text: str, limit: int = 10) -> list[PlaceHit]:
        """The places that best match text, best first."""
        return [
            PlaceHit(self._places[hit.document.id], hit.score) for hit in self._engine.search(text, limit)
        ]


def place_documents(places: Iterable[Place]) -> list[Document]:
    """The search documents of places, e.g. to index them with other documents in one engine."""
    return [_document(place) for place in places]


def _document(place: Place) -> Document:
    aliases = (*_OLDER_NAMES.get(place.name_uk, ()), *_REGION_NAMES.get(place.name_uk, ()))
    if place.kind == "hromada":
        aliases = ()  # the older names belong to the city, not to the hromada named after it
    fields = [Field(place.name_uk, _NAME), Field(place.name_en, _NAME)]
    fields += [Field(alias, _ALIAS) for alias in aliases]
    if place.kind != "region":
        fields += [
            Field(text, _CONTEXT)
            for text in (place.raion_name_uk, place.raion_name_en, place.region_name_uk, place.region_name_en)
            if text
        ]
    # Ukrainian alphabetical order as plain strings: each character led by its rank in the alphabet.
    order = tuple(
        "".join(chr(rank) + char for rank, char in ukrainian_key(text))
        for text in (place.name_uk, place.raion_name_uk or "")
    )
    return Document(place.code, place.kind, tuple(fields), order)


async def load_place_index(db: Database) -> PlaceIndex:
    """Index every place of the database."""
    return PlaceIndex(await all_places(db))


def codifier_places() -> list[Place]:
    """The codifier's places straight from data/places.csv.gz, for tests and benchmarks without a database."""
    records = load_places()
    regions = {record.code: record for record in records if record.kind == "region"}
    return [
        Place(
            code=record.code,
            kind=record.kind,
            name_uk=record.name_uk,
            name_en=record.name_en,
            region_code=record.region_code,
            region_name_uk=regions[record.region_code].name_uk,
            region_name_en=regions[record.region_code].name_en,
            raion_name_uk=record.raion_name_uk,
            raion_name_en=record.raion_name_en,
        )
        for record in records
    ]
