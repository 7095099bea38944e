"""Contacts as typed are checked and normalised; leaving a post and deleting one's data follow the rules."""

from __future__ import annotations

import pytest

from bot.services import profile
from bot.services.contacts import ContactProblem, check_email, check_phone, normalise_phone
from bot.services.profile import ContactField, Visibility
from bot.services.roster import posts as post_rules
from storage import audit, people, posts, users
from storage.db import Database
from storage.users import SeenUser

BUCHA = "UA32080070000050759"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0671234567", "+380671234567"),
        ("067 123 45 67", "+380671234567"),
        ("(067) 123-45-67", "+380671234567"),
        ("+380 67 123 45 67", "+380671234567"),
        ("380671234567", "+380671234567"),
        ("+38 (067) 123-45-67", "+380671234567"),
        ("80671234567", "+380671234567"),
        ("00380671234567", "+380671234567"),
        ("+48 601 234 567", "+48601234567"),
        ("0048601234567", "+48601234567"),
        ("+1 (202) 555-0123", "+12025550123"),
        ("\u202a+380 44 123 45 67\u202c", "+380441234567"),
    ],
)
def test_phone_numbers_are_stored_in_one_form(typed: str, stored: str) -> None:
    assert check_phone(typed).problem is None
    assert check_phone(typed).value == stored
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", ContactProblem.EMPTY),
        ("   ", ContactProblem.EMPTY),
        (None, ContactProblem.EMPTY),
        ("067 123 45 6x", ContactProblem.PHONE_CHARACTERS),
        ("phone please", ContactProblem.PHONE_CHARACTERS),
        ("+380 67 123 45", ContactProblem.PHONE_UKRAINIAN_LENGTH),
        ("+380 67 123 45 678", ContactProblem.PHONE_UKRAINIAN_LENGTH),
        ("067123456", ContactProblem.PHONE_UKRAINIAN_LENGTH),
        ("06712345678", ContactProblem.PHONE_UKRAINIAN_LENGTH),
        ("+380 067 123 45 6", ContactProblem.PHONE_UKRAINIAN_LENGTH),
        ("4860123456", ContactProblem.PHONE_COUNTRY_CODE),
        ("+4812", ContactProblem.PHONE_LENGTH),
        ("+1234567890123456", ContactProblem.PHONE_LENGTH),
        ("+0123456789", ContactProblem.PHONE_LENGTH),
        ("٠٦٧١٢٣٤٥٦٧", ContactProblem.PHONE_CHARACTERS),  # Arabic-Indic digits are not dialled
    ],
)
def test_bad_phone_numbers_get_a_specific_reason(typed: str | None, problem: ContactProblem) -> None:
    assert check_phone(typed).problem is problem
    assert normalise_phone(typed) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("olha@example.com", "olha@example.com"),
        ("  Olha.Petrenko@Bucha.GOV.UA ", "Olha.Petrenko@bucha.gov.ua"),
        ("first+tag@mail.example.org", "first+tag@mail.example.org"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("ivan@мінцифри.укр", "ivan@мінцифри.укр"),
        ("ivan@xn--c1ad6a.xn--j1amh", "ivan@xn--c1ad6a.xn--j1amh"),
    ],
)
def test_good_email_addresses(typed: str, stored: str) -> None:
    assert check_email(typed) == check_email(stored)
    assert check_email(typed).value == stored and check_email(typed).problem is None


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", ContactProblem.EMPTY),
        ("olha.example.com", ContactProblem.EMAIL_FORM),
        ("olha@", ContactProblem.EMAIL_FORM),
        ("@example.com", ContactProblem.EMAIL_FORM),
        ("olha petrenko@example.com", ContactProblem.EMAIL_FORM),
        ("olha..p@example.com", ContactProblem.EMAIL_LOCAL_PART),
        (".olha@example.com", ContactProblem.EMAIL_LOCAL_PART),
        ("ольга@example.com", ContactProblem.EMAIL_LOCAL_PART),
        ("o<b>@example.com", ContactProblem.EMAIL_LOCAL_PART),
        ("olha@example", ContactProblem.EMAIL_DOMAIN),
        ("olha@example.c", ContactProblem.EMAIL_DOMAIN),
        ("olha@-example.com", ContactProblem.EMAIL_DOMAIN),
        ("olha@example..com", ContactProblem.EMAIL_DOMAIN),
        ("olha@exa_mple.com", ContactProblem.EMAIL_DOMAIN),
        ("olha@example.com1", ContactProblem.EMAIL_DOMAIN),
        ("a@b@example.com", ContactProblem.EMAIL_LOCAL_PART),
        ("x" * 250 + "@example.com", ContactProblem.EMAIL_TOO_LONG),
        ("x" * 65 + "@example.com", ContactProblem.EMAIL_LOCAL_PART),
    ],
)
def test_bad_email_addresses_get_a_specific_reason(typed: str, problem: ContactProblem) -> None:
    assert check_email(typed).problem is problem


def erased_label(number: int) -> str:
    return f"erased person #{number}"


async def _member_with_post(db: Database, telegram_id: int = 501) -> tuple[int, int]:
    await users.record_seen(db, SeenUser(telegram_id, "Olha", "Petrenko", "olha", "uk"))
    person = await people.create_person(db, "Ольга Петренко", telegram_id=telegram_id, phone="+380671234567")
    post = await posts.find_post(db, "municipal", BUCHA)
    assert post is not None
    await post_rules.appoint(db, post, person, actor_id=None)
    return person.id, post.id


async def test_contacts_and_visibility_of_someone_without_a_person_row(db: Database) -> None:
    user = await users.record_seen(db, SeenUser(502, "Coord", None, None, "en"))
    person = await profile.save_contact(db, user, ContactField.EMAIL, "coord@example.com")
    assert (person.full_name, person.email, person.phone) == ("Coord", "coord@example.com", None)
    person = await profile.save_contact(db, user, ContactField.PHONE, "+380441234567")
    assert (person.email, person.phone) == ("coord@example.com", "+380441234567")
    person = await profile.save_contact(db, user, ContactField.EMAIL, None)
    assert (person.email, person.phone) == (None, "+380441234567")
    person = await profile.set_visibility(db, user, Visibility.COORDINATORS)
    assert person.contacts_visible_to == "coordinators"
    shown = await profile.load_profile(db, user)
    assert (shown.post, shown.name) == (None, "Coord")


async def test_leaving_a_post_keeps_the_history_and_the_membership(db: Database) -> None:
    person_id, post_id = await _member_with_post(db)
    assert await profile.leave_post(db, 501, post_id + 1) is None  # not the post they hold
    left = await profile.leave_post(db, 501, post_id)
    assert left is not None and left.id == post_id
    post = await posts.get_post(db, post_id)
    assert post is not None and (post.status, post.holder_id) == ("vacant", None)
    terms = await posts.history(db, post_id)
    assert [(t.full_name, t.ended_at is not None) for t in terms] == [("Ольга Петренко", True)]
    user = await users.get_user(db, 501)
    assert user is not None and user.role == "member"
    assert await people.get_person(db, person_id) is not None
    assert await profile.leave_post(db, 501, post_id) is None  # a second press
    assert [e.action for e in await audit.latest(db)][:2] == ["post.left", "post.status"]


async def test_deleting_ones_data_leaves_an_erased_holder_in_the_history(db: Database) -> None:
    person_id, post_id = await _member_with_post(db)
    await db.execute("INSERT INTO persisted_user_data (user_id, data) VALUES (501, '{\"x\": 1}')")
    await db.execute(
        "INSERT INTO persisted_conversations (name, conversation_key, state)"
        " VALUES ('profile', '[501, 501]', '\"phone\"')"
    )
    erased = await profile.delete_data(db, 501, erased_label)
    assert (erased.number, erased.vacated_post_id) == (1, post_id)
    assert await people.get_person(db, person_id) is None
    assert await users.get_user(db, 501) is None
    post = await posts.get_post(db, post_id)
    assert post is not None and (post.status, post.holder_id) == ("vacant", None)
    terms = await posts.history(db, post_id)
    assert [(t.full_name, t.ended_at is not None) for t in terms] == [("", True)]  # "erased holder"
    assert await db.fetch_value("SELECT person_id FROM post_history WHERE post_id = ?", (post_id,)) is None
    assert await db.fetch_value("SELECT count(*) FROM persisted_user_data WHERE user_id = 501") == 0
    assert await db.fetch_value("SELECT count(*) FROM persisted_conversations") == 0
    entry = (await audit.latest(db))[0]
    assert (entry.action, entry.actor_id, entry.subject) == ("data.deleted", -1, "user:-1")
    assert "Ольга" not in entry.details


async def test_deleting_the_data_of_someone_without_a_post(db: Database) -> None:
    await users.record_seen(db, SeenUser(503, "Solo", None, None, "uk"))
    erased = await profile.delete_data(db, 503, erased_label)
    assert erased.vacated_post_id is None
    assert await users.get_user(db, 503) is None
