"""People and Telegram users: who someone is, their language, whether the bot can reach them."""

from __future__ import annotations

# Read by the handlers through this service (handlers never import storage).
from storage.people import (
    Person as Person,
    accept_privacy as accept_privacy,
    get_person as get_person,
    person_of_user as person_of_user,
)
from storage.reachability import clear_unreachable as clear_unreachable, mark_unreachable as mark_unreachable
from storage.users import (
    SeenUser as SeenUser,
    get_user as get_user,
    record_sighting as record_sighting,
    set_language as set_language,
)
