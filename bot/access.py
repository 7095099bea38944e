"""The access policy: the one place that says what each role may do. Handlers ask it."""

from __future__ import annotations

from enum import StrEnum

from storage.users import Role as Role  # the roles the policy speaks of, stored with each user


class Action(StrEnum):
    """Everything a user can ask of the bot: commands and the buttons behind them."""

    START = "start"
    HELP = "help"
    CANCEL = "cancel"
    LANGUAGE = "language"
    FEEDBACK = "feedback"
    ANSWER_FEEDBACK = "answer_feedback"
    JOIN = "join"
    PROFILE = "me"
    EDIT_PROFILE = "edit_profile"
    STATS = "stats"
    STATS_CHART = "stats_chart"
    INVITE = "invite"
    PENDING = "pending"
    DECIDE_REQUEST = "decide_request"
    SET_STATUS = "setstatus"
    EXPORT_ROSTER = "export"
    IMPORT_ROSTER = "import_roster"
    EXPORT_INVITES = "invitelinks"
    AUDIT = "audit"
    GRANT = "grant"
    REVOKE = "revoke"
    WHOIS = "whois"
    FIND = "find"
    ROSTER = "roster"
    BROADCAST = "broadcast"
    BROADCASTS = "broadcasts"
    MANAGE_BROADCAST = "manage_broadcast"
    ANSWER_QUESTION = "answer_question"
    SERVICES = "services"
    CHECKIN = "checkin"
    AWAY = "away"
    CHECKINS = "checkins"
    MY_CHECKINS = "mycheckins"
    REACT = "react"


EVERYONE = frozenset(Role)
OUTSIDERS = frozenset({Role.STRANGER, Role.PENDING})
MEMBERS_AND_UP = frozenset({Role.MEMBER, Role.COORDINATOR, Role.ADMIN})
STAFF = frozenset({Role.COORDINATOR, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})

_ALLOWED: dict[Action, frozenset[Role]] = {
    Action.START: EVERYONE,
    Action.HELP: EVERYONE,
    Action.CANCEL: EVERYONE,
    Action.LANGUAGE: EVERYONE,
    Action.FEEDBACK: EVERYONE,
    Action.ANSWER_FEEDBACK: ADMINS,
    Action.JOIN: OUTSIDERS,
    # Everyone sees what the bot keeps about them and may delete it; only people of the network have
    # contacts, a post and privacy choices to change.
    Action.PROFILE: EVERYONE,
    Action.EDIT_PROFILE: MEMBERS_AND_UP,
    Action.STATS: EVERYONE,
    Action.STATS_CHART: STAFF,
    Action.INVITE: STAFF,
    Action.PENDING: STAFF,
    Action.DECIDE_REQUEST: STAFF,
    Action.SET_STATUS: STAFF,
    Action.EXPORT_ROSTER: STAFF,
    Action.IMPORT_ROSTER: STAFF,
    Action.EXPORT_INVITES: STAFF,
    Action.AUDIT: STAFF,
    Action.GRANT: ADMINS,
    Action.REVOKE: ADMINS,
    # Lookups answer everyone; what they show of people is decided by bot.services.lookup.directory.
    Action.WHOIS: EVERYONE,
    Action.FIND: MEMBERS_AND_UP,
    Action.ROSTER: EVERYONE,
    # Broadcasts: coordinators compose and manage them (cancel, recall, correct, remind, export) and
    # answer the questions they get; members react; the catalog of services is for the network.
    Action.BROADCAST: STAFF,
    Action.BROADCASTS: STAFF,
    Action.MANAGE_BROADCAST: STAFF,
    Action.ANSWER_QUESTION: STAFF,
    Action.SERVICES: MEMBERS_AND_UP,
    Action.CHECKIN: MEMBERS_AND_UP,
    Action.AWAY: MEMBERS_AND_UP,
    # Coordinators open any cycle's digest; regional holders get their region's (checked per press).
    Action.CHECKINS: STAFF,
    Action.MY_CHECKINS: MEMBERS_AND_UP,
    Action.REACT: MEMBERS_AND_UP,
}

# Commands in the order menus and /help list them; actions without a command (buttons) are absent.
MENU_ORDER: tuple[Action, ...] = (
    Action.HELP,
    Action.WHOIS,
    Action.FIND,
    Action.ROSTER,
    Action.SERVICES,
    Action.CHECKIN,
    Action.AWAY,
    Action.MY_CHECKINS,
    Action.JOIN,
    Action.PROFILE,
    Action.STATS,
    Action.BROADCAST,
    Action.BROADCASTS,
    Action.CHECKINS,
    Action.INVITE,
    Action.PENDING,
    Action.SET_STATUS,
    Action.EXPORT_ROSTER,
    Action.EXPORT_INVITES,
    Action.AUDIT,
    Action.GRANT,
    Action.REVOKE,
    Action.LANGUAGE,
    Action.FEEDBACK,
    Action.CANCEL,
    Action.START,
)


def allowed(role: Role, action: Action) -> bool:
    """Whether a user with this role may do this."""
    return role in _ALLOWED[action]


def menu_for(role: Role) -> list[Action]:
    """The commands this role sees in its menu and in /help."""
    return [action for action in MENU_ORDER if allowed(role, action)]


def role_of(stored_role: str, telegram_id: int, admin_ids: frozenset[int]) -> Role:
    """Admins come from the settings; everyone else from their stored role."""
    if telegram_id in admin_ids:
        return Role.ADMIN
    return Role(stored_role)
