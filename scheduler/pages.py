"""Reading HTML sources: the article links on a listing page, and the text, title and date of an article page."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import htmldate
import lxml.html
import trafilatura
from cssselect import SelectorError
from lxml import etree
from trafilatura.settings import Document

from extract.published import find_published
from scheduler.netpolicy import same_site

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Paths that look like one article rather than a section: a number, a date or a page file name.
_ARTICLE_PATH = re.compile(r"(\d{4,}|\.s?html?$|/t\d{8}_|/content_|/art_|/detail)", re.IGNORECASE)
_MIN_TITLE_CHARS = 6


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    title: str


@dataclass(frozen=True, slots=True)
class PageArticle:
    title: str | None
    text: str
    published: dt.date | None


class PageError(Exception):
    """The page cannot be read as configured; the message says why."""


def article_links(html: str, base_url: str, selector: str | None = None) -> list[Link]:
    """Article links on a listing page: those matching ``selector``, else links that look like articles.

    Either way only links within the listing's registrable domain are followed (``scheduler.netpolicy``): a
    listing must not send us to other sites, let alone to addresses of our own network.
    """
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise PageError(f"listing page is not HTML: {exc}") from None
    if selector:
        try:
            anchors = root.cssselect(selector)
        except SelectorError as exc:
            raise PageError(f"link_selector {selector!r} is not a valid CSS selector: {exc}") from None
        anchors = [a for element in anchors for a in ([element] if element.tag == "a" else element.iter("a"))]
    else:
        anchors = list(root.iter("a"))
    host = urlsplit(base_url).hostname
    links: dict[str, Link] = {}
    for anchor in anchors:
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = urldefrag(urljoin(base_url, href)).url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not same_site(url, base_url):
            continue
        title = " ".join((anchor.text_content() or anchor.get("title") or "").split())
        if not selector and not _looks_like_article(parts.hostname, host, parts.path, title):
            continue
        links.setdefault(url, Link(url=url, title=title))
    return list(links.values())


def _looks_like_article(link_host: str | None, page_host: str | None, path: str, title: str) -> bool:
    return (
        link_host == page_host
        and len(title) >= _MIN_TITLE_CHARS
        and _CJK.search(title) is not None
        and _ARTICLE_PATH.search(path) is not None
    )


def read_article(html: str, url: str) -> PageArticle:
    """Main text, title and publication date of an article page.

    trafilatura finds the text and title. The date comes first from the page's own label (发布时间, 发布日期...),
    then from htmldate's reading of the markup; htmldate is not given the URL, because from ``/2026/`` it would
    guess 1 January, and a wrong year misplaces every year-less date in the article.
    """
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
    )
    if not isinstance(document, Document) or not (document.text or "").strip():
        raise PageError("no article text found on the page")
    title = (document.title or "").strip() or None
    text = (document.text or "").strip()
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    return PageArticle(title=title, text=text, published=find_published(text) or _markup_date(html))


def _markup_date(html: str) -> dt.date | None:
    found = htmldate.find_date(html, original_date=True, extensive_search=False)
    if not found:
        return None
    try:
        return dt.date.fromisoformat(found[:10])
    except ValueError:
        return None
