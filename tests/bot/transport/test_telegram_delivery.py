"""The Telegram send function: which Telegram error becomes which outbox outcome."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.transport.delivery import RejectedError, RetryLater, Sent, TransientError, UnreachableError
from bot.transport.telegram_delivery import Bot, telegram_sender
from storage.outbox import Payload


class RaisingBot:
    rate_limiter = object()  # as the Application's bot has one

    """Stands in for telegram.Bot: every send raises the given error, or returns message 42."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def _send(self, method: str, **kwargs: Any) -> Any:
        self.calls.append((method, kwargs))
        if self.error is not None:
            raise self.error
        return type("Sent", (), {"message_id": 42})()

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Any:
        return await self._send("send_message", chat_id=chat_id, text=text, **kwargs)

    async def send_document(self, chat_id: int, document: str, **kwargs: Any) -> Any:
        return await self._send("send_document", chat_id=chat_id, document=document, **kwargs)

    async def send_photo(self, chat_id: int, photo: str, **kwargs: Any) -> Any:
        return await self._send("send_photo", chat_id=chat_id, photo=photo, **kwargs)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (RetryAfter(timedelta(seconds=7)), RetryLater),
        (Forbidden("Forbidden: bot was blocked by the user"), UnreachableError),
        (BadRequest("Bad Request: chat not found"), UnreachableError),
        (BadRequest("Bad Request: message is too long"), RejectedError),
        (TimedOut(), TransientError),
        (NetworkError("Bad Gateway"), TransientError),
    ],
)
async def test_telegram_errors_map_to_outcomes(error: Exception, expected: type[Exception]) -> None:
    send = telegram_sender(cast(Bot, RaisingBot(error)))
    with pytest.raises(expected):
        await send(1, Payload("hi"))


async def test_a_flood_wait_carries_its_seconds() -> None:
    send = telegram_sender(cast(Bot, RaisingBot(RetryAfter(timedelta(seconds=7)))))
    with pytest.raises(RetryLater) as caught:
        await send(1, Payload("hi"))
    assert caught.value.seconds == 7


async def test_an_attachment_goes_by_file_id_with_the_text_as_caption() -> None:
    fake = RaisingBot()
    send = telegram_sender(cast(Bot, fake))
    assert await send(5, Payload("<b>New</b>", None, "document", "FILE1")) == Sent(42)
    assert fake.calls == [
        (
            "send_document",
            {
                "chat_id": 5,
                "document": "FILE1",
                "caption": "<b>New</b>",
                "reply_markup": None,
                "rate_limit_args": "bulk",  # it may wait for answers to people
            },
        )
    ]
