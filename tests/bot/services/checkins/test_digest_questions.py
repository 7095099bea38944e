"""The questions file's `digest` field: which answers the digest lists as blockers or help requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.services.checkins.questions import QuestionsFileError, load_questions


def test_the_shipped_file_marks_blockers_and_help() -> None:
    marked = {q.id: q.digest for q in load_questions() if q.digest}
    assert marked == {"blockers": "blockers", "help_with": "help"}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            "[[question]]\nid = 'a'\ndigest = 'risks'\nuk = 'x'\nen = 'y'",
            "digest must be one of blockers, help",
        ),
        ("[[question]]\nid = 'a'\nkind = 'yes_no'\ndigest = 'help'\nuk = 'x'\nen = 'y'", "only for text"),
        ("[[question]]\nid = 'a'\nkind = 'number'\ndigest = 'blockers'\nuk = 'x'\nen = 'y'", "only for text"),
    ],
)
def test_a_bad_digest_field_names_the_file_and_question(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "questions.toml"
    path.write_text("[[question]]\nid = 'first'\nuk = 'x'\nen = 'y'\n" + content, encoding="utf-8")
    with pytest.raises(QuestionsFileError) as raised:
        load_questions(path)
    assert f"{path}, question 2" in str(raised.value) and problem in str(raised.value)


def test_questions_without_the_field_are_not_in_the_digest(tmp_path: Path) -> None:
    path = tmp_path / "questions.toml"
    path.write_text("[[question]]\nid = 'a'\nuk = 'x'\nen = 'y'", encoding="utf-8")
    assert load_questions(path)[0].digest is None
