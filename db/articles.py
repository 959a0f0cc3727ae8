"""Storing fetched articles once: unique per source and guid, with a content hash that spots the same text elsewhere."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models.sources import Article

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


def articles_by_guid(session: Session, source_id: int, guids: list[str]) -> dict[str, Article]:
    if not guids:
        return {}
    rows = session.scalars(select(Article).where(Article.source_id == source_id, Article.guid.in_(guids)))
    return {article.guid: article for article in rows}


def extracted_twins(session: Session, hashes: set[str]) -> dict[str, int]:
    """For each content hash, an article with that text whose events were already extracted."""
    if not hashes:
        return {}
    rows = session.execute(
        select(Article.content_hash, func.min(Article.id))
        .where(Article.content_hash.in_(hashes), Article.extracted_at.is_not(None))
        .group_by(Article.content_hash)
    )
    return {digest: article_id for digest, article_id in rows}


def store_article(
    session: Session,
    *,
    existing: Article | None,
    twin_id: int | None,
    source_id: int,
    guid: str,
    url: str | None,
    title: str | None,
    text: str,
    published_at: dt.datetime | None,
    now: dt.datetime,
) -> StoredArticle:
    """Insert or update one article. ``existing`` is its stored row (same source and guid), ``twin_id`` an
    already-extracted article with the same text from anywhere: the caller looks both up in bulk."""
    digest = content_hash(text)
    if existing is not None:
        if existing.content_hash == digest:
            return StoredArticle(existing, "unchanged")
        existing.text, existing.content_hash, existing.title = text, digest, title
        existing.url = url or existing.url
        existing.published_at = published_at or existing.published_at
        existing.fetched_at = now
        return StoredArticle(existing, "updated")
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
    if twin_id is not None:
        return StoredArticle(article, "duplicate", duplicate_of=twin_id)
    return StoredArticle(article, "new")


def known_guids(session: Session, source_id: int, guids: list[str]) -> set[str]:
    if not guids:
        return set()
    rows = session.scalars(select(Article.guid).where(Article.source_id == source_id, Article.guid.in_(guids)))
    return set(rows)


def stored_digests(session: Session, source_id: int, guids: list[str]) -> dict[str, str]:
    """The content hash each of the source's articles was stored with, by guid: an unchanged item is not read
    again."""
    if not guids:
        return {}
    rows = session.execute(
        select(Article.guid, Article.content_hash).where(Article.source_id == source_id, Article.guid.in_(guids))
    )
    return {guid: digest for guid, digest in rows}


def extracted_hashes(session: Session, hashes: set[str]) -> set[str]:
    """Which of these texts some source's article already had extracted: a text syndicated by another outlet is
    linked to the events it gave, not extracted again."""
    if not hashes:
        return set()
    rows = session.scalars(
        select(Article.content_hash).where(Article.content_hash.in_(hashes), Article.extracted_at.is_not(None))
    )
    return set(rows)
