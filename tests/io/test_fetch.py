"""Fetching pages: address checks, robots.txt, retries, rate limit, limits, and page → RawDocument.

Every request goes to a local server on 127.0.0.1 (or to an httpx MockTransport that sends nothing);
host names other than 127.0.0.1 come from a fake resolver.
"""

from __future__ import annotations

import datetime as dt
import gzip
import socket
from collections.abc import Callable

import httpx
import pytest
from localserver import Reply, ReplyLike, Route, client_tls_context, serve

from flashpoint.errors import FetchError
from flashpoint.io.fetch import (
    DEFAULT_USER_AGENT,
    ROBOTS_UNREACHABLE_TTL_S,
    FetchedPage,
    Fetcher,
    FetchPolicy,
    page_document,
)

LOCAL = FetchPolicy(allow_private=True, per_host_interval_s=0.0, backoff_s=0.0)
HTML = {"Content-Type": "text/html; charset=utf-8"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}

ARTICLE = b"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Crossing at Chaman reopens after two days of clashes | Frontier Ledger</title>
<meta property="og:title" content="Crossing at Chaman reopens after two days of clashes">
<meta property="og:site_name" content="Frontier Ledger">
<meta property="article:published_time" content="2025-10-30T08:15:00+05:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Crossing at Chaman reopens after two days of clashes</h1>
<p>The border crossing at Chaman reopened to trade on Thursday morning after two days of exchanges of
fire between Pakistani troops and Afghan Taliban forces, officials on both sides said.</p>
<p>Hundreds of lorries carrying fruit and cement had been stranded on the road to Spin Boldak while
tribal elders from both sides met to agree the terms of a pause in the fighting.</p>
<p>A spokesman for the provincial government said the crossing would stay open during daylight hours
and that talks between the two sides would continue next week.</p>
</article>
<footer>Copyright Frontier Ledger</footer>
</body></html>
"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class FakeTime:
    """A clock that only moves when the fetcher sleeps (or a test advances it)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def resolver(table: dict[str, list[str]]) -> Callable[[str], list[str]]:
    def resolve(host: str) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


def fetch_error(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    error = caught.value
    assert "\n" not in error.reason
    assert error.source == url
    assert error.stage == "fetch"
    return error


# -- pages and documents --------------------------------------------------------------------------


def test_fetch_html_page_into_raw_document() -> None:
    with serve({"/world/chaman": (200, HTML, ARTICLE)}) as server, Fetcher(LOCAL) as fetcher:
        url = server.url("/world/chaman")
        page = fetcher.fetch(url)
    assert page.url == url
    assert page.final_url == url
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert page.body == ARTICLE
    assert page.retrieved_at.tzinfo is not None
    assert page.retrieved_at.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - page.retrieved_at) < dt.timedelta(minutes=1)

    doc = page_document(page)
    assert doc.url == url
    assert doc.title == "Crossing at Chaman reopens after two days of clashes"
    assert doc.publisher == "Frontier Ledger"
    assert doc.published == dt.date(2025, 10, 30)
    assert doc.published_source == "metadata"
    assert (
        doc.text.startswith("Crossing at Chaman reopens") or "border crossing at Chaman reopened" in doc.text
    )
    assert "Spin Boldak" in doc.text
    assert "Copyright" not in doc.text
    assert "Home" not in doc.text


def test_plain_text_page_takes_publisher_from_host_and_date_from_url() -> None:
    body = b"Pakistani and Afghan officials met at Torkham on Monday to discuss the closure.\n"
    with serve({"/2025/10/27/torkham-talks.txt": (200, TEXT, body)}) as server:
        fetcher = Fetcher(LOCAL, resolve=resolver({"www.frontier.test": ["127.0.0.1"]}))
        with fetcher:
            page = fetcher.fetch(server.url("/2025/10/27/torkham-talks.txt", host="www.frontier.test"))
        assert server.requests[-1].headers["host"] == f"www.frontier.test:{server.port}"
    doc = page_document(page)
    assert doc.text == body.decode()
    assert doc.publisher == "frontier.test"
    assert doc.title is None
    assert doc.published == dt.date(2025, 10, 27)
    assert doc.published_source == "metadata"


def test_page_document_uses_the_header_charset() -> None:
    text = "Officials in Kabul said the café near the crossing – closed since Sunday – reopened."
    page = FetchedPage(
        url="https://news.test/a",
        final_url="https://news.test/a",
        status=200,
        content_type="text/plain",
        charset="windows-1252",
        body=text.encode("cp1252"),
        retrieved_at=dt.datetime.now(dt.UTC),
    )
    doc = page_document(page)
    assert doc.text == text
    assert doc.published is None
    assert doc.published_source == "unknown"


def test_page_without_date_has_unknown_publication() -> None:
    article = ARTICLE.replace(
        b'<meta property="article:published_time" content="2025-10-30T08:15:00+05:00">', b""
    )
    with serve({"/chaman": (200, HTML, article)}) as server, Fetcher(LOCAL) as fetcher:
        doc = page_document(fetcher.fetch(server.url("/chaman")))
    assert doc.published is None
    assert doc.published_source == "unknown"


# -- addresses ------------------------------------------------------------------------------------


def test_loopback_is_refused_by_default() -> None:
    with (
        serve({"/a": (200, HTML, ARTICLE)}) as server,
        Fetcher(FetchPolicy(per_host_interval_s=0)) as fetcher,
    ):
        error = fetch_error(fetcher, server.url("/a"))
        assert server.requests == []
    assert "refused" in error.reason
    assert "loopback" in error.reason
    assert "127.0.0.1" in error.reason


def test_loopback_is_allowed_with_allow_private() -> None:
    with serve({"/a": (200, HTML, ARTICLE)}) as server, Fetcher(LOCAL) as fetcher:
        assert fetcher.fetch(server.url("/a")).status == 200


def test_host_resolving_to_a_private_address_is_refused_without_a_request() -> None:
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    transport = httpx.MockTransport(handle)
    table = {"intranet.test": ["10.0.0.1"], "mixed.test": ["93.184.215.14", "169.254.169.254"]}
    policy = FetchPolicy(per_host_interval_s=0)
    with Fetcher(policy, resolve=resolver(table), transport=transport) as fetcher:
        private = fetch_error(fetcher, "http://intranet.test/news")
        mixed = fetch_error(fetcher, "https://mixed.test/news")
    assert sent == []
    assert "intranet.test resolves to a private address (10.0.0.1)" in private.reason
    assert "link-local" in mixed.reason
    assert "169.254.169.254" in mixed.reason


def test_unsupported_schemes_are_refused() -> None:
    with Fetcher(LOCAL) as fetcher:
        for url in ("ftp://news.test/a.txt", "file://news.test/a.html", "gopher://news.test/"):
            assert "unsupported URL scheme" in fetch_error(fetcher, url).reason


def test_unresolvable_host() -> None:
    with Fetcher(LOCAL, resolve=resolver({})) as fetcher:
        assert "cannot resolve host name nowhere.test" in fetch_error(fetcher, "http://nowhere.test/").reason


def test_connection_refused_after_retries() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fake = FakeTime()
    policy = FetchPolicy(allow_private=True, per_host_interval_s=0, retries=2, respect_robots=False)
    with Fetcher(policy, clock=fake.clock, sleep=fake.sleep) as fetcher:
        error = fetch_error(fetcher, f"http://127.0.0.1:{port}/a")
    assert error.reason.startswith("cannot fetch from 127.0.0.1: ")
    assert error.reason.endswith("(after 3 attempts)")
    assert fake.sleeps == [0.5, 1.0]


def test_unreachable_site_is_disallowed_by_its_robots_txt() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fake = FakeTime()
    policy = FetchPolicy(allow_private=True, per_host_interval_s=0, retries=1)
    with Fetcher(policy, clock=fake.clock, sleep=fake.sleep) as fetcher:
        error = fetch_error(fetcher, f"http://127.0.0.1:{port}/a")
    assert error.reason.startswith(
        "robots.txt of 127.0.0.1 could not be fetched (cannot fetch from 127.0.0.1"
    )
    assert "RFC 9309" in error.reason
    assert fake.sleeps == [0.5]  # robots.txt tried twice; the page never


def test_https_goes_to_the_checked_address_under_the_host_name() -> None:
    table = {"news.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]}
    fake = FakeTime()
    transport = httpx.HTTPTransport(
        verify=client_tls_context(), limits=httpx.Limits(max_keepalive_connections=0)
    )
    with serve({"/a": (200, TEXT, b"Talks resumed in Doha.")}, tls=True) as server:
        fetcher = Fetcher(
            LOCAL, clock=fake.clock, sleep=fake.sleep, resolve=resolver(table), transport=transport
        )
        with fetcher:
            page = fetcher.fetch(server.url("/a", host="news.test"))
            mismatch = fetch_error(fetcher, server.url("/a", host="other.test"))
        assert [r.headers["host"] for r in server.requests] == [f"news.test:{server.port}"] * 2
        assert server.sni == ["news.test", "news.test", "other.test"]  # robots.txt, page, refused
    assert page.body == b"Talks resumed in Doha."
    assert page.final_url == server.url("/a", host="news.test")
    assert mismatch.reason.startswith("cannot fetch from other.test: [SSL: CERTIFICATE_VERIFY_FAILED]")
    assert "attempt" not in mismatch.reason  # a bad certificate is not retried
    assert fake.sleeps == []


# -- redirects ------------------------------------------------------------------------------------


def test_redirect_to_another_path_is_followed() -> None:
    routes = {
        "/old": (301, {"Location": "/news/chaman"}, b""),
        "/news/chaman": (302, {"Location": "chaman-reopens"}, b""),
        "/news/chaman-reopens": (200, HTML, ARTICLE),
    }
    with serve(routes) as server, Fetcher(LOCAL) as fetcher:
        page = fetcher.fetch(server.url("/old"))
        assert server.paths() == ["/robots.txt", "/old", "/news/chaman", "/news/chaman-reopens"]
    assert page.url == server.url("/old")
    assert page.final_url == server.url("/news/chaman-reopens")
    assert page_document(page).url == page.final_url


def test_redirect_loop_stops() -> None:
    routes = {"/a": (302, {"Location": "/b"}, b""), "/b": (302, {"Location": "/a"}, b"")}
    with serve(routes) as server, Fetcher(LOCAL) as fetcher:
        assert "too many redirects" in fetch_error(fetcher, server.url("/a")).reason


def test_redirect_to_a_private_address_is_refused() -> None:
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://intranet.test/admin"})

    table = {"news.test": ["93.184.215.14"], "intranet.test": ["10.0.0.1"]}
    policy = FetchPolicy(per_host_interval_s=0)
    with Fetcher(policy, resolve=resolver(table), transport=httpx.MockTransport(handle)) as fetcher:
        error = fetch_error(fetcher, "http://news.test/story")
    assert "redirect to http://intranet.test/admin" in error.reason
    assert "private address (10.0.0.1)" in error.reason
    # the request went to the checked address, named by its host; nothing went to the private one
    assert [str(r.url) for r in sent] == ["http://93.184.215.14/robots.txt", "http://93.184.215.14/story"]
    assert all(r.headers["host"] == "news.test" for r in sent)


def test_redirect_to_another_scheme_is_refused() -> None:
    routes = {"/a": (302, {"Location": "ftp://files.test/a.txt"}, b"")}
    with serve(routes) as server, Fetcher(LOCAL) as fetcher:
        error = fetch_error(fetcher, server.url("/a"))
    assert error.reason.startswith("redirect to ftp://files.test/a.txt: unsupported URL scheme 'ftp'")


# -- robots.txt -----------------------------------------------------------------------------------

ROBOTS = b"""User-agent: *
Disallow: /search

User-agent: flashpoint
Disallow: /private/
"""


def test_robots_txt_disallow() -> None:
    routes = {
        "/robots.txt": (200, TEXT, ROBOTS),
        "/private/report": (200, HTML, ARTICLE),
        "/search": (200, HTML, ARTICLE),
        "/news": (200, HTML, ARTICLE),
    }
    with serve(routes) as server, Fetcher(LOCAL) as fetcher:
        error = fetch_error(fetcher, server.url("/private/report"))
        assert fetcher.fetch(server.url("/news")).status == 200
        assert fetcher.fetch(server.url("/search")).status == 200  # the * group is not ours
        assert server.paths() == ["/robots.txt", "/news", "/search"]  # robots.txt read once
    assert "robots.txt" in error.reason
    assert "disallowed" in error.reason
    assert "flashpoint" in error.reason


def test_robots_txt_is_ignored_when_not_respected() -> None:
    routes = {"/robots.txt": (200, TEXT, b"User-agent: *\nDisallow: /\n"), "/news": (200, HTML, ARTICLE)}
    policy = FetchPolicy(allow_private=True, per_host_interval_s=0, respect_robots=False)
    with serve(routes) as server, Fetcher(policy) as fetcher:
        assert fetcher.fetch(server.url("/news")).status == 200
        assert server.paths() == ["/news"]


def test_robots_txt_server_error_disallows_everything() -> None:
    routes = {"/robots.txt": (503, TEXT, b"busy"), "/news": (200, HTML, ARTICLE)}
    policy = FetchPolicy(allow_private=True, per_host_interval_s=0, backoff_s=0, retries=1)
    with serve(routes) as server, Fetcher(policy) as fetcher:
        first = fetch_error(fetcher, server.url("/news"))
        second = fetch_error(fetcher, server.url("/news"))
        assert server.paths() == ["/robots.txt", "/robots.txt"]  # one retry, then cached
    assert first.reason.startswith("robots.txt of 127.0.0.1 could not be fetched")
    assert "HTTP 503" in first.reason
    assert "RFC 9309" in first.reason
    assert second.reason == first.reason


def test_unreachable_robots_txt_is_asked_for_again_later() -> None:
    routes: dict[str, Route] = {
        "/robots.txt": [(503, TEXT, b"busy"), (404, TEXT, b"")],
        "/news": (200, HTML, ARTICLE),
    }
    fake = FakeTime()
    policy = FetchPolicy(allow_private=True, per_host_interval_s=0, retries=0)
    with serve(routes) as server, Fetcher(policy, clock=fake.clock, sleep=fake.sleep) as fetcher:
        fetch_error(fetcher, server.url("/news"))
        fake.now += ROBOTS_UNREACHABLE_TTL_S / 2
        fetch_error(fetcher, server.url("/news"))
        fake.now += ROBOTS_UNREACHABLE_TTL_S
        assert fetcher.fetch(server.url("/news")).status == 200
        assert server.paths() == ["/robots.txt", "/robots.txt", "/news"]


def test_robots_txt_forbidden_allows_everything() -> None:
    routes = {"/robots.txt": (403, TEXT, b"no"), "/news": (200, HTML, ARTICLE)}
    with serve(routes) as server, Fetcher(LOCAL) as fetcher:
        assert fetcher.fetch(server.url("/news")).status == 200


def test_robots_txt_crawl_delay_lengthens_the_gap() -> None:
    routes = {"/robots.txt": (200, TEXT, b"User-agent: *\nCrawl-delay: 5\n"), "/news": (200, HTML, ARTICLE)}
    fake = FakeTime()
    policy = FetchPolicy(allow_private=True, per_host_interval_s=1.0)
    with serve(routes) as server, Fetcher(policy, clock=fake.clock, sleep=fake.sleep) as fetcher:
        fetcher.fetch(server.url("/news"))
    assert fake.sleeps == [5.0]


# -- headers --------------------------------------------------------------------------------------


def test_user_agent_is_sent() -> None:
    with serve({"/a": (200, HTML, ARTICLE)}) as server, Fetcher(LOCAL) as fetcher:
        fetcher.fetch(server.url("/a"))
        agents = {r.headers["user-agent"] for r in server.requests}
    assert agents == {DEFAULT_USER_AGENT}
    assert DEFAULT_USER_AGENT.startswith("flashpoint/")


def test_custom_user_agent() -> None:
    policy = FetchPolicy(user_agent="flashpoint-test/1.0", allow_private=True, per_host_interval_s=0)
    with serve({"/a": (200, HTML, ARTICLE)}) as server, Fetcher(policy) as fetcher:
        fetcher.fetch(server.url("/a"))
        assert server.requests[-1].headers["user-agent"] == "flashpoint-test/1.0"


# -- retries --------------------------------------------------------------------------------------


def retrying(retries: int = 3, interval: float = 0.0) -> FetchPolicy:
    return FetchPolicy(
        allow_private=True, per_host_interval_s=interval, backoff_s=0.5, retries=retries, respect_robots=False
    )


def test_server_errors_are_retried_with_exponential_backoff() -> None:
    flaky: list[ReplyLike] = [(500, TEXT, b"oops"), (502, TEXT, b"oops"), (200, HTML, ARTICLE)]
    fake = FakeTime()
    with serve({"/a": flaky}) as server, Fetcher(retrying(), clock=fake.clock, sleep=fake.sleep) as fetcher:
        page = fetcher.fetch(server.url("/a"))
        assert server.paths() == ["/a", "/a", "/a"]
    assert page.status == 200
    assert fake.sleeps == [0.5, 1.0]


def test_server_error_after_all_retries() -> None:
    fake = FakeTime()
    policy = retrying(retries=2)
    with (
        serve({"/a": (503, TEXT, b"down")}) as server,
        Fetcher(policy, clock=fake.clock, sleep=fake.sleep) as f,
    ):
        error = fetch_error(f, server.url("/a"))
        assert server.paths() == ["/a"] * 3
    assert error.reason == "HTTP 503 Service Unavailable (after 3 attempts)"
    assert fake.sleeps == [0.5, 1.0]


def test_too_many_requests_honours_retry_after_up_to_the_cap() -> None:
    replies: list[ReplyLike] = [
        (429, {"Retry-After": "7"}, b""),
        (503, {"Retry-After": "3600"}, b""),
        (200, HTML, ARTICLE),
    ]
    fake = FakeTime()
    policy = FetchPolicy(
        allow_private=True, per_host_interval_s=0, respect_robots=False, backoff_s=0.5, retry_after_cap_s=60
    )
    with serve({"/a": replies}) as server, Fetcher(policy, clock=fake.clock, sleep=fake.sleep) as fetcher:
        assert fetcher.fetch(server.url("/a")).status == 200
    assert fake.sleeps == [7.0, 60.0]


def test_not_found_is_not_retried() -> None:
    fake = FakeTime()
    with serve({}) as server, Fetcher(retrying(), clock=fake.clock, sleep=fake.sleep) as fetcher:
        error = fetch_error(fetcher, server.url("/missing"))
        assert server.paths() == ["/missing"]
    assert error.reason == "HTTP 404 Not Found"
    assert fake.sleeps == []


def test_timeout_after_retries() -> None:
    slow = Reply(200, HTML, ARTICLE, delay_s=1.0)
    policy = FetchPolicy(
        allow_private=True, per_host_interval_s=0, respect_robots=False, timeout_s=0.1, retries=1, backoff_s=0
    )
    with serve({"/slow": slow}) as server, Fetcher(policy) as fetcher:
        error = fetch_error(fetcher, server.url("/slow"))
        assert server.paths() == ["/slow", "/slow"]
    assert error.reason.startswith("timed out")
    assert "after 2 attempts" in error.reason


# -- size and kind --------------------------------------------------------------------------------


def test_body_over_max_bytes_is_refused() -> None:
    policy = FetchPolicy(allow_private=True, per_host_interval_s=0, respect_robots=False, max_bytes=1000)
    big = b"<html><body><p>" + b"Border news. " * 200 + b"</p></body></html>"
    routes: dict[str, Route] = {
        "/declared": (200, HTML, big),
        "/streamed": (200, {**HTML, "Content-Length": None}, big),
        "/small": (200, HTML, big[:900]),
    }
    with serve(routes) as server, Fetcher(policy) as fetcher:
        declared = fetch_error(fetcher, server.url("/declared"))
        streamed = fetch_error(fetcher, server.url("/streamed"))
        assert len(fetcher.fetch(server.url("/small")).body) == 900
    assert "over the 1.0 kB limit" in declared.reason
    assert "over the 1.0 kB limit" in streamed.reason


def test_compressed_body_is_limited_by_its_decompressed_size() -> None:
    policy = FetchPolicy(allow_private=True, per_host_interval_s=0, respect_robots=False, max_bytes=10_000)
    bomb = gzip.compress(b"<p>" + b"x" * 100_000 + b"</p>")
    assert len(bomb) < 1_000
    with serve({"/bomb": (200, {**HTML, "Content-Encoding": "gzip"}, bomb)}) as server, Fetcher(policy) as f:
        assert "over the 10.0 kB limit" in fetch_error(f, server.url("/bomb")).reason


def test_image_content_type_is_refused() -> None:
    routes = {
        "/map.png": (200, {"Content-Type": "image/png"}, PNG),
        "/report.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\n"),
        "/blob": (200, {"Content-Type": "application/octet-stream"}, PNG),
        "/untyped": (200, {}, b"Talks resumed in Doha on Saturday."),
    }
    with serve(routes) as server, Fetcher(LOCAL) as fetcher:
        assert fetch_error(fetcher, server.url("/map.png")).reason == "not text: content type image/png"
        assert "application/pdf" in fetch_error(fetcher, server.url("/report.pdf")).reason
        assert "PNG image" in fetch_error(fetcher, server.url("/blob")).reason
        untyped = fetcher.fetch(server.url("/untyped"))
    assert untyped.content_type is None
    assert page_document(untyped).text == "Talks resumed in Doha on Saturday."


# -- rate limit -----------------------------------------------------------------------------------


def test_two_requests_to_one_host_are_spaced() -> None:
    fake = FakeTime()
    policy = FetchPolicy(allow_private=True, per_host_interval_s=1.0, respect_robots=False)
    table = {"a.test": ["127.0.0.1"], "b.test": ["127.0.0.1"]}
    routes = {"/1": (200, HTML, ARTICLE), "/2": (200, HTML, ARTICLE)}
    with serve(routes) as server:
        fetcher = Fetcher(policy, clock=fake.clock, sleep=fake.sleep, resolve=resolver(table))
        with fetcher:
            fetcher.fetch(server.url("/1", host="a.test"))
            assert fake.sleeps == []
            fetcher.fetch(server.url("/2", host="a.test"))
            assert fake.sleeps == [1.0]
            fetcher.fetch(server.url("/1", host="b.test"))  # another host: no wait
            assert fake.sleeps == [1.0]
            fake.now += 0.75
            fetcher.fetch(server.url("/1", host="a.test"))
    assert fake.sleeps == [1.0, pytest.approx(0.25)]


def test_robots_txt_request_counts_towards_the_gap() -> None:
    fake = FakeTime()
    policy = FetchPolicy(allow_private=True, per_host_interval_s=2.0)
    with (
        serve({"/a": (200, HTML, ARTICLE)}) as server,
        Fetcher(policy, clock=fake.clock, sleep=fake.sleep) as f,
    ):
        f.fetch(server.url("/a"))
        assert server.paths() == ["/robots.txt", "/a"]
    assert fake.sleeps == [2.0]
