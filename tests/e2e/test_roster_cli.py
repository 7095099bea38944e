"""`cdto-bot import-roster` and `export-roster` as processes: counts, bad rows, exit codes, round trips."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import openpyxl

from bot.services.spreadsheets import csv_bytes, read_table
from tests.auxil.bot_under_test import SAMPLE, cdto_bot

BUCHA = "UA32080070000050759"


def holder_of(tmp_path: Path, code: str) -> str | None:
    with sqlite3.connect(tmp_path / "bot.sqlite3") as connection:
        row = connection.execute(
            "SELECT pe.full_name FROM posts po LEFT JOIN people pe ON pe.id = po.holder_id"
            " WHERE po.place_code = ?",
            (code,),
        ).fetchone()
    return None if row is None else row[0]


def test_a_good_file_imports_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    dry = cdto_bot(tmp_path, "import-roster", str(SAMPLE), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Rows: 12. To add: 8. To change: 2. Unchanged: 2. Bad rows: 0." in dry.stdout
    assert "Dry run: nothing written." in dry.stdout
    assert holder_of(tmp_path, BUCHA) is None

    done = cdto_bot(tmp_path, "import-roster", str(SAMPLE))
    assert done.returncode == 0, done.stderr
    assert "Import applied: 8 added, 2 changed." in done.stdout
    assert holder_of(tmp_path, BUCHA) == "Тарас Шевчук"

    again = cdto_bot(tmp_path, "import-roster", str(SAMPLE))
    assert again.returncode == 0
    assert "To add: 0. To change: 0. Unchanged: 12." in again.stdout


def test_bad_rows_go_to_stderr_and_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "tier,place_code,status,full_name,phone\n"
        f"municipal,{BUCHA},appointed,Тарас Шевчук,\n"
        "municipal,UA32080150000035443,appointed,Марія,12\n"
        "kingdom,UA32080150000035443,vacant,,\n",
        encoding="utf-8",
    )
    result = cdto_bot(tmp_path, "import-roster", str(bad))
    assert result.returncode == 1
    assert "Bad rows: 2." in result.stdout
    errors = result.stderr.splitlines()
    assert errors[0] == "row 3: “12” is not a phone number (Ukrainian, or international with +)"
    assert errors[1].startswith("row 4: unknown tier “kingdom”")
    assert holder_of(tmp_path, BUCHA) is None


def test_excel_csv_in_cp1251_with_semicolons(tmp_path: Path) -> None:
    excel = tmp_path / "excel.csv"
    excel.write_bytes(
        "Рівень;Область;Громада;Статус;ПІБ;Телефон\r\n"
        "громада;Київська область;Бучанська громада;призначено;Тарас Шевчук;063 123 45 67\r\n".encode(
            "cp1251"
        )
    )
    result = cdto_bot(tmp_path, "import-roster", str(excel))
    assert result.returncode == 0, result.stderr
    assert holder_of(tmp_path, BUCHA) == "Тарас Шевчук"


def test_an_xlsx_file(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["tier", "place_code", "status", "full_name", "telegram"])
    sheet.append(["municipal", BUCHA, "appointed", "Тарас Шевчук", 123456789])
    workbook.save(tmp_path / "roster.xlsx")
    result = cdto_bot(tmp_path, "import-roster", str(tmp_path / "roster.xlsx"))
    assert result.returncode == 0, result.stderr
    assert "To add: 1." in result.stdout
    with sqlite3.connect(tmp_path / "bot.sqlite3") as connection:
        assert connection.execute("SELECT telegram_id FROM people").fetchall() == [(123456789,)]


def test_export_edit_import_round_trips_with_exactly_one_change(tmp_path: Path) -> None:
    assert cdto_bot(tmp_path, "import-roster", str(SAMPLE)).returncode == 0
    exported = cdto_bot(tmp_path, "export-roster", "roster.csv")
    assert exported.returncode == 0, exported.stderr
    content = (tmp_path / "roster.csv").read_bytes()
    assert content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 25 + 3 + 1469
    bucha = next(row for row in rows if row["place_code"] == BUCHA)
    assert (bucha["telegram"], bucha["phone"]) == ("'@taras_shevchuk", "'+380631234567")

    table = read_table(content)
    row = next(row for row in table if BUCHA in row)
    row[table[0].index("email")] = "t.shevchuk@example.gov.ua"
    (tmp_path / "edited.csv").write_bytes(csv_bytes(table[0], table[1:]))
    result = cdto_bot(tmp_path, "import-roster", "edited.csv")
    assert result.returncode == 0, result.stderr
    assert "To add: 0. To change: 1. Unchanged: 1496. Bad rows: 0." in result.stdout


def test_export_xlsx_reads_back_and_reimports_unchanged(tmp_path: Path) -> None:
    assert cdto_bot(tmp_path, "import-roster", str(SAMPLE)).returncode == 0
    assert cdto_bot(tmp_path, "export-roster", "roster.xlsx").returncode == 0
    sheet = openpyxl.load_workbook(tmp_path / "roster.xlsx").active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "tier",
        "region",
        "raion",
        "place",
        "place_code",
        "status",
        "full_name",
        "telegram",
        "phone",
        "email",
    ]
    assert sheet.max_row == 1 + 25 + 3 + 1469
    phone = next(row for row in sheet.iter_rows(min_row=2) if row[4].value == BUCHA)[8]
    assert phone.value == "+380631234567" and phone.quotePrefix
    again = cdto_bot(tmp_path, "import-roster", "roster.xlsx")
    assert "To add: 0. To change: 0. Unchanged: 1497." in again.stdout


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    result = cdto_bot(tmp_path, "import-roster", "nowhere.csv")
    assert result.returncode == 1
    assert "nowhere.csv" in result.stderr
