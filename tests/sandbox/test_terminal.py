"""The sandbox's terminal chat, driven through its standard input as a person would type."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.auxil.bot_under_test import PROJECT_ROOT

pytestmark = pytest.mark.slow

TYPED = "\n".join(
    [
        "/start",
        "/as 2",
        "/feedback",
        "2",  # the topic button "Ідея"
        "Карта <громад> & пошук",
        "1",  # "Надіслати"
        "/as 4",  # the admin sees the feedback and answers by replying
        "/reply Дякуємо!",
        "/as 2",
        "/users",
    ]
)


def test_two_demo_users_talk_through_the_terminal(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli", "sandbox"],
        input=TYPED + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT_ROOT), "PTB_TIMEDELTA": "1"},
        timeout=90,
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "— you are now Степан (stranger, not in the network)" in out
    assert "[bot] Вітаю, Степан!" in out
    assert "— you are now Олена Коваль (CDTO, a member)" in out
    assert "  [2] Ідея" in out
    assert "Тема: Ідея" in out
    assert "Карта <громад> & пошук" in out  # what she typed comes back as typed
    assert "[bot] Надіслано (№ 1)" in out
    assert "· a new message for Адмін (/as 4)" in out
    assert "Звернення № 1 · Ідея" in out
    assert "Відповідь на звернення № 1 доставлено." in out
    assert "Відповідь на ваше звернення № 1" in out
    assert " *2. Олена Коваль (CDTO, a member)" in out
    assert out.rstrip().endswith("bye")
    assert "Traceback" not in result.stderr
