"""The command line: run, migrate, backup, sandbox, roster import and export, check-in export."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from telegram.error import InvalidToken

from bot.i18n import Catalogs
from bot.lifecycle import serve
from bot.logs import configure_logging
from bot.services.checkins.export import FILE_KINDS, FileKind, export_checkins
from bot.services.checkins.periods import cycles_for_dates, parse_day
from bot.services.checkins.questions import QuestionsFileError, load_questions
from bot.services.roster import export as roster_export, importing as roster_import
from bot.settings import Settings, SettingsError, load_settings
from sandbox.terminal import run_sandbox
from storage.db import Database
from storage.migrate import SchemaTooNewError, migrate
from storage.private_files import write_private

EXIT_BAD_SETTINGS = 2
EXIT_BAD_ARGUMENTS = 2  # as argparse exits on a bad command line
EXIT_FAILED = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cdto-bot", description="The CDTO network's Telegram bot.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (long polling)")
    commands.add_parser("migrate", help="apply pending database migrations and exit")
    backup = commands.add_parser("backup", help="copy the database consistently, even while the bot runs")
    backup.add_argument("file", type=Path, help="where to write the copy")
    sandbox = commands.add_parser("sandbox", help="try the bot in this terminal against a local emulator")
    sandbox.add_argument("--database", type=Path, default=None, help="keep the demo database in this file")
    importing = commands.add_parser("import-roster", help="import posts and holders from a CSV or XLSX file")
    importing.add_argument("file", type=Path, help="the roster file (.csv or .xlsx)")
    importing.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    exporting = commands.add_parser("export-roster", help="write every post to a CSV or XLSX file")
    exporting.add_argument("file", type=Path, help="where to write (.xlsx for Excel, else CSV)")
    checkins = commands.add_parser("export-checkins", help="write weekly check-ins to a CSV or XLSX file")
    checkins.add_argument("file", type=Path, help="where to write: a .csv or .xlsx file")
    checkins.add_argument(
        "--from", dest="first_day", type=_day, metavar="DATE", help="the first day (YYYY-MM-DD or DD.MM.YYYY)"
    )
    checkins.add_argument(
        "--to",
        dest="last_day",
        type=_day,
        metavar="DATE",
        help="the last day; without either, every cycle stored",
    )
    return parser


def _day(text: str) -> date:
    """A --from/--to date, or argparse's usage error (exit code 2)."""
    try:
        return parse_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


async def _migrate(settings: Settings) -> None:
    db = await Database.open(settings.database_path)
    try:
        applied = await migrate(db)
    finally:
        await db.close()
    print(f"{len(applied)} migration(s) applied to {settings.database_path}")


async def _backup(settings: Settings, target: Path) -> None:
    if not settings.database_path.exists():
        raise FileNotFoundError(f"no database at {settings.database_path}")
    db = await Database.open(settings.database_path)
    try:
        await db.backup_to(target)
    finally:
        await db.close()
    print(f"backup written to {target}")


# The command line speaks English, so scripts can read `row N: reason` whatever the bot's default language.
CLI_LANGUAGE = "en"


async def _import_roster(settings: Settings, source: Path, content: bytes, dry_run: bool) -> int:
    catalogs = Catalogs()
    db = await Database.open(settings.database_path)
    try:
        await migrate(db)
        plan = await roster_import.plan_file(db, content, source.name, settings.target_city)
        print(roster_import.summary_text(catalogs, CLI_LANGUAGE, plan))
        for bad in plan.bad_rows:
            print(roster_import.bad_row_text(catalogs, CLI_LANGUAGE, bad), file=sys.stderr)
        if plan.bad_rows:
            print(catalogs.text(CLI_LANGUAGE, "roster_import.not_applied"), file=sys.stderr)
            return EXIT_FAILED
        if dry_run:
            print(catalogs.text(CLI_LANGUAGE, "roster_import.dry_run"))
        elif plan.has_changes:
            await roster_import.apply_plan(db, plan, None, f"cli {source.name}")
            print(
                catalogs.text(CLI_LANGUAGE, "roster_import.applied", added=plan.added, changed=plan.changed)
            )
    finally:
        await db.close()
    return 0


async def _export_roster(settings: Settings, name: str) -> bytes:
    db = await Database.open(settings.database_path)
    try:
        await migrate(db)
        return await roster_export.export_bytes(db, name)
    finally:
        await db.close()


def _write_checkins(settings: Settings, arguments: argparse.Namespace) -> int:
    """export-checkins: refuse an unknown suffix or a reversed period (exit 2), else write the file."""
    target: Path = arguments.file
    kind = next((k for k in FILE_KINDS if target.suffix.lower() == f".{k}"), None)
    first_day, last_day = arguments.first_day, arguments.last_day
    if kind is None:
        problem = f"{target.name}: the file name must end in .csv or .xlsx"
    elif first_day is not None and last_day is not None and first_day > last_day:
        problem = f"--from {first_day.isoformat()} is after --to {last_day.isoformat()}"
    else:
        # Written beside the file and renamed over it at the end: a failure leaves no half-written file.
        partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            asyncio.run(_export_checkins(settings, arguments, kind, partial))
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        print(f"check-ins written to {target}")
        return 0
    print(f"cdto-bot: {problem}", file=sys.stderr)
    return EXIT_BAD_ARGUMENTS


async def _export_checkins(
    settings: Settings, arguments: argparse.Namespace, kind: FileKind, target: Path
) -> None:
    questions = load_questions(settings.checkin_questions_file)
    span = cycles_for_dates(arguments.first_day, arguments.last_day, settings.zone)
    db = await Database.open(settings.database_path)
    try:
        await migrate(db)
        await export_checkins(
            db,
            questions,
            span,
            kind,
            settings.default_language,
            catalogs=Catalogs(),
            zone=settings.zone,
            target=target,
        )
    finally:
        await db.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command; return the exit code."""
    arguments = _parser().parse_args(argv)
    try:
        settings = load_settings()
        if arguments.command == "run":
            settings.token()
    except SettingsError as error:
        print(f"cdto-bot: {error}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    configure_logging(settings)
    try:
        if arguments.command == "run":
            return asyncio.run(serve(settings))
        if arguments.command == "migrate":
            asyncio.run(_migrate(settings))
        elif arguments.command == "backup":
            asyncio.run(_backup(settings, arguments.file))
        elif arguments.command == "sandbox":
            return asyncio.run(run_sandbox(settings, arguments.database))
        elif arguments.command == "import-roster":
            content = arguments.file.read_bytes()
            return asyncio.run(_import_roster(settings, arguments.file, content, arguments.dry_run))
        elif arguments.command == "export-roster":
            write_private(arguments.file, asyncio.run(_export_roster(settings, arguments.file.name)))
            print(f"roster written to {arguments.file}")
        elif arguments.command == "export-checkins":
            return _write_checkins(settings, arguments)
    except InvalidToken:
        # python-telegram-bot's message quotes the token whole: name the setting, not its value.
        print("cdto-bot: BOT_TOKEN was rejected by Telegram", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    except (SchemaTooNewError, FileNotFoundError, QuestionsFileError) as error:
        print(f"cdto-bot: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 0
    return 0


def entry_point() -> None:
    """The `cdto-bot` console script."""
    sys.exit(main())
