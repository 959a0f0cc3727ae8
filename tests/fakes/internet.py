"""A fake internet for address-policy tests: a DNS that answers what a test says, and a router to local servers.

Names a test registers resolve to the addresses it gives (a list of answers is used in turn, the last one for good:
a DNS that changes its answer). Connections to an address the test routes go to a local server instead, so a site
can sit at a public address such as 93.184.216.34 while being the feed server on 127.0.0.1. Everything else is
the machine's own resolver and network. The fetcher's transport takes both in place of the real ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpcore

from scheduler.netpolicy import system_resolver


class FakeInternet:
    def __init__(self) -> None:
        self._names: dict[str, list[list[str]]] = {}
        self._routes: dict[str, int] = {}
        self.lookups: list[str] = []
        self.connections: list[str] = []  # the addresses connected to, as the fetcher asked
        self.network = _Router(self)

    def name(self, host: str, *answers: list[str]) -> None:
        """Make ``host`` resolve to ``answers[0]``, then ``answers[1]`` … (the last answer stays)."""
        self._names[host] = list(answers)

    def route(self, address: str, local_port: int) -> None:
        """Connections to ``address`` (any port) reach 127.0.0.1:``local_port``."""
        self._routes[address] = local_port

    async def resolve(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        answers = self._names.get(host)
        if answers is None:
            return await system_resolver(host, port)
        return answers.pop(0) if len(answers) > 1 else answers[0]


class _Router(httpcore.AsyncNetworkBackend):
    def __init__(self, internet: FakeInternet) -> None:
        self._internet = internet
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self._internet.connections.append(host)
        local_port = self._internet._routes.get(host)
        if local_port is not None:
            host, port = "127.0.0.1", local_port
        return await self._inner.connect_tcp(host, port, timeout=timeout, socket_options=socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
