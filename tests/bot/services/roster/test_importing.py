"""Roster import against a real database: checks, the plan, all-or-nothing writes, holders, history, audit."""

from __future__ import annotations

from bot.i18n import Catalogs
from bot.services.roster import export as roster_export, importing as roster_import
from bot.services.roster.importing import ImportPlan
from bot.services.spreadsheets import csv_bytes, read_table
from storage import people, posts, users
from storage.db import Database
from storage.users import SeenUser
from tests.auxil.bot_under_test import PROJECT_ROOT
from tests.auxil.spreadsheets import formula_fields

HEADER = ["tier", "region", "place", "place_code", "status", "full_name", "telegram", "phone", "email"]
SAMPLE = PROJECT_ROOT / "data" / "sample-roster.csv"
BUCHA = "UA32080070000050759"  # Бучанська громада, Київська область
IRPIN = "UA32080150000035443"
LVIV_CITY = "UA46060250010015970"
TARGET_CITY = 38
CATALOGS = Catalogs()


async def plan_rows(db: Database, *rows: list[str], header: list[str] = HEADER) -> ImportPlan:
    return await roster_import.plan_table(db, [header, *rows], TARGET_CITY)


async def apply_rows(db: Database, *rows: list[str]) -> ImportPlan:
    plan = await plan_rows(db, *rows)
    assert plan.bad_rows == (), plan.bad_rows
    await roster_import.apply_plan(db, plan, 1, "test")
    return plan


def municipal(
    code: str, status: str = "appointed", name: str = "", tg: str = "", phone: str = ""
) -> list[str]:
    return ["municipal", "", "", code, status, name, tg, phone, ""]


async def holder_name(db: Database, tier: str, code: str) -> str | None:
    post = await posts.find_post(db, tier, code)
    assert post is not None
    return post.holder_name


async def test_the_sample_file_imports_and_a_reimport_changes_nothing(db: Database) -> None:
    plan = await roster_import.plan_file(db, SAMPLE.read_bytes(), SAMPLE.name, TARGET_CITY)
    assert plan.bad_rows == ()
    assert (plan.rows, plan.added, plan.changed, plan.unchanged) == (12, 8, 2, 2)
    await roster_import.apply_plan(db, plan, 1, "sample")
    assert await holder_name(db, "municipal", BUCHA) == "Тарас Шевчук"
    assert await holder_name(db, "city", LVIV_CITY) == "Ірина Мельник"
    assert await posts.count_posts(db, "city") == 3
    again = await roster_import.plan_file(db, SAMPLE.read_bytes(), SAMPLE.name, TARGET_CITY)
    assert (again.added, again.changed, again.unchanged, again.has_changes) == (0, 0, 12, False)


async def test_contacts_are_normalised(db: Database) -> None:
    await apply_rows(db, municipal(BUCHA, name="Тарас Шевчук", tg="@taras_sh", phone="(063) 123-45-67"))
    post = await posts.find_post(db, "municipal", BUCHA)
    assert post is not None and post.holder_id is not None
    person = await people.get_person(db, post.holder_id)
    assert person is not None
    assert (person.telegram_username, person.phone, person.telegram_id) == ("taras_sh", "+380631234567", None)


async def test_every_bad_row_is_named_and_nothing_is_written(db: Database) -> None:
    plan = await plan_rows(
        db,
        municipal(BUCHA, name="Тарас Шевчук"),  # row 2: good
        ["municipal", "", "", "", "appointed", "X", "", "", ""],  # 3: no place
        ["district", "", "", BUCHA, "vacant", "", "", "", ""],  # 4: tier
        ["municipal", "", "", IRPIN, "busy", "", "", "", ""],  # 5: status
        municipal("UA99999999999999999", "vacant"),  # 6: unknown code
        ["municipal", "Дніпропетровська", "Покровська громада", "", "vacant", "", "", "", ""],  # 7: ambiguous
        municipal(IRPIN, "vacant", name="Марія"),  # 8: holder on a vacant post
        municipal(IRPIN, "appointed", phone="+380501234567"),  # 9: contacts but no name
        municipal(IRPIN, name="Марія", phone="12345"),  # 10: phone
        ["municipal", "", "", IRPIN, "appointed", "Марія", "", "", "not-an-email"],  # 11: e-mail
        municipal(BUCHA, "vacant"),  # 12: the same post again
        municipal(IRPIN, name="Марія", tg="@taras_sh"),  # 13: good
        municipal("UA32040010000010116", name="Петро", tg="@taras_sh"),  # 14: same person as row 13
        ["regional", "Марс", "", "", "vacant", "", "", "", ""],  # 15: unknown region
        ["municipal", "Київська", "Нетутешня громада", "", "vacant", "", "", "", ""],  # 16: unknown place
        ["municipal", "", "", LVIV_CITY, "vacant", "", "", "", ""],  # 17: a city's code on a hromada row
        municipal("UA32100130000093505", name="Ігор", tg="not a username!"),  # 18: telegram
        municipal("UA32100130000093505", name="Я" * 201),  # 19: a name too long
    )
    reasons = {bad.number: bad.reason for bad in plan.bad_rows}
    assert reasons == {
        3: "no_place",
        4: "tier",
        5: "status",
        6: "unknown_code",
        7: "ambiguous_place",
        8: "holder_not_appointed",
        9: "name_required",
        10: "phone",
        11: "email",
        12: "duplicate_post",
        14: "duplicate_person",
        15: "unknown_region",
        16: "unknown_place",
        17: "code_tier",
        18: "telegram",
        19: "name_too_long",
    }
    for bad in plan.bad_rows:  # every reason reads in both languages
        assert roster_import.bad_row_text(CATALOGS, "en", bad).startswith(f"row {bad.number}: ")
        assert roster_import.bad_row_text(CATALOGS, "uk", bad).startswith(f"рядок {bad.number}: ")
    ambiguous = next(bad for bad in plan.bad_rows if bad.number == 7)
    assert ambiguous.values["raions"].count("Нікопольський район") == 2
    assert "Синельниківський район" in ambiguous.values["raions"]
    assert not plan.has_changes
    assert await holder_name(db, "municipal", BUCHA) is None


async def test_a_bad_plan_cannot_be_applied(db: Database) -> None:
    plan = await plan_rows(db, municipal("UA00", "vacant"))
    try:
        await roster_import.apply_plan(db, plan, 1, "test")
    except roster_import.BadImportError:
        pass
    else:
        raise AssertionError("a plan with bad rows was applied")


async def test_ukrainian_headers_and_values(db: Database) -> None:
    header = [" Рівень ", "ОБЛАСТЬ", "Громада", "Статус", "ПІБ", "Телефон"]
    plan = await plan_rows(
        db,
        ["громада", "Київська область", "Ірпінська громада", "призначено", "Марія Бондаренко", "0971234567"],
        ["регіональний", "Київ", "", "призначається", "", ""],
        header=header,
    )
    assert plan.bad_rows == ()
    assert (plan.added, plan.changed) == (1, 1)


async def test_missing_columns_are_one_bad_row(db: Database) -> None:
    plan = await plan_rows(db, ["x"], header=["name"])
    assert [(bad.number, bad.reason) for bad in plan.bad_rows] == [(1, "missing_columns")]


async def test_city_posts_stop_at_the_target(db: Database) -> None:
    plan = await roster_import.plan_table(
        db,
        [
            HEADER,
            ["city", "", "", LVIV_CITY, "appointing", "", "", "", ""],
            ["city", "", "", "UA05020030010063857", "vacant", "", "", "", ""],
        ],
        1,
    )
    assert [(bad.number, bad.reason) for bad in plan.bad_rows] == [(3, "city_limit")]


async def test_a_new_holder_ends_the_previous_term(db: Database) -> None:
    await apply_rows(db, municipal(BUCHA, name="Тарас Шевчук"))
    plan = await apply_rows(db, municipal(BUCHA, name="Олег Ковальчук"))
    assert (plan.changed, plan.added) == (1, 0)
    post = await posts.find_post(db, "municipal", BUCHA)
    assert post is not None
    terms = await posts.history(db, post.id)
    assert [(term.full_name, term.ended_at is None) for term in terms] == [
        ("Олег Ковальчук", True),
        ("Тарас Шевчук", False),
    ]
    await apply_rows(db, municipal(BUCHA, "vacant"))
    assert await holder_name(db, "municipal", BUCHA) is None
    assert all(term.ended_at for term in await posts.history(db, post.id))


async def test_holders_are_matched_by_telegram_id_then_username_then_name(db: Database) -> None:
    known = await people.create_person(db, "Олена", telegram_id=777, telegram_username="olena")
    await users.record_seen(db, SeenUser(777, "Олена", None, "olena", "uk"))
    await apply_rows(db, municipal(BUCHA, name="Олена Петренко", tg="777"))
    post = await posts.find_post(db, "municipal", BUCHA)
    assert post is not None and post.holder_id == known.id
    assert (await people.get_person(db, known.id)).full_name == "Олена Петренко"  # type: ignore[union-attr]
    # The role is left alone: her next update recognises her, with a welcome (handlers/identity/identify.py).
    assert (await users.get_user(db, 777)).role == "stranger"  # type: ignore[union-attr]
    # She moves to Irpin: the file frees Bucha, so no "holds another post".
    await apply_rows(db, municipal(IRPIN, name="Олена Петренко", tg="@olena"), municipal(BUCHA, "vacant"))
    post = await posts.find_post(db, "municipal", IRPIN)
    assert post is not None and post.holder_id == known.id
    # The current holder of the same name is the same person: a new phone is a change, not a new person.
    plan = await apply_rows(db, municipal(IRPIN, name="олена петренко", phone="0501234567"))
    assert (plan.changed, plan.added) == (1, 0)
    assert await db.fetch_value("SELECT count(*) FROM people") == 1


async def test_a_holder_of_another_post_the_file_leaves_is_a_bad_row(db: Database) -> None:
    await apply_rows(db, municipal(BUCHA, name="Тарас Шевчук", tg="@taras_sh"))
    plan = await plan_rows(db, municipal(IRPIN, name="Тарас Шевчук", tg="@taras_sh"))
    assert [bad.reason for bad in plan.bad_rows] == ["holds_other_post"]
    assert "Бучанська громада" in plan.bad_rows[0].values["post"]


async def test_one_audit_entry_per_import(db: Database) -> None:
    await apply_rows(db, municipal(BUCHA, name="Тарас Шевчук"), municipal(IRPIN, "appointing"))
    rows = await db.fetch_all("SELECT action, details FROM audit_log WHERE action = 'roster.imported'")
    assert len(rows) == 1
    assert "added 1, changed 1" in rows[0]["details"]


async def test_export_edit_import_is_exactly_one_change(db: Database) -> None:
    await roster_import.apply_plan(
        db, await roster_import.plan_file(db, SAMPLE.read_bytes(), SAMPLE.name, TARGET_CITY), 1, "sample"
    )
    exported = await roster_export.export_bytes(db, "roster.csv")
    table = read_table(exported)
    assert len(table) == 1 + 25 + 3 + 1469
    again = await roster_import.plan_table(db, table, TARGET_CITY)
    assert (again.bad_rows, again.changed, again.added) == ((), 0, 0)
    status = table[0].index("status")
    row = next(row for row in table if row[table[0].index("place_code")] == IRPIN)
    row[table[0].index("phone")] = "+380 97 000 00 00"
    edited = csv_bytes(table[0], table[1:])
    plan = await roster_import.plan_file(db, edited, "edited.csv", TARGET_CITY)
    assert (plan.bad_rows, plan.added, plan.changed) == ((), 0, 1)
    assert row[status] == "appointed"


async def test_an_exported_roster_runs_no_formula_and_imports_back_unchanged(db: Database) -> None:
    name = 'Шевчук;=1+1, "-Тарас";'
    await apply_rows(db, municipal(BUCHA, name=name, tg="@taras_sh", phone="(063) 123-45-67"))
    exported = await roster_export.export_bytes(db, "roster.csv")
    assert formula_fields(exported) == []
    table = read_table(exported)
    row = next(row for row in table if row[table[0].index("place_code")] == BUCHA)
    assert row[table[0].index("full_name") :] == [name, "@taras_sh", "+380631234567", ""]
    again = await roster_import.plan_table(db, table, TARGET_CITY)
    assert (again.bad_rows, again.added, again.changed) == ((), 0, 0)


async def test_a_namesake_with_another_telegram_account_is_a_new_person(db: Database) -> None:
    await apply_rows(db, municipal(BUCHA, name="Тарас Шевчук", tg="111"))
    plan = await apply_rows(db, municipal(BUCHA, name="Тарас Шевчук", tg="222"))
    assert plan.changed == 1
    ids = await db.fetch_all("SELECT telegram_id FROM people ORDER BY id")
    assert [row[0] for row in ids] == [111, 222]


async def test_appointed_without_a_holder_round_trips(db: Database) -> None:
    plan = await apply_rows(db, municipal(BUCHA, "appointed"))
    assert plan.changed == 1
    post = await posts.find_post(db, "municipal", BUCHA)
    assert post is not None and (post.status, post.holder_id) == ("appointed", None)
    again = await apply_rows(db, municipal(BUCHA, "appointed"))
    assert (again.added, again.changed) == (0, 0)
