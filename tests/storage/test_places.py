"""Places: loaded from the codifier by the migration, listed in Ukrainian alphabetical order."""

from __future__ import annotations

from storage import places
from storage.collation import ukrainian_key
from storage.db import Database


async def test_the_codifier_is_loaded_with_vacant_posts(db: Database) -> None:
    counts = {row[0]: row[1] for row in await db.fetch_all("SELECT kind, count(*) FROM places GROUP BY kind")}
    assert counts == {"region": 25, "hromada": 1469, "city": 444}
    posts = {row[0]: row[1] for row in await db.fetch_all("SELECT tier, count(*) FROM posts GROUP BY tier")}
    assert posts == {"regional": 25, "municipal": 1469}
    assert await db.fetch_value("SELECT count(*) FROM posts WHERE status != 'vacant'") == 0


async def test_regions_in_ukrainian_order(db: Database) -> None:
    names = [region.name_uk for region in await places.regions(db)]
    assert names[:3] == ["Вінницька область", "Волинська область", "Дніпропетровська область"]
    assert names.index("Житомирська область") < names.index("Закарпатська область")
    assert names.index("Запорізька область") < names.index("Івано-Франківська область")
    assert names.index("Івано-Франківська область") < names.index("Київ")
    assert names[-1] == "Чернігівська область"


async def test_namesakes_are_told_apart_by_raion_and_oblast(db: Database) -> None:
    cherkasy = await places.get_place(db, "UA71080490000022110")
    assert cherkasy is not None
    assert cherkasy.full_name("uk") == "Черкаська громада, Черкаський район, Черкаська область"
    assert cherkasy.full_name("en") == "Cherkaska hromada, Cherkaskyi Raion, Cherkasy Oblast"


def test_apostrophes_and_case_do_not_change_the_order() -> None:
    assert ukrainian_key("Об’єднана") == ukrainian_key("об'єднана")
    assert ukrainian_key("Ґудзик") > ukrainian_key("Гора")
    assert ukrainian_key("Єва") > ukrainian_key("Есма")
