"""Request limits as ASGI middleware: the body size (413) and a per-client sliding-window rate (429 with
Retry-After). Both answer with the API's JSON error shape."""

from __future__ import annotations

import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[Message], Any]
ASGIApp = Callable[[Scope, Receive, Send], Any]


def error_body(status: int, reason: str) -> bytes:
    return json.dumps({"error": reason, "status": status}, ensure_ascii=False).encode("utf-8")


async def send_error(
    send: Send, status: int, reason: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = error_body(status, reason)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``max_bytes``: at once when Content-Length says so, else while reading."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        reason = f"request body over the {self.max_bytes:,}-byte limit"
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await send_error(send, 400, "Content-Length is not a number")
                    return
                if declared > self.max_bytes:
                    await send_error(send, 413, reason)
                    return
        seen = 0
        started = False
        refused = False

        async def limited_receive() -> Message:
            # over the limit: answer 413 at once, and tell the app the client left (what it sends after
            # that is dropped)
            nonlocal seen, started, refused
            if refused:
                return {"type": "http.disconnect"}
            message: Message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    refused = True
                    if not started:
                        started = True
                        await send_error(send, 413, reason)
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, tracking_send)


class RateLimit:
    """At most ``per_minute`` requests per client address in any 60-second window (a sliding log of
    request times); over it, 429 with ``Retry-After`` (seconds until the oldest request leaves the window).
    """

    window_s = 60.0

    def __init__(self, app: ASGIApp, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.per_minute = per_minute
        self.clock = clock
        self._log: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int | None:
        """Record a request of ``client``; None when allowed, else the seconds to wait."""
        now = self.clock()
        with self._lock:
            log = self._log.setdefault(client, deque())
            while log and log[0] <= now - self.window_s:
                log.popleft()
            if len(log) >= self.per_minute:
                return max(1, math.ceil(log[0] + self.window_s - now))
            log.append(now)
            if len(self._log) > 10_000:  # forget idle clients
                for key in [k for k, v in self._log.items() if not v or v[-1] <= now - self.window_s]:
                    del self._log[key]
            return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.per_minute <= 0:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self.retry_after(str(client[0]) if client else "unknown")
        if wait is not None:
            await send_error(
                send,
                429,
                f"rate limit of {self.per_minute} requests a minute exceeded: retry in {wait} s",
                [(b"retry-after", str(wait).encode())],
            )
            return
        await self.app(scope, receive, send)
