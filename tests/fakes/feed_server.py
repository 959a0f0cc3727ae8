"""A local HTTP server for source tests that misbehaves on request: slow, trickling, broken, huge, looping, rate-limiting.

Each path is a :class:`Route`; tests change routes between polls (a site that fails and comes back) and read
what was asked of them (conditional GET headers). It is a plain threaded socket server so that it can do what
well-behaved frameworks refuse to: reset the connection, or promise more bytes than it sends.
"""

from __future__ import annotations

import gzip
import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

Mode = Literal["normal", "reset", "truncate", "stream", "trickle"]


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    mode: Mode = "normal"
    # Answer 304 to a matching If-None-Match, like a well-behaved site.
    etag: bool = False
    gzip: bool = False
    # mode "stream": send this many bytes of filler in chunks.
    stream_bytes: int = 0
    # mode "trickle": send the body one byte at a time, this many seconds apart (a per-read timeout never fires).
    trickle_seconds: float = 0.0
    # Answer only once the test sets this: a poll held at its fetch until the test has done what it must first.
    hold: threading.Event | None = None


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self.base_url = ""

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def route(self, path: str, route: Route) -> str:
        with self._lock:
            self.routes[path] = route
        return self.url(path)

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [request for request in self.requests if request.path == path]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
                    route = server.routes.get(self.path)
                if route is None:
                    self._send(404, b"not found", {"Content-Type": "text/plain"})
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.hold is not None:
                    route.hold.wait(timeout=60)
                if route.mode == "reset":
                    # SO_LINGER with a zero timeout makes close() send a TCP RST instead of a FIN.
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.connection.close()
                    return
                headers = {"Content-Type": route.content_type, **route.headers}
                body = route.body
                if route.etag:
                    tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                    headers["ETag"] = tag
                    if self.headers.get("If-None-Match") == tag:
                        self._send(304, b"", {"ETag": tag})
                        return
                if route.gzip:
                    body = gzip.compress(body, compresslevel=9)
                    headers["Content-Encoding"] = "gzip"
                if route.mode == "stream":
                    self._stream(route, headers)
                    return
                if route.mode == "trickle":
                    self._trickle(route, body, headers)
                    return
                if route.mode == "truncate":
                    headers["Content-Length"] = str(len(body) * 2)
                    self.send_response(route.status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(body)
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self._send(route.status, body, headers)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _stream(self, route: Route, headers: dict[str, str]) -> None:
                self.send_response(route.status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(route.stream_bytes))
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_530 + b"</p>"
                sent = 0
                try:
                    while sent < route.stream_bytes:
                        piece = chunk[: route.stream_bytes - sent]
                        self.wfile.write(piece)
                        sent += len(piece)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client gave up, as it should

            def _trickle(self, route: Route, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(route.status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    for index in range(len(body)):
                        self.wfile.write(body[index : index + 1])
                        self.wfile.flush()
                        time.sleep(route.trickle_seconds)
                except (BrokenPipeError, ConnectionResetError):
                    return

        return Handler


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    fake = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), fake._handler())
    httpd.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        httpd.shutdown()
        httpd.server_close()
