"""/language: choose Ukrainian or English by buttons; the menu follows."""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.i18n import LANGUAGES
from bot.menus import set_personal_menu
from bot.runtime import AnyApplication, BotContext, actor_for
from bot.services import people
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, keyboard


def _choices(context: BotContext, current: str) -> list[list[InlineKeyboardButton]]:
    marks = {language: "✓ " if language == current else "" for language in LANGUAGES}
    return [
        [button(marks[language] + context.t(f"language.name.{language}"), Prefix.LANGUAGE, language)]
        for language in LANGUAGES
    ]


@requires(Action.LANGUAGE)
async def ask_language(update: Update, context: BotContext) -> None:
    """Show the language buttons."""
    await answer(update, context.t("language.choose"), keyboard(*_choices(context, context.actor.language)))


@requires(Action.LANGUAGE)
async def choose_language(update: Update, context: BotContext) -> None:
    """Save the chosen language, answer in it and give the user the menu in it."""
    query, data = pressed(update)
    if data is None or not data.parts or data.parts[0] not in LANGUAGES:
        await query.answer(context.t("button.stale"))
        return
    language = data.parts[0]
    if language == context.actor.user.language:
        await query.answer(context.t("language.saved"))
        return
    await switch_language(context, language)
    await query.answer()
    await query.edit_message_text(
        context.t("language.saved"), reply_markup=keyboard(*_choices(context, language))
    )


async def switch_language(context: BotContext, language: str) -> None:
    """Save the user's language; from now on they are answered in it, and their menu follows."""
    runtime = context.runtime
    await people.set_language(runtime.db, context.actor.telegram_id, language)
    user = await people.get_user(runtime.db, context.actor.telegram_id)
    assert user is not None
    context.actor_or_none = actor_for(user, runtime.settings)
    await set_personal_menu(context.bot, runtime, context.actor)


def register(app: AnyApplication) -> None:
    """Add /language and its buttons."""
    app.add_handler(CommandHandler(Action.LANGUAGE.value, ask_language))
    app.add_handler(CallbackQueryHandler(choose_language, pattern=pattern(Prefix.LANGUAGE)))
