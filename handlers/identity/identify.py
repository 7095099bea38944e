"""Before any handler: record who wrote, recognise imported holders, decide their role and language."""

from __future__ import annotations

from telegram import Update
from telegram.ext import TypeHandler

from bot.menus import menus_version, personal_menu_key, set_personal_menu
from bot.runtime import AnyApplication, BotContext, actor_for
from bot.services.joining import binding
from bot.services.people import SeenUser, clear_unreachable, record_sighting
from handlers import groups
from handlers.joining import onboarding


async def identify(update: Update, context: BotContext) -> None:
    """Store the sender and put the acting user on the context; refresh their menu if it is stale."""
    sender = update.effective_user
    if sender is None or sender.is_bot:
        return
    runtime = context.runtime
    sighting = await record_sighting(
        runtime.db,
        SeenUser(sender.id, sender.first_name, sender.last_name, sender.username, sender.language_code),
    )
    user = sighting.user
    chat = update.effective_chat
    private = chat is not None and chat.type == chat.PRIVATE
    bound = None
    if sighting.in_roster and private and update.my_chat_member is None:
        # Imported with their Telegram id: whatever they send first (a reminder's button, say) works.
        bound = await binding.recognise(runtime.db, user)
        user = bound.user if bound is not None else user
    actor = actor_for(user, runtime.settings)
    context.actor_or_none = actor
    if bound is not None:
        context.recognised_now = True
        await onboarding.welcome_bound(context, bound)
    if sighting.unreachable and private and update.my_chat_member is None:
        # They wrote (or pressed) in their chat with the bot: broadcasts reach them again.
        await clear_unreachable(runtime.db, sender.id)
    wanted = personal_menu_key(menus_version(runtime.catalogs), actor.role, user.language, actor.language)
    if private and wanted != user.menu_version and context.application.running:
        context.application.create_task(set_personal_menu(context.bot, runtime, actor), update=update)


def register(app: AnyApplication) -> None:
    """Run `identify` first for every update."""
    app.add_handler(TypeHandler(Update, identify), group=groups.IDENTIFY)
