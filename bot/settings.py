"""Settings from the environment and an optional .env file (pydantic-settings, no prefix)."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.cron import CronError, parse_schedule
from bot.services.checkins.questions import QuestionsFileError, load_questions

Language = Literal["uk", "en"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class SettingsError(Exception):
    """A setting is missing or wrong; the message names the variable."""


def parse_quiet_hours(value: str) -> tuple[time, time]:
    """`HH:MM-HH:MM` (it may span midnight) into its two ends."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError:
        raise ValueError(f"{value!r} is not a window like 21:00-08:00") from None
    return start, end


class Settings(BaseSettings):
    """Every setting of the bot; `settings.example.env` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    database_path: Path = Path("cdto.sqlite3")
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Europe/Kyiv"
    default_language: Language = "uk"
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = "https://api.telegram.org/file/bot"
    target_regional: int = Field(default=25, gt=0)
    target_city: int = Field(default=38, gt=0)
    target_municipal: int = Field(default=1400, gt=0)
    log_level: LogLevel = "INFO"
    invite_ttl_days: int = Field(default=14, gt=0, le=365)
    broadcast_rate: float = Field(default=25, gt=0, le=30)
    broadcast_max_attempts: int = Field(default=8, ge=1)
    quiet_hours: str = "21:00-08:00"
    checkin_reminder_cron: str = "0 10 * * mon"
    checkin_nudge_cron: str = "0 10 * * wed"
    checkin_digest_cron: str = "0 16 * * fri"
    checkin_questions_file: Path | None = None  # None: the shipped data/checkin_questions.toml
    # At least the week a rejected requester waits before asking again (bot.services.joining.join_requests).
    # One person's updates (button presses too) in a sliding window; 0 turns the limit off.
    user_rate_limit: int = Field(default=20, ge=0, le=10_000)
    user_rate_window: float = Field(default=10.0, gt=0, le=3600)
    join_request_retention_days: int = Field(default=30, ge=7, le=3650)
    outbox_retention_days: int = Field(default=30, ge=1, le=3650)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_admin_ids(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        ids = set()
        for part in value.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.lstrip("-").isdigit():
                raise ValueError(f"{part!r} is not a numeric Telegram id")
            ids.add(int(part))
        return frozenset(ids)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known IANA time zone, e.g. Europe/Kyiv") from None
        return value

    @field_validator("telegram_api_url", "telegram_file_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} must start with http:// or https://")
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_window(cls, value: str) -> str:
        parse_quiet_hours(value)
        return value.strip()

    @field_validator("checkin_reminder_cron", "checkin_nudge_cron", "checkin_digest_cron")
    @classmethod
    def _crontab(cls, value: str) -> str:
        try:
            return parse_schedule(value).text
        except CronError as error:
            raise ValueError(str(error)) from None

    @field_validator("checkin_questions_file", mode="before")
    @classmethod
    def _empty_is_shipped(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("checkin_questions_file")
    @classmethod
    def _readable_questions(cls, value: Path | None) -> Path | None:
        if value is not None:
            try:
                load_questions(value)
            except QuestionsFileError as error:
                raise ValueError(str(error)) from None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def zone(self) -> ZoneInfo:
        """The configured time zone."""
        return ZoneInfo(self.timezone)

    @property
    def quiet_window(self) -> tuple[time, time]:
        """When broadcasts do not start (unless urgent): from, to; equal ends mean never."""
        return parse_quiet_hours(self.quiet_hours)

    def token(self) -> str:
        """The bot token; `run` cannot start without it."""
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise SettingsError("BOT_TOKEN: missing; get a token from @BotFather and set it")
        return self.bot_token.get_secret_value().strip()


def load_settings(env_file: Path | str | None = ".env") -> Settings:
    """Read the settings, turning a validation failure into one line that names the variable."""
    try:
        return Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as error:
        first = error.errors()[0]
        variable = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{variable}: {message}") from None
