"""Turning fetched bytes into text when sites misdeclare their encoding, as Chinese sites often do."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""")

# GB2312 and GBK pages routinely contain characters only GB18030 (their superset) defines.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "euc-cn": "gb18030", "ascii": "utf-8"}


def canonical_encoding(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'"))
    except LookupError:
        return None
    return _SUPERSETS.get(codec.name, codec.name)


def decode_page(body: bytes, *, http_charset: str | None = None, override: str | None = None) -> str:
    """Decode an HTML or XML page.

    Order: the source's configured override, a byte-order mark, the HTTP charset, the charset the page declares in
    ``<meta>`` or its XML declaration, then a detector. A declared encoding the bytes do not decode with is a lie
    (a GBK page labelled UTF-8) and is passed over.
    """
    candidates: list[str | None] = [canonical_encoding(override)]
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            candidates.append(encoding)
    head = body[:4096]
    declared = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    candidates += [
        canonical_encoding(http_charset),
        canonical_encoding(declared.group(1).decode() if declared else None),
    ]
    for candidate in candidates:
        if candidate is None:
            continue
        try:
            return body.decode(candidate)
        except UnicodeDecodeError:
            continue
    guess = from_bytes(body[:200_000]).best()
    if guess is not None:
        return body.decode(canonical_encoding(guess.encoding) or "utf-8", errors="replace")
    return body.decode("utf-8", errors="replace")
