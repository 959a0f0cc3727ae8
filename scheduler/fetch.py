"""The one place that talks HTTP to sources: conditional GET, politeness, size limits and failures named plainly.

It uses the ``httpx.AsyncClient`` the composition root built (tests hand in one with their own transport).
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import httpx

FailureKind = Literal["timeout", "network", "http", "too-large", "redirects", "invalid-url"]


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last successful answer said, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    status_code: int
    body: bytes
    content_type: str | None
    charset: str | None
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304


class FetchError(Exception):
    """A fetch that failed; ``kind`` for the health table, ``retry_after`` when the server said when to come back."""

    def __init__(self, kind: FailureKind, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.retry_after = retry_after


class HostPacer:
    """Keeps at least ``interval`` seconds between the starts of two requests to one host."""

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next_slot: dict[str, float] = {}

    async def wait_turn(self, host: str) -> None:
        now = self._clock()
        # Reserve the slot before sleeping, so concurrent callers for one host queue up one interval apart.
        slot = max(now, self._next_slot.get(host, now))
        self._next_slot[host] = slot + self._interval
        if slot > now:
            await self._sleep(slot - now)


class Fetcher:
    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        max_body_bytes: int,
        max_concurrency: int,
        pacer: HostPacer,
    ) -> None:
        self._client = client
        self._max_body_bytes = max_body_bytes
        self._slots = asyncio.Semaphore(max_concurrency)
        self._pacer = pacer

    async def get(self, url: str, validators: Validators | None = None) -> Fetched:
        host = urlsplit(url).hostname
        if not host or urlsplit(url).scheme not in ("http", "https"):
            raise FetchError("invalid-url", f"not an http(s) address: {url!r}")
        headers = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        async with self._slots:
            await self._pacer.wait_turn(host)
            try:
                return await self._get(url, headers, validators or Validators())
            except httpx.TimeoutException as exc:
                raise FetchError("timeout", f"timed out ({type(exc).__name__})") from None
            except httpx.TooManyRedirects:
                raise FetchError("redirects", "too many redirects (a redirect loop?)") from None
            except httpx.DecodingError as exc:
                raise FetchError("network", f"undecodable response body: {exc}") from None
            except httpx.TransportError as exc:
                raise FetchError("network", f"{type(exc).__name__}: {exc or 'connection failed'}") from None

    async def _get(self, url: str, headers: dict[str, str], previous: Validators) -> Fetched:
        async with self._client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return Fetched(str(response.url), 304, b"", None, None, previous)
            if response.status_code >= 400:
                retry_after = parse_retry_after(response.headers.get("Retry-After"), time.time())
                raise FetchError(
                    "http",
                    f"HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                    retry_after=retry_after,
                )
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > self._max_body_bytes:
                raise FetchError("too-large", f"body of {declared} bytes is over the {self._max_body_bytes}-byte limit")
            body = bytearray()
            # aiter_bytes yields decompressed bytes, so a gzip bomb is stopped by the same limit.
            async for chunk in response.aiter_bytes():
                body.extend(chunk)
                if len(body) > self._max_body_bytes:
                    raise FetchError("too-large", f"body is over the {self._max_body_bytes}-byte limit")
            content_type = response.headers.get("Content-Type")
            return Fetched(
                url=str(response.url),
                status_code=response.status_code,
                body=bytes(body),
                content_type=content_type,
                charset=response.charset_encoding,
                validators=Validators(
                    etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified")
                ),
            )


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)
