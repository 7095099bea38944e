"""What a coordinator does in /setstatus, step by step (shared by the stats, setstatus and audit stories)."""

from __future__ import annotations

from tg_emulator.client import UserClient
from tg_emulator.model import BotMessage

# Button texts of the shared picker, by language.
TIER_BUTTONS = {
    "en": {
        "regional": "Regional (oblast administration, Kyiv)",
        "city": "City (city CDTO)",
        "municipal": "Hromada (digital leader)",
    },
    "uk": {
        "regional": "Регіональний рівень (ОДА, КМДА)",
        "city": "Місто (CDTO міста)",
        "municipal": "Громада (цифровий лідер)",
    },
}
CHOOSE_REGION = {"en": "Choose the region", "uk": "Оберіть регіон"}
CHOOSE_PLACE = {"en": "Choose the place", "uk": "Оберіть місце"}


async def open_card(
    user: UserClient,
    tier: str,
    region: str,
    *,
    typed: str | None = None,
    place: str | None = None,
    language: str = "en",
) -> BotMessage:
    """/setstatus, the tier, the region, then (unless regional) a typed part of the name and the place."""
    await user.send("/setstatus")
    tiers = await user.next_message()
    await user.press(tiers, TIER_BUTTONS[language][tier])
    regions = await user.wait_text(tiers, CHOOSE_REGION[language])
    await user.press(regions, region)
    if tier != "regional":
        await user.wait_text(regions, CHOOSE_PLACE[language])
        assert typed is not None and place is not None
        await user.send(typed)
        found = await user.next_message()
        await user.press(found, place)
    return await user.next_message()


async def set_status(user: UserClient, card: BotMessage, status_button: str) -> BotMessage:
    """Press a status button on the card and return the card as it became."""
    await user.press(card, status_button)
    return await user.wait_edit(card)
