"""The demo users of the sandbox and the data that lets each of them show what they can do."""

from __future__ import annotations

from dataclasses import dataclass

from storage import users
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


async def load_demo_data(db: Database) -> None:
    """Put the demo users with their roles into a freshly migrated database."""
    for demo in DEMO_USERS:
        seen = SeenUser(demo.telegram_id, demo.first_name, demo.last_name, demo.username, demo.language_code)
        await users.record_seen(db, seen)
        if demo.role in users.ROLES:
            await users.set_role(db, demo.telegram_id, demo.role)
