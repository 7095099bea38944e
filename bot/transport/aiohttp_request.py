"""python-telegram-bot's requests to the Bot API over aiohttp instead of its default httpx.

Under a crowd the bot spends most of its CPU in the HTTP client: measured side by side against a
local server, httpx costs ~0.7 ms of CPU per request one at a time and ~1.7 ms with 64 in flight,
aiohttp ~0.2 and ~0.1 ms (bench/README.md). aiohttp is already a dependency (the emulator's server),
and `BaseRequest` is python-telegram-bot's documented way to plug in another HTTP library: it builds
the request data and reads the answer; this class only moves the bytes and maps aiohttp's errors
onto the library's `TimedOut` and `NetworkError`, which the rest of the bot already handles.
"""

from __future__ import annotations

import io
import json
import os
import ssl
from typing import IO
from urllib.parse import unquote, urlsplit

import aiohttp
import certifi
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput, UploadFileDict
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.logs import mask_token

# Telegram takes ~30 messages a second: 16 connections carry that many times over, even while a few
# carry file uploads; a request that finds them all busy waits its turn instead of failing.
BOT_API_CONNECTIONS = 16
CONNECTION_WAIT_SECONDS = 30.0
JSON_HEADERS = {"Content-Type": "application/json"}
Headers = dict[str, str] | None


class AiohttpRequest(BaseRequest):
    """One aiohttp session with at most `connections` open to the Bot API; timeouts as HTTPXRequest's."""

    def __init__(
        self,
        connections: int,
        *,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._connections = connections
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (python-telegram-bot adds a long poll's wait to it)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (again, after a shutdown); it must be made inside the running loop."""
        if self._session is None or self._session.closed:
            # As python-telegram-bot's httpx does: certifi's CA bundle (a slim server image may have
            # none of its own) and HTTPS_PROXY / NO_PROXY from the environment.
            tls = ssl.create_default_context(cafile=certifi.where())
            connector = aiohttp.TCPConnector(limit=self._connections, ssl=tls)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}, trust_env=True
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; its status and body, or TimedOut / NetworkError."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        uploads = request_data.multipart_data if request_data else {}
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        write: float | None = (
            (self._media_write_timeout if uploads else self._write_timeout)
            if isinstance(write_timeout, DefaultValue)
            else write_timeout
        )
        timeout = aiohttp.ClientTimeout(
            # aiohttp's `connect` counts the wait for a free connection too; it has no write timeout,
            # so a request that sends a body is bounded as a whole instead.
            total=_sum(pool, connect, write, read) if request_data else None,
            connect=_sum(pool, connect),
            sock_connect=connect,
            sock_read=read,
        )
        data, headers = _body(request_data, uploads) if request_data else (None, None)
        try:
            async with self._session.request(
                method, url, data=data, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's own timeouts are TimeoutErrors too
            raise TimedOut(f"Timed out ({_described(error, url)})") from None
        except aiohttp.ClientError as error:
            raise NetworkError(_described(error, url)) from None


def _described(error: BaseException, url: str) -> str:
    """`aiohttp.<class>: <text>`, with the bot token of `url` (its `bot<token>` segment) masked.

    aiohttp's errors may quote the URL, token and all. The library's exceptions carry this text instead
    and are raised `from None`: a printed chain would show the original.
    """
    text = f"aiohttp.{error.__class__.__name__}: {error}"
    segment = next((s for s in urlsplit(url).path.split("/") if s.startswith("bot") and len(s) > 3), None)
    return text if segment is None else mask_token(text, unquote(segment.removeprefix("bot")))


def _sum(*parts: float | None) -> float | None:
    """Several timeouts in a row as one; None (no limit) if any of them is."""
    return None if any(part is None for part in parts) else sum(part for part in parts if part is not None)


def _body(request_data: RequestData, uploads: UploadFileDict) -> tuple[bytes | aiohttp.FormData, Headers]:
    """A JSON body, which the Bot API takes for anything but uploads (cheaper to build than a form),
    or with files a multipart form, the parameters JSON-encoded one by one as python-telegram-bot's."""
    if not uploads:
        return json.dumps(request_data.parameters, ensure_ascii=False).encode(), JSON_HEADERS
    form = aiohttp.FormData(request_data.json_parameters)
    for name, (filename, content, mimetype) in uploads.items():
        form.add_field(name, _part(content), filename=filename, content_type=mimetype)
    return form, None


def _part(content: bytes | IO[bytes]) -> bytes | IO[bytes]:
    """What one file's part streams: a file handle is read from disk as it is sent, from its start.

    aiohttp closes the handle it sent, and a retried request (after a 429) sends the same one again,
    so it gets a duplicate of the handle; content that is not a file on disk is read whole.
    """
    if isinstance(content, bytes):
        return content
    try:
        duplicate = os.fdopen(os.dup(content.fileno()), "rb")
    except (OSError, io.UnsupportedOperation):
        content.seek(0)
        return content.read()
    duplicate.seek(0)
    return duplicate
