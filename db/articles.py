"""Storing fetched articles once: unique per source and guid, with a content hash that spots the same text elsewhere."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Article

ArticleState = Literal["new", "updated", "unchanged", "duplicate"]


@dataclass(frozen=True, slots=True)
class StoredArticle:
    article: Article
    # new/updated: extract it; unchanged: nothing to do; duplicate: the same text was already extracted elsewhere.
    state: ArticleState
    duplicate_of: int | None = None


def content_hash(text: str) -> str:
    # White space differs between a feed and a page carrying one story; the words do not.
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def store_article(
    session: Session,
    *,
    source_id: int,
    guid: str,
    url: str | None,
    title: str | None,
    text: str,
    published_at: dt.datetime | None,
    now: dt.datetime,
) -> StoredArticle:
    digest = content_hash(text)
    existing = session.scalars(select(Article).where(Article.source_id == source_id, Article.guid == guid)).first()
    if existing is not None:
        if existing.content_hash == digest:
            return StoredArticle(existing, "unchanged")
        existing.text, existing.content_hash, existing.title = text, digest, title
        existing.url = url or existing.url
        existing.published_at = published_at or existing.published_at
        existing.fetched_at = now
        session.flush()
        return StoredArticle(existing, "updated")
    twin = session.scalars(
        select(Article.id).where(Article.content_hash == digest, Article.extracted_at.is_not(None)).limit(1)
    ).first()
    article = Article(
        source_id=source_id,
        guid=guid,
        url=url,
        title=title,
        text=text,
        content_hash=digest,
        published_at=published_at,
        fetched_at=now,
    )
    session.add(article)
    session.flush()
    if twin is not None:
        return StoredArticle(article, "duplicate", duplicate_of=twin)
    return StoredArticle(article, "new")


def known_guids(session: Session, source_id: int, guids: list[str]) -> set[str]:
    if not guids:
        return set()
    rows = session.scalars(select(Article.guid).where(Article.source_id == source_id, Article.guid.in_(guids)))
    return set(rows)
