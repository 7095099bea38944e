"""The command line: `cdto-bot run | migrate | backup FILE | sandbox` (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.lifecycle import serve
from bot.settings import Settings, SettingsError, load_settings
from sandbox.terminal import run_sandbox
from storage.db import Database
from storage.migrate import SchemaTooNewError, migrate

EXIT_BAD_SETTINGS = 2
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
    return parser


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request at INFO, which drowns the bot's own log.
    logging.getLogger("httpx").setLevel(logging.WARNING)


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
    _configure_logging(settings.log_level)
    try:
        if arguments.command == "run":
            return asyncio.run(serve(settings))
        if arguments.command == "migrate":
            asyncio.run(_migrate(settings))
        elif arguments.command == "backup":
            asyncio.run(_backup(settings, arguments.file))
        elif arguments.command == "sandbox":
            return asyncio.run(run_sandbox(settings, arguments.database))
    except (SchemaTooNewError, FileNotFoundError) as error:
        print(f"cdto-bot: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 0
    return 0


def entry_point() -> None:
    """The `cdto-bot` console script."""
    sys.exit(main())
