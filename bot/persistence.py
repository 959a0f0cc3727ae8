"""python-telegram-bot persistence in our database: ``chat_data`` survives a restart of the service.

A chat halfway through the /subscribe picker, or paging /upcoming with filters, carries on after a restart or a
deploy instead of pressing buttons that have forgotten what they meant. Only ``chat_data`` is stored: the bot keeps
nothing per user, ``bot_data`` holds live services, and conversations are not used.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import MutableMapping
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from telegram.ext import BasePersistence, PersistenceInput

from db.chat_data import drop_chat_data, load_chat_data, save_chat_data

log = logging.getLogger(__name__)
ChatState = dict[str, Any]
# python-telegram-bot's own aliases live in a private module; these are the same types.
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]
ConversationKey = tuple[int | str, ...]
ConversationDict = MutableMapping[ConversationKey, object]

# PTB writes changed chats every this many seconds and at shutdown; a crash loses at most this much of a picker.
UPDATE_SECONDS = 5.0


class DatabasePersistence(BasePersistence[dict[str, Any], ChatState, dict[str, Any]]):
    def __init__(self, sessions: sessionmaker[Session], *, update_interval: float = UPDATE_SECONDS) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=True, user_data=False, callback_data=False),
            update_interval=update_interval,
        )
        self._sessions = sessions

    async def get_chat_data(self) -> dict[int, ChatState]:
        def load() -> dict[int, ChatState]:
            with self._sessions() as session:
                return load_chat_data(session)

        return await asyncio.to_thread(load)

    async def update_chat_data(self, chat_id: int, data: ChatState) -> None:
        if not data:
            # PTB saves every chat that sent an update; one with nothing in progress needs no row.
            await self.drop_chat_data(chat_id)
            return
        try:
            # Checked here so that a value which is not JSON fails for this chat, not the transaction.
            json.dumps(data)
        except (TypeError, ValueError) as exc:
            # Better a chat that starts its picker afresh after a restart than one that gets a stale one back.
            log.error("chat %s: chat_data dropped from storage, it is not JSON: %s", chat_id, exc)
            await self.drop_chat_data(chat_id)
            return

        def save() -> None:
            with self._sessions.begin() as session:
                save_chat_data(session, chat_id, data)

        await asyncio.to_thread(save)

    async def drop_chat_data(self, chat_id: int) -> None:
        def drop() -> None:
            with self._sessions.begin() as session:
                drop_chat_data(session, chat_id)

        await asyncio.to_thread(drop)

    async def refresh_chat_data(self, chat_id: int, chat_data: ChatState) -> None:
        """One process owns a bot token's updates, so the copy in memory is always the newest."""

    async def flush(self) -> None:
        """Every update is written in its own transaction; nothing is buffered here."""

    # What is not stored (see the module docstring): PTB never calls these with the PersistenceInput above,
    # except the getters at start, which must answer "nothing stored".

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        return {}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        raise NotImplementedError("the bot uses no ConversationHandler")

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        pass

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        pass

    async def update_callback_data(self, data: CDCData) -> None:
        pass

    async def drop_user_data(self, user_id: int) -> None:
        pass

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        pass

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        pass
