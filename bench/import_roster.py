"""Import of the whole network: all 1,469 hromadas with holders, as a whole `cdto-bot import-roster` process.

`python bench/import_roster.py [--runs 3]` writes a roster file of every hromada with an appointed holder
(name, phone, e-mail, Telegram @username), then, on a fresh database each run, times as whole processes:
- `cdto-bot migrate`: the floor, the start-up and codifier load any command pays on a new database;
- `cdto-bot import-roster FILE`: the same, then reading, checking and applying 1,469 rows;
- the same import again on the now filled database (nothing to change).
It prints the median, min and max of each. Target: the import under 5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.services.roster.export import HEADER  # noqa: E402
from bot.services.spreadsheets import csv_bytes  # noqa: E402
from storage.places_data import load_places  # noqa: E402

HROMADAS = 1469
FIRST_NAMES = ("Олена", "Андрій", "Ірина", "Тарас", "Марія", "Олег", "Світлана", "Ігор", "Наталія", "Петро")
LAST_NAMES = (
    "Петренко",
    "Коваль",
    "Мельник",
    "Шевчук",
    "Бондаренко",
    "Ткаченко",
    "Кравець",
    "Савчук",
    "Лисенко",
)
TARGET_SECONDS = 5.0


def roster_file(target: Path) -> int:
    """Every hromada, appointed, with a distinct holder; returns the number of rows."""
    chance = random.Random(1400)
    places = {place.code: place for place in load_places()}
    rows = []
    for number, place in enumerate(p for p in places.values() if p.kind == "hromada"):
        region = places[place.region_code]
        name = f"{chance.choice(LAST_NAMES)} {chance.choice(FIRST_NAMES)} {number}"
        rows.append(
            [
                "municipal",
                region.name_uk,
                place.raion_name_uk or "",
                place.name_uk,
                place.code,
                "appointed",
                name,
                f"@cdto_bench_{number:04d}",
                f"+38050{number:07d}",
                f"cdto{number:04d}@example.gov.ua",
            ]
        )
    target.write_bytes(csv_bytes(HEADER, rows))
    return len(rows)


def _command() -> list[str]:
    """The installed `cdto-bot` script beside this Python, else `python -m cli`."""
    script = Path(sys.executable).with_name("cdto-bot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


def _timed(arguments: list[str], database: Path, expect: str) -> float:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("BOT_TOKEN", "DATABASE_PATH")
    }
    environment.update(DATABASE_PATH=str(database), LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    done = subprocess.run(
        [*_command(), *arguments],
        env=environment,
        cwd=database.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or expect not in done.stdout:
        raise RuntimeError(f"{arguments} failed ({done.returncode}):\n{done.stdout}\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    """Generate the file, run both commands alternately, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        source = work / "all-hromadas.csv"
        count = roster_file(source)
        assert count == HROMADAS, count
        timings: dict[str, list[float]] = {
            "migrate (floor)": [],
            "import-roster": [],
            "re-import (no change)": [],
        }
        for run in range(runs):
            floor_db = work / f"floor-{run}" / "bot.sqlite3"
            floor_db.parent.mkdir()
            timings["migrate (floor)"].append(_timed(["migrate"], floor_db, "migration"))
            import_db = work / f"import-{run}" / "bot.sqlite3"
            import_db.parent.mkdir()
            added = f"To add: {HROMADAS}."
            timings["import-roster"].append(_timed(["import-roster", str(source)], import_db, added))
            unchanged = f"Unchanged: {HROMADAS}."
            timings["re-import (no change)"].append(
                _timed(["import-roster", str(source)], import_db, unchanged)
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{HROMADAS} hromadas with holders, {runs} runs, fresh database each run, {os.cpu_count()} cores")
    print(f"{'process':<24} {'median':>8} {'min':>8} {'max':>8}")
    for name, seconds in timings.items():
        print(f"{name:<24} {statistics.median(seconds):>7.2f}s {min(seconds):>7.2f}s {max(seconds):>7.2f}s")
    verdict = "under" if statistics.median(timings["import-roster"]) < TARGET_SECONDS else "OVER"
    print(f"import-roster median is {verdict} the {TARGET_SECONDS:.0f} s target")


if __name__ == "__main__":
    main()
