"""The check-in's questions, read from a TOML file (data/checkin_questions.toml unless configured)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

SHIPPED = Path(__file__).resolve().parents[3] / "data" / "checkin_questions.toml"
KINDS = ("text", "yes_no", "number")
DIGEST_SECTIONS = ("blockers", "help")
LANGUAGES = ("uk", "en")
MAX_NUMBER = 1_000_000

Kind = Literal["text", "yes_no", "number"]
DigestSection = Literal["blockers", "help"]


class QuestionsFileError(ValueError):
    """The questions file cannot be used; the message names the file and the question."""


@dataclass(frozen=True)
class Question:
    """One question of the check-in."""

    id: str
    kind: Kind
    texts: dict[str, str]  # language → the question
    optional: bool = False
    only_if: str | None = None  # an earlier yes_no question that must be answered yes
    digest: DigestSection | None = None  # its answers are listed in the digest as blockers or help requests

    def text(self, language: str) -> str:
        """The question in a language."""
        return self.texts[language]


def load_questions(path: Path | None = None) -> tuple[Question, ...]:
    """Read and check the questions; raises QuestionsFileError saying what is wrong and where."""
    source = path or SHIPPED
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise QuestionsFileError(f"{source}: cannot be read ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise QuestionsFileError(f"{source}: not valid TOML ({error})") from None
    entries = data.get("question")
    if not isinstance(entries, list) or not entries:
        raise QuestionsFileError(f"{source}: no [[question]] entries")
    questions: list[Question] = []
    for number, entry in enumerate(entries, start=1):
        questions.append(_question(entry, questions, f"{source}, question {number}"))
    return tuple(questions)


def _question(entry: Any, earlier: list[Question], where: str) -> Question:
    if not isinstance(entry, dict):
        raise QuestionsFileError(f"{where}: not a table")
    question_id = entry.get("id")
    if not isinstance(question_id, str) or not question_id.isidentifier():
        raise QuestionsFileError(f"{where}: id must be a short name of letters, digits and _")
    if any(q.id == question_id for q in earlier):
        raise QuestionsFileError(f"{where}: id {question_id!r} is used twice")
    kind = entry.get("kind", "text")
    if kind not in KINDS:
        raise QuestionsFileError(f"{where}: kind must be one of {', '.join(KINDS)}")
    texts = {language: entry.get(language) for language in LANGUAGES}
    for language, text in texts.items():
        if not isinstance(text, str) or not text.strip():
            raise QuestionsFileError(f"{where}: the {language} text is missing")
    only_if = entry.get("only_if")
    if only_if is not None and not any(q.id == only_if and q.kind == "yes_no" for q in earlier):
        raise QuestionsFileError(f"{where}: only_if must name an earlier yes_no question")
    optional = entry.get("optional", False)
    if not isinstance(optional, bool):
        raise QuestionsFileError(f"{where}: optional must be true or false")
    digest = entry.get("digest")
    if digest is not None and digest not in DIGEST_SECTIONS:
        raise QuestionsFileError(f"{where}: digest must be one of {', '.join(DIGEST_SECTIONS)}")
    if digest is not None and kind != "text":
        raise QuestionsFileError(f"{where}: digest is only for text questions")
    return Question(
        question_id, kind, {k: str(v).strip() for k, v in texts.items()}, optional, only_if, digest
    )


def parse_number(text: str | None) -> int | None:
    """A number answer: a whole number from 0 (spaces as thousands separators allowed), else None."""
    cleaned = (text or "").replace(" ", "").replace("\u00a0", "")
    if not cleaned.isdigit():
        return None
    value = int(cleaned)
    return value if value <= MAX_NUMBER else None


def asked(questions: tuple[Question, ...], answers: dict[str, str | int | bool | None]) -> list[Question]:
    """The questions a member is asked given their answers so far (only_if follows yes/no answers)."""
    return [q for q in questions if q.only_if is None or answers.get(q.only_if) is True]
