"""Turning fetched bytes into text when sites misdeclare their encoding, as Chinese sites often do.

Feeds and pages are decoded here, never by feedparser: feedparser falls back to windows-1252 or iso-8859-2 when the
declared encoding does not fit (a GBK feed whose XML declaration says ``encoding="gb2312" encoding="utf-8"``), and
stores the Latin garbage ``¡¾ÎâÏþÁé`` without a word. Every reading is also checked for mojibake (``mojibake``:
Chinese misread as a Latin encoding, or UTF-8 misread as GBK or Big5). A garbled reading is passed over for the
next candidate, or mended when the site garbled its text before serving it and no byte was lost; when nothing sane
is left the document is refused with an error naming what was declared, what was detected and what it read as.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

from charset_normalizer import from_bytes

from scheduler.pages import PageError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>""")
_XML_ENCODINGS = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""")

# GB2312 and GBK pages routinely contain characters only GB18030 (their superset) defines.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "euc-cn": "gb18030", "ascii": "utf-8"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# Mojibake of Chinese: runs of two or more Latin-1, Latin Extended or windows-125x punctuation characters.
_LATIN_RUN = re.compile(r"[\u0080-\u02ff\u2013-\u203a\u20ac\u2122]{2,}")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# The single-byte encodings a decoder falls back to, and the multi-byte ones their garbage came from.
_MISREAD_AS = ("latin-1", "cp1252", "iso-8859-2", "cp1250")
_WRITTEN_IN = ("utf-8", "gb18030", "big5")
# Enough text to tell: a document is misread as a whole, and this is checked for every feed and item.
_GARBLE_SAMPLE = 20_000


class DecodeError(Exception):
    """No reading of the bytes gives sane text; the message names what was declared, detected and seen."""


def canonical_encoding(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'"))
    except LookupError:
        return None
    return _SUPERSETS.get(codec.name, codec.name)


def decode_page(body: bytes, *, http_charset: str | None = None, override: str | None = None) -> str:
    """Decode an HTML page (or a PageError saying why it cannot be read).

    Order: the source's configured override, a byte-order mark, the HTTP charset, the charset the page declares in
    ``<meta>`` or its XML declaration, then a detector. A declared encoding the bytes do not decode with is a lie
    (a GBK page labelled UTF-8) and is passed over, and so is one that reads as mojibake.
    """
    head = body[:4096]
    declared = [match.group(1).decode() for match in (_META_CHARSET.search(head),) if match]
    declared += _xml_encodings(head)
    try:
        return _decode(body, override=override, http_charset=http_charset, declared=declared, default=None)
    except DecodeError as exc:
        raise PageError(str(exc)) from None


def decode_feed(body: bytes, *, http_charset: str | None = None, override: str | None = None) -> str:
    """Decode an XML feed: override, byte-order mark, HTTP charset, every ``encoding`` its XML declaration gives
    (a broken declaration may give two), UTF-8 (XML's default), then a detector. DecodeError when none is sane.
    """
    return _decode(
        body, override=override, http_charset=http_charset, declared=_xml_encodings(body[:1024]), default="utf-8"
    )


def utf8_xml(text: str) -> bytes:
    """The decoded feed as bytes any XML parser reads the same way: UTF-8, and a declaration that says so."""
    document = text.lstrip("\ufeff \t\r\n")
    if document.startswith("<?xml") and "?>" in document:
        document = document[document.index("?>") + 2 :]
    return ('<?xml version="1.0" encoding="utf-8"?>' + document).encode("utf-8")


def _xml_encodings(head: bytes) -> list[str]:
    declaration = _XML_DECLARATION.match(head)
    if declaration is None:
        return []
    return [match.decode() for match in _XML_ENCODINGS.findall(declaration.group(0))]


def _decode(
    body: bytes, *, override: str | None, http_charset: str | None, declared: list[str], default: str | None
) -> str:
    candidates = [canonical_encoding(override)]
    candidates += [encoding for bom, encoding in _BOMS if body.startswith(bom)]
    candidates += [canonical_encoding(http_charset), *(canonical_encoding(name) for name in declared), default]
    tried: list[str] = []
    garbled: list[tuple[str, str]] = []
    for candidate in candidates:
        if candidate is None or candidate in tried:
            continue
        tried.append(candidate)
        try:
            text = body.decode(candidate)
        except UnicodeDecodeError:
            continue
        sample = mojibake(text)
        if sample is None:
            return text
        mended = _mend(text)
        if mended is not None:
            return mended
        garbled.append((candidate, sample))
    guess = from_bytes(body[:200_000]).best()
    detected = canonical_encoding(guess.encoding) if guess is not None else None
    fallback = detected or default or "utf-8"
    # The last resort keeps undecodable bytes visible as U+FFFD rather than refusing the whole document.
    text = body.decode(fallback, errors="replace")
    sample = mojibake(text)
    if sample is None:
        return text
    if fallback not in tried:
        garbled.append((fallback, sample))
    said = ", ".join(dict.fromkeys(name for name in [override, http_charset, *declared] if name)) or "nothing"
    readings = "; ".join(f"as {encoding} it reads {sample!r}" for encoding, sample in garbled)
    raise DecodeError(
        f"garbled text (mojibake): the document declares {said}, the detector says {detected or 'nothing'}; {readings}"
    )


def mojibake(text: str) -> str | None:
    """A sample of the garbage when ``text`` is Chinese decoded with the wrong encoding, else None.

    Two misreadings are common. Chinese read as a Latin encoding: long runs of accented letters (Latin text has them
    one at a time: été, Größe) that, encoded back with that Latin encoding, decode as Chinese in UTF-8, GB18030 or
    Big5. UTF-8 read as GBK or Big5 (茫聙聬氓聬麓): Chinese characters whose GBK or Big5 bytes are valid UTF-8,
    which the bytes of real Chinese text almost never are.
    """
    sample = text[:_GARBLE_SAMPLE]
    if _wide(sample) < 8:
        return None
    if _latin_misreading(sample) or _utf8_misreading(sample):
        runs: list[str] = _NON_ASCII_RUN.findall(sample)
        return max(runs, key=len)[:24]
    return None


def _mend(text: str) -> str | None:
    """The text a site garbled before serving it (UTF-8 it once read as Latin-1, and stored so), when no byte was
    lost: encoded back with the misreading and decoded as what it was written in, it is sane Chinese."""
    for single in _MISREAD_AS:
        for multi in _WRITTEN_IN:
            try:
                mended = text.encode(single).decode(multi)
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if mojibake(mended) is None and _mostly_cjk(mended):
                return mended
    return None


def _latin_misreading(sample: str) -> bool:
    runs = _LATIN_RUN.findall(sample)
    if sum(len(run) for run in runs) < 0.6 * _wide(sample):
        return False
    return any(_reads_as(sample, single, multi, _mostly_cjk) for single in _MISREAD_AS for multi in _WRITTEN_IN)


def _utf8_misreading(sample: str) -> bool:
    return any(_reads_as(sample, multi, "utf-8", lambda again: True) for multi in ("gb18030", "big5"))


def _reads_as(sample: str, misread_as: str, written_in: str, plausible: Callable[[str], bool]) -> bool:
    """Whether ``sample``, encoded back with the encoding it was misread as, decodes as ``written_in``."""
    try:
        # U+FFFD is where the misreading itself lost bytes; it has no bytes to give back.
        raw = sample.replace("\ufffd", "").encode(misread_as)
    except UnicodeEncodeError:
        return False
    again = raw.decode(written_in, errors="replace")
    wide = _wide(again)
    lost = again.count("\ufffd")  # bytes a lossy misreading dropped
    return wide >= 8 and lost <= 0.3 * wide and plausible(again)


def _mostly_cjk(text: str) -> bool:
    return len(_CJK.findall(text)) >= 0.8 * (_wide(text) - text.count("\ufffd"))


def _wide(text: str) -> int:
    """How many characters of ``text`` are not ASCII."""
    return len(text) - len(text.encode("ascii", errors="ignore"))
