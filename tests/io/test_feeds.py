"""RSS 2.0, RSS 1.0 and Atom feeds into FeedEntry records, and telling a feed from a page.

The feeds are invented for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest
from localserver import serve

from flashpoint.errors import MalformedError
from flashpoint.io.feeds import FeedEntry, looks_like_feed, parse_feed
from flashpoint.io.fetch import FetchedPage, Fetcher, FetchPolicy

RSS2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Frontier Ledger - Region</title>
  <link>https://frontier.test/region</link>
  <description>News from the Pakistan-Afghanistan border</description>
  <item>
    <title>Torkham crossing shut after overnight firing</title>
    <link>https://frontier.test/2025/10/28/torkham-shut</link>
    <guid isPermaLink="false">frontier-8812</guid>
    <pubDate>Tue, 28 Oct 2025 07:45:00 +0500</pubDate>
    <description>&lt;p&gt;Pakistani and Afghan border guards exchanged fire near &lt;b&gt;Torkham&lt;/b&gt;
      overnight, officials said.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Elders meet in Chaman to broker a pause</title>
    <link>/2025/10/29/chaman-elders</link>
    <pubDate>Wed, 29 Oct 2025 01:30:00 +0500</pubDate>
    <description>Tribal elders from both sides met on Wednesday.</description>
  </item>
  <item>
    <title>Live updates (no link)</title>
    <description>This item has no link and is skipped.</description>
  </item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Border Watch</title>
  <id>tag:borderwatch.test,2025:feed</id>
  <updated>2025-11-02T12:00:00Z</updated>
  <link rel="self" href="https://borderwatch.test/feed.atom"/>
  <entry>
    <title>Islamabad and Kabul agree to talks in Istanbul</title>
    <id>tag:borderwatch.test,2025:talks-istanbul</id>
    <link rel="alternate" href="https://borderwatch.test/news/talks-istanbul"/>
    <published>2025-11-01T09:00:00+05:00</published>
    <updated>2025-11-02T10:00:00Z</updated>
    <summary type="html">Delegations are due to meet &lt;em&gt;next week&lt;/em&gt;.</summary>
  </entry>
  <entry>
    <title>Trade resumes at Ghulam Khan</title>
    <id>tag:borderwatch.test,2025:ghulam-khan</id>
    <link href="https://borderwatch.test/news/ghulam-khan"/>
    <updated>2025-10-31T16:20:00Z</updated>
  </entry>
</feed>
"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://kurram.test/rss">
    <title>Kurram Dispatch</title>
    <link>https://kurram.test/</link>
    <description>Reports from Kurram and the border districts</description>
    <items>
      <rdf:Seq>
        <rdf:li resource="https://kurram.test/a/curfew"/>
        <rdf:li resource="https://kurram.test/a/aid-convoy"/>
      </rdf:Seq>
    </items>
  </channel>
  <item rdf:about="https://kurram.test/a/curfew">
    <title>Curfew imposed in Parachinar after border shelling</title>
    <link>https://kurram.test/a/curfew</link>
    <description>District officials announced a curfew.</description>
    <dc:date>2025-10-26T18:00:00+05:00</dc:date>
  </item>
  <item rdf:about="https://kurram.test/a/aid-convoy">
    <title>Aid convoy reaches the district</title>
    <link>https://kurram.test/a/aid-convoy</link>
    <dc:date>2025-10-27</dc:date>
  </item>
</rdf:RDF>
"""

HTML_PAGE = b"""<!DOCTYPE html>
<html><head><title>Frontier Ledger</title></head>
<body><p>Pakistani and Afghan officials met at the border on Monday.</p></body></html>
"""


def page(body: bytes, content_type: str | None) -> FetchedPage:
    return FetchedPage(
        url="https://news.test/x",
        final_url="https://news.test/x",
        status=200,
        content_type=content_type,
        charset=None,
        body=body,
        retrieved_at=dt.datetime.now(dt.UTC),
    )


def test_rss2_entries() -> None:
    entries = parse_feed(RSS2, "https://frontier.test/region/feed.xml")
    assert entries == (
        FeedEntry(
            url="https://frontier.test/2025/10/28/torkham-shut",
            title="Torkham crossing shut after overnight firing",
            published=dt.date(2025, 10, 28),
            summary=(
                "Pakistani and Afghan border guards exchanged fire near Torkham overnight, officials said."
            ),
            feed_url="https://frontier.test/region/feed.xml",
            entry_id="frontier-8812",
        ),
        FeedEntry(
            url="https://frontier.test/2025/10/29/chaman-elders",  # relative link resolved
            title="Elders meet in Chaman to broker a pause",
            published=dt.date(2025, 10, 29),  # 01:30 +05:00 stays on the outlet's own day
            summary="Tribal elders from both sides met on Wednesday.",
            feed_url="https://frontier.test/region/feed.xml",
            entry_id="https://frontier.test/2025/10/29/chaman-elders",  # no guid: the link
        ),
    )


def test_atom_entries() -> None:
    entries = parse_feed(ATOM, "https://borderwatch.test/feed.atom")
    assert [e.url for e in entries] == [
        "https://borderwatch.test/news/talks-istanbul",
        "https://borderwatch.test/news/ghulam-khan",
    ]
    assert [e.entry_id for e in entries] == [
        "tag:borderwatch.test,2025:talks-istanbul",
        "tag:borderwatch.test,2025:ghulam-khan",
    ]
    assert [e.published for e in entries] == [
        dt.date(2025, 11, 1),
        dt.date(2025, 10, 31),
    ]  # published, else updated
    assert entries[0].title == "Islamabad and Kabul agree to talks in Istanbul"
    assert entries[0].summary == "Delegations are due to meet next week."
    assert entries[1].summary is None
    assert {e.feed_url for e in entries} == {"https://borderwatch.test/feed.atom"}


def test_rss1_entries() -> None:
    entries = parse_feed(RSS1, "https://kurram.test/rss")
    assert [(e.url, e.title, e.published) for e in entries] == [
        (
            "https://kurram.test/a/curfew",
            "Curfew imposed in Parachinar after border shelling",
            dt.date(2025, 10, 26),
        ),
        ("https://kurram.test/a/aid-convoy", "Aid convoy reaches the district", dt.date(2025, 10, 27)),
    ]
    assert entries[0].summary == "District officials announced a curfew."


def test_feed_without_entries_is_empty() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet day</title></channel></rss>'
    assert parse_feed(empty, "https://frontier.test/feed") == ()


@pytest.mark.parametrize(
    "data",
    [HTML_PAGE, b"Talks resumed in Doha on Saturday.", b"", b'{"items": []}', b"<rss><channel><item>"],
)
def test_not_a_feed(data: bytes) -> None:
    with pytest.raises(MalformedError) as caught:
        parse_feed(data, "https://news.test/x")
    assert caught.value.reason.startswith("not an RSS or Atom feed")
    assert "\n" not in caught.value.reason
    assert caught.value.source == "https://news.test/x"


def test_looks_like_feed_by_content_type() -> None:
    assert looks_like_feed(page(RSS2, "application/rss+xml"))
    assert looks_like_feed(page(ATOM, "application/atom+xml"))
    assert looks_like_feed(page(RSS1, "application/rdf+xml"))
    assert not looks_like_feed(page(HTML_PAGE, "text/html"))
    assert not looks_like_feed(page(b"Talks resumed.", "text/plain"))
    assert not looks_like_feed(page(b"{}", "application/json"))


def test_looks_like_feed_by_first_bytes() -> None:
    for feed in (RSS2, ATOM, RSS1):
        assert looks_like_feed(page(feed, "application/xml"))
        assert looks_like_feed(page(feed, "text/xml"))
        assert looks_like_feed(page(feed, None))
        assert looks_like_feed(page(feed, "text/html"))  # a mislabelled feed
        assert looks_like_feed(page(b"\xef\xbb\xbf" + feed, None))
    styled = b'<?xml version="1.0"?>\n<?xml-stylesheet href="/feed.xsl"?>\n<!-- generated -->\n' + RSS2[39:]
    assert looks_like_feed(page(styled, "text/xml"))
    sitemap = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'
    assert not looks_like_feed(page(sitemap, "application/xml"))
    assert not looks_like_feed(page(HTML_PAGE, None))


def test_fetched_feed_end_to_end() -> None:
    policy = FetchPolicy(allow_private=True, per_host_interval_s=0)
    routes = {"/feed.xml": (200, {"Content-Type": "application/rss+xml; charset=utf-8"}, RSS2)}
    with serve(routes) as server, Fetcher(policy) as fetcher:
        fetched = fetcher.fetch(server.url("/feed.xml"))
    assert looks_like_feed(fetched)
    entries = parse_feed(fetched.body, fetched.final_url)
    assert [e.title for e in entries] == [
        "Torkham crossing shut after overnight firing",
        "Elders meet in Chaman to broker a pause",
    ]
