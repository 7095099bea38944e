"""Phone numbers and e-mail addresses as people type them: checked, and stored in one normal form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.text_input import clean

UKRAINE = "380"
# E.164 allows at most 15 digits; real numbers abroad have at least 8.
MIN_DIGITS, MAX_DIGITS = 8, 15
MAX_EMAIL_LENGTH = 254
MAX_LOCAL_PART = 64

# What people put between digits: spaces, dashes, dots, brackets, slashes.
_SEPARATORS = re.compile(r"[\s\-.()/\u00a0\u2010-\u2015]")
_LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+)*$")
_DOMAIN_LABEL = re.compile(r"^[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?$")  # letters, digits, inner hyphens


class ContactProblem(StrEnum):
    """Why a typed phone number or e-mail address was refused."""

    EMPTY = "empty"
    PHONE_CHARACTERS = "phone_characters"
    PHONE_UKRAINIAN_LENGTH = "phone_ukrainian_length"
    PHONE_COUNTRY_CODE = "phone_country_code"
    PHONE_LENGTH = "phone_length"
    EMAIL_FORM = "email_form"
    EMAIL_LOCAL_PART = "email_local_part"
    EMAIL_DOMAIN = "email_domain"
    EMAIL_TOO_LONG = "email_too_long"


@dataclass(frozen=True)
class CheckedContact:
    """A contact in its normal form, or the reason it was refused."""

    value: str
    problem: ContactProblem | None = None


def check_phone(raw: str | None) -> CheckedContact:
    """A Ukrainian number as +380XXXXXXXXX (from 0XX…, 380…, 80…), any other as E.164 (+ and digits)."""
    text = _SEPARATORS.sub("", clean(raw))
    if not text:
        return CheckedContact("", ContactProblem.EMPTY)
    international = text.startswith("+") or text.startswith("00")
    digits = text[1:] if text.startswith("+") else text[2:] if text.startswith("00") else text
    if not digits.isascii() or not digits.isdigit():
        return CheckedContact(text, ContactProblem.PHONE_CHARACTERS)
    if not international:
        return _ukrainian_national(digits)
    if digits.startswith(UKRAINE):
        return _ukrainian(digits[len(UKRAINE) :], text)
    if digits.startswith("0") or not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return CheckedContact(text, ContactProblem.PHONE_LENGTH)
    return CheckedContact(f"+{digits}")


def _ukrainian_national(digits: str) -> CheckedContact:
    """Digits without a +: 0XXXXXXXXX, 380XXXXXXXXX or the old 80XXXXXXXXX; others need their country code."""
    if digits.startswith(UKRAINE):
        return _ukrainian(digits[len(UKRAINE) :], digits)
    if digits.startswith("80") and len(digits) == 11:
        return _ukrainian(digits[2:], digits)
    if digits.startswith("0"):
        return _ukrainian(digits[1:], digits)
    return CheckedContact(digits, ContactProblem.PHONE_COUNTRY_CODE)


def _ukrainian(subscriber: str, typed: str) -> CheckedContact:
    """The nine digits after +380: an operator or area code (never starting with 0), then the number."""
    if len(subscriber) != 9 or subscriber.startswith("0"):
        return CheckedContact(typed, ContactProblem.PHONE_UKRAINIAN_LENGTH)
    return CheckedContact(f"+{UKRAINE}{subscriber}")


def normalise_phone(raw: str | None) -> str | None:
    """The stored form of a phone number, or None if it is not one (for imports and matching)."""
    checked = check_phone(raw)
    return None if checked.problem else checked.value


def check_email(raw: str | None) -> CheckedContact:
    """An address of the form local@domain.tld; the domain is lower-cased, the local part kept."""
    text = clean(raw)
    if not text:
        return CheckedContact("", ContactProblem.EMPTY)
    if len(text) > MAX_EMAIL_LENGTH:
        return CheckedContact(text, ContactProblem.EMAIL_TOO_LONG)
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain or any(char.isspace() for char in text):
        return CheckedContact(text, ContactProblem.EMAIL_FORM)
    if len(local) > MAX_LOCAL_PART or not _LOCAL_PART.match(local):
        return CheckedContact(text, ContactProblem.EMAIL_LOCAL_PART)
    domain = domain.lower()
    labels = domain.split(".")
    top = labels[-1]
    top_ok = (top.isalpha() and len(top) >= 2) or (top.startswith("xn--") and len(top) > 4)
    if len(labels) < 2 or not top_ok or not all(_DOMAIN_LABEL.match(label) for label in labels):
        return CheckedContact(text, ContactProblem.EMAIL_DOMAIN)
    return CheckedContact(f"{local}@{domain}")
