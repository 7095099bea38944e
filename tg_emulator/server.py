"""The emulator's HTTP server: the Bot API wire format on loopback, with flood limits and faults."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import BodyPartReader, web

from tg_emulator.client import UserClient
from tg_emulator.errors import ApiError, too_many_requests
from tg_emulator.faults import Faults
from tg_emulator.limits import FloodControl, FloodLimits
from tg_emulator.methods import FLOOD_COUNTED, SENDING, Params, Uploads, method_table
from tg_emulator.model import ApiCall, MessageEvent
from tg_emulator.state import GroupInfo, World

MAX_POLL_TIMEOUT = 50
CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
# Parameters that python-telegram-bot JSON-encodes; everything else stays a string.
_JSON_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "from_chat_id",
        "user_id",
        "reply_markup",
        "entities",
        "caption_entities",
        "disable_notification",
        "protect_content",
        "show_alert",
        "cache_time",
        "is_personal",
        "results",
        "offset",
        "limit",
        "timeout",
        "allowed_updates",
        "commands",
        "scope",
        "reply_parameters",
        "link_preview_options",
        "reply_to_message_id",
        "button",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "drop_pending_updates",
        "message_thread_id",
        "show_caption_above_media",
        "has_spoiler",
    }
)


class TelegramEmulator:
    """A local Telegram Bot API for one bot token, plus the handles tests use to act as users."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        bot_username: str = "cdto_test_bot",
        limits: FloodLimits | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.world = World(
            bot_user={
                "id": self.bot_id,
                "is_bot": True,
                "first_name": "CDTO Bot",
                "username": bot_username,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": True,
            }
        )
        self.limits = limits or FloodLimits()
        self.flood = FloodControl(self.limits)  # tests script a 429 with flood_chat / flood_all
        self.faults = Faults()
        self._host, self._port = host, port
        self._methods = method_table()
        self._runner: web.AppRunner | None = None
        self._poll: asyncio.Future[str] | None = None
        self._in_flight = 0
        self._last_request = time.monotonic()
        self._clock_offset = 0.0
        self.world.clock = lambda: time.time() + self._clock_offset
        self._clients: dict[int, UserClient] = {}
        self.polls_started = (
            0  # getUpdates requests received (a long poll is logged in calls only when it ends)
        )

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on loopback (a free port unless one was given)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self._port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        """End pending long polls and close the server."""
        if self._poll is not None and not self._poll.done():
            self._poll.set_result("stopped")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> TelegramEmulator:
        await self.start()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def api_url(self) -> str:
        """The base URL for python-telegram-bot (it appends the token)."""
        return f"http://{self._host}:{self._port}/bot"

    @property
    def file_url(self) -> str:
        """The base file URL for python-telegram-bot."""
        return f"http://{self._host}:{self._port}/file/bot"

    # -- clock -----------------------------------------------------------------------------------

    @property
    def clock(self) -> Callable[[], float]:
        """The unix time the emulator lives in (message dates, the 48 h and 15 s rules)."""
        return self.world.clock

    @clock.setter
    def clock(self, clock: Callable[[], float]) -> None:
        self.world.clock = clock

    def advance(self, seconds: float) -> None:
        """Move the default clock forward."""
        self._clock_offset += seconds

    # -- users and chats -------------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "uk",
        has_started: bool = False,
    ) -> UserClient:
        """The client of a user (created on first use; the same id returns the same client).

        `has_started` says the user opened the chat with the bot before (else the bot can't write first).
        """
        client = self._clients.get(user_id)
        if client is None:
            client = self._clients[user_id] = UserClient(
                self.world, user_id, first_name, last_name, username, language_code
            )
        client.info.started = client.info.started or has_started
        return client

    def group(self, chat_id: int, title: str) -> GroupInfo:
        """A group chat the bot is a member of."""
        return self.world.groups.setdefault(chat_id, GroupInfo(chat_id, title))

    def subscribe(self, watcher: Callable[[MessageEvent], None]) -> Callable[[], None]:
        """Call `watcher` for every new, edited or deleted bot message; returns the unsubscribe."""
        self.world.watchers.append(watcher)
        return lambda: self.world.watchers.remove(watcher)

    # -- what tests read -------------------------------------------------------------------------

    @property
    def calls(self) -> list[ApiCall]:
        """Every API call so far."""
        return self.world.calls

    def sent_count(self) -> int:
        """How many sending calls succeeded."""
        return sum(1 for call in self.world.calls if call.method in SENDING and call.status == 200)

    def commands(
        self, scope_type: str = "default", chat_id: int | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """The command list stored for a scope and language."""
        key = scope_type if chat_id is None else f"{scope_type}:{chat_id}"
        return list(self.world.commands.get((key, language_code), []))

    def description(self, language_code: str = "") -> str:
        """The bot's description in a language."""
        return self.world.descriptions.get(language_code, "")

    def short_description(self, language_code: str = "") -> str:
        """The bot's short description in a language."""
        return self.world.short_descriptions.get(language_code, "")

    async def settle(self, quiet: float = 0.2, timeout: float = 5.0) -> None:
        """Wait until every update was fetched and no request came for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            idle = time.monotonic() - self._last_request
            if not self.world.updates and self._in_flight == 0 and idle >= quiet:
                return
            await asyncio.sleep(min(quiet / 2, 0.05))
        raise AssertionError(
            f"the bot did not settle within {timeout} s ({len(self.world.updates)} updates pending)"
        )

    # -- HTTP ------------------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"].lower()
        params, uploads = await _read_params(request)
        if method == "getupdates":
            self.polls_started += 1
            return await self._answer(method, params, self._get_updates(params))
        self._in_flight += 1
        self._last_request = time.monotonic()
        try:
            delay = self.faults.delay_for(method)
            if delay:
                await asyncio.sleep(delay)
            if self.faults.take_drop(method):
                assert request.transport is not None
                request.transport.close()
                raise ConnectionResetError("dropped on purpose")
            return await self._answer(method, params, self._call(method, params, uploads))
        finally:
            self._in_flight -= 1
            self._last_request = time.monotonic()

    async def _call(self, method: str, params: Params, uploads: Uploads) -> Any:
        failure = self.faults.take_failure(method)
        if failure is not None:
            raise ApiError(failure.status, failure.description)
        handler = self._methods.get(method)
        if handler is None:
            raise ApiError(404, "Not Found")
        if method in FLOOD_COUNTED and "chat_id" in params:
            try:
                retry_after = self.flood.admit(int(params["chat_id"]))
            except (TypeError, ValueError):
                retry_after = None
            if retry_after is not None:
                raise too_many_requests(retry_after)
        return await handler(self.world, params, uploads)

    async def _answer(self, method: str, params: Params, work: Any) -> web.Response:
        try:
            result = await work
        except ApiError as error:
            self.world.calls.append(ApiCall(method, params, error.status, time.monotonic()))
            return web.json_response(error.body(), status=error.status)
        self.world.calls.append(ApiCall(method, params, 200, time.monotonic()))
        return web.json_response({"ok": True, "result": result}, dumps=_dumps)

    async def _get_updates(self, params: Params) -> list[dict[str, Any]]:
        world = self.world
        world.confirm(int(params.get("offset") or 0))
        if self._poll is not None and not self._poll.done():
            self._poll.set_result("conflict")
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = max(0, min(MAX_POLL_TIMEOUT, int(params.get("timeout") or 0)))
        if not world.updates and timeout:
            poll: asyncio.Future[str] = asyncio.get_running_loop().create_future()
            self._poll = poll
            world.update_arrived.clear()
            waiter: asyncio.Future[Any] = asyncio.ensure_future(world.update_arrived.wait())
            try:
                await asyncio.wait([poll, waiter], timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            finally:
                waiter.cancel()
                if self._poll is poll:
                    self._poll = None
            if poll.done() and poll.result() == "conflict":
                raise ApiError(409, CONFLICT)
        return world.updates[:limit]

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = self.world.file_paths.get(request.match_info["path"])
        if file_id is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=self.world.files[file_id].content)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


async def _read_params(request: web.Request) -> tuple[Params, Uploads]:
    """Form, multipart, JSON or query-string parameters, with PTB's JSON-encoded values decoded."""
    raw: dict[str, Any] = dict(request.query)
    uploads: Uploads = {}
    content_type = request.content_type
    if content_type == "application/json":
        body = await request.json() if request.can_read_body else {}
        raw.update(body)
        return raw, uploads
    if content_type.startswith("multipart/"):
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            assert isinstance(part, BodyPartReader)
            if part.filename is not None:
                uploads[part.name or ""] = (
                    bytes(await part.read()),
                    part.filename,
                    part.headers.get("Content-Type"),
                )
            else:
                raw[part.name or ""] = await part.text()
    elif request.can_read_body:
        raw.update(await request.post())
    return {key: _decode(key, value) for key, value in raw.items()}, uploads


def _decode(key: str, value: Any) -> Any:
    if key in _JSON_PARAMS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
