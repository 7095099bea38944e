"""Join requests as coordinators see them: the copies with Approve / Reject, /pending, and the decision."""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.access import Action
from bot.callbacks import Prefix, pattern
from bot.runtime import AnyApplication, BotContext, Runtime
from bot.services import people, places
from bot.services.joining import join_requests as service
from bot.services.joining.join_requests import AlreadyDecided, Decided, EntryTaken, JoinRequest, Outcome
from handlers.common.guards import requires
from handlers.common.presses import pressed
from handlers.common.replies import answer, button, keyboard
from handlers.joining.onboarding import refresh_menu, send_privacy_notice

log = logging.getLogger(__name__)

PAGE_SIZE = 5


async def request_card(runtime: Runtime, language: str, request: JoinRequest) -> str:
    """The request as a coordinator reads it (every value escaped)."""
    place = await places.get_place(runtime.db, request.place_code)
    user = await people.get_user(runtime.db, request.telegram_id)
    username = f"@{user.username}" if user and user.username else "—"
    card = runtime.text(
        language,
        "join.card",
        number=request.id,
        name=html.escape(request.full_name),
        tier=runtime.text(language, f"tier.{request.tier}"),
        place=html.escape(place.full_name(language) if place else request.place_code),
        phone=html.escape(request.phone or "—"),
        email=html.escape(request.email or "—"),
        username=html.escape(username),
        user_id=request.telegram_id,
    )
    if request.matched_person_id is None:
        return card
    return f"{card}\n\n{runtime.text(language, 'join.card.username_match', username=html.escape(username))}"


def decision_keyboard(runtime: Runtime, language: str, request_id: int) -> InlineKeyboardMarkup:
    """Approve / Reject."""
    return keyboard(
        [
            button(runtime.text(language, "join.approve"), Prefix.REQUEST_DECISION, "a", request_id),
            button(runtime.text(language, "join.reject"), Prefix.REQUEST_DECISION, "r", request_id),
        ]
    )


async def send_to_deciders(context: BotContext, request: JoinRequest) -> int:
    """A copy with buttons to every coordinator and admin, in their language; how many got it."""
    runtime = context.runtime
    deciders = set(await service.coordinator_ids(runtime.db)) | set(runtime.settings.admin_ids)
    delivered = 0
    for chat_id in sorted(deciders - {request.telegram_id}):
        if await _send_copy(context, chat_id, request) is not None:
            delivered += 1
    return delivered


async def _send_copy(context: BotContext, chat_id: int, request: JoinRequest) -> Message | None:
    runtime = context.runtime
    language = await runtime.language_of(chat_id)
    text = await request_card(runtime, language, request)
    try:
        copy = await context.bot.send_message(
            chat_id, text, reply_markup=decision_keyboard(runtime, language, request.id)
        )
    except (BadRequest, Forbidden) as error:
        log.info("join request %s not delivered to %s: %s", request.id, chat_id, error.message)
        return None
    await service.record_copy(runtime.db, request.id, chat_id, copy.message_id)
    return copy


# -- /pending ------------------------------------------------------------------------------------


@requires(Action.PENDING)
async def list_pending(update: Update, context: BotContext) -> None:
    """/pending: the open requests, a page at a time, each with its buttons."""
    await _send_page(update, context, 0)


async def _send_page(update: Update, context: BotContext, offset: int) -> None:
    db = context.runtime.db
    total = await service.count_open(db)
    if total == 0:
        await answer(update, context.t("pending.none"))
        return
    shown = await service.open_requests(db, offset, PAGE_SIZE)
    for request in shown:
        await _send_copy(context, context.actor.telegram_id, request)
    last = offset + len(shown)
    if last < total:
        more = keyboard([button(context.t("pending.next"), Prefix.REQUEST_DECISION, "page", last)])
        await answer(update, context.t("pending.shown", first=offset + 1, last=last, total=total), more)


# -- the decision --------------------------------------------------------------------------------


@requires(Action.DECIDE_REQUEST)
async def press(update: Update, context: BotContext) -> None:
    """Approve, Reject, or the next page of /pending."""
    query, data = pressed(update)
    parts = data.parts if data else ()
    if len(parts) != 2 or parts[0] not in ("a", "r", "page") or not parts[1].isdigit():
        await query.answer(context.t("button.stale"))
        return
    if parts[0] == "page":
        await query.answer()
        await query.edit_message_reply_markup(None)
        await _send_page(update, context, int(parts[1]))
        return
    runtime = context.runtime
    result = await service.decide(
        runtime.db, int(parts[1]), parts[0] == "a", context.actor.telegram_id, runtime.now()
    )
    if isinstance(result, AlreadyDecided):
        await _too_late(update, context, result)
        return
    if isinstance(result, EntryTaken):
        await query.answer(context.t("join.entry_taken"), show_alert=True)
        return
    await query.answer()
    await _update_copies(context, result, update)
    await _tell_the_requester(context, result)


async def _decider_name(runtime: Runtime, telegram_id: int | None) -> str:
    """The decider's name as Telegram shows it (not escaped)."""
    user = await people.get_user(runtime.db, telegram_id) if telegram_id is not None else None
    return user.display_name if user else f"id {telegram_id}"


async def _decision_line(runtime: Runtime, language: str, request: JoinRequest, outcome: str) -> str:
    decider = await _decider_name(runtime, request.decided_by)
    return runtime.text(language, f"join.decided.{outcome}", decider=html.escape(decider))


async def _too_late(update: Update, context: BotContext, late: AlreadyDecided) -> None:
    query = pressed(update).query
    request = late.request
    if request is None or request.status == "open":
        await query.answer(context.t("join.gone"), show_alert=True)
        return
    decider = await _decider_name(context.runtime, request.decided_by)
    how = context.t(f"join.how.{request.status}")
    # An alert is plain text, so the name goes in unescaped.
    await query.answer(context.t("join.too_late", decider=decider, how=how), show_alert=True)


async def _update_copies(context: BotContext, decided: Decided, update: Update) -> None:
    """Every coordinator's copy now says who decided and how; the buttons go."""
    runtime = context.runtime
    request = decided.request
    copies = await service.copies(runtime.db, request.id)
    message = pressed(update).query.message
    assert message is not None
    targets = {(copy.chat_id, copy.message_id) for copy in copies} | {(message.chat.id, message.message_id)}
    for chat_id, message_id in sorted(targets):
        language = await runtime.language_of(chat_id)
        card = await request_card(runtime, language, request)
        line = await _decision_line(runtime, language, request, decided.outcome.value)
        try:
            await context.bot.edit_message_text(f"{card}\n\n{line}", chat_id=chat_id, message_id=message_id)
        except (BadRequest, Forbidden) as error:
            log.info("request copy %s/%s not updated: %s", chat_id, message_id, error.message)


async def _tell_the_requester(context: BotContext, decided: Decided) -> None:
    runtime = context.runtime
    request = decided.request
    language = await runtime.language_of(request.telegram_id)
    place = await places.get_place(runtime.db, request.place_code)
    post = html.escape(
        f"{runtime.text(language, f'tier.{request.tier}')}: "
        f"{place.full_name(language) if place else request.place_code}"
    )
    text = runtime.text(language, f"join.result.{decided.outcome.value}", post=post)
    try:
        await context.bot.send_message(request.telegram_id, text)
    except (BadRequest, Forbidden) as error:
        log.info("requester %s not told: %s", request.telegram_id, error.message)
    await refresh_menu(context, request.telegram_id)
    if decided.outcome is not Outcome.REJECTED and decided.person is not None:
        await send_privacy_notice(context, request.telegram_id, decided.person)


def register(app: AnyApplication) -> None:
    """Add /pending and the Approve / Reject buttons."""
    app.add_handler(CommandHandler(Action.PENDING.value, list_pending))
    app.add_handler(CallbackQueryHandler(press, pattern=pattern(Prefix.REQUEST_DECISION)))
