"""The bot's per-chat state between updates: load it all at start, save or drop one chat's at a time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models.base import utcnow
from db.models.subscribers import ChatData


def load_chat_data(session: Session) -> dict[int, dict[str, Any]]:
    return {chat_id: dict(data) for chat_id, data in session.execute(select(ChatData.chat_id, ChatData.data))}


def save_chat_data(session: Session, chat_id: int, data: dict[str, Any]) -> None:
    row = session.get(ChatData, chat_id)
    if row is None:
        session.add(ChatData(chat_id=chat_id, data=data))
    else:
        row.data = data
        row.updated_at = utcnow()


def drop_chat_data(session: Session, chat_id: int) -> None:
    session.execute(delete(ChatData).where(ChatData.chat_id == chat_id))
