"""The access policy against an expectation table written separately from it."""

from __future__ import annotations

import pytest

from bot.access import Action, Role, allowed, menu_for, role_of

# What each role may do, written from the product design, not read from bot.access.
EXPECTED: dict[Action, set[Role]] = {
    Action.START: set(Role),
    Action.HELP: set(Role),
    Action.CANCEL: set(Role),
    Action.LANGUAGE: set(Role),
    Action.FEEDBACK: set(Role),
    Action.ANSWER_FEEDBACK: {Role.ADMIN},
}


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
