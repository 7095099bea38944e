"""The bot's Bot API transport: JSON parameters, uploads, timeouts and failures as the library's."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from telegram import InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.transport.aiohttp_request import AiohttpRequest

Seen = dict[str, object]
SECRET_TOKEN = "42:SECRET-part-of-the-token"


@pytest.fixture
async def server() -> AsyncIterator[tuple[TestServer, Seen]]:
    seen: Seen = {}

    async def send(request: web.Request) -> web.Response:
        fields = await request.json() if request.content_type == "application/json" else await request.post()
        seen["content_type"] = request.content_type
        for name, value in fields.items():
            # A file's part is closed once the handler returns: keep what it held.
            seen[name] = (value.filename, value.file.read()) if isinstance(value, web.FileField) else value
        seen["user_agent"] = request.headers.get("User-Agent")
        return web.json_response({"ok": True, "result": True})

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.json_response({"ok": True, "result": True})

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.path)

    app = web.Application()
    app.router.add_route("*", f"/bot{SECRET_TOKEN}/loop", loop)
    app.router.add_post("/botTOKEN/sendMessage", send)
    app.router.add_post("/botTOKEN/sendDocument", send)
    app.router.add_post("/botTOKEN/slow", slow)
    async with TestServer(app) as running:
        yield running, seen


def _data(**values: object) -> RequestData:
    return RequestData([RequestParameter.from_input(name, value) for name, value in values.items()])


async def test_parameters_go_as_json_and_the_answer_comes_back(server: tuple[TestServer, Seen]) -> None:
    running, seen = server
    async with AiohttpRequest(2) as request:
        status, body = await request.do_request(
            str(running.make_url("/botTOKEN/sendMessage")), "POST", _data(chat_id=7, text="Привіт <b>")
        )
    assert status == 200
    assert body == b'{"ok": true, "result": true}'
    assert seen["content_type"] == "application/json"
    assert seen["chat_id"] == 7
    assert seen["text"] == "Привіт <b>"
    assert str(seen["user_agent"]).startswith("python-telegram-bot")


async def test_a_file_goes_as_multipart_with_its_name(server: tuple[TestServer, Seen]) -> None:
    running, seen = server
    document = InputFile(b"tier,region\r\n", filename="roster.csv")
    async with AiohttpRequest(2) as request:
        status, _ = await request.do_request(
            str(running.make_url("/botTOKEN/sendDocument")), "POST", _data(chat_id=7, document=document)
        )
    assert status == 200
    assert seen["content_type"] == "multipart/form-data"
    assert seen["chat_id"] == "7"
    assert seen["document"] == ("roster.csv", b"tier,region\r\n")


async def test_a_slow_answer_is_timed_out(server: tuple[TestServer, Seen]) -> None:
    running, _ = server
    async with AiohttpRequest(2, read_timeout=0.1) as request:
        with pytest.raises(TimedOut):
            await request.do_request(str(running.make_url("/botTOKEN/slow")), "POST", _data(chat_id=7))


async def test_no_server_is_a_network_error() -> None:
    async with AiohttpRequest(1) as request:
        with pytest.raises(NetworkError):
            await request.do_request("http://127.0.0.1:9/botTOKEN/getMe", "POST")


async def test_an_error_quoting_the_url_is_raised_without_the_token(server: tuple[TestServer, Seen]) -> None:
    running, _ = server
    async with AiohttpRequest(1) as request:
        with pytest.raises(NetworkError) as raised:
            await request.do_request(str(running.make_url(f"/bot{SECRET_TOKEN}/loop")), "POST")
    assert "aiohttp.TooManyRedirects" in raised.value.message
    assert "/bot<BOT_TOKEN>/loop" in raised.value.message
    assert "SECRET-part" not in raised.value.message
    assert raised.value.__suppress_context__  # a printed traceback would show aiohttp's own text


async def test_it_opens_again_after_a_shutdown(server: tuple[TestServer, Seen]) -> None:
    running, _ = server
    request = AiohttpRequest(1)
    with pytest.raises(RuntimeError):
        await request.do_request(str(running.make_url("/botTOKEN/sendMessage")), "POST", _data(chat_id=1))
    await request.initialize()
    await request.shutdown()
    await request.initialize()
    try:
        status, _ = await request.do_request(
            str(running.make_url("/botTOKEN/sendMessage")), "POST", _data(chat_id=1)
        )
    finally:
        await request.shutdown()
    assert status == 200


async def test_a_file_handle_is_sent_from_its_start_on_every_attempt(
    server: tuple[TestServer, Seen], tmp_path: Path
) -> None:
    running, seen = server
    path = tmp_path / "checkins.csv"
    path.write_bytes(b"cycle,member\r\n2026-W48,1\r\n")
    url = str(running.make_url("/botTOKEN/sendDocument"))
    with path.open("rb") as file:
        document = InputFile(file, filename="checkins.csv", read_file_handle=False)
        async with AiohttpRequest(1) as request:
            for _ in range(2):  # a retry (after a 429, say) sends the same request data again
                seen.clear()
                await request.do_request(url, "POST", _data(chat_id=7, document=document))
                assert seen["document"] == ("checkins.csv", b"cycle,member\r\n2026-W48,1\r\n")


async def test_an_in_memory_handle_is_sent_whole(server: tuple[TestServer, Seen]) -> None:
    running, seen = server
    handle = io.BytesIO(b"tier,region\r\n")
    handle.read()  # already read once: still sent from its start
    document = InputFile(handle, filename="roster.csv", read_file_handle=False)
    async with AiohttpRequest(1) as request:
        await request.do_request(
            str(running.make_url("/botTOKEN/sendDocument")), "POST", _data(chat_id=7, document=document)
        )
    assert seen["document"] == ("roster.csv", b"tier,region\r\n")
