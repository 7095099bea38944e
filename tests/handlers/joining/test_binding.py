"""Imported holders are recognised at /start: by Telegram id or by their own shared phone number (a
@username only files a join request: tests/handlers/identity/test_identify.py); coordinators export personal
invite links for those not yet in the bot."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

from bot.lifecycle import RunningBot
from bot.services.roster.posts import appoint
from storage import people, posts
from storage.people import Person
from tests.auxil.spreadsheets import formula_fields
from tg_emulator import TelegramEmulator

COORDINATOR = 5401
ZHYTOMYRSKA = "UA18040190000029215"  # Житомирська громада
ZHYTOMYR_OBLAST = "UA18000000000041385"


async def imported(
    bot: RunningBot,
    full_name: str,
    place_code: str = ZHYTOMYRSKA,
    tier: str = "municipal",
    **contacts: str | int,
) -> Person:
    """A holder as the roster import leaves them: a person row holding a post, maybe not in Telegram."""
    db = bot.runtime.db
    person = await people.create_person(db, full_name, **contacts)  # type: ignore[arg-type]
    post = await posts.find_post(db, tier, place_code)
    assert post is not None
    await appoint(db, post, person, None)
    return person


async def role_of(bot: RunningBot, telegram_id: int) -> str:
    return str(
        await bot.runtime.db.fetch_value("SELECT role FROM users WHERE telegram_id = ?", (telegram_id,))
    )


async def test_a_holder_imported_with_their_telegram_id_is_recognised(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    await imported(bot, "Коваленко Петро", telegram_id=5402)
    petro = emulator.user(5402, "Petro", language_code="uk")
    await petro.send("/start")
    welcome = await petro.next_message()
    assert "Вітаємо, Коваленко Петро! Я впізнав вас за реєстром" in welcome.text
    assert "Житомирська громада, Житомирський район" in welcome.text
    notice = await petro.next_message()
    assert notice.button_texts() == ["Погоджуюсь"]
    assert await role_of(bot, 5402) == "member"
    await petro.press(notice, "Погоджуюсь")
    await petro.wait_text(notice, "Погоджено")
    person = await people.person_of_user(bot.runtime.db, 5402)
    assert person is not None and person.privacy_accepted_at is not None

    await petro.send("/start")  # the second time, a plain greeting
    assert "З поверненням" in (await petro.next_message()).text


async def test_a_holder_is_recognised_by_their_own_shared_phone_not_by_someone_elses(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    await imported(bot, "Шевченко Олена", phone="+380501234567")
    olena = emulator.user(5405, "Olena", language_code="uk")
    await olena.send("/start")
    greeting = await olena.next_message()
    share = greeting.reply_keyboard
    assert share is not None and share[0][0]["request_contact"] is True
    assert share[0][0]["text"] == "📱 Поділитися номером телефону"

    await olena.send_contact("380501234567", own=False)  # someone else's card
    assert "контакт іншої людини" in (await olena.next_message()).text
    assert await people.person_of_user(bot.runtime.db, 5405) is None

    await olena.send_contact("380671112233")
    assert "Цього номера немає в реєстрі" in (await olena.next_message()).text
    assert await role_of(bot, 5405) == "stranger"

    await olena.send_contact("+380501234567")
    assert "Вітаємо, Шевченко Олена! Я впізнав вас" in (await olena.next_message()).text
    assert "Ваші дані в боті" in (await olena.next_message()).text
    assert await role_of(bot, 5405) == "member"
    bound = await people.person_of_user(bot.runtime.db, 5405)
    assert bound is not None and bound.full_name == "Шевченко Олена"
    audit = await bot.runtime.db.fetch_value("SELECT details FROM audit_log WHERE action = 'person.bound'")
    assert audit == "by phone"


async def test_invite_links_file_binds_each_holder_with_their_own_link(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    await imported(bot, '=HYPERLINK("evil");=1+1', phone="+380501234567", email="o@example.com")
    await imported(bot, "Bound Already", ZHYTOMYR_OBLAST, "regional", telegram_id=5499)
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    coordinator = emulator.user(COORDINATOR, "Iryna", language_code="en")
    await coordinator.send("/invitelinks")
    sent = await coordinator.next_message()
    assert sent.document is not None and sent.document.filename == "invite-links.csv"
    assert sent.caption is not None and sent.caption.startswith("1 personal invite link, valid until")
    content = sent.document.content
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert formula_fields(content) == []  # split on `,` or, as a Ukrainian Excel does, on `;`
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == ["tier", "region", "place", "full_name", "phone", "email", "link", "expires"]
    assert len(table) == 2
    tier, region, place, full_name, phone, email, link, expires = table[1]
    assert (tier, region) == ("municipal", "Zhytomyr Oblast")
    assert place == "Zhytomyrska hromada, Zhytomyrskyi Raion, Zhytomyr Oblast"
    assert full_name == "'=HYPERLINK(\"evil\");'=1+1"  # each piece a `;` split makes starts with '
    assert phone == "'+380501234567" and email == "o@example.com"
    assert expires

    token = parse_qs(urlparse(link).query)["start"][0]
    holder = emulator.user(5406, "Who", language_code="en")
    await holder.send(f"/start {token}")
    welcome = await holder.next_message()
    assert "Your Telegram account is now linked to your record in the roster" in welcome.text
    db = bot.runtime.db
    person = await people.person_of_user(db, 5406)
    assert person is not None and person.full_name == '=HYPERLINK("evil");=1+1'
    post = await posts.find_post(db, "municipal", ZHYTOMYRSKA)
    assert post is not None and post.holder_id == person.id
    assert await role_of(bot, 5406) == "member"

    assert "opened your invite link" in (await coordinator.next_message()).text
    await coordinator.send("/invitelinks")  # everyone is in the bot now
    assert "already in the bot" in (await coordinator.next_message()).text
