"""The HTTP client sources are fetched with, whose every connection obeys ``scheduler.netpolicy``.

httpx resolves and connects inside httpcore, so the address policy sits where connections are made: a network
backend that resolves the host once, checks every address, and connects to a checked address (TLS still
verifies the certificate for, and sends SNI of, the host name; the Host header is untouched). Checking in one place
and connecting in another would leave the gap DNS rebinding uses.

Whether a fetch may reach private addresses is per source, so the transport keeps two connection pools, one per
policy, and a request picks its pool by the ``ALLOW_PRIVATE`` request extension: a connection opened for a source
allowed on the private network is never reused by one that is not.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from scheduler.netpolicy import Resolver, checked_addresses, system_resolver

ALLOW_PRIVATE = "eventradar.allow_private_network"

# The httpcore failures, as the httpx ones everything above this module knows (most specific first).
_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for source, target in _ERRORS:
            if isinstance(exc, source):
                raise target(str(exc)) from exc
        raise


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves, checks, then connects to the checked addresses in turn (the next one if a connect fails)."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend, *, allow_private: bool, resolver: Resolver) -> None:
        self._inner = inner
        self._allow_private = allow_private
        self._resolver = resolver

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await checked_addresses(host, port, allow_private=self._allow_private, resolver=self._resolver)
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from None
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None  # checked_addresses never returns an empty list
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("sources are fetched over TCP only")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _Body(httpx.AsyncByteStream):
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _as_httpx_errors():
            async for part in self._stream:
                yield part

    async def aclose(self) -> None:
        with _as_httpx_errors():
            await self._stream.aclose()


class GuardedTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        *,
        max_connections: int,
        resolver: Resolver = system_resolver,
        network: httpcore.AsyncNetworkBackend | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        inner = network or httpcore.AnyIOBackend()
        context = ssl_context or httpx.create_ssl_context()
        self._pools = {
            allow: httpcore.AsyncConnectionPool(
                ssl_context=context,
                max_connections=max_connections,
                max_keepalive_connections=max_connections // 2 or 1,
                keepalive_expiry=5.0,
                network_backend=GuardedBackend(inner, allow_private=allow, resolver=resolver),
            )
            for allow in (False, True)
        }

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        pool = self._pools[bool(request.extensions.get(ALLOW_PRIVATE))]
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            response = await pool.handle_async_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response.stream),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        for pool in self._pools.values():
            await pool.aclose()


def build_source_client(
    *,
    user_agent: str,
    request_timeout_seconds: float,
    max_connections: int,
    resolver: Resolver = system_resolver,
    network: httpcore.AsyncNetworkBackend | None = None,
    in_process: Callable[[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport] | None = None,
) -> httpx.AsyncClient:
    """The client for fetching sources.

    Redirects are followed by the fetcher, hop by hop. Proxy settings from the environment are not used: the
    address policy must see the address we connect to, which a proxy would hide. ``in_process`` wraps the guarded
    transport in one that answers some addresses itself, without a connection (the demo source, `web.demo`);
    whatever it passes on is guarded as before.
    """
    guarded = GuardedTransport(max_connections=max_connections, resolver=resolver, network=network)
    return httpx.AsyncClient(
        headers={"User-Agent": user_agent},
        timeout=httpx.Timeout(request_timeout_seconds, connect=min(request_timeout_seconds, 10.0)),
        follow_redirects=False,
        trust_env=False,
        transport=in_process(guarded) if in_process is not None else guarded,
    )
