"""A member blocks or unblocks the bot: broadcasts skip them, or reach them again."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import ChatMemberHandler

from bot.runtime import AnyApplication, BotContext
from bot.services import people

BLOCKED = "blocked the bot"


async def membership_changed(update: Update, context: BotContext) -> None:
    """Telegram's my_chat_member in a private chat: 'kicked' is a block, 'member' an unblock."""
    changed = update.my_chat_member
    if changed is None or changed.chat.type != changed.chat.PRIVATE:
        return
    status = changed.new_chat_member.status
    if status == ChatMember.BANNED:
        await people.mark_unreachable(context.runtime.db, changed.chat.id, BLOCKED)
    elif status == ChatMember.MEMBER:
        await people.clear_unreachable(context.runtime.db, changed.chat.id)


def register(app: AnyApplication) -> None:
    """Add the handler of the bot's own membership in private chats."""
    app.add_handler(ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
