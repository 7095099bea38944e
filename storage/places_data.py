"""Loader of the committed place roster, data/places.csv.gz, built by tools/build_places.py."""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast, get_args

__all__ = ["DEFAULT_PATH", "PlaceKind", "PlaceRecord", "load_places"]

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "places.csv.gz"

PlaceKind = Literal["region", "hromada", "city"]

_KINDS: frozenset[str] = frozenset(get_args(PlaceKind))


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """One place of the roster; optional fields are None where the CSV cell is empty."""

    code: str
    kind: PlaceKind
    name_uk: str
    name_en: str
    region_code: str
    raion_code: str | None
    raion_name_uk: str | None
    raion_name_en: str | None
    hromada_code: str | None


_REQUIRED = ("code", "kind", "name_uk", "name_en", "region_code")
_OPTIONAL = ("raion_code", "raion_name_uk", "raion_name_en", "hromada_code")


def load_places(path: Path | None = None) -> list[PlaceRecord]:
    """Read the place roster in file order from a CSV file, gzipped when its name ends in .gz."""
    source = DEFAULT_PATH if path is None else path
    raw = source.read_bytes()
    if source.suffix == ".gz":
        raw = gzip.decompress(raw)
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""))
    missing = [column for column in (*_REQUIRED, *_OPTIONAL) if column not in (reader.fieldnames or ())]
    if missing:
        raise ValueError(f"{source}: missing columns {missing}")
    return [_record(row, source, reader.line_num) for row in reader]


def _record(row: dict[str, str], source: Path, line: int) -> PlaceRecord:
    empty = [column for column in _REQUIRED if not row[column]]
    if empty:
        raise ValueError(f"{source}:{line}: empty {empty}")
    kind = row["kind"]
    if kind not in _KINDS:
        raise ValueError(f"{source}:{line}: unknown kind {kind!r}")
    return PlaceRecord(
        code=row["code"],
        kind=cast(PlaceKind, kind),
        name_uk=row["name_uk"],
        name_en=row["name_en"],
        region_code=row["region_code"],
        raion_code=row["raion_code"] or None,
        raion_name_uk=row["raion_name_uk"] or None,
        raion_name_en=row["raion_name_en"] or None,
        hromada_code=row["hromada_code"] or None,
    )
