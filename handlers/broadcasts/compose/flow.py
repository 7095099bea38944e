"""/broadcast: a coordinator composes a broadcast step by step (title, text, link, owner, category,
file, audience), sees it as members will, and sends it now or schedules it.

The draft is kept in the author's flow data (plain JSON), so the flow survives a restart.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Message, Update
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.access import Action
from bot.callbacks import Prefix, pattern, unpack
from bot.runtime import AnyApplication, BotContext
from handlers import groups
from handlers.broadcasts.compose.audience import on_audience
from handlers.broadcasts.compose.common import (
    ATTACHMENT,
    AUDIENCE,
    BODY,
    CANCEL,
    CATEGORY,
    CONTROLS,
    DRAFT,
    LINK,
    OWNER,
    PREVIEW_BUTTON,
    SCHEDULE,
    SCHEDULE_CONFIRM,
    TITLE,
    read_press,
    start_over,
)
from handlers.broadcasts.compose.controls import on_control, on_schedule_press, receive_when
from handlers.broadcasts.compose.fields import (
    attachment_text,
    choose_category,
    receive_attachment,
    receive_body,
    receive_link,
    receive_owner,
    receive_title,
    skip_attachment,
    text_only,
    use_buttons,
)
from handlers.common.flows import flow
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer


class _OursOrNoReply(filters.MessageFilter):
    """Not a reply, or a reply to one of this flow's prompts (they carry its buttons): a reply to
    anything else answers a member's question or a feedback message, for the handlers that do."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        if replied is None:
            return True
        rows = replied.reply_markup.inline_keyboard if replied.reply_markup else ()
        return any(_is_ours(button.callback_data) for row in rows for button in row)


def _is_ours(data: object) -> bool:
    """Whether a button's data is this flow's."""
    found = unpack(data) if isinstance(data, str) else None
    return found is not None and found.prefix is Prefix.BROADCAST_COMPOSE


# The flow runs in its own group before the default one (handlers/groups.py); where a button is the
# answer, a file or a command is left to the default group.
OURS = ~filters.UpdateType.EDITED & _OursOrNoReply()
TEXT = filters.TEXT & ~filters.COMMAND & OURS
OTHER = ~filters.COMMAND & ~filters.StatusUpdate.ALL & ~filters.TEXT & OURS

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, object]]


@requires(Action.BROADCAST)
async def begin(update: Update, context: BotContext) -> str:
    """Start a new draft (any older one is dropped, its buttons go stale) and ask for the title."""
    return await start_over(update, context, note=context.t("broadcast_compose.intro"))


def _drop(context: BotContext) -> None:
    context.flow_data.pop(DRAFT, None)


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel inside the flow: the draft is dropped, nothing is stored."""
    _drop(context)
    await answer(update, context.t("broadcast_compose.cancelled"))
    return ConversationHandler.END


@requires(Action.BROADCAST)
async def cancel_button(update: Update, context: BotContext) -> int | None:
    """The Cancel button of any step of this draft."""
    press = await read_press(update, context)
    if press is None:
        return None
    query = pressed(update).query
    _drop(context)
    await query.answer()
    await query.edit_message_text(context.t("broadcast_compose.cancelled"))
    return ConversationHandler.END


@requires(Action.BROADCAST)
async def outside_the_flow(update: Update, context: BotContext) -> None:
    """A compose button pressed when its step is over: a preview's reaction buttons, or stale ones."""
    query, data = pressed(update)
    if data is not None and len(data.parts) == 2 and data.parts[1] == PREVIEW_BUTTON:
        await query.answer(context.t("broadcast_compose.preview_button"), show_alert=True)
    else:
        await query.answer(context.t("button.stale"))


def _presses(*actions: str) -> str:
    """A pattern for this flow's buttons doing one of `actions` (any draft token: the handler checks it)."""
    return f"^{Prefix.BROADCAST_COMPOSE.value}:[^:]+:({'|'.join(actions)})(:|$)"


def _consumes(handler: Handler) -> Handler:
    """The update is this flow's: the default group (roster files, replies) must not see it too."""

    @functools.wraps(handler)
    async def wrapped(update: Update, context: BotContext) -> object:
        raise ApplicationHandlerStop(await handler(update, context))

    return wrapped


def _on_text(handler: Handler) -> MessageHandler[Any, Any]:
    return MessageHandler(TEXT, _consumes(handler))


def _on_other(handler: Handler) -> MessageHandler[Any, Any]:
    return MessageHandler(OTHER, _consumes(handler))


def _on_press(handler: Handler, *actions: str) -> CallbackQueryHandler[Any, Any]:
    return CallbackQueryHandler(_consumes(handler), pattern=_presses(*actions))


def register(app: AnyApplication) -> None:
    """Add the /broadcast flow (its own group), and the answer to its buttons pressed out of turn."""
    conversation = flow(
        "broadcast_compose",
        Action.BROADCAST,
        entry_points=[CommandHandler(Action.BROADCAST.value, _consumes(begin))],
        states={
            TITLE: [_on_text(receive_title), _on_other(text_only)],
            BODY: [_on_text(receive_body), _on_other(text_only)],
            LINK: [_on_text(receive_link), _on_other(text_only)],
            OWNER: [_on_text(receive_owner), _on_other(text_only)],
            CATEGORY: [_on_press(choose_category, "cat")],
            ATTACHMENT: [
                _on_other(receive_attachment),
                _on_text(attachment_text),
                _on_press(skip_attachment, "skip"),
            ],
            AUDIENCE: [_on_press(on_audience, "a", "at", "ar", "ad", "ab", "an")],
            CONTROLS: [_on_press(on_control, "go", "test", "urg", "ed", "bk", "ef", "sch")],
            SCHEDULE: [_on_text(receive_when), _on_press(on_schedule_press, "bk")],
            SCHEDULE_CONFIRM: [_on_press(on_schedule_press, "sc", "sch", "bk")],
        },
        fallbacks=[
            CommandHandler(Action.CANCEL.value, _consumes(cancel)),
            _on_press(cancel_button, CANCEL),
            _on_text(use_buttons),  # typing where the answer is a button
        ],
        draft=DRAFT,
    )
    app.add_handler(conversation, group=groups.BROADCAST_COMPOSE)
    app.add_handler(CallbackQueryHandler(outside_the_flow, pattern=pattern(Prefix.BROADCAST_COMPOSE)))
