"""The one rule for which addresses may be shown as links (outgoing.links), case by case."""

from __future__ import annotations

import pytest

from outgoing.links import MAX_LINK, safe_link

SHOWN = [
    "https://news.example/a/1.html",
    "http://news.example/a?id=7&page=2#top",
    'https://news.example/a?title="expo"&id=7',  # quotes are escaped by each channel, not refused
    "HTTPS://NEWS.EXAMPLE/A",
    "https://新闻.example/展会/第九届.html",
    "https://news.example:8443/a",
    "http://127.0.0.1:8080/events/x",
    "https://[2001:db8::1]/a",
    "https://news.example/" + "x" * (MAX_LINK - 21),
]
REFUSED = [
    None,
    "",
    "   ",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "tg://resolve?domain=evil_bot",
    "tg://join?invite=AAAA",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "mailto:a@example.org",
    "ftp://news.example/a",
    "//news.example/a",  # scheme-relative: its scheme is whatever the reader is on
    "/a/1.html",
    "news.example/a",
    "http://",
    "https:///a",
    "https://:443/a",
    "https://./a",
    "http://[::1/a",  # unclosed IPv6 bracket
    "https://news.example:99999/a",
    "https://news.example:port/a",
    "https://bank.example@evil.example/",  # shows one host, opens another
    "https://user:secret@news.example/a",
    "https://news.example/a b",
    "https://news.example/a\tb",
    "https://news.example/a\nb",
    "https://news.example/\u3000a",  # ideographic space
    "https://news.example/\u202egpj.exe",  # right-to-left override: reads as exe.jpg
    "https://news.\u200bexample/a",  # zero-width space
    "https://news.example/\u2028a",
    "https://news.example/\x00a",
    "https://news.example/\x85a",
    "https://news.example/\ufeffa",
    "https://news.example/\ud800a",  # a lone surrogate: no UTF-8 encoder takes it
    "https://news.example/" + "x" * MAX_LINK,
    "https://news%2eexample/a",
]


@pytest.mark.parametrize("url", SHOWN)
def test_well_formed_http_addresses_are_links(url: str) -> None:
    assert safe_link(url) == url
    assert safe_link(f"  {url}\n") == url  # surrounding whitespace is not part of it


@pytest.mark.parametrize("url", REFUSED)
def test_anything_else_is_not_a_link(url: str | None) -> None:
    assert safe_link(url) is None
