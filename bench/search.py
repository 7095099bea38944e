"""Search latency: one query from raw text to ranked results, over every place and 10,000 more documents.

`python bench/search.py [--rounds 5]` indexes every place of the codifier plus 10,000 synthetic
service- and practice-like documents (generated from a fixed seed) in one engine, then times each of a
few hundred mixed queries (exact, Latin, older spellings, inflected, misspelled, wrong-keyboard,
apostrophes, service words), normalisation included, and prints p50/p99 beside two floors measured in
the same run on the same queries: `str.casefold` plus a dict lookup, and a plain `in` substring scan
over every document's title. Target: search p99 under 10 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.search.engine import Document, Field, SearchEngine  # noqa: E402
from bot.search.places import codifier_places, place_documents  # noqa: E402
from tests.bot.search.test_place_queries import TABLE  # noqa: E402

SYNTHETIC = 10_000
ACTIONS = ("Електронна черга", "Онлайн-запис", "Цифрова довідка", "Реєстр", "Чат-бот", "Портал", "Кабінет")
SUBJECTS = (
    "соціальних виплат", "субсидій", "ЦНАП", "шкільних закладів", "медичних послуг", "земельних ділянок",
    "будівельних дозволів", "ветеранів", "громадського бюджету", "транспорту", "освітлення", "відходів",
)  # fmt: skip
KINDS = ("service", "practice")
ENDINGS = ("і", "а", "ах", "ові", "ом", "у")


def synthetic_documents(places: list[str], rng: random.Random) -> list[Document]:
    """Service- and practice-like titles in Ukrainian: "Електронна черга субсидій у Черкасах (2023)"."""
    documents = []
    for number in range(SYNTHETIC):
        title = f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)}"
        place = rng.choice(places)
        text = f"{title}: практика громади {place}, впроваджено {2019 + number % 6} року"
        documents.append(
            Document(
                f"doc{number}", KINDS[number % 2], (Field(title), Field(text, 0.4)), (title, str(number))
            )
        )
    return documents


def typo(word: str, rng: random.Random) -> str:
    """The word with one letter replaced by its neighbour or dropped."""
    if len(word) < 5:
        return word
    index = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:index] + word[index + 1 :]
    return word[:index] + word[index + 1] + word[index] + word[index + 2 :]


def queries(names_uk: list[str], names_en: list[str], rng: random.Random) -> list[str]:
    """A few hundred mixed queries, the test table's included."""
    mixed = [query for query, _, _ in TABLE]
    for _ in range(60):
        mixed.append(rng.choice(names_uk))
        mixed.append(rng.choice(names_en))
        mixed.append(typo(rng.choice(names_uk), rng))
        mixed.append(rng.choice(names_uk).split()[0].rstrip("аяи") + rng.choice(ENDINGS))
        mixed.append(f"{rng.choice(ACTIONS).split()[-1].lower()} {rng.choice(SUBJECTS).split()[-1]}")
    mixed += ["", "ч", "громада", "район", "область", "послуги", "Kyiv Oblast", "черга ЦНАП Черкаси"]
    return mixed


def percentiles(timings: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[98] * 1000


def timed(run: Callable[[str], object], mixed: list[str], rounds: int) -> list[float]:
    """The time of every query of every round, each measured alone."""
    timings = []
    clock = time.perf_counter
    for _ in range(rounds):
        for query in mixed:
            started = clock()
            run(query)
            timings.append(clock() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(2026)
    places = codifier_places()
    documents = place_documents(places) + synthetic_documents([p.name_uk for p in places], rng)
    started = time.perf_counter()
    engine = SearchEngine(documents, ("city", "region", "hromada", "service", "practice"))
    built = time.perf_counter() - started
    mixed = queries([p.name_uk for p in places], [p.name_en for p in places], rng)
    titles = [doc.fields[0].text.casefold() for doc in documents]
    by_title = {title: number for number, title in enumerate(titles)}

    def dict_floor(query: str) -> object:
        return by_title.get(query.casefold())

    def scan_floor(query: str) -> object:
        folded = query.casefold()
        return [number for number, title in enumerate(titles) if folded in title][:10]

    engine.search("Черкаси")  # warm caches once
    results = {
        "casefold + dict lookup (floor)": timed(dict_floor, mixed, args.rounds),
        "`in` substring scan over titles (floor)": timed(scan_floor, mixed, args.rounds),
        "SearchEngine.search": timed(engine.search, mixed, args.rounds),
    }
    sizes = f"{len(engine):,} documents ({len(places):,} places + {SYNTHETIC:,} synthetic)"
    print(f"{sizes}, indexed in {built:.2f} s")
    print(f"{len(mixed)} queries x {args.rounds} rounds\n")
    print(f"| {'query path':40} | p50 ms | p99 ms | max ms |")
    print(f"|{'-' * 42}|--------|--------|--------|")
    for label, timings in results.items():
        p50, p99 = percentiles(timings)
        print(f"| {label:40} | {p50:6.3f} | {p99:6.3f} | {max(timings) * 1000:6.2f} |")


if __name__ == "__main__":
    main()
