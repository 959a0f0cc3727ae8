"""A fake Telegram Bot API server speaking the real JSON shapes, for driving python-telegram-bot over HTTP.

Tests queue updates (messages and button presses, in private chats, groups and forum topics, as a user would send
them) and read back what the bot called, method by method. The fake can also misbehave the way Telegram does:

* ``fail(chat_id, "429" | "403" | "400" | "migrate" | "network", ...)`` makes the next sends to a chat fail;
* ``max_per_second`` enforces an overall rate (a token bucket of one second's worth) and answers 429 beyond it, counting
  every such answer in ``rate_violations`` (the benchmark's "429s caused by us");
* ``admins`` decides who getChatMember reports as a group administrator.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BOT_USER = {"id": 424242, "is_bot": True, "first_name": "Event Radar", "username": "eventradar_test_bot"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class Sent:
    """A message the bot sent (or edited into) a chat."""

    chat_id: int
    text: str
    message_id: int
    thread_id: int | None
    reply_markup: dict[str, Any] | None
    parse_mode: str | None

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data") or b.get("url", "")) for row in rows for b in row]


@dataclass
class _Failure:
    kind: str
    retry_after: int = 1
    new_chat_id: int = 0
    description: str = ""


@dataclass
class FakeTelegram:
    token: str = "123456:TEST-token"
    max_per_second: int | None = None
    calls: list[Call] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    admins: dict[int, set[int]] = field(default_factory=dict)
    rate_violations: int = 0
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    _failures: dict[int, collections.deque[_Failure]] = field(default_factory=dict)
    _tokens: float = 0.0
    _bucket_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))
    record_calls: bool = True
    # While set, every method answers HTTP 500 with this description: the Bot API having an outage.
    outage: str | None = None

    # --- what users do

    def __post_init__(self) -> None:
        self._tokens = float(self.max_per_second or 0)

    def chat(self, chat_id: int, chat_type: str = "private", *, title: str | None = None, forum: bool = False) -> None:
        """Declare a chat (private chats are declared on first use)."""
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = "Test"
        else:
            chat["title"] = title or f"Group {chat_id}"
        if forum:
            chat["is_forum"] = True
        self._chats[chat_id] = chat

    def message_update(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        language_code: str = "zh-hans",
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """The JSON of an update carrying a message, as Telegram would deliver it; ``reply_to`` makes it a reply to
        the bot's message of that id."""
        chat = self._chats.get(chat_id) or {"id": chat_id, "type": "private", "first_name": "Test"}
        user = {"id": user_id or chat_id, "is_bot": False, "first_name": "Test", "language_code": language_code}
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        if reply_to is not None:
            original = next((sent for sent in reversed(self.sent) if sent.message_id == reply_to), None)
            message["reply_to_message"] = {
                "message_id": reply_to,
                "date": int(time.time()),
                "chat": chat,
                "from": BOT_USER,
                "text": original.text if original else "",
            }
        return {"update_id": next(self._update_ids), "message": message}

    def migration_updates(self, old_chat_id: int, new_chat_id: int) -> list[dict[str, Any]]:
        """What Telegram delivers when a group becomes a supergroup: a service message in each of the two chats."""
        self.chat(new_chat_id, "supergroup", title=self._chats.get(old_chat_id, {}).get("title"))
        updates = []
        for chat_id, key, other in (
            (old_chat_id, "migrate_to_chat_id", new_chat_id),
            (new_chat_id, "migrate_from_chat_id", old_chat_id),
        ):
            message = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": self._chats.get(chat_id) or {"id": chat_id, "type": "group", "title": "Group"},
                "from": {"id": 1087968824, "is_bot": True, "first_name": "Group"},
                key: other,
            }
            updates.append({"update_id": next(self._update_ids), "message": message})
        return updates

    def callback_update(
        self, chat_id: int, data: str, *, message_id: int, user_id: int | None = None, language_code: str = "zh-hans"
    ) -> dict[str, Any]:
        """The JSON of a button press on the bot's message ``message_id``."""
        chat = self._chats.get(chat_id) or {"id": chat_id, "type": "private", "first_name": "Test"}
        user = {"id": user_id or chat_id, "is_bot": False, "first_name": "Test", "language_code": language_code}
        original = next((s for s in reversed(self.sent) if s.message_id == message_id), None)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            "text": original.text if original else "",
        }
        if original is not None and original.thread_id is not None:
            message["message_thread_id"] = original.thread_id
            message["is_topic_message"] = True
        callback = {
            "id": str(next(self._update_ids) * 7919),
            "from": user,
            "chat_instance": str(chat_id),
            "message": message,
            "data": data,
        }
        return {"update_id": next(self._update_ids), "callback_query": callback}

    def queue_command(self, chat_id: int, text: str, *, language_code: str = "zh-hans") -> None:
        """Queue a message for the bot's getUpdates polling."""
        update = self.message_update(chat_id, text, language_code=language_code)
        with self._lock:
            self._updates.append(update)

    # --- misbehaving

    def fail(
        self,
        chat_id: int,
        kind: str,
        *,
        times: int = 1,
        retry_after: int = 1,
        new_chat_id: int = 0,
        description: str = "",
    ) -> None:
        queue = self._failures.setdefault(chat_id, collections.deque())
        for _ in range(times):
            queue.append(_Failure(kind, retry_after, new_chat_id, description))

    # --- reading back

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def messages_to(self, chat_id: int) -> list[Sent]:
        with self._lock:
            return [s for s in self.sent if s.chat_id == chat_id]

    def last_to(self, chat_id: int) -> Sent:
        messages = self.messages_to(chat_id)
        assert messages, f"nothing was sent to {chat_id}"
        return messages[-1]

    # --- the server

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/bot{token}/{method}", self._handle, methods=["GET", "POST"])])

    async def _handle(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
        if self.outage is not None:
            return _error(500, self.outage)
        method = request.path_params["method"]
        params = await _params(request)
        if self.record_calls:
            with self._lock:
                self.calls.append(Call(method, params))
        if method == "sendMessage":
            refusal = self._refusal(int(params["chat_id"]))
            if refusal is not None:
                return refusal
        result = await self._answer(method, params)
        return JSONResponse({"ok": True, "result": result})

    def _refusal(self, chat_id: int) -> JSONResponse | None:
        with self._lock:
            if self.max_per_second is not None:
                # A token bucket (refilled at max_per_second, holding at most one second's worth): the usual model
                # of "N per second", and one that a few requests delayed on their way and arriving together do not
                # trip, unlike a strict sliding window, as long as the sender keeps to the rate.
                now = time.monotonic()
                elapsed = now - self._bucket_at if self._bucket_at else 0.0
                self._tokens = min(float(self.max_per_second), self._tokens + elapsed * self.max_per_second)
                self._bucket_at = now
                if self._tokens < 1.0:
                    self.rate_violations += 1
                    return _error(429, "Too Many Requests: retry after 1", retry_after=1)
                self._tokens -= 1.0
            queue = self._failures.get(chat_id)
            failure = queue.popleft() if queue else None
        if failure is None:
            return None
        match failure.kind:
            case "429":
                return _error(
                    429, f"Too Many Requests: retry after {failure.retry_after}", retry_after=failure.retry_after
                )
            case "403":
                return _error(403, failure.description or "Forbidden: bot was blocked by the user")
            case "400":
                return _error(400, failure.description or "Bad Request: chat not found")
            case "migrate":
                return _error(
                    400,
                    "Bad Request: group chat was upgraded to a supergroup chat",
                    migrate_to_chat_id=failure.new_chat_id,
                )
            case _:
                return JSONResponse({"ok": False, "error_code": 502, "description": "Bad Gateway"}, status_code=502)

    async def _answer(self, method: str, params: dict[str, Any]) -> Any:
        match method:
            case "getMe":
                return BOT_USER
            case "getUpdates":
                return await self._get_updates(params)
            case "sendMessage" | "editMessageText":
                return self._record_message(method, params)
            case "getChatMember":
                return self._member(int(params["chat_id"]), int(params["user_id"]))
            case _:
                return True

    def _record_message(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        thread = params.get("message_thread_id")
        message_id = int(params["message_id"]) if method == "editMessageText" else next(self._message_ids)
        sent = Sent(
            chat_id,
            params.get("text", ""),
            message_id,
            int(thread) if thread else None,
            markup,
            params.get("parse_mode"),
        )
        with self._lock:
            if method == "editMessageText":
                for i, old in enumerate(self.sent):
                    if old.chat_id == chat_id and old.message_id == message_id:
                        self.sent[i] = sent
                        break
                else:
                    self.sent.append(sent)
            else:
                self.sent.append(sent)
        chat = self._chats.get(chat_id) or {"id": chat_id, "type": "private", "first_name": "Test"}
        result = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": BOT_USER, "text": sent.text}
        if sent.thread_id is not None:
            result["message_thread_id"] = sent.thread_id
        return result

    def _member(self, chat_id: int, user_id: int) -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": "Test"}
        if user_id not in self.admins.get(chat_id, set()):
            return {"status": "member", "user": user}
        rights = [
            "can_be_edited",
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_promote_members",
            "can_change_info",
            "can_invite_users",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
        ]
        return {"status": "administrator", "user": user, "is_anonymous": False, **dict.fromkeys(rights, True)}

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        # Long polling, kept short so the bot notices a stop quickly.
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 0.5)
        while True:
            with self._lock:
                pending = [update for update in self._updates if update["update_id"] >= offset]
            if pending or time.monotonic() >= deadline:
                return pending
            await asyncio.sleep(0.05)


def _error(code: int, description: str, **parameters: int) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=code)


async def _params(request: Request) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "")
    if "application/json" in content_type:
        body = await request.json()
        return dict(body) if isinstance(body, dict) else {}
    # python-telegram-bot posts url-encoded forms (nested values as JSON text) when it sends no files.
    body = (await request.body()).decode()
    return {key: values[-1] for key, values in parse_qs(body, keep_blank_values=True).items()}
