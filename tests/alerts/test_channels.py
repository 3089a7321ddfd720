"""Alert channels against local servers: a webhook receiver and an SMTP server on 127.0.0.1, an Atom file."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

import feedparser
import pytest
from alert_servers import Hook, Mailbox, free_port

from flashpoint.alerts.channels import (
    DeliveryError,
    EmailChannel,
    FeedChannel,
    WebhookChannel,
    channel_from_config,
    entry_id,
)
from flashpoint.alerts.rules import Trigger
from flashpoint.errors import ConfigError


def trigger(n: int = 1, kind: str = "closure") -> Trigger:
    return Trigger(
        rule="pak-afg crossings",
        kind=kind,
        key=f"closure:inc-{n:04d}",
        title=f"Torkham closed on 2025-10-{10 + n:02d} (by PAK)",
        summary=f'Closure number {n} of Torkham: "Pakistan closed the Torkham crossing"',
        incident_ids=(f"inc-{n:04d}",),
        date=dt.date(2025, 10, 10 + n),
        figures=(("count", float(n)),),
    )


# -- webhook ----------------------------------------------------------------------------------------------
def test_a_webhook_receives_the_trigger_as_json(hook: Hook) -> None:
    detail = WebhookChannel(hook.url, headers={"X-Token": "abc"}).deliver(trigger(2))
    assert detail == "HTTP 200"
    assert hook.bodies == [
        {
            "source": "flashpoint",
            "rule": "pak-afg crossings",
            "kind": "closure",
            "key": "closure:inc-0002",
            "title": "Torkham closed on 2025-10-12 (by PAK)",
            "summary": 'Closure number 2 of Torkham: "Pakistan closed the Torkham crossing"',
            "date": "2025-10-12",
            "incident_ids": ["inc-0002"],
            "figures": {"count": 2.0},
        }
    ]
    assert hook.headers[0]["content-type"] == "application/json"
    assert hook.headers[0]["x-token"] == "abc"
    assert hook.headers[0]["user-agent"].startswith("flashpoint/")


def test_a_webhook_retries_a_server_error_once(hook: Hook) -> None:
    hook.statuses[:] = [503]
    assert WebhookChannel(hook.url, backoff_s=0).deliver(trigger()) == "HTTP 200"
    assert len(hook.bodies) == 2
    hook.statuses[:] = [500, 502]
    with pytest.raises(DeliveryError, match="HTTP 502"):
        WebhookChannel(hook.url, backoff_s=0).deliver(trigger())
    assert len(hook.bodies) == 4


def test_a_webhook_does_not_retry_a_refusal(hook: Hook) -> None:
    hook.statuses[:] = [403]
    with pytest.raises(DeliveryError, match="HTTP 403"):
        WebhookChannel(hook.url, backoff_s=0).deliver(trigger())
    assert len(hook.bodies) == 1


def test_a_slow_webhook_times_out_and_is_tried_once_more(hook: Hook) -> None:
    hook.delay_s = 0.6
    with pytest.raises(DeliveryError, match="ReadTimeout"):
        WebhookChannel(hook.url, timeout_s=0.2, backoff_s=0).deliver(trigger())
    assert len(hook.bodies) == 2


def test_a_webhook_nobody_listens_to_fails_with_the_reason() -> None:
    url = f"http://127.0.0.1:{free_port()}/hook"
    with pytest.raises(DeliveryError, match=r"webhook .*ConnectError"):
        WebhookChannel(url, timeout_s=1, backoff_s=0).deliver(trigger())
    with pytest.raises(ConfigError, match="http"):
        WebhookChannel("ftp://127.0.0.1/hook")


# -- Atom feed ----------------------------------------------------------------------------------------------
def test_the_feed_is_valid_atom_newest_first_and_keeps_the_last_entries(tmp_path: Path) -> None:
    path = tmp_path / "out" / "alerts.atom"
    feed = FeedChannel(path, max_entries=2)
    for n in (1, 2, 3):
        assert feed.deliver(trigger(n)).startswith("alerts.atom:")
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo
    assert parsed.version == "atom10"
    assert parsed.feed.title == "flashpoint alerts"
    assert [e.title for e in parsed.entries] == [trigger(3).title, trigger(2).title]
    assert [e.id for e in parsed.entries] == [entry_id(trigger(3)), entry_id(trigger(2))]
    first = parsed.entries[0]
    assert first.summary == trigger(3).summary
    assert "key: closure:inc-0003" in first.content[0].value
    assert first.tags[0].term == "closure"
    assert [p.name for p in path.parent.iterdir()] == ["alerts.atom"]  # no temporary file left


def test_delivering_an_entry_again_replaces_it(tmp_path: Path) -> None:
    feed = FeedChannel(tmp_path / "alerts.atom")
    feed.deliver(trigger(1))
    feed.deliver(trigger(2))
    feed.deliver(trigger(1))
    parsed = feedparser.parse((tmp_path / "alerts.atom").read_bytes())
    assert [e.id for e in parsed.entries] == [entry_id(trigger(1)), entry_id(trigger(2))]


def test_a_feed_file_that_is_not_atom_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "alerts.atom"
    path.write_text("<rss><channel/></rss>")
    with pytest.raises(DeliveryError, match="not an Atom feed"):
        FeedChannel(path).deliver(trigger())
    assert path.read_text() == "<rss><channel/></rss>"


# -- email ----------------------------------------------------------------------------------------------
def test_an_email_reaches_the_smtp_server(smtp: Mailbox) -> None:
    channel = EmailChannel(smtp.host, smtp.port, "alerts@flashpoint.test", ["desk@news.test", "ed@news.test"])
    assert channel.deliver(trigger(4)) == "sent to 2 recipients"
    assert len(smtp.messages) == 1
    sender, recipients, data = smtp.messages[0]
    assert sender == "alerts@flashpoint.test"
    assert recipients == ["desk@news.test", "ed@news.test"]
    msg = email.message_from_bytes(data, policy=email.policy.default)
    assert msg["Subject"] == "[flashpoint] Torkham closed on 2025-10-14 (by PAK)"
    assert msg["X-Flashpoint-Alert"] == "closure:inc-0004"
    body = msg.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "Closure number 4 of Torkham" in text
    assert "Incidents: inc-0004" in text


def test_an_smtp_server_that_is_down_is_a_delivery_error() -> None:
    channel = EmailChannel("127.0.0.1", free_port(), "a@flashpoint.test", ["b@news.test"], timeout_s=2)
    with pytest.raises(DeliveryError, match=r"email via 127\.0\.0\.1"):
        channel.deliver(trigger())


def test_channels_from_config(tmp_path: Path) -> None:
    assert isinstance(
        channel_from_config("hook", {"type": "webhook", "url": "http://127.0.0.1/x"}), WebhookChannel
    )
    feed = channel_from_config("feed", {"type": "feed", "path": str(tmp_path / "a.atom"), "max_entries": 5})
    assert isinstance(feed, FeedChannel)
    assert feed.max_entries == 5
    mail = channel_from_config(
        "mail",
        {"type": "email", "host": "127.0.0.1", "port": 25, "sender": "a@x.test", "recipients": ["b@x.test"]},
    )
    assert isinstance(mail, EmailChannel)
    with pytest.raises(ConfigError, match="type must be"):
        channel_from_config("x", {"type": "pigeon"})
    with pytest.raises(ConfigError, match="'x'"):
        channel_from_config("x", {"type": "webhook", "link": "http://127.0.0.1/"})
