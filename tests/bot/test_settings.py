"""Settings: names without a prefix, defaults, and one-line errors naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "BOT_TOKEN",
        "ADMIN_IDS",
        "TIMEZONE",
        "DEFAULT_LANGUAGE",
        "TARGET_CITY",
        "LOG_LEVEL",
        "TELEGRAM_API_URL",
        "QUIET_HOURS",
        "CHECKIN_REMINDER_CRON",
        "CHECKIN_QUESTIONS_FILE",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults() -> None:
    settings = load_settings(None)
    assert settings.database_path == Path("cdto.sqlite3")
    assert settings.admin_ids == frozenset()
    assert settings.timezone == "Europe/Kyiv"
    assert settings.default_language == "uk"
    assert settings.telegram_api_url == "https://api.telegram.org/bot"
    assert settings.telegram_file_url == "https://api.telegram.org/file/bot"
    assert (settings.target_regional, settings.target_city, settings.target_municipal) == (25, 38, 1400)
    assert settings.log_level == "INFO"
    assert settings.quiet_hours == "21:00-08:00"
    assert settings.checkin_reminder_cron == "0 10 * * mon"


def test_admin_ids_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", " 1, 2,3 ,")
    assert load_settings(None).admin_ids == frozenset({1, 2, 3})


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TIMEZONE=Europe/Warsaw\nTARGET_CITY=40\n", encoding="utf-8")
    monkeypatch.setenv("TARGET_CITY", "41")
    settings = load_settings(env_file)
    assert settings.timezone == "Europe/Warsaw"
    assert settings.target_city == 41


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("ADMIN_IDS", "12,abc", "ADMIN_IDS: 'abc' is not a numeric Telegram id"),
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE: 'Mars/Olympus' is not a known IANA time zone"),
        ("DEFAULT_LANGUAGE", "ru", "DEFAULT_LANGUAGE: Input should be 'uk' or 'en'"),
        ("TARGET_CITY", "-3", "TARGET_CITY: Input should be greater than 0"),
        ("TELEGRAM_API_URL", "ftp://x", "TELEGRAM_API_URL: 'ftp://x' must start with http:// or https://"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL: Input should be"),
        ("QUIET_HOURS", "21-8", "QUIET_HOURS: '21-8' is not a window like 21:00-08:00"),
        ("CHECKIN_REMINDER_CRON", "0 10 * *", "CHECKIN_REMINDER_CRON: '0 10 * *' needs five fields"),
        ("CHECKIN_REMINDER_CRON", "0 10 * * 8", "CHECKIN_REMINDER_CRON: weekday '8'"),
        ("CHECKIN_QUESTIONS_FILE", "/nowhere.toml", "CHECKIN_QUESTIONS_FILE: /nowhere.toml: cannot be read"),
    ],
)
def test_a_wrong_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, fragment: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings(None)
    assert str(raised.value).startswith(fragment)
    assert "\n" not in str(raised.value)


def test_the_token_is_needed_only_when_asked_for() -> None:
    settings = load_settings(None)
    with pytest.raises(SettingsError, match=r"^BOT_TOKEN: missing"):
        settings.token()
