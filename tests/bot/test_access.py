"""The access policy against an expectation table written separately from it."""

from __future__ import annotations

import pytest

from bot.access import Action, Role, allowed, menu_for, role_of

# What each role may do, written from the product design and the issues, not read from bot.access.
# Columns: stranger, pending, member, coordinator, admin.
_MATRIX = """
start            S P M C A
help             S P M C A
cancel           S P M C A
language         S P M C A
feedback         S P M C A
answer_feedback  . . . . A
join             S P . . .
me               S P M C A
edit_profile     . . M C A
stats            S P M C A
stats_chart      . . . C A
invite           . . . C A
pending          . . . C A
decide_request   . . . C A
setstatus        . . . C A
export           . . . C A
import_roster    . . . C A
invitelinks      . . . C A
audit            . . . C A
grant            . . . . A
revoke           . . . . A
whois            S P M C A
find             . . M C A
roster           S P M C A
broadcast        . . . C A
broadcasts       . . . C A
manage_broadcast . . . C A
answer_question  . . . C A
services         . . M C A
checkin          . . M C A
away             . . M C A
checkins         . . . C A
mycheckins       . . M C A
react            . . M C A
"""
_COLUMNS = (Role.STRANGER, Role.PENDING, Role.MEMBER, Role.COORDINATOR, Role.ADMIN)
EXPECTED: dict[Action, set[Role]] = {
    Action(name): {role for role, mark in zip(_COLUMNS, marks, strict=True) if mark != "."}
    for name, *marks in (line.split() for line in _MATRIX.strip().splitlines())
}


def test_the_table_covers_every_action() -> None:
    assert set(EXPECTED) == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_policy_matches_the_table(role: Role, action: Action) -> None:
    assert allowed(role, action) == (role in EXPECTED[action])


def test_menus_list_only_allowed_commands() -> None:
    for role in Role:
        assert all(allowed(role, action) for action in menu_for(role))
        assert Action.HELP in menu_for(role)


def test_admins_come_from_settings() -> None:
    assert role_of("stranger", 7, frozenset({7})) is Role.ADMIN
    assert role_of("coordinator", 8, frozenset({7})) is Role.COORDINATOR
