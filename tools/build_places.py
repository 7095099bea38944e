"""Build data/places.csv.gz, the bot's place roster, from the KATOTTH codifier workbook."""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
# Run as a plain script, Python puts tools/ on sys.path rather than the repository root.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.translit import APOSTROPHES, transliterate  # noqa: E402

DEFAULT_OUTPUT = ROOT / "data" / "places.csv.gz"

COLUMNS = (
    "code",
    "kind",
    "name_uk",
    "name_en",
    "region_code",
    "raion_code",
    "raion_name_uk",
    "raion_name_en",
    "hromada_code",
)

LEVEL_HEADERS = ("Перший рівень", "Другий рівень", "Третій рівень", "Четвертий рівень", "Додатковий рівень")
CATEGORY_HEADER = "Категорія об’єкта"
NAME_HEADER = "Назва об’єкта"

# Occupied since 2014 and outside the network: Crimea (UA01) and Sevastopol (UA85).
EXCLUDED_REGION_PREFIXES = ("UA01", "UA85")

# By hand: official English names are not transliterations (Cherkasy Oblast, not Cherkaska oblast).
REGION_NAMES_EN = {
    "Вінницька": "Vinnytsia Oblast",
    "Волинська": "Volyn Oblast",
    "Дніпропетровська": "Dnipropetrovsk Oblast",
    "Донецька": "Donetsk Oblast",
    "Житомирська": "Zhytomyr Oblast",
    "Закарпатська": "Zakarpattia Oblast",
    "Запорізька": "Zaporizhzhia Oblast",
    "Івано-Франківська": "Ivano-Frankivsk Oblast",
    "Київська": "Kyiv Oblast",
    "Кіровоградська": "Kirovohrad Oblast",
    "Луганська": "Luhansk Oblast",
    "Львівська": "Lviv Oblast",
    "Миколаївська": "Mykolaiv Oblast",
    "Одеська": "Odesa Oblast",
    "Полтавська": "Poltava Oblast",
    "Рівненська": "Rivne Oblast",
    "Сумська": "Sumy Oblast",
    "Тернопільська": "Ternopil Oblast",
    "Харківська": "Kharkiv Oblast",
    "Херсонська": "Kherson Oblast",
    "Хмельницька": "Khmelnytskyi Oblast",
    "Черкаська": "Cherkasy Oblast",
    "Чернівецька": "Chernivtsi Oblast",
    "Чернігівська": "Chernihiv Oblast",
    "Київ": "Kyiv",
}


class CodifierError(ValueError):
    """The workbook does not have the layout or content this script expects."""


@dataclass(frozen=True)
class CodifierRow:
    """One object of the codifier: its level codes, category letter and name."""

    levels: tuple[str, ...]
    category: str
    name: str

    @property
    def code(self) -> str:
        """The object's own code, the deepest filled level."""
        return self.levels[-1]


def normalize_header(value: object) -> str:
    """Casefold a header cell and unify apostrophes and whitespace."""
    text = "".join("’" if char in APOSTROPHES else char for char in str(value or ""))
    return " ".join(text.split()).casefold()


def clean_name(value: str) -> str:
    """Trim the codifier's stray spaces and use one apostrophe form."""
    text = "".join("’" if char in APOSTROPHES else char for char in value)
    return " ".join(text.split())


def read_codifier(path: Path) -> list[CodifierRow]:
    """Read the codifier rows, skipping the title block above the header and any note below the table."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return list(parse_rows(workbook.worksheets[0].iter_rows(values_only=True)))
    finally:
        workbook.close()


def parse_rows(rows: Iterable[Sequence[object]]) -> Iterator[CodifierRow]:
    """Locate the header row, then yield every row that has a category letter and a name."""
    wanted = [normalize_header(h) for h in (*LEVEL_HEADERS, CATEGORY_HEADER, NAME_HEADER)]
    positions: list[int] | None = None
    for row in rows:
        if positions is None:
            headers = [normalize_header(cell) for cell in row]
            if wanted[0] in headers:
                missing = [h for h in wanted if h not in headers]
                if missing:
                    raise CodifierError(f"header row lacks columns: {missing}")
                positions = [headers.index(h) for h in wanted]
            continue
        cells = [_cell(row, position) for position in positions]
        *levels, category, name = cells
        filled = tuple(level for level in levels if level)
        if len(category) == 1 and category.isupper() and name and filled:
            yield CodifierRow(levels=filled, category=category, name=clean_name(name))
    if positions is None:
        raise CodifierError(f"no header row holding {LEVEL_HEADERS[0]!r}")


def _cell(row: Sequence[object], position: int) -> str:
    value = row[position] if position < len(row) else None
    return "" if value is None else str(value).strip()


def build_places(rows: Iterable[CodifierRow]) -> list[dict[str, str]]:
    """Turn codifier rows into place records: regions, hromadas and cities outside Crimea and Sevastopol."""
    raions: dict[str, str] = {}
    places: list[dict[str, str]] = []
    for row in rows:
        if row.levels[0].startswith(EXCLUDED_REGION_PREFIXES):
            continue
        if row.category in ("O", "K") and len(row.levels) == 1:
            places.append(_region(row))
        elif row.category == "P":
            raions[row.code] = row.name
        elif row.category in ("H", "M"):
            places.append(_local(row, raions))
    return places


def _region(row: CodifierRow) -> dict[str, str]:
    name_en = REGION_NAMES_EN.get(row.name)
    if name_en is None:
        raise CodifierError(f"no English name for region {row.name!r} ({row.code})")
    name_uk = row.name if row.category == "K" else f"{row.name} область"
    return _record(code=row.code, kind="region", name_uk=name_uk, name_en=name_en, region_code=row.code)


def _local(row: CodifierRow, raions: dict[str, str]) -> dict[str, str]:
    region_code = row.levels[0]
    if row.category == "M" and row.levels[1:3] == (region_code, region_code):
        # Prypiat and Chornobyl, in the exclusion zone, hang straight off Kyiv Oblast:
        # the codifier repeats the oblast's code where a raion and a hromada would be.
        return _record(
            code=row.code,
            kind="city",
            name_uk=row.name,
            name_en=transliterate(row.name),
            region_code=region_code,
        )
    expected_depth = 3 if row.category == "H" else 4
    if len(row.levels) != expected_depth or len(set(row.levels)) != expected_depth:
        raise CodifierError(f"{row.code} {row.name!r}: unexpected levels {row.levels}")
    raion_code = row.levels[1]
    raion = raions.get(raion_code)
    if raion is None:
        raise CodifierError(f"{row.code} {row.name!r}: raion {raion_code} not seen before it")
    common = {
        "code": row.code,
        "region_code": region_code,
        "raion_code": raion_code,
        "raion_name_uk": f"{raion} район",
        "raion_name_en": f"{transliterate(raion)} Raion",
    }
    if row.category == "H":
        return _record(
            kind="hromada",
            name_uk=f"{row.name} громада",
            name_en=f"{transliterate(row.name)} hromada",
            **common,
        )
    return _record(
        kind="city",
        name_uk=row.name,
        name_en=transliterate(row.name),
        hromada_code=row.levels[2],
        **common,
    )


def _record(**values: str) -> dict[str, str]:
    return {column: values.get(column, "") for column in COLUMNS}


def check_places(places: list[dict[str, str]]) -> None:
    """Refuse output that would break the loader's invariants."""
    codes = Counter(place["code"] for place in places)
    duplicates = sorted(code for code, count in codes.items() if count > 1)
    if duplicates:
        raise CodifierError(f"duplicate codes: {duplicates[:5]}")
    regions = {place["code"] for place in places if place["kind"] == "region"}
    hromadas = {place["code"] for place in places if place["kind"] == "hromada"}
    for place in places:
        if place["region_code"] not in regions:
            raise CodifierError(f"{place['code']}: region {place['region_code']} is not loaded")
        if place["hromada_code"] and place["hromada_code"] not in hromadas:
            raise CodifierError(f"{place['code']}: hromada {place['hromada_code']} is not loaded")
        if not place["name_en"].isascii():
            raise CodifierError(f"{place['code']}: English name {place['name_en']!r} is not ASCII")


def render_csv(places: list[dict[str, str]]) -> bytes:
    """Serialize the places as UTF-8 CSV with a header row and LF line ends."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(places)
    return buffer.getvalue().encode("utf-8")


def write_output(data: bytes, output: Path) -> None:
    """Write the CSV, gzipped when the name ends in .gz."""
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.suffix == ".gz":
        # A fixed mtime and no stored file name keep a rebuild from an unchanged codifier byte-identical.
        with open(output, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(data)
    else:
        output.write_bytes(data)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("codifier", type=Path, help="the KATOTTH codifier workbook (kodifikator.xlsx)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="where to write; gzipped when the name ends in .gz (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    try:
        places = build_places(read_codifier(args.codifier))
        check_places(places)
    except CodifierError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    data = render_csv(places)
    write_output(data, args.output)
    kinds = Counter(place["kind"] for place in places)
    print(
        f"{kinds['region']} regions, {kinds['hromada']} hromadas, {kinds['city']} cities; "
        f"{len(data)} bytes of CSV -> {args.output} ({args.output.stat().st_size} bytes)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
