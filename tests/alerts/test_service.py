"""The alert service end to end: rules stored, evaluated and delivered to a webhook, an Atom file and SMTP on
127.0.0.1; the delivery log; no trigger sent twice on a channel; failed deliveries retried."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

import feedparser
import pytest
from alert_rows import CLOSE_TORKHAM, incident_of
from alert_servers import Hook, Mailbox, free_port

from flashpoint.alerts import (
    AlertRule,
    Channel,
    EmailChannel,
    FeedChannel,
    WebhookChannel,
    delete_rule,
    delivery_log,
    list_rules,
    run_alerts,
    save_rule,
    set_enabled,
)
from flashpoint.corpus.query import EventQuery
from flashpoint.corpus.store import Store
from flashpoint.errors import ConfigError

D = dt.date
DYAD = ("PAK", "AFG")
AS_OF = D(2025, 10, 13)  # the Monday after the surge week and the Torkham closure


def rules() -> list[AlertRule]:
    return [
        AlertRule("crossings", "closure", dyad=DYAD, channels=("hook", "feed", "mail")),
        AlertRule("surge", "surge", dyad=DYAD, params={"ratio": 2, "min": 3}, channels=("hook", "feed")),
        AlertRule("clashes", "threshold", dyad=DYAD, params={"days": 7, "min": 4}, channels=("hook",)),
        AlertRule("ceasefire", "ceasefire_violation", dyad=DYAD, channels=("hook", "mail")),
    ]


def test_rules_are_stored_and_listed(store: Store) -> None:
    saved = AlertRule(
        "pakistan coercion",
        "threshold",
        query=EventQuery(actor="PAK", category=("COERCE",), since=D(2025, 1, 1)),
        params={"days": 14, "min": 2, "metric": "incidents"},
        channels=("hook", "feed"),
    )
    ids = [save_rule(store, r) for r in [*rules(), saved]]
    assert len(set(ids)) == 5
    assert {r.name: r for r in list_rules(store)} == {r.name: r for r in [*rules(), saved]}
    with pytest.raises(ConfigError, match="exists already"):
        save_rule(store, rules()[0])
    changed = AlertRule("crossings", "closure", dyad=DYAD, params={"days": 3}, channels=("feed",))
    assert save_rule(store, changed, replace=True) == ids[0]
    set_enabled(store, "surge", False)
    listed = {r.name: r for r in list_rules(store)}
    assert listed["crossings"] == changed
    assert not listed["surge"].enabled
    delete_rule(store, "clashes")
    assert "clashes" not in {r.name for r in list_rules(store)}
    with pytest.raises(ConfigError, match="no alert named"):
        delete_rule(store, "clashes")
    with pytest.raises(ConfigError, match="unknown kind"):
        save_rule(store, AlertRule("bad", "flood", dyad=DYAD, channels=("hook",)))


def test_a_run_delivers_every_trigger_to_every_channel_once(
    store: Store, hook: Hook, smtp: Mailbox, tmp_path: Path
) -> None:
    for r in rules():
        save_rule(store, r)
    feed_path = tmp_path / "alerts.atom"
    channels: dict[str, Channel] = {
        "hook": WebhookChannel(hook.url),
        "feed": FeedChannel(feed_path),
        "mail": EmailChannel(smtp.host, smtp.port, "alerts@flashpoint.test", ["desk@news.test"]),
    }
    report = run_alerts(store, AS_OF, channels)
    closure = f"closure:{incident_of(store, CLOSE_TORKHAM)}"
    keys = {(t.rule, t.key) for t in report.triggers}
    assert keys == {
        ("crossings", closure),
        ("surge", "surge:PAK-AFG:2025-W41"),
        ("clashes", "threshold:PAK-AFG:2025-10-11"),
    }
    # closure: hook, feed, mail; surge: hook, feed; threshold: hook
    assert (report.sent, report.skipped, report.failed) == (6, 0, 0)
    assert report.errors == ()

    assert sorted(b["key"] for b in hook.bodies) == sorted(
        [closure, "surge:PAK-AFG:2025-W41", "threshold:PAK-AFG:2025-10-11"]
    )
    body = next(b for b in hook.bodies if b["key"] == closure)
    assert body["rule"] == "crossings"
    assert body["title"] == "Torkham closed on 2025-10-12 (by PAK)"
    assert body["incident_ids"] == [incident_of(store, CLOSE_TORKHAM)]

    parsed = feedparser.parse(feed_path.read_bytes())
    assert not parsed.bozo
    assert sorted(e.title for e in parsed.entries) == sorted(
        [body["title"], next(t.title for t in report.triggers if t.rule == "surge")]
    )

    assert len(smtp.messages) == 1
    msg = email.message_from_bytes(smtp.messages[0][2], policy=email.policy.default)
    assert msg["Subject"] == "[flashpoint] Torkham closed on 2025-10-12 (by PAK)"
    assert msg["X-Flashpoint-Alert"] == closure

    log = delivery_log(store)
    assert len(log) == 6
    assert {(d.rule, d.channel, d.status, d.attempts) for d in log if d.trigger_key == closure} == {
        ("crossings", "hook", "sent", 1),
        ("crossings", "feed", "sent", 1),
        ("crossings", "mail", "sent", 1),
    }
    assert next(d for d in log if d.channel == "hook").detail == "HTTP 200"

    # the same day again, and the next day (the same episodes): nothing new is sent
    again = run_alerts(store, AS_OF, channels)
    assert (again.sent, again.skipped, again.failed) == (0, 6, 0)
    later = run_alerts(store, AS_OF + dt.timedelta(days=1), channels)
    assert (later.sent, later.failed) == (0, 0)
    assert len(hook.bodies) == 3
    assert len(smtp.messages) == 1
    assert len(feedparser.parse(feed_path.read_bytes()).entries) == 2
    assert len(delivery_log(store)) == 6

    # the ceasefire is violated on 26 October: one new trigger, to the hook and the mail
    after = run_alerts(store, D(2025, 10, 27), channels)
    assert [t.kind for t in after.triggers] == ["ceasefire_violation"]
    assert (after.sent, after.failed) == (2, 0)
    assert hook.bodies[-1]["kind"] == "ceasefire_violation"
    assert len(smtp.messages) == 2


def test_a_failed_delivery_is_logged_and_retried_until_sent(store: Store, hook: Hook) -> None:
    save_rule(store, AlertRule("crossings", "closure", dyad=DYAD, channels=("hook", "mail")))
    dead_mail = EmailChannel("127.0.0.1", free_port(), "a@flashpoint.test", ["b@news.test"], timeout_s=2)
    hook.statuses[:] = [500, 500]  # the first try and its retry fail
    channels: dict[str, Channel] = {"hook": WebhookChannel(hook.url, backoff_s=0), "mail": dead_mail}
    first = run_alerts(store, AS_OF, channels)
    assert (first.sent, first.skipped, first.failed) == (0, 0, 2)
    log = {d.channel: d for d in delivery_log(store, "crossings")}
    assert log["hook"].status == "failed"
    assert log["hook"].detail is not None
    assert "HTTP 500" in log["hook"].detail
    assert log["mail"].status == "failed"
    assert log["mail"].detail is not None
    assert "email via 127.0.0.1" in log["mail"].detail

    # next run: the hook answers now; the mail server is still down
    second = run_alerts(store, AS_OF, channels)
    assert (second.sent, second.skipped, second.failed) == (1, 0, 1)
    log = {d.channel: d for d in delivery_log(store, "crossings")}
    assert (log["hook"].status, log["hook"].attempts, log["hook"].detail) == ("sent", 2, "HTTP 200")
    assert (log["mail"].status, log["mail"].attempts) == ("failed", 2)
    assert log["hook"].first_at <= log["hook"].at

    # a channel the run was not given is a failure too, retried once it is configured
    third = run_alerts(store, AS_OF, {"hook": WebhookChannel(hook.url)})
    assert (third.sent, third.skipped, third.failed) == (0, 1, 1)
    assert any("no channel named 'mail'" in d[3] for d in third.deliveries)
    assert len(hook.bodies) == 3  # two failed tries and one success: never sent again


def test_a_disabled_rule_does_not_run_and_a_broken_one_does_not_stop_the_others(
    store: Store, hook: Hook
) -> None:
    save_rule(store, AlertRule("crossings", "closure", dyad=DYAD, channels=("hook",)))
    save_rule(store, AlertRule("surge", "surge", dyad=DYAD, channels=("hook",)))
    set_enabled(store, "surge", False)
    with store.session() as db:  # a rule damaged in the store (an unknown parameter)
        db.con.execute("UPDATE alert_rules SET params = '{\"colour\": 1}' WHERE name = 'crossings'")
    save_rule(store, AlertRule("clashes", "threshold", dyad=DYAD, params={"min": 4}, channels=("hook",)))
    report = run_alerts(store, AS_OF, {"hook": WebhookChannel(hook.url)})
    assert [t.rule for t in report.triggers] == ["clashes"]
    assert [name for name, _ in report.errors] == ["crossings"]
    assert "unknown parameter" in report.errors[0][1]
    assert report.sent == 1
