"""/grant and /revoke: admins give and take the coordinator role; the person is told, their menu follows."""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import CommandHandler

from bot.access import Action
from bot.menus import set_personal_menu
from bot.runtime import AnyApplication, BotContext, actor_for
from bot.services import roles as service
from bot.services.roles import RoleChange
from handlers.common.guards import requires
from handlers.common.replies import answer

log = logging.getLogger(__name__)


def _who(change: RoleChange) -> str:
    """ "Ольга Петренко (@olha, id 3001)", escaped."""
    user = change.user
    username = f"@{user.username}, " if user.username else ""
    return html.escape(f"{user.display_name} ({username}id {user.telegram_id})")


async def _change_role(update: Update, context: BotContext, action: Action) -> None:
    """Find the named user, apply the rule, tell the admin and the user, and refresh the user's menu."""
    runtime = context.runtime
    ref = service.parse_target(context.args[0] if context.args and len(context.args) == 1 else None)
    if ref is None:
        await answer(update, context.t(f"roles.usage.{action.value}"))
        return
    target = await service.find_target(runtime.db, ref)
    if target is None:
        typed = str(ref.telegram_id) if ref.telegram_id is not None else f"@{ref.username}"
        await answer(update, context.t("roles.unknown_user", user=html.escape(typed)))
        return
    change_role = service.grant if action is Action.GRANT else service.revoke
    change = await change_role(runtime.db, context.actor.telegram_id, target, runtime.settings.admin_ids)
    if change.refusal is not None:
        await answer(update, context.t(f"roles.refused.{change.refusal.value}", user=_who(change)))
        return
    notified = await _tell_the_user(context, change, action)
    key = f"roles.done.{action.value}" if notified else f"roles.done_unnotified.{action.value}"
    await answer(
        update, context.t(key, user=_who(change), role=context.t(f"profile.role.{change.new_role.value}"))
    )


async def _tell_the_user(context: BotContext, change: RoleChange, action: Action) -> bool:
    """Tell the user in their language and give them the menu of their new role at once."""
    runtime = context.runtime
    actor = actor_for(change.user, runtime.settings)
    await set_personal_menu(context.bot, runtime, actor)
    text = runtime.text(actor.language, f"roles.notice.{action.value}")
    try:
        await context.bot.send_message(change.user.telegram_id, text)
    except (Forbidden, BadRequest) as error:
        log.info("role change not announced to %s: %s", change.user.telegram_id, error.message)
        return False
    return True


@requires(Action.GRANT)
async def grant(update: Update, context: BotContext) -> None:
    """/grant <id or @username>."""
    await _change_role(update, context, Action.GRANT)


@requires(Action.REVOKE)
async def revoke(update: Update, context: BotContext) -> None:
    """/revoke <id or @username>."""
    await _change_role(update, context, Action.REVOKE)


def register(app: AnyApplication) -> None:
    """Add /grant and /revoke."""
    app.add_handler(CommandHandler(Action.GRANT.value, grant))
    app.add_handler(CommandHandler(Action.REVOKE.value, revoke))
