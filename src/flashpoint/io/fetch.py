"""Fetching article pages over HTTP(S), politely and safely, and turning them into RawDocuments.

A :class:`Fetcher` holds one ``httpx.Client`` and applies a :class:`FetchPolicy`:

* **Addresses.** Only ``http`` and ``https`` URLs are fetched. The host name is resolved
  (``socket.getaddrinfo``, or an injected resolver) and, unless ``allow_private`` is set, *every* address
  must be public: a private, loopback, link-local, shared (CGNAT), reserved, multicast or unspecified
  address (IPv4-mapped IPv6 included) refuses the URL. The request is then sent to the checked address
  itself (the ``Host`` header and TLS server name stay the host name), so a second DNS answer cannot
  swap in another address between the check and the connection. Redirects are followed by hand, at
  most :data:`MAX_REDIRECTS`, and every hop goes through the same checks (scheme, address, robots.txt,
  rate limit).
* **robots.txt** (RFC 9309), fetched once per scheme, host and port and cached for the fetcher's life:
  a 2xx answer is parsed (first :data:`ROBOTS_MAX_BYTES` bytes); a 4xx answer (404, 401, 403, ...)
  means "no rules", everything is allowed; a 5xx answer after retries, a timeout or a connection
  failure means the site is *unreachable*, which RFC 9309 says to treat as a complete disallow, so
  every URL of that site fails with a reason that says so (and robots.txt is asked for again after
  :data:`ROBOTS_UNREACHABLE_TTL_S`; a fetched one is kept :data:`ROBOTS_TTL_S`). Our user agent
  matches a ``User-agent: flashpoint`` group. A ``Crawl-delay`` lengthens the per-host gap (up to
  :data:`MAX_CRAWL_DELAY_S`).
* **Rate limit.** Two requests to one host (robots.txt included) are at least ``per_host_interval_s``
  apart; the fetcher sleeps the rest of the gap.
* **Retries.** Connection errors, timeouts, 429 and 5xx are retried ``retries`` times, waiting
  ``backoff_s`` × 1, 2, 4, ...; a ``Retry-After`` (seconds or HTTP date) is honoured up to
  ``retry_after_cap_s``. Other 4xx answers and TLS failures (a bad certificate) fail at once.
* **Size and kind.** The body is streamed (decompressed) and the fetch fails as soon as it passes
  ``max_bytes``; a whole body must arrive within :data:`BODY_DEADLINE_FACTOR` × ``timeout_s``. Only
  textual content types are accepted (``text/*``, XML and JSON types); a response without a content
  type or with ``application/octet-stream`` is accepted only if its first bytes are not a known
  binary format.

Every failure is a :class:`flashpoint.errors.FetchError` with a one-line reason and ``source`` set to
the URL asked for. Proxy settings from the environment are not used (``trust_env=False``): the
address checks are about the host we connect to. Connections are not kept alive between requests
(the per-host gap makes that cheap): a pooled connection is known by its address, and two sites on
one address must not share one.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import socket
import ssl
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Self
from urllib.parse import urljoin, urlsplit

import httpx

import flashpoint
from flashpoint.errors import EmptyDocumentError, FetchError
from flashpoint.io.decoding import decode_bytes, sniff_binary
from flashpoint.io.html import declared_charset, extract_html
from flashpoint.io.readers import date_from_url
from flashpoint.io.sizes import human_size
from flashpoint.records import RawDocument

#: The user agent flashpoint sends: its name and version, a placeholder address and its purpose.
DEFAULT_USER_AGENT = (
    f"flashpoint/{flashpoint.__version__} (+https://example.invalid/flashpoint; conflict-event research)"
)
#: The most redirects one fetch follows.
MAX_REDIRECTS = 10
#: How much of a robots.txt is read (RFC 9309 asks for at least 500 KiB).
ROBOTS_MAX_BYTES = 512 * 1024
#: How long a robots.txt is kept (RFC 9309: no longer than 24 hours), and how long an unreachable one
#: keeps its site disallowed before it is asked for again.
ROBOTS_TTL_S = 24 * 3600.0
ROBOTS_UNREACHABLE_TTL_S = 300.0
#: The longest robots.txt ``Crawl-delay`` honoured, in seconds.
MAX_CRAWL_DELAY_S = 30.0
#: A whole response body must arrive within this many times ``timeout_s``.
BODY_DEADLINE_FACTOR = 3.0

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
)
_TEXT_APPLICATION_TYPES = frozenset({"application/xml", "application/json", "application/javascript"})
_UNKNOWN_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})

Resolver = Callable[[str], list[str]]


def system_resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to, through ``socket.getaddrinfo``."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How a :class:`Fetcher` behaves; see the module docstring for what each setting does."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout_s: float = 20.0
    retries: int = 3
    backoff_s: float = 0.5
    max_bytes: int = 5_000_000
    per_host_interval_s: float = 1.0
    respect_robots: bool = True
    allow_private: bool = False
    retry_after_cap_s: float = 60.0


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """One fetched response: the URL asked for, where the redirects ended, and the body as bytes."""

    url: str
    final_url: str
    status: int
    content_type: str | None  # the media type only, lower case ("text/html")
    charset: str | None  # from the Content-Type header, if given
    body: bytes
    retrieved_at: dt.datetime  # UTC


@dataclass(frozen=True, slots=True)
class _Target:
    url: httpx.URL  # as asked for, with the host name
    host: str  # lower case, no port
    address: str  # the checked address the request goes to


@dataclass(frozen=True, slots=True)
class _Reply:
    status: int
    reason: str
    location: str | None
    content_type: str | None
    charset: str | None
    body: bytes
    attempts: int


@dataclass(frozen=True, slots=True)
class _RobotsRules:
    """The rules of one site's robots.txt, or a complete disallow with the reason it is assumed."""

    parser: urllib.robotparser.RobotFileParser | None
    unreachable: str | None
    expires: float = 0.0


class Fetcher:
    """Fetches pages under a :class:`FetchPolicy`; use it as a context manager (it owns an HTTP client).

    ``clock`` and ``sleep`` drive the rate limit and the backoff; ``resolve`` maps a host name to its
    addresses; ``transport`` replaces httpx's network transport. All four exist for tests.
    """

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        resolve: Resolver = system_resolve,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._clock = clock
        self._sleep = sleep
        self._resolve = resolve
        self._client = httpx.Client(
            headers={"User-Agent": self.policy.user_agent, "Accept": _ACCEPT},
            timeout=httpx.Timeout(self.policy.timeout_s),
            follow_redirects=False,
            trust_env=False,
            # Requests go to a pinned address, so the pool knows connections by address, not host name:
            # no connection is kept for reuse, or one TLS session could serve two sites on one address.
            limits=httpx.Limits(max_keepalive_connections=0),
            transport=transport,
        )
        self._last_request: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self._robots: dict[str, _RobotsRules] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client."""
        self._client.close()

    def fetch(self, url: str) -> FetchedPage:
        """The page at ``url``, after redirects; raises FetchError with a one-line reason."""
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            target = self._target(current, url)
            if self.policy.respect_robots:
                self._check_robots(target, url)
            reply = self._send(target, url, robots=False)
            if reply.status in _REDIRECTS:
                current = self._next_hop(target, reply, url)
                continue
            return FetchedPage(
                url=url,
                final_url=str(target.url),
                status=reply.status,
                content_type=reply.content_type,
                charset=reply.charset,
                body=reply.body,
                retrieved_at=dt.datetime.now(dt.UTC),
            )
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})", source=url)

    # -- addresses -------------------------------------------------------------------------------

    def _target(self, url: str, requested: str) -> _Target:
        via = "" if url == requested else f"redirect to {_one_line(url)}: "
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchError(f"{via}not a valid URL ({_one_line(str(exc))})", source=requested) from exc
        if parsed.scheme not in ("http", "https"):
            scheme = parsed.scheme or "none"
            raise FetchError(f"{via}unsupported URL scheme '{scheme}' (only http and https)", requested)
        host = parsed.host.lower().rstrip(".")
        if not host:
            raise FetchError(f"{via}the URL has no host name", source=requested)
        addresses = self._addresses(host, via, requested)
        if not self.policy.allow_private:
            for address in addresses:
                kind = _non_public_kind(address)
                if kind is not None:
                    what = f"{host} is" if address == host else f"{host} resolves to"
                    raise FetchError(
                        f"{via}refused: {what} a {kind} address ({address}); "
                        "only public addresses are fetched",
                        source=requested,
                    )
        return _Target(url=parsed, host=host, address=addresses[0])

    def _addresses(self, host: str, via: str, requested: str) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        try:
            found = [a.split("%", 1)[0] for a in self._resolve(host)]
        except (OSError, UnicodeError) as exc:
            raise FetchError(
                f"{via}cannot resolve host name {host} ({_one_line(str(exc))})", requested
            ) from exc
        if not found:
            raise FetchError(f"{via}cannot resolve host name {host} (no address)", source=requested)
        return found

    def _next_hop(self, target: _Target, reply: _Reply, requested: str) -> str:
        if not reply.location:
            raise FetchError(f"HTTP {reply.status} redirect without a Location header", source=requested)
        return urljoin(str(target.url), reply.location.strip())

    # -- robots.txt ------------------------------------------------------------------------------

    def _check_robots(self, target: _Target, requested: str) -> None:
        site = f"{target.url.scheme}://{target.url.netloc.decode('ascii')}"
        rules = self._robots.get(site)
        if rules is None or self._clock() >= rules.expires:
            rules = self._load_robots(site, target.host, requested)
            keep = ROBOTS_UNREACHABLE_TTL_S if rules.unreachable is not None else ROBOTS_TTL_S
            rules = replace(rules, expires=self._clock() + keep)
            self._robots[site] = rules
        robots_url = f"{site}/robots.txt"
        if rules.unreachable is not None:
            raise FetchError(
                f"robots.txt of {target.host} could not be fetched ({rules.unreachable}); "
                "RFC 9309 treats an unreachable robots.txt as disallowing everything",
                source=requested,
            )
        if rules.parser is not None and not rules.parser.can_fetch(self.policy.user_agent, str(target.url)):
            via = "" if str(target.url) == requested else f"redirect to {target.url}: "
            raise FetchError(
                f"{via}disallowed by {robots_url} for user agent {_agent_token(self.policy.user_agent)}",
                source=requested,
            )

    def _load_robots(self, site: str, host: str, requested: str) -> _RobotsRules:
        current = f"{site}/robots.txt"
        try:
            for _hop in range(5 + 1):  # RFC 9309: follow at least five redirects
                target = self._target(current, current)
                reply = self._send(target, current, robots=True)
                if reply.status in _REDIRECTS and reply.location:
                    current = urljoin(str(target.url), reply.location.strip())
                    continue
                break
            else:
                return _RobotsRules(None, "too many redirects")
        except FetchError as exc:
            if _caused_by_tls(exc):  # the site itself cannot be trusted: say so, not "robots.txt"
                raise FetchError(exc.reason, source=requested) from exc
            return _RobotsRules(None, exc.reason)
        if 200 <= reply.status < 300:
            parser = urllib.robotparser.RobotFileParser(current)
            parser.parse(reply.body.decode("utf-8", errors="replace").splitlines())
            delay = parser.crawl_delay(self.policy.user_agent)
            if delay is not None:
                self._crawl_delay[host] = min(float(delay), MAX_CRAWL_DELAY_S)
            return _RobotsRules(parser, None)
        if 400 <= reply.status < 500:
            return _RobotsRules(None, None)  # RFC 9309 "unavailable": no rules
        return _RobotsRules(None, f"HTTP {reply.status} {reply.reason}".strip())

    # -- one request, with rate limit and retries --------------------------------------------------

    def _wait_turn(self, host: str) -> None:
        interval = max(self.policy.per_host_interval_s, self._crawl_delay.get(host, 0.0))
        now = self._clock()
        last = self._last_request.get(host)
        gap = 0.0 if last is None else interval - (now - last)
        if gap > 0:
            self._sleep(gap)
        self._last_request[host] = max(self._clock(), now + max(gap, 0.0))

    def _send(self, target: _Target, requested: str, *, robots: bool) -> _Reply:
        attempts = max(self.policy.retries, 0) + 1
        pinned = target.url.copy_with(host=target.address)
        headers = {"Host": target.url.netloc.decode("ascii")}
        extensions = {"sni_hostname": target.host} if target.url.scheme == "https" else {}
        for attempt in range(1, attempts + 1):
            self._wait_turn(target.host)
            delay = self.policy.backoff_s * 2 ** (attempt - 1)
            try:
                with self._client.stream("GET", pinned, headers=headers, extensions=extensions) as response:
                    status = response.status_code
                    if (status == 429 or status >= 500) and attempt < attempts:
                        delay = max(delay, self._retry_after(response.headers.get("retry-after")))
                    else:
                        return self._reply(response, attempt, requested, robots=robots)
            except httpx.TimeoutException as exc:
                if attempt == attempts:
                    raise FetchError(
                        f"timed out ({type(exc).__name__}, {self.policy.timeout_s:g} s) after "
                        f"{_attempts(attempts)}",
                        source=requested,
                    ) from exc
            except httpx.TransportError as exc:
                if attempt == attempts or _caused_by_tls(exc):
                    detail = _one_line(str(exc)) or type(exc).__name__
                    raise FetchError(
                        f"cannot fetch from {target.host}: {detail}"
                        + (f" (after {_attempts(attempt)})" if attempt > 1 else ""),
                        source=requested,
                    ) from exc
            self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _retry_after(self, value: str | None) -> float:
        """The wait a ``Retry-After`` header asks for, capped; 0 when absent or unreadable."""
        if not value:
            return 0.0
        value = value.strip()
        seconds: float
        if value.isdigit():
            seconds = float(value)
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return 0.0
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            seconds = (when - dt.datetime.now(dt.UTC)).total_seconds()
        return min(max(seconds, 0.0), self.policy.retry_after_cap_s)

    def _reply(self, response: httpx.Response, attempt: int, requested: str, *, robots: bool) -> _Reply:
        status = response.status_code
        reason = response.reason_phrase or ""
        media, charset = _content_type(response.headers.get("content-type"))

        def reply(body: bytes = b"") -> _Reply:
            return _Reply(status, reason, response.headers.get("location"), media, charset, body, attempt)

        if status in _REDIRECTS:
            return reply()
        if robots:
            if 200 <= status < 300:
                return reply(self._read(response, ROBOTS_MAX_BYTES, requested, truncate=True))
            return reply()
        if status >= 400 or status < 200:
            tail = f" (after {_attempts(attempt)})" if attempt > 1 else ""
            raise FetchError(f"HTTP {status} {reason}".rstrip() + tail, source=requested)
        if 300 <= status < 400:
            raise FetchError(f"HTTP {status} {reason}: not a page or a redirect".strip(), source=requested)
        if not _textual(media or ""):
            raise FetchError(f"not text: content type {media}", source=requested)
        self._check_length(response, requested)
        body = self._read(response, self.policy.max_bytes, requested, truncate=False)
        if (media or "") in _UNKNOWN_TYPES:
            kind = sniff_binary(body[:64])
            if kind is not None:
                raise FetchError(f"not text: the body is binary data ({kind})", source=requested)
        return reply(body)

    def _check_length(self, response: httpx.Response, requested: str) -> None:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and "content-encoding" not in response.headers:
            size = int(declared)
            if size > self.policy.max_bytes:
                raise FetchError(
                    f"body is {human_size(size)}, over the {human_size(self.policy.max_bytes)} limit",
                    source=requested,
                )

    def _read(self, response: httpx.Response, limit: int, requested: str, *, truncate: bool) -> bytes:
        deadline = self._clock() + BODY_DEADLINE_FACTOR * self.policy.timeout_s
        chunks: list[bytes] = []
        size = 0
        for chunk in _chunks(response):
            size += len(chunk)
            if size > limit:
                if truncate:
                    chunks.append(chunk[: len(chunk) - (size - limit)])
                    break
                raise FetchError(f"body is over the {human_size(limit)} limit", source=requested)
            chunks.append(chunk)
            if self._clock() > deadline:
                raise FetchError(
                    f"the body took longer than {BODY_DEADLINE_FACTOR * self.policy.timeout_s:g} s to arrive",
                    source=requested,
                )
        return b"".join(chunks)


def _chunks(response: httpx.Response) -> Iterator[bytes]:
    yield from response.iter_bytes()


def page_document(page: FetchedPage) -> RawDocument:
    """The RawDocument of a fetched page: HTML through trafilatura, plain text as it is.

    ``url`` is where the redirects ended; the publisher is the page's site name, else the host name
    without "www."; the publication date is the page's metadata, else a date written in the URL.
    Raises the DocumentError subclasses of the decoding and HTML layers.
    """
    text = decode_bytes(page.body, declared=page.charset or declared_charset(page.body))
    host = _host_name(page.final_url)
    url_date = date_from_url(page.final_url)
    if _is_html(page.content_type, text):
        extract = extract_html(text)
        published = extract.published or url_date
        return RawDocument(
            text=extract.text,
            url=page.final_url,
            title=extract.title,
            publisher=_strip_www(extract.publisher) or host,
            published=published,
            published_source="metadata" if published is not None else "unknown",
        )
    if not text.strip():
        raise EmptyDocumentError("the page holds only whitespace" if text else "the page is empty", page.url)
    return RawDocument(
        text=text,
        url=page.final_url,
        publisher=host,
        published=url_date,
        published_source="metadata" if url_date is not None else "unknown",
    )


def _is_html(media: str | None, text: str) -> bool:
    if media in ("text/html", "application/xhtml+xml"):
        return True
    if media == "text/plain":
        return False
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<meta", "<title"))


def _host_name(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").rstrip(".")
    return _strip_www(host) or None


def _strip_www(name: str | None) -> str | None:
    if name and name.lower().startswith("www.") and " " not in name:
        return name[4:]
    return name


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    """``text/html; charset=UTF-8`` → ("text/html", "UTF-8")."""
    if not value:
        return None, None
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media.strip().lower() or None, charset


def _textual(media: str) -> bool:
    if media in _UNKNOWN_TYPES or media.startswith("text/") or media in _TEXT_APPLICATION_TYPES:
        return True
    return media.endswith(("+xml", "+json"))


def _non_public_kind(address: str) -> str | None:
    """What kind of non-public address ``address`` is, or None for a public one."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("non-global", not ip.is_global),
    )
    return next((kind for kind, hit in checks if hit), None)


def _caused_by_tls(exc: BaseException) -> bool:
    """Whether a transport error comes from a TLS failure (a bad certificate): not worth retrying."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _agent_token(user_agent: str) -> str:
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else user_agent


def _attempts(n: int) -> str:
    return "1 attempt" if n == 1 else f"{n} attempts"


def _one_line(text: str) -> str:
    return " ".join(text.split())
