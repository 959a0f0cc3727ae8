"""Reading a response body within a byte limit, decompressing it as it arrives.

The limit is on the decompressed size, and it is enforced inside decompression: zlib is asked for at most the room
left under the limit, so a compression bomb (60 MB of spaces is 58 KB of gzip) costs about the limit in memory, not
its full size. Letting httpx decompress would inflate each network chunk whole before any check could run.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

# What we ask for; a server sending anything else (br, zstd) gets a clear error rather than a silent misreading.
ACCEPT_ENCODING = "gzip, deflate"


class BodyTooLarge(Exception):
    """The decompressed body is over the limit."""


class BodyUnreadable(Exception):
    """The body's Content-Encoding is unknown, or its compressed data is broken."""


class _Inflater:
    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        # gzip: a gzip header; deflate: RFC 9110 says zlib-wrapped, but some servers send raw deflate.
        self._wbits = zlib.MAX_WBITS | 16 if encoding == "gzip" else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes, body: bytearray, limit: int) -> None:
        try:
            self._feed(data, body, limit)
        except zlib.error as exc:
            if self._encoding == "deflate" and not self._started and self._wbits > 0:
                self._wbits = -zlib.MAX_WBITS
                self._zlib = zlib.decompressobj(self._wbits)
                self._feed(data, body, limit)
                return
            raise BodyUnreadable(f"broken {self._encoding} data: {exc}") from None

    def _feed(self, data: bytes, body: bytearray, limit: int) -> None:
        while data and not self._zlib.eof:
            # One byte more than the room left, so overshooting the limit is seen without inflating further.
            out = self._zlib.decompress(data, limit - len(body) + 1)
            self._started = True
            body += out
            if len(body) > limit:
                raise BodyTooLarge
            data = self._zlib.unconsumed_tail

    def finish(self, body: bytearray, limit: int) -> None:
        try:
            body += self._zlib.flush()
        except zlib.error as exc:
            raise BodyUnreadable(f"broken {self._encoding} data: {exc}") from None
        if len(body) > limit:
            raise BodyTooLarge


def _inflater(content_encoding: str | None) -> _Inflater | None:
    codings = [part.strip().lower() for part in (content_encoding or "").split(",")]
    codings = [coding for coding in codings if coding and coding != "identity"]
    if not codings:
        return None
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        return _Inflater("deflate" if codings[0] == "deflate" else "gzip")
    raise BodyUnreadable(f"unsupported Content-Encoding {content_encoding!r} (we ask for {ACCEPT_ENCODING})")


async def read_body(raw: AsyncIterator[bytes], content_encoding: str | None, limit: int) -> bytes:
    """The decompressed body; BodyTooLarge once it passes ``limit`` bytes, BodyUnreadable when it cannot be read."""
    inflater = _inflater(content_encoding)
    body = bytearray()
    async for chunk in raw:
        if inflater is None:
            body += chunk
            if len(body) > limit:
                raise BodyTooLarge
        else:
            inflater.feed(chunk, body, limit)
    if inflater is not None:
        inflater.finish(body, limit)
    return bytes(body)
