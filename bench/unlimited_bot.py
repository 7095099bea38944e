"""`cdto-bot run` without the bot's own rate limiter, for the limits-off part of bench/checkin.py.

The bot has no setting to turn its `PriorityRateLimiter` off, so this builds the Application exactly as
`python -m cli run` does, with the limiter replaced by none: `python bench/unlimited_bot.py`, same
environment as the bot. With BENCH_PROFILE=FILE set it runs under cProfile and writes the stats there
when it stops (read them with `python -m pstats FILE`).
"""

from __future__ import annotations

import cProfile
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import bot.app  # noqa: E402
from cli.main import main  # noqa: E402


def _no_limiter() -> None:
    """What `ApplicationBuilder.rate_limiter` takes for "no rate limiter"."""
    return None


def run() -> int:
    """Run the bot, profiled if BENCH_PROFILE names a file."""
    bot.app.PriorityRateLimiter = _no_limiter  # type: ignore[attr-defined,assignment]
    profile = os.environ.get("BENCH_PROFILE")
    if not profile:
        return main(["run"])
    profiler = cProfile.Profile()
    try:
        code: int = profiler.runcall(main, ["run"])
    finally:
        profiler.dump_stats(profile)
    return code


if __name__ == "__main__":
    sys.exit(run())
