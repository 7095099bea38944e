"""The access policy against an expectation table written separately from it."""

from __future__ import annotations

import pytest

from bot.access import Action, Role, allowed, menu_for, role_of
from tests.auxil.role_table import EXPECTED


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
