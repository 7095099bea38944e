"""Members the bot cannot reach: marked by a broadcast or a block, shown to staff, skipped, and back
once they write to the bot again."""

from __future__ import annotations

from collections.abc import Callable

from bot.lifecycle import RunningBot
from storage import directory, outbox, reachability
from storage.db import Database
from storage.outbox import BatchCounts
from tests.auxil.reaction_steps import CHERKASY_REGION, holder, publish, until
from tg_emulator import TelegramEmulator
from tg_emulator.client import UserClient

COORDINATOR = 7601
WARNING = "⚠️"


def broadcasts_in(member: UserClient) -> int:
    """How many broadcasts the member has received."""
    return sum(1 for message in member.messages if (message.text or "").startswith("📢"))


async def test_a_member_who_cannot_be_reached_is_marked_shown_skipped_and_back_after_writing(
    emulator: TelegramEmulator, bot: RunningBot, make_role: Callable[[int, str], object]
) -> None:
    emulator.limits.enabled = False
    db = bot.runtime.db
    await make_role(COORDINATOR, "coordinator")  # type: ignore[misc]
    first_page = (await directory.roster(db, "municipal", CHERKASY_REGION))[:3]
    codes = [card.place.code for card in first_page]
    olena = await holder(bot, emulator, 7701, "Олена Коваль", codes[0])
    petro = await holder(bot, emulator, 7702, "Петро Бондар", codes[1])
    dmytro = await holder(bot, emulator, 7703, "Дмитро Ткач", codes[2], started=False)  # never opened it

    # Petro blocks the bot: Telegram tells the bot, which marks him at once.
    petro.block_bot()
    await until(lambda: reachability.is_unreachable(db, petro.id))
    first = await publish(bot, COORDINATOR)
    assert first.recipients == 2  # Petro is skipped
    # Dmytro never started the bot: the broadcast's 403 marks him.
    assert await outbox.counts(db, first.broadcast.batch_id or 0) == BatchCounts(sent=1, unreachable=1)
    assert await reachability.unreachable_ids(db) == {petro.id, dmytro.id}
    assert (broadcasts_in(olena), broadcasts_in(petro), broadcasts_in(dmytro)) == (1, 0, 0)

    # Staff see the mark in the roster and on the card; members do not.
    coordinator = emulator.user(COORDINATOR, "Coordinator", language_code="en", has_started=True)
    await coordinator.send("/roster municipal Cherkasy")
    roster = await coordinator.next_message()
    marked = [label for label in roster.button_texts() if label.endswith(WARNING)]
    assert len(marked) == 2, roster.button_texts()
    await coordinator.press(roster, marked[0])
    card = await coordinator.next_message()
    assert "Not reachable in Telegram since" in card.text
    await olena.send("/roster municipal Черкаська")
    seen_by_member = await olena.next_message()
    assert not any(label.endswith(WARNING) for label in seen_by_member.button_texts())

    second = await publish(bot, COORDINATOR)
    assert second.recipients == 1  # both skipped

    # Petro unblocks and Dmytro writes /start: the next broadcast reaches them again.
    petro.unblock_bot()
    await until(lambda: _reachable(db, petro.id))
    await dmytro.send("/start")
    await dmytro.next_message()
    assert await reachability.unreachable_ids(db) == frozenset()
    third = await publish(bot, COORDINATOR)
    assert third.recipients == 3
    assert (broadcasts_in(olena), broadcasts_in(petro), broadcasts_in(dmytro)) == (3, 1, 1)
    await coordinator.send("/roster municipal Cherkasy")
    assert not any(label.endswith(WARNING) for label in (await coordinator.next_message()).button_texts())


async def _reachable(db: Database, telegram_id: int) -> bool:
    return not await reachability.is_unreachable(db, telegram_id)


async def test_blocking_again_after_writing_marks_again(emulator: TelegramEmulator, bot: RunningBot) -> None:
    emulator.limits.enabled = False
    db = bot.runtime.db
    member = emulator.user(7801, "Member", language_code="en", has_started=True)
    await member.send("/start")
    await member.next_message()
    member.block_bot()
    await until(lambda: reachability.is_unreachable(db, member.id))
    reason = await db.fetch_value("SELECT reason FROM unreachable_chats WHERE telegram_id = ?", (member.id,))
    assert reason == "blocked the bot"
    member.unblock_bot()
    await until(lambda: _reachable(db, member.id))
    member.block_bot()
    await until(lambda: reachability.is_unreachable(db, member.id))
