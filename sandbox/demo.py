"""The demo users of the sandbox and the data that lets each of them show what they can do."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.broadcasts.audience import Audience
from bot.services.roster.posts import appoint
from storage import broadcasts, people, places, posts, users
from storage.broadcasts import Draft
from storage.db import Database
from storage.users import SeenUser


@dataclass(frozen=True)
class DemoUser:
    """A person the sandbox lets you act as."""

    telegram_id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str
    role: str
    description: str

    @property
    def label(self) -> str:
        """Name and role, for the terminal."""
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return f"{name} ({self.description})"


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(700001, "Степан", None, None, "uk", "stranger", "stranger, not in the network"),
    DemoUser(700002, "Олена", "Коваль", "olena_cdto", "uk", "member", "CDTO, a member"),
    DemoUser(700003, "Maria", "Shevchenko", "maria_coord", "en", "coordinator", "ministry coordinator"),
    DemoUser(700004, "Адмін", None, "cdto_admin", "uk", "admin", "admin from ADMIN_IDS"),
)


def demo_admin_ids() -> frozenset[int]:
    """The demo admins, as ADMIN_IDS would list them."""
    return frozenset(user.telegram_id for user in DEMO_USERS if user.role == "admin")


# Olena's post: the hromada of Smila, Cherkasy raion (the sample roster file leaves it alone).
OLENA_POST_PLACE = "UA71080390000078978"
# As early on in the real network: 14 regional posts filled and 4 being appointed.
REGIONAL_APPOINTED = 14
REGIONAL_APPOINTING = 4
DEMO_SURNAMES = (
    "Бондаренко",
    "Ткаченко",
    "Кравченко",
    "Олійник",
    "Шевчук",
    "Поліщук",
    "Бойко",
    "Мельник",
    "Лисенко",
    "Гнатюк",
    "Руденко",
    "Савченко",
    "Марченко",
    "Петренко",
    "Федоренко",
    "Яковенко",
)


def _service(title: str, body_html: str, link: str, owner: str, category: str) -> Draft:
    audience = Audience("all").to_json()
    return Draft(title, body_html, len(body_html), link, owner, category, None, None, audience, False)


# The catalog /services shows before anyone broadcasts (tags-free bodies, so length = characters).
DEMO_SERVICES: tuple[Draft, ...] = (
    _service(
        "єМалятко",
        "Дев'ять послуг при народженні дитини однією заявою в Дії.",
        "https://diia.gov.ua/services/yemalyatko",
        "Мінцифри",
        "social",
    ),
    _service(
        "Дія.Підпис",
        "Кваліфікований електронний підпис у смартфоні для посадовців громад.",
        "https://diia.gov.ua/services/diia-pidpis",
        "Мінцифри",
        "admin",
    ),
    _service(
        "Електронна черга до ЦНАП",
        "Запис до центру надання адміністративних послуг через портал Дія.",
        "https://diia.gov.ua",
        "Мінцифри",
        "admin",
    ),
)


async def load_demo_data(db: Database) -> None:
    """Demo users with their roles, and a roster that shows coverage: real places, invented people."""
    for demo in DEMO_USERS:
        seen = SeenUser(demo.telegram_id, demo.first_name, demo.last_name, demo.username, demo.language_code)
        await users.record_seen(db, seen)
        if demo.role in users.ROLES:
            await users.set_role(db, demo.telegram_id, demo.role)
    olena = next(demo for demo in DEMO_USERS if demo.username == "olena_cdto")
    person = await people.create_person(
        db,
        "Олена Коваль",
        telegram_id=olena.telegram_id,
        telegram_username=olena.username,
        phone="+380501112233",
    )
    post = await posts.find_post(db, "municipal", OLENA_POST_PLACE)
    assert post is not None
    await appoint(db, post, person, actor_id=None)
    await _fill_regional_posts(db)
    for service in DEMO_SERVICES:
        await broadcasts.save_service(db, service)


async def _fill_regional_posts(db: Database) -> None:
    regions = await places.regions(db)
    for index, region in enumerate(regions[: REGIONAL_APPOINTED + REGIONAL_APPOINTING]):
        post = await posts.find_post(db, "regional", region.code)
        assert post is not None
        if index >= REGIONAL_APPOINTED:
            await posts.set_status(db, post.id, "appointing")
            continue
        holder = await people.create_person(
            db, f"Demo {DEMO_SURNAMES[index]}"
        )  # imported, not yet in the bot
        await appoint(db, post, holder, actor_id=None)
