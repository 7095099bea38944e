"""One in-memory search engine, generic over documents: places now, services and practices later.

Every distinct word of the documents is indexed once under its folded spelling, its wrong-keyboard
("loose") spellings, its stems and its Latin key; a query word is looked up in each of those in turn,
and only words with no better match go through edit distance (rapidfuzz OSA: two swapped letters
are one edit) over the vocabulary.
A document's score is the mean, over the query's words, of the best match grade times the weight of
the field it was found in, plus a small bonus for how much of a name the query covers. Postings are
numpy arrays so that a word common to thousands of documents merges in C (see bench/search.py).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.search.normalise import FUNCTION_WORDS, alternations, is_latin, latin_key, loose, stem_keys, words

__all__ = ["Document", "Field", "Hit", "SearchEngine"]

# Match grades, best first: exact > prefix > stem > transliteration > fuzzy (fuzzy is at most 0.3).
EXACT = 1.0
LOOSE_EXACT = 0.95
PREFIX = 0.8
LOOSE_PREFIX = 0.75
STEM = 0.6
TRANSLIT = 0.5
TRANSLIT_PREFIX = 0.45
FUZZY = 0.3
# Small enough never to lift a document over one with a better grade.
_COVERAGE_BONUS = 0.04
_MIN_PREFIX = 2
_MIN_FUZZY = 4


@dataclass(frozen=True, slots=True)
class Field:
    """A searchable text of a document with its weight (1.0 for a name, less for context)."""

    text: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Document:
    """Something to find: an id, a kind (its relevance order is the engine's), fields, a tie order."""

    id: str
    kind: str
    fields: tuple[Field, ...]
    order: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """A document found by a query, with its score (higher is better)."""

    document: Document
    score: float


class SearchEngine:
    """Index documents once at start-up, then answer queries from raw text: synchronous, in process."""

    def __init__(self, documents: Iterable[Document], kind_order: Sequence[str] = ()) -> None:
        self._documents = list(documents)
        kind_rank = {kind: rank for rank, kind in enumerate(kind_order)}
        # Ties go to the more relevant kind, then to the document's own order: stable across runs.
        self._tie_keys = [
            (kind_rank.get(doc.kind, len(kind_rank)), doc.order, number)
            for number, doc in enumerate(self._documents)
        ]
        weights: dict[str, dict[int, float]] = defaultdict(dict)
        # Coverage looks at a document's heaviest fields (its names): per word, the share of a name it is.
        shares: dict[str, dict[int, float]] = defaultdict(dict)
        heaviest_weights = []
        for number, doc in enumerate(self._documents):
            heaviest = max((field.weight for field in doc.fields), default=0.0)
            heaviest_weights.append(heaviest)
            for field in doc.fields:
                found = words(field.text)
                for word in found:
                    if field.weight > weights[word].get(number, 0.0):
                        weights[word][number] = field.weight
                    if field.weight == heaviest:
                        share = field.weight / len(set(found))
                        shares[word][number] = max(share, shares[word].get(number, 0.0))
        self._heaviest = np.array(heaviest_weights)
        self._shares = {word: _arrays(by_document) for word, by_document in shares.items()}
        # Per word, the documents holding it and the weight of each one's best field holding it, as
        # arrays: a common word ("громади" in 10,000 practices) is then merged in C, not a Python loop.
        self._postings = {word: _arrays(by_document) for word, by_document in weights.items()}
        self._by_loose: dict[str, set[str]] = defaultdict(set)
        self._by_stem: dict[str, set[str]] = defaultdict(set)
        self._by_latin: dict[str, set[str]] = defaultdict(set)
        for word in self._postings:
            for form in alternations(word):
                loose_form = loose(form)
                self._by_loose[loose_form].add(word)
                for key in stem_keys(loose_form):
                    self._by_stem[key].add(word)
            self._by_latin[latin_key(word)].add(word)
        self._loose_sorted = sorted(self._by_loose)
        self._latin_sorted = sorted(self._by_latin)

    def __len__(self) -> int:
        return len(self._documents)

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """The best documents for a query, best first; an empty list for a query with no words."""
        if limit <= 0:
            return []
        totals = np.zeros(len(self._documents))
        matched: set[str] = set()
        live = 0
        query_words = words(query)
        # "на Полтавщині": "на" would prefix-match Надвірна; drop such words unless nothing else is left.
        content = [word for word in query_words if word not in FUNCTION_WORDS] or query_words
        for word in dict.fromkeys(content):
            grades = self._grades(word)
            if not grades:
                continue  # a word found nowhere ("у", "м.") must not sink every document alike
            live += 1
            matched.update(grades)
            best = np.zeros(len(self._documents))
            for term, grade in grades.items():
                numbers, weights = self._postings[term]
                best[numbers] = np.maximum(best[numbers], weights * grade)
            totals += best
        if not live:
            return []
        means = totals / live
        coverage = np.zeros(len(self._documents))
        for term in matched:
            if term in self._shares:
                numbers, shares = self._shares[term]
                coverage[numbers] += shares
        scores = np.round(means + _COVERAGE_BONUS * np.minimum(coverage, self._heaviest), 6)
        scores[means == 0] = 0.0
        found = np.flatnonzero(scores)
        values = scores[found]
        if values.size > limit:
            # Only documents scoring at least the limit-th best can show; ties among them go to tie keys.
            last = np.partition(values, values.size - limit)[values.size - limit]
            found = found[values >= last]
        tie_keys = self._tie_keys
        ranked = [(float(scores[number]), number) for number in found.tolist()]
        top = heapq.nsmallest(limit, ranked, key=lambda item: (-item[0], tie_keys[item[1]]))
        return [Hit(self._documents[number], score) for score, number in top]

    def _grades(self, word: str) -> dict[str, float]:
        """Every indexed word that matches a query word, with the grade of its best match."""
        grades: dict[str, float] = {}

        def grade(terms: Iterable[str], value: float) -> None:
            for term in terms:
                if value > grades.get(term, 0.0):
                    grades[term] = value

        if word in self._postings:
            grades[word] = EXACT
        loose_word = loose(word)
        grade(self._by_loose.get(loose_word, ()), LOOSE_EXACT)
        for key in stem_keys(loose_word):
            grade(self._by_stem.get(key, ()), STEM)
        latin = is_latin(word)
        key = latin_key(word) if latin else ""
        if latin:
            grade(self._by_latin.get(key, ()), TRANSLIT)
        settled = bool(grades)
        if len(loose_word) >= _MIN_PREFIX:
            for form in _prefixed(self._loose_sorted, loose_word):
                value = (
                    PREFIX if any(term.startswith(word) for term in self._by_loose[form]) else LOOSE_PREFIX
                )
                grade(self._by_loose[form], value)
            if latin and len(key) > _MIN_PREFIX:
                for form in _prefixed(self._latin_sorted, key):
                    grade(self._by_latin[form], TRANSLIT_PREFIX)
        if not settled and len(loose_word) >= _MIN_FUZZY:
            target, vocabulary, table = (
                (key, self._latin_sorted, self._by_latin)
                if latin
                else (loose_word, self._loose_sorted, self._by_loose)
            )
            allowed = 1 if len(target) < 6 else 2
            for form, distance, _ in process.extract(
                target, vocabulary, scorer=OSA.distance, score_cutoff=allowed, limit=None
            ):
                grade(table[form], FUZZY * (1 - distance / (len(target) + 1)))
        return grades


def _arrays(by_document: dict[int, float]) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Postings as two arrays: document numbers and their values."""
    return (
        np.fromiter(by_document.keys(), np.intp, len(by_document)),
        np.fromiter(by_document.values(), np.float64, len(by_document)),
    )


def _prefixed(ordered: list[str], prefix: str) -> Iterable[str]:
    """The strings of a sorted list that start with prefix (and are longer than it)."""
    index = bisect_left(ordered, prefix)
    while index < len(ordered) and ordered[index].startswith(prefix):
        if ordered[index] != prefix:
            yield ordered[index]
        index += 1
