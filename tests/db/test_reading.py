"""Reading while a poll writes: the page, the feeds and the poller's own look-ups read what is committed at once,
instead of waiting for the writer (on SQLite, every other transaction takes the one write lock up front)."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from db.engine import reading
from db.models.sources import Source

# Far below the SQLite busy timeout (30 s) a read that waited for the writer would sit through.
PROMPT_SECONDS = 5.0


def _source(key: str) -> Source:
    return Source(key=key, name=key, kind="rss", url=f"https://news.example/{key}.xml")


def test_a_read_does_not_wait_for_a_write_in_progress(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        session.add(_source("committed"))
    seen: list[list[str]] = []

    def read() -> None:
        with reading(engine) as session:
            seen.append(list(session.scalars(select(Source.key))))

    with Session(engine) as writer, writer.begin():
        writer.add(_source("in-progress"))
        writer.flush()  # the writer now holds the write lock until it commits
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(PROMPT_SECONDS)
        assert not reader.is_alive(), "the read waited for the writer"
    assert seen == [["committed"]]
    with reading(engine) as session:
        assert session.scalar(select(func.count()).select_from(Source)) == 2
