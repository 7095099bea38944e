"""The process's logging: the bot token is masked in messages, arguments, tracebacks and uncaught errors."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator

import aiohttp
import pytest
from pydantic import SecretStr
from telegram.error import NetworkError

from bot.logs import TOKEN_PLACEHOLDER, configure_logging, mask_token
from bot.settings import Settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
URL = f"https://api.telegram.org/bot{TOKEN}/getUpdates"


@contextlib.contextmanager
def _as_a_new_process() -> Iterator[None]:
    """The root logger with no handlers, as `cdto-bot` starts with; pytest's are put back afterwards."""
    root = logging.getLogger()
    handlers, level, excepthook = root.handlers[:], root.level, sys.excepthook
    root.handlers = []
    try:
        yield
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers = handlers
        root.setLevel(level)
        sys.excepthook = excepthook


def _settings(token: str | None) -> Settings:
    return Settings(_env_file=None, bot_token=SecretStr(token) if token else None)  # type: ignore[call-arg]


def test_every_form_of_the_token_is_masked() -> None:
    assert mask_token(URL, TOKEN) == f"https://api.telegram.org/bot{TOKEN_PLACEHOLDER}/getUpdates"
    assert TOKEN not in mask_token(URL.replace(":", "%3A"), TOKEN)
    assert mask_token("secret AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw alone", TOKEN) == (
        f"secret {TOKEN_PLACEHOLDER} alone"
    )
    assert mask_token("a:b", "1:b") == "a:b"  # too short a secret part to mask on its own


def test_an_aiohttp_error_quoting_the_url_is_logged_masked(capsys: pytest.CaptureFixture[str]) -> None:
    with _as_a_new_process():
        configure_logging(_settings(TOKEN))
        try:
            try:
                raise aiohttp.InvalidURL(URL)
            except aiohttp.ClientError as error:
                raise NetworkError(f"aiohttp: {error}") from error
        except NetworkError as error:
            logging.getLogger("telegram.ext.Updater").exception("polling %s failed: %s", URL, error)
        logging.getLogger("bot").warning("retrying %s", URL, stack_info=True)
    printed = capsys.readouterr().err
    assert TOKEN not in printed
    assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" not in printed
    assert f"ERROR telegram.ext.Updater: polling https://api.telegram.org/bot{TOKEN_PLACEHOLDER}" in printed
    assert f"aiohttp.client_exceptions.InvalidURL: https://api.telegram.org/bot{TOKEN_PLACEHOLDER}" in printed
    assert "The above exception was the direct cause" in printed  # the traceback is all there, masked
    assert "Stack (most recent call last)" in printed


def test_an_uncaught_error_is_printed_masked(capsys: pytest.CaptureFixture[str]) -> None:
    with _as_a_new_process():
        configure_logging(_settings(TOKEN))
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
        except RuntimeError as error:
            sys.excepthook(type(error), error, error.__traceback__)
    printed = capsys.readouterr().err
    assert "Traceback (most recent call last)" in printed
    assert f"RuntimeError: The token `{TOKEN_PLACEHOLDER}` was rejected by the server." in printed
    assert TOKEN not in printed


def test_without_a_token_nothing_is_masked(capsys: pytest.CaptureFixture[str]) -> None:
    with _as_a_new_process():
        before = sys.excepthook
        configure_logging(_settings(None))
        assert sys.excepthook is before
        logging.getLogger("bot").warning("plain %s", "text")
    assert "WARNING bot: plain text" in capsys.readouterr().err
