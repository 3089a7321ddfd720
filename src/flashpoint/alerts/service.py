"""Alert rules in the store, and the run that evaluates them and delivers what they fire, once.

The log (``alert_deliveries``) has one row per rule, trigger key and channel. A delivery happens first and
is logged after, each log row in its own transaction: a trigger already ``sent`` on a channel is skipped, a
``failed`` one is tried again at the next run. The store is held only while reading and while logging, not
while a channel talks to a slow server, so an ingest can write in between.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flashpoint.alerts.channels import Channel
from flashpoint.alerts.rules import (
    AlertRule,
    Trigger,
    evaluate,
    query_from_json,
    query_to_json,
    validate_rule,
)
from flashpoint.corpus.query import parse_dyad
from flashpoint.corpus.store import Store, StoreSession
from flashpoint.errors import ConfigError, DeliveryError, FlashpointError


@dataclass(frozen=True, slots=True)
class Delivery:
    """One row of the delivery log."""

    rule: str
    trigger_key: str
    channel: str
    status: str  # sent or failed
    detail: str | None
    title: str | None
    attempts: int
    first_at: dt.datetime
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class AlertReport:
    """What a run did: deliveries ``sent`` and ``failed`` now, and those ``skipped`` as already sent."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0
    triggers: tuple[Trigger, ...] = ()
    deliveries: tuple[tuple[str, str, str, str], ...] = ()  # (rule, trigger key, channel, status/detail)
    errors: tuple[tuple[str, str], ...] = ()  # (rule, why it could not be evaluated)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def save_rule(store: Store, rule: AlertRule, *, replace: bool = False) -> int:
    """Store a rule (checked first); returns its id. A rule of the same name is an error unless
    ``replace``, which keeps its id (and so its delivery log: what was sent is not sent again)."""
    validate_rule(rule)
    values = [
        rule.kind,
        "-".join(rule.dyad) if rule.dyad else None,
        json.dumps(query_to_json(rule.query), sort_keys=True) if rule.query is not None else None,
        json.dumps(dict(rule.params), sort_keys=True),
        json.dumps(list(rule.channels)),
        rule.enabled,
    ]
    with store.session() as db:
        found = db.con.execute("SELECT id FROM alert_rules WHERE name = ?", [rule.name]).fetchone()
        with db.transaction():
            if found is not None:
                if not replace:
                    raise ConfigError(f"an alert named {rule.name!r} exists already")
                db.con.execute(
                    'UPDATE alert_rules SET kind = ?, dyad = ?, "query" = ?, params = ?, channels = ?, '
                    "enabled = ? WHERE id = ?",
                    [*values, found[0]],
                )
                return int(found[0])
            row = db.con.execute(
                'INSERT INTO alert_rules (name, kind, dyad, "query", params, channels, enabled, created_at) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [rule.name, *values, _now()],
            ).fetchone()
    assert row is not None
    return int(row[0])


def list_rules(store: Store) -> list[AlertRule]:
    """Every stored rule, enabled or not, by name."""
    with store.session() as db:
        return [rule for _, rule in _rules(db)]


def set_enabled(store: Store, name: str, enabled: bool) -> None:
    """Switch a rule on or off (its log is kept)."""
    with store.session() as db:
        if db.con.execute("SELECT 1 FROM alert_rules WHERE name = ?", [name]).fetchone() is None:
            raise ConfigError(f"no alert named {name!r}")
        with db.transaction():
            db.con.execute("UPDATE alert_rules SET enabled = ? WHERE name = ?", [enabled, name])


def delete_rule(store: Store, name: str) -> None:
    """Remove a rule and its delivery log."""
    with store.session() as db:
        found = db.con.execute("SELECT id FROM alert_rules WHERE name = ?", [name]).fetchone()
        if found is None:
            raise ConfigError(f"no alert named {name!r}")
        with db.transaction():
            db.con.execute("DELETE FROM alert_deliveries WHERE rule_id = ?", [found[0]])
            db.con.execute("DELETE FROM alert_rules WHERE id = ?", [found[0]])


def delivery_log(store: Store, rule: str | None = None) -> list[Delivery]:
    """The delivery log, latest attempt first (of one rule when ``rule`` names it)."""
    where, params = ("WHERE r.name = ?", [rule]) if rule else ("", [])
    with store.session() as db:
        rows = db.con.execute(
            "SELECT r.name, d.trigger_key, d.channel, d.status, d.detail, d.title, d.attempts, d.first_at, "
            f'd."at" FROM alert_deliveries d JOIN alert_rules r ON r.id = d.rule_id {where} '
            'ORDER BY d."at" DESC, d.id DESC',
            params,
        ).fetchall()
    return [Delivery(*r) for r in rows]


def run_alerts(
    store: Store, as_of: dt.date | None = None, channels: Mapping[str, Channel] | None = None
) -> AlertReport:
    """Evaluate every enabled rule as of ``as_of`` (default today) and deliver each trigger on each of its
    rule's channels (looked up by name in ``channels``) unless the log says it was sent there already.
    A channel a rule names but ``channels`` lacks is a failed delivery (retried once it is configured)."""
    day = as_of or dt.date.today()
    configured = dict(channels or {})
    errors: list[tuple[str, str]] = []
    pending: list[tuple[int, AlertRule, Trigger, str]] = []
    triggers: list[Trigger] = []
    skipped = 0
    with store.session() as db:
        for rule_id, rule in _rules(db):
            if not rule.enabled:
                continue
            try:
                fired = evaluate(db, rule, day)
            except FlashpointError as exc:
                errors.append((rule.name, str(exc)))
                continue
            triggers += fired
            sent = _sent(db, rule_id)
            for trigger in fired:
                for channel in dict.fromkeys(rule.channels):
                    if (trigger.key, channel) in sent:
                        skipped += 1
                    else:
                        pending.append((rule_id, rule, trigger, channel))
    done: list[tuple[str, str, str, str]] = []
    counts = {"sent": 0, "failed": 0}
    for rule_id, rule, trigger, name in pending:
        target = configured.get(name)
        if target is None:
            status, detail = "failed", f"no channel named {name!r} is configured"
        else:
            try:
                status, detail = "sent", target.deliver(trigger)
            except DeliveryError as exc:
                status, detail = "failed", str(exc)
        with store.session() as db, db.transaction():
            _log(db, rule_id, trigger, name, status, detail)
        counts[status] += 1
        done.append((rule.name, trigger.key, name, f"{status}: {detail}"))
    return AlertReport(
        sent=counts["sent"],
        skipped=skipped,
        failed=counts["failed"],
        triggers=tuple(triggers),
        deliveries=tuple(done),
        errors=tuple(errors),
    )


# -- store rows ---------------------------------------------------------------------------------------------
def _rules(db: StoreSession) -> list[tuple[int, AlertRule]]:
    rows = db.con.execute(
        'SELECT id, name, kind, dyad, "query", params, channels, enabled FROM alert_rules ORDER BY name'
    ).fetchall()
    out = []
    for rule_id, name, kind, dyad, query, params, channels, enabled in rows:
        out.append(
            (
                int(rule_id),
                AlertRule(
                    name=name,
                    kind=kind,
                    dyad=parse_dyad(dyad) if dyad else None,
                    query=query_from_json(json.loads(query)) if query else None,
                    params=_params(json.loads(params or "{}")),
                    channels=tuple(json.loads(channels or "[]")),
                    enabled=bool(enabled),
                ),
            )
        )
    return out


def _params(data: dict[str, Any]) -> dict[str, int | float | str]:
    return {str(k): v for k, v in data.items() if isinstance(v, int | float | str)}


def _sent(db: StoreSession, rule_id: int) -> set[tuple[str, str]]:
    rows = db.con.execute(
        "SELECT trigger_key, channel FROM alert_deliveries WHERE rule_id = ? AND status = 'sent'", [rule_id]
    ).fetchall()
    return {(r[0], r[1]) for r in rows}


def _log(db: StoreSession, rule_id: int, trigger: Trigger, channel: str, status: str, detail: str) -> None:
    now = _now()
    db.con.execute(
        "INSERT INTO alert_deliveries (rule_id, trigger_key, channel, status, detail, title, attempts, "
        'first_at, "at") VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) '
        "ON CONFLICT (rule_id, trigger_key, channel) DO UPDATE SET status = CASE WHEN "
        "alert_deliveries.status = 'sent' THEN 'sent' ELSE excluded.status END, "
        'detail = excluded.detail, title = excluded.title, attempts = alert_deliveries.attempts + 1, "at" = '
        'excluded."at"',
        [rule_id, trigger.key, channel, status, detail, trigger.title, now, now],
    )
