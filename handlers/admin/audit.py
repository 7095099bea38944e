"""/audit [offset]: the latest entries of the audit log, newest first, readable in the user's language."""

from __future__ import annotations

import html
import re

from telegram import Update
from telegram.ext import CommandHandler

from bot.access import Action
from bot.runtime import AnyApplication, BotContext
from bot.services import audit as audit_log, people, places
from bot.services.audit import AuditAction, AuditEntry, erased_number
from bot.services.clock import parse_stored
from bot.services.roster import posts
from bot.time_format import shown_moment
from handlers.common.guards import requires
from handlers.common.replies import answer

PAGE_SIZE = 20
MAX_TEXT = 4000  # under Telegram's 4,096 with room for the hint; counted before HTML is parsed
MAX_DETAILS = 80
MAX_OFFSET = 1_000_000

# Every action has its words; an entry written by an older version is shown as recorded.
KNOWN_ACTIONS = frozenset(AuditAction)
_STATUS_CHANGE = re.compile(r"^(vacant|appointing|appointed)(?: → (vacant|appointing|appointed))?(.*)$", re.S)
_SUBJECT = re.compile(r"^(post|user|person|request|feedback|broadcast):(-?\d+)$")


def _time(context: BotContext, stored: str) -> str:
    return shown_moment(parse_stored(stored), context.runtime.settings.zone)


async def _actor(context: BotContext, actor_id: int | None) -> str:
    if actor_id is None:
        return context.t("audit.actor.system")
    if (number := erased_number(actor_id)) is not None:
        return context.t("erased.person", number=number)
    user = await people.get_user(context.runtime.db, actor_id)
    return user.display_name if user is not None else context.t("audit.actor.id", id=actor_id)


async def _subject(context: BotContext, subject: str) -> str:
    """ "post:12" as the post's tier and place, "user:5" as the user's name; others as recorded."""
    found = _SUBJECT.match(subject)
    if found is None:
        return subject
    kind, number = found.group(1), int(found.group(2))
    db, language = context.runtime.db, context.actor.language
    if kind == "user" and (erased := erased_number(number)) is not None:
        return context.t("erased.person", number=erased)
    if kind == "post" and (post := await posts.get_post(db, number)) is not None:
        place = await places.get_place(db, post.place_code)
        name = place.full_name(language) if place else post.place_code
        return f"{context.t(f'tier.{post.tier}')}: {name}"
    if kind == "user" and (user := await people.get_user(db, number)) is not None:
        return f"{user.display_name} (id {number})"
    if kind == "person" and (person := await people.get_person(db, number)) is not None:
        return person.full_name
    if kind in ("request", "feedback", "broadcast"):
        return context.t(f"audit.subject.{kind}", number=number)
    return subject


def _details(context: BotContext, entry: AuditEntry) -> str:
    """Statuses of a post in the user's language; other details as recorded, shortened."""
    details = entry.details
    found = _STATUS_CHANGE.match(details) if entry.action == AuditAction.POST_STATUS else None
    if found is not None:
        old, new, rest = found.groups()
        statuses = [context.t(f"status.{status}") for status in (old, new) if status]
        details = " → ".join(statuses) + rest
    return details if len(details) <= MAX_DETAILS else details[: MAX_DETAILS - 1] + "…"


async def _line(context: BotContext, entry: AuditEntry) -> str:
    action = context.t(f"audit.action.{entry.action}") if entry.action in KNOWN_ACTIONS else entry.action
    subject = await _subject(context, entry.subject)
    details = _details(context, entry)
    what = " — ".join(part for part in (subject, details) if part)
    return (
        f"<b>{_time(context, entry.at)}</b> · {html.escape(await _actor(context, entry.actor_id))}\n"
        f"{html.escape(action)}: {html.escape(what)}"
    )


def _offset(context: BotContext) -> int | None:
    """`/audit` is 0; `/audit 20` skips the 20 newest; anything else is None."""
    if not context.args:
        return 0
    if len(context.args) == 1 and context.args[0].isdigit() and int(context.args[0]) <= MAX_OFFSET:
        return int(context.args[0])
    return None


@requires(Action.AUDIT)
async def show_audit(update: Update, context: BotContext) -> None:
    """Up to 20 entries that fit in one message, and how to see older ones."""
    offset = _offset(context)
    if offset is None:
        await answer(update, context.t("audit.usage"))
        return
    entries = await audit_log.page(context.runtime.db, PAGE_SIZE + 1, offset)
    if not entries:
        await answer(update, context.t("audit.empty" if offset == 0 else "audit.no_older"))
        return
    lines = [await _line(context, entry) for entry in entries[:PAGE_SIZE]]
    header = context.t("audit.title")
    while len(header) + sum(len(line) + 2 for line in lines) > MAX_TEXT - 200:
        lines.pop()  # long names and places: fewer entries, the hint continues from the first not shown
    shown = len(lines)
    more = len(entries) > shown
    hint = context.t(
        "audit.hint_more" if more else "audit.hint_last",
        first=offset + 1,
        last=offset + shown,
        next=offset + shown,
    )
    await answer(update, "\n\n".join([header, *lines, hint]))


def register(app: AnyApplication) -> None:
    """Add /audit."""
    app.add_handler(CommandHandler(Action.AUDIT.value, show_audit))
