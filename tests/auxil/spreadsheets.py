"""What a spreadsheet would make of an exported CSV, however it splits the lines."""

from __future__ import annotations

import csv
import io
import re

# What a field may not begin with, past spaces and double quotes: a formula, or a tab or a carriage
# return that some spreadsheets skip on the way to one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+([.,]\d+)?")


def formula_fields(content: bytes) -> list[str]:
    """The fields that could run as formulas when the CSV is split on `;` (Excel in a Ukrainian locale,
    which then ignores quotes not at the start of its field) or on `,`."""
    text = content.decode("utf-8-sig")
    found = []
    for delimiter in (";", ","):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            found += [field for field in row if _runs(field)]
    return found


def _runs(field: str) -> bool:
    """Whether a field begins like a formula past spaces and double quotes (a plain number aside)."""
    return field.lstrip(' "').startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(field.strip())
