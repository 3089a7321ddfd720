"""A tiny threaded HTTP server on 127.0.0.1 for the fetch tests: canned replies, recorded requests.

    with serve({"/a": (200, {"Content-Type": "text/html"}, b"<html>...")}) as server:
        fetcher.fetch(server.url("/a"))
        server.requests  # [Request(path="/a", headers={...}), ...]

A route's value is a reply ``(status, headers, body)`` (or a :class:`Reply`), or a list of replies
served one after the other (the last one repeats). Unknown paths answer 404. A header whose value is
``None`` is not sent; ``Content-Length`` is added unless given (or given as ``None``, in which case
the body ends when the connection closes).

``serve(routes, tls=True)`` serves HTTPS with a self-signed certificate for ``news.test`` (valid
2000-2100, made for these tests only); :func:`client_tls_context` trusts it, and ``server.sni``
records the server name each TLS client asked for.
"""

from __future__ import annotations

import ssl
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: Mapping[str, str | None] = field(default_factory=dict)
    body: bytes = b""
    delay_s: float = 0.0  # wait this long before answering


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]


ReplyLike = Reply | tuple[int, Mapping[str, str | None], bytes]
Route = ReplyLike | list[ReplyLike]


def _as_reply(value: ReplyLike) -> Reply:
    if isinstance(value, Reply):
        return value
    status, headers, body = value
    return Reply(status, headers, body)


#: A self-signed certificate for news.test (EC P-256, valid 2000-2100) and its key: test use only.
TEST_CERT_PEM = """\
-----BEGIN CERTIFICATE-----
MIIBqDCCAU+gAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAluZXdzLnRl
c3QwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM
CW5ld3MudGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABIjPiyaRuxQIQNfm
g9/lZPKmbH8QCzdQWGkNiQxhE66Q6/Z86sMR+uHFQ3VN5OTXwSnKBqg9svx49mXm
8IgEP4WjgY8wgYwwFAYDVR0RBA0wC4IJbmV3cy50ZXN0MA8GA1UdEwEB/wQFMAMB
Af8wDgYDVR0PAQH/BAQDAgKEMBMGA1UdJQQMMAoGCCsGAQUFBwMBMB0GA1UdDgQW
BBQ5W8DCS/lpfm5mv89DxnVmbqJwkDAfBgNVHSMEGDAWgBQ5W8DCS/lpfm5mv89D
xnVmbqJwkDAKBggqhkjOPQQDAgNHADBEAiADqxdWjLY1EJuRH5yo+uJFr76EwdD8
6xAkc3Rm7kATjwIgJ7zNS6LrO8w5GmjtZZxsBAsmCz7eVSYVIe/zLSpwtC8=
-----END CERTIFICATE-----
"""
TEST_KEY_PEM = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgLcXN0bKT/5DW6VQf
YDRkme+5Ox9BhLGrv90p+Ms1TXyhRANCAASIz4smkbsUCEDX5oPf5WTypmx/EAs3
UFhpDYkMYROukOv2fOrDEfrhxUN1TeTk18EpygaoPbL8ePZl5vCIBD+F
-----END PRIVATE KEY-----
"""


def client_tls_context() -> ssl.SSLContext:
    """A client TLS context that trusts only :data:`TEST_CERT_PEM`."""
    return ssl.create_default_context(cadata=TEST_CERT_PEM)


def _server_tls_context(sni: list[str]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as folder:
        cert, key = f"{folder}/cert.pem", f"{folder}/key.pem"
        with open(cert, "w") as out:
            out.write(TEST_CERT_PEM)
        with open(key, "w") as out:
            out.write(TEST_KEY_PEM)
        context.load_cert_chain(cert, key)

    def record(_sock: ssl.SSLObject | ssl.SSLSocket, name: str | None, _ctx: ssl.SSLContext) -> None:
        sni.append(name or "")

    context.sni_callback = record
    return context


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up (a timeout test, the end of a keep-alive) is not news


class LocalServer:
    """The running server: its base URL, the requests it received, in order."""

    def __init__(self, routes: Mapping[str, Route], *, tls: bool = False) -> None:
        self._queues: dict[str, list[Reply]] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        for path, route in routes.items():
            self.add_route(path, route)
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self.host = "127.0.0.1"
        self.port = int(self._httpd.server_address[1])
        self.scheme = "https" if tls else "http"
        self.sni: list[str] = []
        if tls:
            context = _server_tls_context(self.sni)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)

    def url(self, path: str, host: str | None = None) -> str:
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def add_route(self, path: str, route: Route) -> None:
        """Serve ``route`` at ``path`` from now on (e.g. a feed that names the server's own URLs)."""
        replies = [_as_reply(r) for r in route] if isinstance(route, list) else [_as_reply(route)]
        with self._lock:
            self._queues[path] = replies

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def _next_reply(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append(Request(path, headers))
            queue = self._queues.get(path) or self._queues.get(path.split("?", 1)[0])
            if not queue:
                return Reply(404, {"Content-Type": "text/plain"}, b"not found")
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                reply = server._next_reply(self.path, {k.lower(): v for k, v in self.headers.items()})
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                self.send_response(reply.status)
                headers = dict(reply.headers)
                headers.setdefault("Content-Length", str(len(reply.body)))
                close = headers.get("Content-Length") is None
                for name, value in headers.items():
                    if value is not None:
                        self.send_header(name, value)
                if close:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                try:
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    def start(self) -> None:
        threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def serve(routes: Mapping[str, Route], *, tls: bool = False) -> Iterator[LocalServer]:
    """Serve ``routes`` on 127.0.0.1 (an ephemeral port) for the duration of the block."""
    server = LocalServer(routes, tls=tls)
    server.start()
    try:
        yield server
    finally:
        server.stop()
