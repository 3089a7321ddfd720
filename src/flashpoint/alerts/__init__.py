"""Alerts (issue 5): rules on a dyad or a saved query, delivered to a webhook, an Atom file and email, once.

Rules (:mod:`flashpoint.alerts.rules`; kinds, parameters and trigger keys are described there)::

    from flashpoint.alerts import AlertRule, save_rule, list_rules, run_alerts
    from flashpoint.alerts import WebhookChannel, FeedChannel, EmailChannel

    store = Store("flashpoint.duckdb")
    save_rule(store, AlertRule("pak-afg surge", "surge", dyad=("PAK", "AFG"),
                               params={"ratio": 2, "min": 3}, channels=("hook", "feed")))
    report = run_alerts(store, dt.date(2025, 10, 20), {
        "hook": WebhookChannel("https://example.org/hook"),
        "feed": FeedChannel("alerts.atom"),
        "mail": EmailChannel("127.0.0.1", 25, "alerts@example.org", ["desk@example.org"]),
    })
    report.sent, report.skipped, report.failed

The service functions (:mod:`flashpoint.alerts.service`), each taking a
:class:`~flashpoint.corpus.store.Store`:

- ``save_rule(store, rule, *, replace=False) -> int``: check and store a rule, return its id (a rule of the
  same name is a ConfigError unless ``replace``; replacing keeps the id and so the log);
- ``list_rules(store) -> list[AlertRule]``; ``set_enabled(store, name, enabled)``; ``delete_rule(store,
  name)``; ``delivery_log(store, rule=None) -> list[Delivery]``;
- ``run_alerts(store, as_of=None, channels=None) -> AlertReport``: evaluate every enabled rule as of
  ``as_of`` (default today) and deliver each trigger to each channel its rule names (looked up by name in
  ``channels``), unless already sent there. Counts: ``sent``, ``skipped`` (already sent), ``failed``
  (logged, tried again at the next run); ``errors`` lists rules that could not be evaluated.

``parse_params(["ratio=2", "min=3"])`` turns ``name=value`` options into a rule's ``params``.
``channel_from_config(name, {"type": "webhook"|"feed"|"email", ...})`` builds a channel from a config table
(for a TOML file of channels). ``evaluate(db, rule, as_of) -> list[Trigger]`` runs one rule on an open
store session without delivering anything.
"""

from __future__ import annotations

from flashpoint.alerts.channels import (
    Channel,
    EmailChannel,
    FeedChannel,
    WebhookChannel,
    channel_from_config,
    trigger_payload,
)
from flashpoint.alerts.rules import (
    DEFAULT_PARAMS,
    KINDS,
    AlertRule,
    Trigger,
    evaluate,
    parse_params,
    validate_rule,
)
from flashpoint.alerts.service import (
    AlertReport,
    Delivery,
    delete_rule,
    delivery_log,
    list_rules,
    run_alerts,
    save_rule,
    set_enabled,
)
from flashpoint.errors import DeliveryError

__all__ = [
    "DEFAULT_PARAMS",
    "KINDS",
    "AlertReport",
    "AlertRule",
    "Channel",
    "Delivery",
    "DeliveryError",
    "EmailChannel",
    "FeedChannel",
    "Trigger",
    "WebhookChannel",
    "channel_from_config",
    "delete_rule",
    "delivery_log",
    "evaluate",
    "list_rules",
    "parse_params",
    "run_alerts",
    "save_rule",
    "set_enabled",
    "trigger_payload",
    "validate_rule",
]
