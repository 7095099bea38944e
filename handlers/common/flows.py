"""Conversation handlers as every flow of the bot builds them: persistent, per user, resumable, and
re-checking at every step that the user may still do what the flow is for."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, ConversationHandler
from telegram.warnings import PTBUserWarning

from bot.access import Action
from bot.runtime import BotContext
from handlers.common.replies import answer

Step = Callable[[Update, BotContext], Coroutine[Any, Any, object]]


def flow(
    name: str,
    action: Action,
    entry_points: list[BaseHandler[Any, Any, Any]],
    states: dict[object, list[BaseHandler[Any, Any, Any]]],
    fallbacks: list[BaseHandler[Any, Any, Any]],
    *,
    draft: str | None = None,
) -> ConversationHandler[Any]:
    """A persistent ConversationHandler (its state is saved after every update).

    Entry points check the role themselves (`handlers.common.guards.requires`); every later step and
    fallback is gated here, because a role can be lost mid-flow (revoked, erased): such a step ends
    the flow, drops its `draft` from the flow data and says why.
    """
    for handler in [*(step for steps in states.values() for step in steps), *fallbacks]:
        handler.callback = _gated(handler.callback, action, draft)
    with warnings.catch_warnings():
        # Our flows mix button and text steps, so per_message stays False; PTB warns about
        # exactly that combination, and it is what we want: one state per user and chat.
        warnings.filterwarnings("ignore", message=r".*per_message=False.*", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=entry_points,
            states=states,
            fallbacks=fallbacks,
            name=name,
            persistent=True,
            allow_reentry=True,
        )


def _gated(step: Step, action: Action, draft: str | None) -> Step:
    @functools.wraps(step)
    async def gated(update: Update, context: BotContext) -> object:
        actor = context.actor_or_none
        if actor is None or actor.may(action):
            return await step(update, context)
        if draft is not None:
            context.flow_data.pop(draft, None)
        text = context.t("flow.no_longer_allowed")
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        else:
            await answer(update, text)
        # Ends the flow (PTB reads the state from the exception) and keeps other handlers off the update.
        raise ApplicationHandlerStop(ConversationHandler.END)

    return gated
