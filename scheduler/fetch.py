"""The one place that talks HTTP to sources: conditional GET, politeness, limits and failures named plainly.

It uses the ``httpx.AsyncClient`` the composition root built (tests hand in one with their own transport). Every
fetch has a total deadline, on top of the client's per-read timeout: a body trickling in a byte at a time never
trips a per-read timeout, and would otherwise hold its slot for as long as the site likes.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from scheduler.body import ACCEPT_ENCODING, BodyTooLarge, BodyUnreadable, read_body
from scheduler.netpolicy import ALLOW_HINT, AddressBlocked
from scheduler.slots import PrioritySlots
from scheduler.transport import ALLOW_PRIVATE

FailureKind = Literal["timeout", "network", "http", "too-large", "redirects", "invalid-url", "blocked"]

MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last successful answer said, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Access:
    """What one source's fetches may do, and how the source has behaved."""

    # config.yaml allows this source on loopback and private networks (scheduler.netpolicy).
    allow_private_network: bool = False
    # Its last poll failed: it waits behind healthy sources for a fetch slot.
    failing: bool = False


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
        deadline_seconds: float = 60.0,
        slow_after_seconds: float = 10.0,
        max_retry_after_seconds: float = 86_400.0,
    ) -> None:
        self._client = client
        self._max_body_bytes = max_body_bytes
        self._fast = PrioritySlots(max_concurrency)
        self._slow = PrioritySlots(max_concurrency)
        self._pacer = pacer
        self._deadline = deadline_seconds
        self._slow_after = slow_after_seconds
        self._max_retry_after = max_retry_after_seconds

    async def get(self, url: str, validators: Validators | None = None, *, access: Access | None = None) -> Fetched:
        access = access or Access()
        host = urlsplit(url).hostname
        if not host or urlsplit(url).scheme not in ("http", "https"):
            raise FetchError("invalid-url", f"not an http(s) address: {url!r}")
        headers = {"Accept-Encoding": ACCEPT_ENCODING}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        await self._fast.acquire(preferred=not access.failing)
        lane = self._fast
        try:
            await self._pacer.wait_turn(host)
            fetch = asyncio.create_task(self._fetch(url, headers, validators or Validators(), access))
            try:
                done, _ = await asyncio.wait({fetch}, timeout=self._slow_after)
                if not done:
                    # Still running: make room for the next source, or give up if the slow lane is full too.
                    if not self._slow.try_acquire():
                        raise FetchError(
                            "timeout",
                            f"timed out: still loading after {self._slow_after:g} s while every slow-fetch slot "
                            "is taken by other slow sources",
                        )
                    self._fast.release()
                    lane = self._slow
                return await fetch
            finally:
                if not fetch.done():
                    fetch.cancel()
                    with contextlib.suppress(asyncio.CancelledError, FetchError):
                        await fetch
        finally:
            lane.release()

    async def _fetch(self, url: str, headers: dict[str, str], previous: Validators, access: Access) -> Fetched:
        try:
            async with asyncio.timeout(self._deadline):
                return await self._follow(url, headers, previous, access)
        except TimeoutError:
            raise FetchError(
                "timeout", f"timed out: no complete answer within {self._deadline:g} s (fetch_deadline_seconds)"
            ) from None
        except AddressBlocked as exc:
            raise FetchError("blocked", f"blocked: {exc} ({ALLOW_HINT})") from None
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"timed out ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            raise FetchError("network", f"{type(exc).__name__}: {exc or 'connection failed'}") from None

    async def _follow(self, url: str, headers: dict[str, str], previous: Validators, access: Access) -> Fetched:
        """Follow redirects hop by hop: every hop's connection is checked by the address policy (transport)."""
        extensions = {ALLOW_PRIVATE: access.allow_private_network}
        for _ in range(MAX_REDIRECTS + 1):
            async with self._client.stream("GET", url, headers=headers, extensions=extensions) as response:
                location = response.headers.get("Location")
                if response.status_code in _REDIRECTS and location:
                    url = _redirect_target(url, location)
                    continue
                return await self._read(url, response, previous)
        raise FetchError("redirects", f"too many redirects (more than {MAX_REDIRECTS}; a redirect loop?)")

    async def _read(self, url: str, response: httpx.Response, previous: Validators) -> Fetched:
        if response.status_code == 304:
            return Fetched(url, 304, b"", None, None, previous)
        if response.status_code >= 400:
            retry_after = parse_retry_after(response.headers.get("Retry-After"), time.time(), self._max_retry_after)
            raise FetchError(
                "http",
                f"HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                retry_after=retry_after,
            )
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self._max_body_bytes:
            raise FetchError("too-large", f"body of {declared} bytes is over the {self._max_body_bytes}-byte limit")
        try:
            body = await read_body(response.aiter_raw(), response.headers.get("Content-Encoding"), self._max_body_bytes)
        except BodyTooLarge:
            raise FetchError(
                "too-large", f"body is over the {self._max_body_bytes}-byte limit (after decompression)"
            ) from None
        except BodyUnreadable as exc:
            raise FetchError("network", f"undecodable response body: {exc}") from None
        content_type = response.headers.get("Content-Type")
        return Fetched(
            url=url,
            status_code=response.status_code,
            body=body,
            content_type=content_type,
            charset=response.charset_encoding,
            validators=Validators(
                etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified")
            ),
        )


def _redirect_target(url: str, location: str) -> str:
    target = urldefrag(urljoin(url, location.strip())).url
    if urlsplit(target).scheme not in ("http", "https") or not urlsplit(target).hostname:
        raise FetchError("redirects", f"redirected to {location!r}, which is not an http(s) address")
    return target


def parse_retry_after(value: str | None, now: float, cap: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), at most ``cap``.

    None when absent or unreadable (a negative number, a fraction, a word). A site may say anything here, and a
    wait of 10**20 seconds or until the year 9999 would stop polling it for good (or overflow the date arithmetic),
    so the answer is capped by max_backoff_seconds, like our own backoff.
    """
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9]+", value):
        # More digits than any sane wait need not become a number (int() refuses thousands of digits anyway).
        return cap if len(value) > 15 else min(cap, float(int(value)))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": UTC, as HTTP dates are
        when = when.replace(tzinfo=dt.UTC)
    try:
        return min(cap, max(0.0, when.timestamp() - now))
    except (OverflowError, ValueError):
        return cap
