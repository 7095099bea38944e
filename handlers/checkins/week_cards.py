"""What /checkins shows: the list of weeks, one week's chart and digest with its buttons, the regions."""

from __future__ import annotations

from babel.numbers import format_percent
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.callbacks import Prefix
from bot.runtime import BotContext
from bot.services.checkins import records
from bot.services.checkins.calendar import listed_cycles, markable, next_cycle
from bot.services.checkins.cycles import Cycle, cycle_at
from bot.services.checkins.digest import Digest, WeekPoint, build_digest, participation_weeks
from bot.services.checkins.digest_text import chart_labels, chart_title, digest_summary
from bot.services.checkins.place_names import PlaceNames
from handlers.checkins import export
from handlers.checkins.steps import questions_of
from handlers.checkins.week_label import week_label
from handlers.common.replies import answer, button, keyboard

PAGE_SIZE = 8
CHART_WEEKS = 12
ALL = "all"  # the scope of the whole network; else a region's code
# Button actions (the first part of Prefix.CHECKIN_DIGEST data). The export buttons shown here carry
# Prefix.CHECKIN_EXPORT: handlers/checkins/export.py answers them.
PAGE, OPEN, BLOCKERS, SILENT, REGIONS, NONWORKING = "pg", "open", "blk", "sil", "reg", "nw"
ON, OFF = "on", "off"


def _line(context: BotContext, cycle: Cycle, point: WeekPoint | None, running: bool) -> str:
    """ "Тиждень 48 (23–29.11): 72%", non-working, or running."""
    week = week_label(context, cycle)
    if point is not None and point.nonworking:
        return context.t(
            f"checkins_admin.line.{'running_nonworking' if running else 'nonworking'}", week=week
        )
    rate = point.rate if point is not None else None
    percent = (
        context.t("checkins_admin.no_rate")
        if rate is None
        else format_percent(rate, locale=context.actor.language)
    )
    return context.t(f"checkins_admin.line.{'running' if running else 'rate'}", week=week, percent=percent)


async def weeks_listed(context: BotContext) -> list[Cycle]:
    """Every week /checkins lists, newest first."""
    runtime = context.runtime
    first = await records.first_cycle(runtime.db)
    return listed_cycles(runtime.now(), runtime.settings.zone, first)


async def list_view(context: BotContext, page: int) -> tuple[str, InlineKeyboardMarkup]:
    """A page of weeks with the network's participation, the next week's mark, and the export."""
    runtime = context.runtime
    weeks = await weeks_listed(context)
    pages = -(-len(weeks) // PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    shown = weeks[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    points = await participation_weeks(runtime.db, shown[0], None, weeks=len(shown))
    by_key = {point.cycle_key: point for point in points}
    rows = [
        [
            button(
                _line(context, cycle, by_key.get(cycle.key), cycle.key == weeks[0].key),
                Prefix.CHECKIN_DIGEST,
                OPEN,
                cycle.key,
                ALL,
            )
        ]
        for cycle in shown
    ]
    navigation: list[InlineKeyboardButton] = []
    if page > 0:
        navigation.append(button(context.t("checkins_admin.newer"), Prefix.CHECKIN_DIGEST, PAGE, page - 1))
    if page < pages - 1:
        navigation.append(button(context.t("checkins_admin.older"), Prefix.CHECKIN_DIGEST, PAGE, page + 1))
    coming = next_cycle(weeks[0])
    rows += [navigation, [await mark_button(context, coming)]]
    rows.append([button(context.t("checkins_admin.export_range"), Prefix.CHECKIN_EXPORT, export.ASK_PERIOD)])
    title = context.t("checkins_admin.list_title", page=page + 1, pages=pages)
    return title, keyboard(*rows)


async def mark_button(context: BotContext, cycle: Cycle) -> InlineKeyboardButton:
    """Mark non-working, or working again: worded for the next week on the list, else for this one."""
    marked = await records.is_nonworking(context.runtime.db, cycle.key)
    return toggle_button(context, cycle, not marked)


def toggle_button(context: BotContext, cycle: Cycle, mark: bool) -> InlineKeyboardButton:
    """The button that marks a week non-working (`mark`) or working again."""
    current = cycle_at(context.runtime.now(), context.runtime.settings.zone)
    if cycle.key == current.key:
        key = "checkins_admin.button.mark" if mark else "checkins_admin.button.unmark"
    else:
        key = "checkins_admin.next_mark" if mark else "checkins_admin.next_unmark"
    return button(context.t(key), Prefix.CHECKIN_DIGEST, NONWORKING, cycle.key, ON if mark else OFF)


async def send_week(
    update: Update, context: BotContext, cycle: Cycle, region: str | None, places: PlaceNames
) -> None:
    """The chart of the 12 weeks up to this one, then the week's digest with its buttons."""
    runtime, language = context.runtime, context.actor.language
    points = await participation_weeks(runtime.db, cycle, region, weeks=CHART_WEEKS)
    labels = chart_labels(runtime.catalogs, language)
    title = chart_title(runtime.catalogs, language, cycle, region, places)
    png = await runtime.charts.participation(points, labels, title)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_photo(png)
    digest = await build_digest(runtime.db, questions_of(context), cycle, region)
    text = digest_summary(digest, runtime.catalogs, language, places)
    await answer(update, text, await week_keyboard(context, digest))


async def week_keyboard(context: BotContext, digest: Digest) -> InlineKeyboardMarkup:
    """Details, exports, regions, the non-working mark (this week only) and the way back."""
    cycle, scope = digest.cycle, digest.region_code or ALL
    details = [
        button(
            context.t(
                "checkins_admin.button.blockers", count=len(digest.blockers) + len(digest.help_requests)
            ),
            Prefix.CHECKIN_DIGEST,
            BLOCKERS,
            cycle.key,
            scope,
        ),
        button(
            context.t("checkins_admin.button.silent", count=len(digest.silent_twice)),
            Prefix.CHECKIN_DIGEST,
            SILENT,
            cycle.key,
            scope,
        ),
    ]
    exports = [
        button(
            context.t(f"checkins_admin.button.{kind}"), Prefix.CHECKIN_EXPORT, export.CYCLE, cycle.key, kind
        )
        for kind in ("csv", "xlsx")
    ]
    regions = [button(context.t("checkins_admin.button.regions"), Prefix.CHECKIN_DIGEST, REGIONS, cycle.key)]
    if digest.region_code is not None:
        regions.append(
            button(
                context.t("checkins_admin.button.whole_network"), Prefix.CHECKIN_DIGEST, OPEN, cycle.key, ALL
            )
        )
    runtime = context.runtime
    mark = (
        [await mark_button(context, cycle)] if markable(cycle, runtime.now(), runtime.settings.zone) else []
    )
    weeks = await weeks_listed(context)
    page = next((i for i, week in enumerate(weeks) if week.key == cycle.key), 0) // PAGE_SIZE
    back = [button(context.t("checkins_admin.button.back"), Prefix.CHECKIN_DIGEST, PAGE, page)]
    return keyboard(details, exports, regions, mark, back)


def regions_view(context: BotContext, cycle: Cycle, places: PlaceNames) -> tuple[str, InlineKeyboardMarkup]:
    """The 25 regions, two to a row, each opening the week for that region."""
    language = context.actor.language
    buttons = [
        button(places.short_region(code, language), Prefix.CHECKIN_DIGEST, OPEN, cycle.key, code)
        for code in places.region_codes
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(
        [button(context.t("checkins_admin.button.back_to_week"), Prefix.CHECKIN_DIGEST, OPEN, cycle.key, ALL)]
    )
    return context.t("checkins_admin.regions_title", week=week_label(context, cycle)), keyboard(*rows)
