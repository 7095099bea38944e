"""tools/build_places.py turns a codifier workbook into the roster that storage.places_data loads."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from storage.places_data import PlaceRecord, load_places
from tools.build_places import main

CHERKASKA = "UA71000000000010357"
RAION = "UA71080000000036344"
HROMADA = "UA71080490000022110"
KYIV_OBLAST = "UA32000000000030281"
KYIV = "UA80000000000093317"
SEVASTOPOL = "UA85000000000065278"
CRIMEA = "UA01000000000013043"

HEADER = ["Перший рівень", "Другий рівень", "Третій рівень", "Четвертий рівень", "Додатковий рівень"]

# The ministry's layout: a title block, the header, the table, and a note below it.
ROWS: list[list[str | None]] = [
    [None, None, None, None, None, "ЗАТВЕРДЖЕНО\nнаказом Міністерства", None],
    [None] * 7,
    ["Кодифікатор адміністративно-територіальних одиниць", None, None, None, None, None, None],
    [*HEADER, "Категорія об'єкта", "Назва об’єкта"],
    [CRIMEA, None, None, None, None, "O", "Автономна Республіка Крим"],
    [CRIMEA, "UA01020000000022387", None, None, None, "P", "Бахчисарайський"],
    [CRIMEA, "UA01020000000022387", "UA01020010000048857", None, None, "H", "Андріївська "],
    [CRIMEA, "UA01020000000022387", "UA01020010000048857", "UA01020010010012345", None, "M", "Бахчисарай"],
    [KYIV_OBLAST, None, None, None, None, "O", "Київська"],
    [KYIV_OBLAST, KYIV_OBLAST, KYIV_OBLAST, "UA32000000010085013", None, "M", "Прип’ять"],
    [CHERKASKA, None, None, None, None, "O", "Черкаська"],
    [CHERKASKA, RAION, None, None, None, "P", "Черкаський"],
    [CHERKASKA, RAION, HROMADA, None, None, "H", "Черкаська "],
    [CHERKASKA, RAION, HROMADA, "UA71080490010015879", None, "M", "Черкаси"],
    [CHERKASKA, RAION, HROMADA, "UA71080490020012345", None, "C", "Руська Поляна"],
    [KYIV, None, None, None, None, "K", "Київ"],
    [KYIV, KYIV, KYIV, KYIV, "UA80000000000126643", "B", "Голосіївський"],
    [SEVASTOPOL, None, None, None, None, "K", "Севастополь"],
    [SEVASTOPOL, SEVASTOPOL, SEVASTOPOL, SEVASTOPOL, "UA85000000000155841", "B", "Балаклавський"],
    [None] * 7,
    ["Примітка: кодифікатор ведеться Мінрозвитку.", None, None, None, None, None, None],
]


def _workbook(path: Path, rows: list[list[str | None]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def codifier(tmp_path: Path) -> Path:
    return _workbook(tmp_path / "kodifikator.xlsx", ROWS)


def test_builds_the_roster(codifier: Path, tmp_path: Path) -> None:
    output = tmp_path / "places.csv"
    assert main([str(codifier), "-o", str(output)]) == 0
    assert load_places(output) == [
        PlaceRecord(
            KYIV_OBLAST, "region", "Київська область", "Kyiv Oblast", KYIV_OBLAST, None, None, None, None
        ),
        PlaceRecord(
            "UA32000000010085013", "city", "Прип’ять", "Prypiat", KYIV_OBLAST, None, None, None, None
        ),
        PlaceRecord(
            CHERKASKA, "region", "Черкаська область", "Cherkasy Oblast", CHERKASKA, None, None, None, None
        ),
        PlaceRecord(
            HROMADA,
            "hromada",
            "Черкаська громада",
            "Cherkaska hromada",
            CHERKASKA,
            RAION,
            "Черкаський район",
            "Cherkaskyi Raion",
            None,
        ),
        PlaceRecord(
            "UA71080490010015879",
            "city",
            "Черкаси",
            "Cherkasy",
            CHERKASKA,
            RAION,
            "Черкаський район",
            "Cherkaskyi Raion",
            HROMADA,
        ),
        PlaceRecord(KYIV, "region", "Київ", "Kyiv", KYIV, None, None, None, None),
    ]


def test_gzipped_output_is_reproducible(codifier: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "places.csv.gz", tmp_path / "b" / "places.csv.gz"
    assert main([str(codifier), "-o", str(first)]) == 0
    assert main([str(codifier), "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes()[:2] == b"\x1f\x8b"
    plain = tmp_path / "places.csv"
    assert main([str(codifier), "-o", str(plain)]) == 0
    assert load_places(first) == load_places(plain)


def test_refuses_a_region_without_an_english_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [*ROWS[:4], ["UA99000000000000000", None, None, None, None, "O", "Нова"]]
    output = tmp_path / "places.csv"
    assert main([str(_workbook(tmp_path / "k.xlsx", rows)), "-o", str(output)]) == 1
    assert "no English name for region 'Нова'" in capsys.readouterr().err
    assert not output.exists()


def test_refuses_a_workbook_without_the_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(_workbook(tmp_path / "k.xlsx", ROWS[:3])), "-o", str(tmp_path / "p.csv")]) == 1
    assert "no header row" in capsys.readouterr().err


def test_refuses_a_hromada_whose_raion_is_unknown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [*ROWS[:4], ROWS[10], ROWS[12]]
    assert main([str(_workbook(tmp_path / "k.xlsx", rows)), "-o", str(tmp_path / "p.csv")]) == 1
    assert f"raion {RAION} not seen" in capsys.readouterr().err
