"""/broadcast: a coordinator composes a service announcement step by step, sees it as members will,
sends a test to themselves, edits, and sends it now or schedules it; quiet hours hold it back."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.jobs import broadcast_progress
from bot.lifecycle import RunningBot, start_bot, stop_bot
from bot.services.roster.posts import appoint
from bot.settings import Settings
from storage import broadcasts, people, posts, reachability, users
from storage.clock import parse_stored
from storage.users import SeenUser
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient
from tg_emulator.model import BotMessage

COORDINATOR = 7000
CHERKASY_REGION = "UA71000000000010357"
SMILA = "UA71080390000078978"  # Смілянська громада, Черкаська область
BORYSLAV = "UA46020010000073886"  # Бориславська громада, Львівська область
REACTIONS = ["✅ Будемо використовувати", "🔁 Маємо схоже", "❓ Питання"]
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """No quiet hours, so "Send now" sends now whatever the time of the test run."""
    return settings.model_copy(update={"quiet_hours": "00:00-00:00"})


@pytest.fixture(autouse=True)
def quick_status(monkeypatch: pytest.MonkeyPatch) -> None:
    """The author's status message is refreshed often, so its final report comes soon."""
    monkeypatch.setattr(broadcast_progress, "PROGRESS_INTERVAL", 0.2)


async def _member(
    bot: RunningBot, emulator: TelegramEmulator, telegram_id: int, tier: str, code: str
) -> UserClient:
    """A post holder who has opened the bot."""
    db = bot.runtime.db
    person = await people.create_person(db, f"Member {telegram_id}", telegram_id=telegram_id)
    post = await posts.find_post(db, tier, code)
    assert post is not None
    await appoint(db, post, person, actor_id=None)
    return emulator.user(telegram_id, f"Member{telegram_id}", language_code="uk", has_started=True)


async def _network(bot: RunningBot, emulator: TelegramEmulator) -> list[UserClient]:
    """Two members in Cherkasy oblast (a hromada and the region), one in Lviv oblast."""
    return [
        await _member(bot, emulator, 7001, "municipal", SMILA),
        await _member(bot, emulator, 7002, "regional", CHERKASY_REGION),
        await _member(bot, emulator, 7003, "municipal", BORYSLAV),
    ]


async def _coordinator(bot: RunningBot, emulator: TelegramEmulator) -> UserClient:
    db = bot.runtime.db
    await users.record_seen(db, SeenUser(COORDINATOR, "Coordinator", None, None, "uk"))
    await users.set_role(db, COORDINATOR, "coordinator")
    return emulator.user(COORDINATOR, "Coordinator", language_code="uk")


def _entity(text: str, word: str, kind: str, **extra: str) -> dict[str, Any]:
    return {"type": kind, "offset": text.index(word), "length": len(word), **extra}  # BMP text only


async def _compose(
    author: UserClient,
    *,
    title: str = "Дія.Підпис",
    body: str = "Підписуйте документи онлайн.",
    photo: bool = False,
    audience: tuple[str, ...] = ("Усім учасникам",),
) -> BotMessage:
    """Go through every step with good answers; return the control message under the preview."""
    await author.send("/broadcast")
    await author.next_message()
    await author.send(title)
    await author.next_message()
    await author.send(body)
    await author.next_message()
    await author.send("https://diia.gov.ua/services/pidpys")
    await author.next_message()
    await author.send("Мінцифри")
    categories = await author.next_message()
    await author.press(categories, "Адміністративні послуги")
    attachment = await author.next_message()
    if photo:
        await author.send_photo(PNG)
    else:
        await author.press(attachment, "Без файлу")
    message = await author.next_message()
    for label in audience:  # the audience step edits its one message as it goes
        await author.press(message, label)
        message = await author.wait_edit(message)
    return await _until_controls(author)


async def _until_controls(author: UserClient) -> BotMessage:
    while True:
        message = await author.next_message()
        if "Надіслати зараз" in " ".join(message.button_texts()):
            return message


def _copies(member: UserClient, title: str) -> list[BotMessage]:
    return [m for m in member.messages if title in (m.text or m.caption or "") and not m.deleted]


# More than USER_RATE_LIMIT steps in a few seconds: a test acts faster than any person.
@pytest.mark.user_rate(0, 10.0)
async def test_the_whole_flow_with_bad_input_at_each_step(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    emulator.limits.enabled = False
    members = await _network(bot, emulator)
    author = await _coordinator(bot, emulator)

    await author.send("/broadcast")
    first = await author.next_message()
    assert "Крок 1 з 7" in first.text and first.button_texts() == ["Скасувати"]
    await author.send("   ")
    assert "Порожньо" in (await author.next_message()).text
    await author.send("Д" * 201)
    assert "Задовго: 201 символів, можна до 200" in (await author.next_message()).text
    await author.send("Дія.Підпис <beta>")
    assert "Крок 2 з 7" in (await author.next_message()).text

    await author.send("x" * 4096)
    refusal = (await author.next_message()).text
    assert "Telegram дозволяє 4096" in refusal and "Опис може мати до" in refusal
    text = "Підписуйте документи онлайн. Деталі на сайті <не тег>"
    await author.send(
        text,
        entities=[
            _entity(text, "онлайн", "bold"),
            _entity(text, "Деталі", "italic"),
            _entity(text, "сайті", "text_link", url="https://diia.gov.ua"),
        ],
    )
    assert "Крок 3 з 7" in (await author.next_message()).text

    await author.send("diia.gov.ua")
    assert "має починатися з https://" in (await author.next_message()).text
    await author.send("https://")
    assert "немає адреси сайту" in (await author.next_message()).text
    await author.send("https://diia.gov.ua/services/pidpys")
    assert "Крок 4 з 7" in (await author.next_message()).text
    await author.send("Міністерство цифрової трансформації")

    categories = await author.next_message()
    assert "Крок 5 з 7" in categories.text and len(categories.button_texts()) == 9
    await author.send("адміністративні")
    assert "Оберіть кнопкою" in (await author.next_message()).text
    await author.press(categories, "Адміністративні послуги")
    assert (await author.wait_edit(categories)).text == "Категорія: Адміністративні послуги"

    attachment = await author.next_message()
    assert "Крок 6 з 7" in attachment.text
    await author.send_document(b"PK\x03\x04", filename="archive.zip", mime_type="application/zip")
    assert "лише картинка або PDF" in (await author.next_message()).text
    await author.send_photo(PNG)

    kinds = await author.next_message()
    assert "Крок 7 з 7" in kinds.text
    await author.press(kinds, "За областями…")
    regions = await author.wait_edit(kinds)
    assert len(regions.button_texts()) == 25 + 3
    await author.press(regions, "Волинська")
    await author.press(await author.wait_edit(regions), "Готово")
    empty = await author.wait_text(regions, "немає жодного отримувача")
    await author.press(empty, "✅ Волинська")
    await author.press(await author.wait_edit(empty), "Черкаська")
    picked = await author.wait_text(empty, "Надійде 2 учасникам")
    await author.press(picked, "Готово")
    assert "Надійде 2 учасникам" in (await author.wait_edit(picked)).text

    intro, preview, controls = await author.next_messages(3)
    assert "Так розсилку побачать учасники" in intro.text
    assert preview.photo is not None
    caption_html = preview.html or ""
    assert "<b>Дія.Підпис &lt;beta&gt;</b>" in caption_html
    assert "<b>онлайн</b>" in caption_html and "<i>Деталі</i>" in caption_html
    assert '<a href="https://diia.gov.ua">сайті</a>' in caption_html and "&lt;не тег&gt;" in caption_html
    assert preview.button_texts() == REACTIONS
    inert = await author.press(preview, REACTIONS[0])
    assert inert.text is not None and "попередній перегляд" in inert.text
    assert "Надійде 2 учасникам" in controls.text  # the member in Lviv oblast and the coordinator

    await author.press(controls, "Тестова копія мені")
    test_copy, controls = await author.next_messages(2)
    assert test_copy.photo is not None and test_copy.html == preview.html
    await author.press(controls, "Змінити")
    menu = await author.wait_edit(controls)
    await author.press(menu, "Посилання")
    assert "Зміна" in (await author.next_message()).text
    await author.send("ftp://diia.gov.ua")
    assert "має починатися з https://" in (await author.next_message()).text
    await author.send("https://diia.gov.ua/pidpys")
    intro, preview, controls = await author.next_messages(3)
    assert "https://diia.gov.ua/pidpys" in (preview.caption or "")
    for member in members:
        assert member.messages == []  # tests and previews reach nobody else

    await author.press(controls, "Надіслати зараз")
    published = await author.wait_edit(controls)
    assert "Розсилку № 1 поставлено в чергу: 2 отримувачі" in published.text
    status = await author.next_message()
    await author.wait_text(status, "завершено", timeout=10)
    for member in members[:2]:
        copies = _copies(member, "Дія.Підпис <beta>")
        assert len(copies) == 1, member.transcript()
        assert copies[0].button_texts() == REACTIONS and copies[0].photo is not None
    assert _copies(members[2], "Дія.Підпис") == []
    await author.press(controls, "Надіслати зараз")  # pressed again: the draft is gone
    assert await bot.runtime.db.fetch_value("SELECT count(*) FROM broadcasts") == 1


async def test_a_text_too_long_for_a_caption_goes_right_after_the_file(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    emulator.limits.enabled = False
    members = await _network(bot, emulator)
    author = await _coordinator(bot, emulator)
    await author.send("/broadcast")
    await author.next_message()
    await author.send("Реєстр громад")
    await author.next_message()
    await author.send("Опис реєстру. " * 100)  # 1,400 characters: a message, not a caption
    await author.next_message()
    await author.send("https://example.gov.ua")
    await author.next_message()
    await author.send("Мінрегіон")
    await author.press(await author.next_message(), "Інше")
    await author.next_message()
    await author.send_document(b"%PDF-1.4 ...", filename="guide.pdf", mime_type="application/pdf")
    kinds = await author.next_message()
    assert "піде окремим повідомленням одразу після файлу" in kinds.text
    await author.press(kinds, "За рівнем…")
    tiers = await author.wait_edit(kinds)
    await author.press(tiers, "Громада")  # only the municipal tier
    await author.press(await author.wait_text(tiers, "Надійде 2 учасникам"), "Готово")
    await author.wait_edit(tiers)
    _intro, file, text, controls = await author.next_messages(4)
    assert file.document is not None and file.buttons == []
    assert "Опис реєстру" in (text.text or "") and text.button_texts() == REACTIONS
    assert "піде окремим повідомленням" in controls.text

    await author.press(controls, "Надіслати зараз")
    status = (await author.next_messages(1))[0]
    await author.wait_text(status, "завершено", timeout=10)
    for member in (members[0], members[2]):
        file_copy, text_copy = member.messages
        assert file_copy.document is not None and "Опис реєстру" in (text_copy.text or "")
        assert text_copy.button_texts() == REACTIONS
    assert members[1].messages == []


async def test_scheduling_waits_for_its_time(emulator: TelegramEmulator, bot: RunningBot) -> None:
    emulator.limits.enabled = False
    members = await _network(bot, emulator)
    author = await _coordinator(bot, emulator)
    controls = await _compose(author, title="Єдине вікно")
    await author.press(controls, "Запланувати")
    asked = await author.next_message()
    assert "ДД.ММ.РРРР ГГ:ХХ" in asked.text
    await author.send("завтра вранці")
    assert "Не вдалося прочитати дату" in (await author.next_message()).text
    await author.send("01.01.2020 10:00")
    assert "Цей час уже минув" in (await author.next_message()).text
    zone = bot.runtime.settings.zone
    when = (datetime.now(zone) + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    await author.send(when.strftime("%d.%m.%Y %H:%M"))
    confirm = await author.next_message()
    assert f"Запланувати на {when:%d.%m.%Y %H:%M}?" in confirm.text
    await author.press(confirm, "✅ Запланувати")
    done = await author.wait_edit(confirm)
    assert f"Надсилання почнеться {when:%d.%m.%Y %H:%M}" in done.text

    db = bot.runtime.db
    stored = await broadcasts.get_broadcast(db, 1)
    assert stored is not None and stored.status == "scheduled"
    assert parse_stored(stored.starts_at) == when.astimezone(UTC)
    for member in members:
        await member.no_message(within=0.3)
    # Its time comes: the worker picks the rows up.
    await db.execute("UPDATE deliveries SET next_attempt_at = ?", (time.time(),))
    for member in members:
        await member.next_message(timeout=10)
        assert len(_copies(member, "Єдине вікно")) == 1


async def test_cancel_stale_buttons_and_strangers(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], Any]
) -> None:
    emulator.limits.enabled = False
    author = await _coordinator(bot, emulator)
    await author.send("/broadcast")
    await author.next_message()
    await author.send("Дія.Освіта")
    await author.next_message()
    await author.send("/cancel")
    assert "Розсилку скасовано" in (await author.next_message()).text
    await author.send("ще текст")
    assert "Розсилку скасовано" not in (await author.next_message()).text

    await author.send("/broadcast")
    first = await author.next_message()
    await author.press(first, "Скасувати")
    assert "Розсилку скасовано" in (await author.wait_edit(first)).text
    stale = await author.press(first, data=first.buttons[0][0].callback_data or "")
    assert stale.text == "Ця кнопка вже не діє."
    await author.send("/broadcast")  # a new draft: the old draft's buttons do nothing to it
    prompt = await author.next_message()
    stale = await author.press(first, data=first.buttons[0][0].callback_data or "")
    assert stale.text == "Ця кнопка вже не діє."
    await author.send("Дія.Освіта", reply_to=prompt)  # answering the prompt by replying to it
    assert "Крок 2 з 7" in (await author.next_message()).text
    await author.send("/cancel")
    await author.next_message()

    member = emulator.user(7100, "Member", language_code="uk")
    await make_role(7100, "member")
    await member.send("/broadcast")
    assert (await member.next_message()).text == "Ця дія вам недоступна."
    forged = await member.press_data(first, "bc:abcdef:go")
    assert forged.text == "Ця дія вам недоступна."
    assert await bot.runtime.db.fetch_value("SELECT count(*) FROM broadcasts") == 0


# More than USER_RATE_LIMIT steps in a few seconds: a test acts faster than any person.
@pytest.mark.user_rate(0, 10.0)
async def test_an_audience_that_empties_meanwhile_is_asked_again(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    emulator.limits.enabled = False
    members = await _network(bot, emulator)
    author = await _coordinator(bot, emulator)
    controls = await _compose(author, title="Дія.Бізнес", audience=("За рівнем…", "Регіональний", "Готово"))
    assert "Надійде 1 учасникові" in controls.text
    await reachability.mark_unreachable(bot.runtime.db, members[1].id, "blocked")  # the only one
    await author.press(controls, "Надіслати зараз")
    asked = await author.next_message()
    assert "обрані отримувачі стали недоступні" in asked.text
    await author.press(asked, "Усім учасникам")
    controls = await _until_controls(author)
    assert "Надійде 3 учасникам" in controls.text  # the other two members and the coordinator
    await author.press(controls, "Надіслати зараз")
    status, own_copy = sorted(await author.next_messages(2, timeout=10), key=lambda m: bool(m.buttons))
    assert own_copy.button_texts() == REACTIONS
    for member in (members[0], members[2]):
        await member.next_message(timeout=10)
    await author.wait_text(status, "завершено", timeout=10)

    # A second broadcast for those who did not react to the first: one of them did.
    first = await broadcasts.recent_broadcasts(bot.runtime.db, 1)
    await broadcasts.set_reaction(bot.runtime.db, first[0].id, members[0].id, "use", SMILA, None)
    controls = await _compose(
        author, title="Нагадування", audience=("Хто не відреагував на попередню…", "Дія.Бізнес")
    )
    assert "Хто не відреагував на «Дія.Бізнес»" in controls.text
    assert "Надійде 2 учасникам" in controls.text  # the member in Lviv oblast and the coordinator


@pytest.fixture
async def quiet_bot(settings: Settings) -> AsyncIterator[RunningBot]:
    """The bot with quiet hours around the time of the test."""
    now = datetime.now(settings.zone)
    window = f"{(now - timedelta(hours=1)):%H:%M}-{(now + timedelta(hours=1)):%H:%M}"
    running = await start_bot(settings.model_copy(update={"quiet_hours": window}))
    yield running
    await stop_bot(running)


async def test_quiet_hours_hold_a_broadcast_back_unless_urgent(
    emulator: TelegramEmulator, quiet_bot: RunningBot
) -> None:
    emulator.limits.enabled = False
    members = await _network(quiet_bot, emulator)
    author = await _coordinator(quiet_bot, emulator)
    controls = await _compose(author, title="Тиха новина")
    settings = quiet_bot.runtime.settings
    morning = (datetime.now(settings.zone) + timedelta(hours=1)).strftime("%H:%M")
    assert "Зараз тихі години" in controls.text and morning in controls.text
    await author.press(controls, "Надіслати зараз")
    assert "тихі години" in (await author.wait_edit(controls)).text
    await author.next_message()  # the status message
    stored = await broadcasts.get_broadcast(quiet_bot.runtime.db, 1)
    assert stored is not None and stored.status == "scheduled"
    starts = parse_stored(stored.starts_at)
    assert starts > datetime.now(UTC)
    assert starts.astimezone(settings.zone).time() == settings.quiet_window[1]  # when the quiet ends

    controls = await _compose(author, title="Термінова новина")
    await author.press(controls, "Терміново: ні")
    urgent = await author.wait_edit(controls)
    assert "розсилка термінова" in urgent.text
    await author.press(urgent, "Надіслати зараз")
    await author.next_message()  # the status message
    for member in members:
        await member.next_message(timeout=10)
        assert len(_copies(member, "Термінова новина")) == 1
        assert _copies(member, "Тиха новина") == []


async def test_a_draft_survives_a_restart(emulator: TelegramEmulator, settings: Settings) -> None:
    emulator.limits.enabled = False
    running = await start_bot(settings)
    try:
        author = await _coordinator(running, emulator)
        await author.send("/broadcast")
        await author.next_message()
        await author.send("Дія.Енергія")
        await author.next_message()
    finally:
        await stop_bot(running)

    running = await start_bot(settings)
    try:
        await _network(running, emulator)
        await author.send("Облік енергоспоживання громади.")
        assert "Крок 3 з 7" in (await author.next_message()).text
        await author.send("https://diia.gov.ua/energy")
        await author.next_message()
        await author.send("Мінцифри")
        await author.press(await author.next_message(), "Економіка")
        await author.press(await author.next_message(), "Без файлу")
        await author.press(await author.next_message(), "Усім учасникам")
        controls = await _until_controls(author)
        assert "Надійде 4 учасникам" in controls.text
        preview = author.messages[-2]
        assert "<b>Дія.Енергія</b>" in (preview.html or "") and "Облік енергоспоживання" in (
            preview.html or ""
        )
        await author.press(controls, "Скасувати")
        assert "Розсилку скасовано" in (await author.wait_edit(controls)).text
    finally:
        await stop_bot(running)


@pytest.mark.user_rate(0, 10.0)
async def test_in_english_kyiv_and_kyiv_oblast_are_two_buttons(
    emulator: TelegramEmulator, bot: RunningBot
) -> None:
    emulator.limits.enabled = False
    db = bot.runtime.db
    await users.record_seen(db, SeenUser(COORDINATOR, "Coordinator", None, None, "en"))
    await users.set_role(db, COORDINATOR, "coordinator")
    author = emulator.user(COORDINATOR, "Coordinator", language_code="en")
    await author.send("/broadcast")
    await author.next_message()
    for answer in ("Diia.Signature", "Sign documents online.", "https://diia.gov.ua", "Ministry"):
        await author.send(answer)
        await author.next_message()
    categories = author.messages[-1]
    await author.press(categories, categories.button_texts()[0])
    attachment = await author.next_message()
    await author.press(attachment, attachment.button_texts()[0])  # no file
    kinds = await author.next_message()
    await author.press(kinds, "By region…")
    regions = (await author.wait_edit(kinds)).button_texts()
    assert regions.count("Kyiv") == 1 and regions.count("Kyiv Oblast") == 1
    assert "Cherkasy" in regions and "Cherkasy Oblast" not in regions
