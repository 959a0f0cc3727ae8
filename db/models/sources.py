"""Where events are read: the sources we poll (with their health and conditional-GET state) and the articles
fetched from them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, one_of, utcnow

if TYPE_CHECKING:
    from db.models.events import EventArticle

SOURCE_KINDS = ("rss", "atom", "jsonfeed", "html-list", "html-article")


class Source(Base):
    """A place we poll. Rows come from config.yaml (origin 'config') or from admins (origin 'admin')."""

    __tablename__ = "sources"
    __table_args__ = (CheckConstraint(one_of("kind", SOURCE_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(2000))
    interval_minutes: Mapped[int] = mapped_column(Integer, default=60)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    origin: Mapped[str] = mapped_column(String(10), default="config")
    province: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(20))
    industries: Mapped[list[str]] = mapped_column(default=list)
    encoding: Mapped[str | None] = mapped_column(String(40))
    link_selector: Mapped[str | None] = mapped_column(String(500))
    # Only config.yaml can set it (scheduler.netpolicy): admins' sources never reach private addresses.
    allow_private_network: Mapped[bool] = mapped_column(Boolean, default=False)
    # Conditional GET validators from the last 200 answer.
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    # Health, for backoff and for admins.
    last_polled_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    last_error_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_poll_at: Mapped[dt.datetime | None]
    failure_alert_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="source", passive_deletes=True)


class Article(Base):
    """One fetched page or feed item, stored once per source; re-extracted when its text changes."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("source_id", "guid"),
        Index("ix_articles_content_hash", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    guid: Mapped[str] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(1000))
    text: Mapped[str] = mapped_column(Text)
    # sha256 of the normalised text: the same story from two sources is extracted once.
    content_hash: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[dt.datetime | None]
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    extracted_at: Mapped[dt.datetime | None]

    source: Mapped[Source] = relationship(back_populates="articles")
    event_links: Mapped[list[EventArticle]] = relationship(back_populates="article", passive_deletes=True)
