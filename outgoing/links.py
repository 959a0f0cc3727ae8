"""The one rule for which addresses are shown as links: the page, iCal feeds, Telegram and ``/addsource`` ask it.

A scraped article links to whatever its feed said. ``javascript:`` and ``data:`` run in the page; ``tg:`` opens
Telegram's own actions (join a chat, open a user) from a message that looks like ours; ``file:``, ``mailto:`` and
scheme-less paths lead nowhere a reader meant to go. So an address is a link only when it is an absolute ``http``
or ``https`` URL that is well formed:

* a host (letters of any script, digits, ``-``, ``.``, ``_``; or an IP address), and a port, if any, in range;
* no user info: ``https://bank.example@evil.example`` shows one host and opens another;
* no whitespace, control, bidi or other invisible format characters anywhere (they hide what the address is), and
  at most :data:`MAX_LINK` characters.

An address that fails is not shown as a link anywhere: each channel leaves that source link out (its title alone
would promise a link that is not there). Characters that are merely unsafe in a given syntax (``"``, ``<``, ``&``)
are allowed here and escaped by each channel as its syntax needs (HTML attribute, iCal URI).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# The longest address sitemaps and most crawlers accept; no article address we have seen comes near it.
MAX_LINK = 2048
SCHEMES = ("http", "https")

# Whitespace of any script (\s covers U+3000, U+2028/2029, NEL), C0/C1 controls, bidi marks, embeddings, overrides
# and isolates, zero-width characters, the BOM and lone surrogates.
_INVISIBLE = re.compile(
    "[\\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
_HOST = re.compile(r"[\w.-]+|[0-9A-Fa-f:.]+")


def safe_link(url: str | None) -> str | None:
    """``url`` (without surrounding whitespace) when it may be shown as a link; None when it must not be."""
    if not url:
        return None
    url = url.strip()
    if not url or len(url) > MAX_LINK or _INVISIBLE.search(url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- reading it is what checks the port: ValueError when not a number in range
    except ValueError:  # an unclosed IPv6 bracket, a port past 65535 or not a number
        return None
    if parts.scheme.lower() not in SCHEMES or parts.username is not None or parts.password is not None:
        return None
    host = parts.hostname
    if not host or not _HOST.fullmatch(host) or host.strip(".") == "":
        return None
    return url
