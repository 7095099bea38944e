"""Broadcasts of central services: composing, correcting, managing, the catalog, reactions, questions."""

from __future__ import annotations

from bot.runtime import AnyApplication
from handlers.broadcasts import admin, catalog, compose, correct, question_answers, reactions


def register(app: AnyApplication) -> None:
    """Add the feature's handlers, in order."""
    compose.register(app)  # group BROADCAST_COMPOSE; its stale-button answer in the default group
    correct.register(app)
    admin.register(app)  # /broadcasts: list, view, cancel, recall, remind, export
    catalog.register(app)  # /services
    reactions.register(app)  # group REACTION_TEXT: before /feedback's replies take the text
    question_answers.register(app)  # group QUESTION_REPLIES, after the compose flow in it
