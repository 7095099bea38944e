"""The check-in questions file: the shipped one, and every way a deployer's file can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.services.checkins.questions import QuestionsFileError, asked, load_questions, parse_number


def test_the_shipped_questions() -> None:
    questions = load_questions()
    assert [q.id for q in questions] == [
        "done",
        "planned",
        "blockers",
        "needs_help",
        "help_with",
        "services_launched",
        "people_trained",
    ]
    kinds = {q.id: q.kind for q in questions}
    assert kinds["needs_help"] == "yes_no" and kinds["services_launched"] == "number"
    assert all(q.text("uk") and q.text("en") for q in questions)
    assert [q.id for q in asked(questions, {"needs_help": False})] == [
        "done",
        "planned",
        "blockers",
        "needs_help",
        "services_launched",
        "people_trained",
    ]
    assert "help_with" in [q.id for q in asked(questions, {"needs_help": True})]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("not toml [", "not valid TOML"),
        ("title = 'x'", "no [[question]] entries"),
        ("[[question]]\nid = 'a b'\nuk = 'x'\nen = 'y'", "id must be"),
        (
            "[[question]]\nid = 'a'\nuk = 'x'\nen = 'y'\n[[question]]\nid = 'a'\nuk = 'x'\nen = 'y'",
            "used twice",
        ),
        ("[[question]]\nid = 'a'\nkind = 'date'\nuk = 'x'\nen = 'y'", "kind must be"),
        ("[[question]]\nid = 'a'\nuk = 'x'", "the en text is missing"),
        ("[[question]]\nid = 'a'\nonly_if = 'b'\nuk = 'x'\nen = 'y'", "only_if must name"),
        ("[[question]]\nid = 'a'\noptional = 'yes'\nuk = 'x'\nen = 'y'", "optional must be"),
    ],
)
def test_a_bad_file_says_what_and_where(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "questions.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(QuestionsFileError) as raised:
        load_questions(path)
    assert str(path) in str(raised.value) and problem in str(raised.value)


def test_a_missing_file() -> None:
    with pytest.raises(QuestionsFileError, match="cannot be read"):
        load_questions(Path("/nonexistent/questions.toml"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        (" 0 ", 0),
        ("1 500", 1500),
        ("-3", None),
        ("3.5", None),
        ("п'ять", None),
        ("", None),
        (None, None),
        ("99999999", None),
    ],
)
def test_number_answers(text: str | None, value: int | None) -> None:
    assert parse_number(text) == value
