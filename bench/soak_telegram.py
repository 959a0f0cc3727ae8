"""The soak benchmark's Bot API: the project's fake (tests/fakes/telegram_api.py), refusing sends at random.

Every ``sendMessage`` to the blocked chat is answered 403 (the user blocked the bot: its messages are no longer
owed); to the other chats, at random, 429 with a short ``retry_after`` or a 502. Every message the fake accepted is
kept with the moment it arrived, so duplicates can be told apart from messages in flight at a kill.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import JSONResponse

from tests.fakes.telegram_api import FakeTelegram


@dataclass(frozen=True, slots=True)
class Received:
    at: float  # time.time()
    chat_id: int
    text: str


@dataclass
class ChaoticTelegram(FakeTelegram):
    blocked_chat: int = 0
    seed: int = 0
    rate_429: float = 0.03
    rate_5xx: float = 0.03
    answers: dict[str, int] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    _dice: random.Random = field(default_factory=random.Random)
    _dice_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        super().__post_init__()
        self._dice.seed(self.seed)

    def _count(self, answer: str) -> None:
        with self._dice_lock:
            self.answers[answer] = self.answers.get(answer, 0) + 1

    def _refusal(self, chat_id: int) -> JSONResponse | None:
        if chat_id == self.blocked_chat:
            self._count("403 blocked")
            return _error(403, "Forbidden: bot was blocked by the user")
        with self._dice_lock:
            roll = self._dice.random()
            retry_after = self._dice.randint(1, 3)
        if roll < self.rate_429:
            self._count("429")
            return _error(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)
        if roll < self.rate_429 + self.rate_5xx:
            self._count("502")
            return JSONResponse({"ok": False, "error_code": 502, "description": "Bad Gateway"}, status_code=502)
        return super()._refusal(chat_id)

    def _record_message(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        result = super()._record_message(method, params)
        if method == "sendMessage":
            self._count("200 sendMessage")
            with self._dice_lock:
                self.received.append(Received(time.time(), int(params["chat_id"]), params.get("text", "")))
        return result


def _error(code: int, description: str, **parameters: int) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=code)
