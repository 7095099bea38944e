"""The generic engine on small synthetic documents: grades, weights, ties, limits, a large index."""

from __future__ import annotations

import random

from bot.search.engine import Document, Field, SearchEngine


def doc(id: str, *texts: str, kind: str = "item", weights: tuple[float, ...] = ()) -> Document:
    """A document whose fields are texts, weighted 1.0 unless weights say otherwise."""
    fields = tuple(Field(text, weights[n] if n < len(weights) else 1.0) for n, text in enumerate(texts))
    return Document(id, kind, fields, (id,))


def ids(engine: SearchEngine, query: str, limit: int = 10) -> list[str]:
    return [hit.document.id for hit in engine.search(query, limit)]


def test_grades_rank_exact_then_prefix_then_stem() -> None:
    engine = SearchEngine([doc("stem", "Довідкою"), doc("prefix", "Довідкарня"), doc("exact", "Довідка")])
    assert ids(engine, "довідка") == ["exact", "prefix", "stem"]


def test_latin_finds_cyrillic_by_transliteration_below_a_latin_name() -> None:
    engine = SearchEngine([doc("translit", "Довідка"), doc("latin", "Dovidka"), doc("other", "Реєстр")])
    assert ids(engine, "dovidka") == ["latin", "translit"]


def test_a_misspelling_falls_back_to_edit_distance() -> None:
    engine = SearchEngine([doc("far", "Відомість"), doc("two", "Довідку"), doc("one", "Довідка")])
    assert ids(engine, "Довідкка") == ["one", "two"]
    assert ids(engine, "Дводіка") == ["one"]  # two pairs of letters swapped: two edits


def test_an_exact_spelling_beats_a_wrong_keyboard_one() -> None:
    engine = SearchEngine([doc("loose", "Довидка"), doc("exact", "Довідка")])
    assert ids(engine, "Довідка") == ["exact", "loose"]
    assert ids(engine, "Довидка") == ["loose", "exact"]


def test_field_weights_order_documents() -> None:
    engine = SearchEngine(
        [
            doc("in-context", "Реєстр", "Черкаси", weights=(1.0, 0.3)),
            doc("in-title", "Черкаси", "Реєстр", weights=(1.0, 0.3)),
        ]
    )
    assert ids(engine, "Черкаси") == ["in-title", "in-context"]


def test_every_query_word_counts() -> None:
    engine = SearchEngine([doc("one", "Електронна черга"), doc("both", "Електронна черга ЦНАП")])
    assert ids(engine, "черга цнап")[0] == "both"


def test_a_shorter_name_fully_matched_wins_a_tie() -> None:
    engine = SearchEngine([doc("a", "Біла Церква"), doc("b", "Біла")])
    assert ids(engine, "Біла") == ["b", "a"]


def test_ties_go_to_the_more_relevant_kind_then_to_the_document_order() -> None:
    engine = SearchEngine(
        [
            doc("h2", "Сміла", kind="hromada"),
            doc("h1", "Сміла", kind="hromada"),
            doc("c", "Сміла", kind="city"),
        ],
        kind_order=("city", "hromada"),
    )
    assert ids(engine, "Сміла") == ["c", "h1", "h2"]


def test_empty_and_wordless_queries_find_nothing() -> None:
    engine = SearchEngine([doc("a", "Черкаси")])
    assert engine.search("") == []
    assert engine.search("   ,.!") == []
    assert engine.search("xyz") == []


def test_one_letter_matches_only_a_whole_word() -> None:
    engine = SearchEngine([doc("a", "Черкаси"), doc("b", "Ч")])
    assert ids(engine, "ч") == ["b"]


def test_two_letters_match_as_a_prefix() -> None:
    engine = SearchEngine([doc("a", "Черкаси"), doc("b", "Чернігів"), doc("c", "Київ")])
    assert ids(engine, "че") == ["a", "b"]


def test_function_words_are_ignored_next_to_a_name() -> None:
    engine = SearchEngine([doc("na", "Надвірна"), doc("lviv", "Львів")])
    assert ids(engine, "у Львові") == ["lviv"]
    assert ids(engine, "на") == ["na"]  # alone, it is what the user is looking for


def test_limit_and_scores() -> None:
    engine = SearchEngine([doc(str(n), f"Послуга {n}") for n in range(30)])
    hits = engine.search("послуга", limit=5)
    assert len(hits) == 5
    assert all(hit.score > 0 for hit in hits)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_ten_thousand_documents() -> None:
    rng = random.Random(4)
    nouns = ["довідка", "реєстр", "черга", "виплата", "ліцензія", "дозвіл", "паспорт", "субсидія"]
    places = ["Черкаси", "Львів", "Одеса", "Київ", "Полтава"]
    documents = [
        doc(f"d{n}", f"{rng.choice(nouns).capitalize()} {rng.choice(nouns)} {rng.choice(places)} {n}")
        for n in range(10_000)
    ]
    documents.append(doc("needle", "Цифровий паспорт громади Сміла"))
    engine = SearchEngine(documents)
    assert len(engine) == 10_001
    assert ids(engine, "паспорт Сміли")[0] == "needle"
    hits = engine.search("субсидія у Полтаві")  # how fast: bench/search.py, never a pass condition
    assert "субсидія" in hits[0].document.fields[0].text.casefold()
    assert "Полтава" in hits[0].document.fields[0].text
