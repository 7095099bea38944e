"""/start (with an invite link's token, or a username the roster knows) and /help."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import CommandHandler

from bot.access import Action, Role, menu_for
from bot.runtime import AnyApplication, BotContext
from handlers.common.guards import requires
from handlers.common.replies import answer
from handlers.joining import join, onboarding

# The deep link of inline mode's "join" button: a greeting, not an invite token (those are 32 characters).
JOIN_PAYLOAD = "join"


@requires(Action.START)
async def start(update: Update, context: BotContext) -> None:
    """Redeem an invite link, ask the coordinators about a matching @username, or greet the user."""
    if context.args and context.args != [JOIN_PAYLOAD]:
        await onboarding.redeem_invite(update, context, " ".join(context.args))
        return
    if context.recognised_now:
        return  # an imported holder: handlers/identity/identify.py has just welcomed them
    if await join.request_for_username(update, context):
        return
    actor = context.actor
    name = html.escape(actor.user.first_name or "")
    if actor.role is Role.STRANGER:
        # A holder imported by phone number only is recognised when they share it.
        text = f"{context.t('start.stranger', name=name)}\n\n{context.t('binding.offer_phone')}"
        chat = update.effective_chat
        assert chat is not None
        await chat.send_message(text, reply_markup=onboarding.share_phone_keyboard(context))
        return
    key = "start.stranger" if actor.role is Role.PENDING else "start.member"
    await answer(update, context.t(key, name=name))


@requires(Action.HELP, private=False)
async def help_command(update: Update, context: BotContext) -> None:
    """List the commands this user may use, with what each does."""
    lines = [context.t("help.title")]
    for action in menu_for(context.actor.role):
        lines.append(f"/{action.value} — {context.t(f'help.{action.value}')}")
    lines.append("")
    lines.append(context.t("help.footer"))
    await answer(update, "\n".join(lines))


def register(app: AnyApplication) -> None:
    """Add /start and /help."""
    app.add_handler(CommandHandler(Action.START.value, start))
    app.add_handler(CommandHandler(Action.HELP.value, help_command))
