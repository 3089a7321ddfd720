"""Where alerts go: a webhook (JSON over HTTP POST), an Atom feed file, email over SMTP.

A channel has one method, ``deliver(trigger) -> str``: it returns a one-line detail of what the other end
said, or raises :class:`DeliveryError` with the reason. Channels hold no state between deliveries; the
service (:mod:`flashpoint.alerts.service`) decides what to send and keeps the log.
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
import tempfile
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any, Protocol

import httpx

from flashpoint import __version__
from flashpoint.alerts.rules import Trigger
from flashpoint.errors import ConfigError, DeliveryError

ATOM = "http://www.w3.org/2005/Atom"
_NS = {"a": ATOM}
_ALERT_NAMESPACE = uuid.UUID("5b0e6f1e-6f6c-4a53-9c3e-6b1f2a7d9a10")  # flashpoint alert entry ids


class Channel(Protocol):
    def deliver(self, trigger: Trigger) -> str: ...


def trigger_payload(trigger: Trigger) -> dict[str, Any]:
    """The JSON a webhook receives (and the content every channel shows)."""
    return {
        "source": "flashpoint",
        "rule": trigger.rule,
        "kind": trigger.kind,
        "key": trigger.key,
        "title": trigger.title,
        "summary": trigger.summary,
        "date": trigger.date.isoformat(),
        "incident_ids": list(trigger.incident_ids),
        "figures": dict(trigger.figures),
    }


def entry_id(trigger: Trigger) -> str:
    """A stable Atom id for a trigger: the same rule and key always give the same id."""
    return uuid.uuid5(_ALERT_NAMESPACE, f"{trigger.rule}\n{trigger.key}").urn


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# -- webhook ----------------------------------------------------------------------------------------------
class WebhookChannel:
    """POST the trigger as JSON to ``url``; a 2xx answer is delivered. A connection error, a timeout, a 429
    or a 5xx answer is tried ``retries`` more times after ``backoff_s``; other answers fail at once."""

    def __init__(
        self,
        url: str,
        *,
        timeout_s: float = 10.0,
        retries: int = 1,
        backoff_s: float = 0.5,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"webhook URL {url!r}: expected http:// or https://")
        self.url = url
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self.headers = dict(headers or {})

    def deliver(self, trigger: Trigger) -> str:
        headers = {"User-Agent": f"flashpoint/{__version__} alerts", **self.headers}
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff_s)
            try:
                with httpx.Client(timeout=self.timeout_s, follow_redirects=False) as client:
                    answer = client.post(self.url, json=trigger_payload(trigger), headers=headers)
            except httpx.HTTPError as exc:
                last = _short(exc)
                continue
            if 200 <= answer.status_code < 300:
                return f"HTTP {answer.status_code}"
            last = f"HTTP {answer.status_code}"
            if answer.status_code != 429 and answer.status_code < 500:
                break
        raise DeliveryError(f"webhook {self.url}: {last}")


# -- Atom feed ----------------------------------------------------------------------------------------------
def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class FeedChannel:
    """Add the trigger as the first entry of the Atom file at ``path`` (made if missing), keeping the latest
    ``max_entries``. The file is written whole to a temporary file beside it and moved into place, so a
    reader never sees half a feed. An entry already in the feed (same rule and key) is replaced."""

    def __init__(
        self,
        path: str | Path,
        *,
        title: str = "flashpoint alerts",
        max_entries: int = 50,
        feed_id: str = "urn:uuid:0e9c7a52-4b8e-4bb0-9d55-0f1d5c1d2a11",
        link: str | None = None,
    ) -> None:
        if max_entries < 1:
            raise ConfigError("an alert feed keeps at least one entry")
        self.path = Path(path)
        self.title = title
        self.max_entries = max_entries
        self.feed_id = feed_id
        self.link = link

    def _existing(self, skip: str) -> list[ET.Element]:
        if not self.path.exists():
            return []
        try:
            root = ET.parse(self.path).getroot()
        except (ET.ParseError, OSError) as exc:
            raise DeliveryError(
                f"feed {self.path.name}: cannot read the existing feed: {_short(exc)}"
            ) from exc
        if root.tag != f"{{{ATOM}}}feed":
            raise DeliveryError(f"feed {self.path.name}: the file is not an Atom feed")
        return [e for e in root.findall("a:entry", _NS) if e.findtext("a:id", namespaces=_NS) != skip]

    def deliver(self, trigger: Trigger) -> str:
        ET.register_namespace("", ATOM)
        now = _iso(dt.datetime.now(dt.UTC))
        ident = entry_id(trigger)
        entries = [self._entry(trigger, ident, now), *self._existing(ident)][: self.max_entries]
        feed = ET.Element(f"{{{ATOM}}}feed")
        ET.SubElement(feed, f"{{{ATOM}}}id").text = self.feed_id
        ET.SubElement(feed, f"{{{ATOM}}}title").text = self.title
        ET.SubElement(feed, f"{{{ATOM}}}updated").text = now
        author = ET.SubElement(feed, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = "flashpoint"
        ET.SubElement(feed, f"{{{ATOM}}}generator", {"version": __version__}).text = "flashpoint"
        if self.link:
            ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": self.link})
        feed.extend(entries)
        ET.indent(feed)
        data = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
        try:
            self._write(data)
        except OSError as exc:
            raise DeliveryError(f"feed {self.path}: {_short(exc)}") from exc
        return f"{self.path.name}: {len(entries)} entries"

    @staticmethod
    def _entry(trigger: Trigger, ident: str, now: str) -> ET.Element:
        entry = ET.Element(f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = ident
        ET.SubElement(entry, f"{{{ATOM}}}title").text = trigger.title
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = now
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": trigger.kind})
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = trigger.summary
        lines = [trigger.summary, "", f"rule: {trigger.rule}", f"key: {trigger.key}"]
        if trigger.incident_ids:
            lines.append(f"incidents: {', '.join(trigger.incident_ids)}")
        ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "text"}).text = "\n".join(lines)
        return entry

    def _write(self, data: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


# -- email --------------------------------------------------------------------------------------------------
class EmailChannel:
    """Send the trigger as a plain-text email through the SMTP server at ``host:port`` (STARTTLS and login
    when asked; ``ssl_context`` for a server with its own certificate)."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        recipients: Sequence[str],
        *,
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout_s: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
        subject_prefix: str = "[flashpoint]",
    ) -> None:
        if not recipients:
            raise ConfigError("an email channel needs at least one recipient")
        if (username is None) != (password is None):
            raise ConfigError("an email channel needs both a username and a password, or neither")
        self.host = host
        self.port = port
        self.sender = sender
        self.recipients = tuple(recipients)
        self.starttls = starttls
        self.username = username
        self.password = password
        self.timeout_s = timeout_s
        self.ssl_context = ssl_context
        self.subject_prefix = subject_prefix

    def message(self, trigger: Trigger) -> EmailMessage:
        msg = EmailMessage()
        msg["Subject"] = f"{self.subject_prefix} {trigger.title}".strip()
        msg["From"] = self.sender
        msg["To"] = ", ".join(self.recipients)
        msg["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        msg["X-Flashpoint-Alert"] = trigger.key
        lines = [
            trigger.summary,
            "",
            f"Rule: {trigger.rule} ({trigger.kind})",
            f"Key: {trigger.key}",
            f"Date: {trigger.date.isoformat()}",
        ]
        if trigger.incident_ids:
            lines.append(f"Incidents: {', '.join(trigger.incident_ids)}")
        msg.set_content("\n".join(lines) + "\n")
        return msg

    def deliver(self, trigger: Trigger) -> str:
        msg = self.message(trigger)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
                if self.starttls:
                    smtp.starttls(context=self.ssl_context or ssl.create_default_context())
                if self.username is not None and self.password is not None:
                    smtp.login(self.username, self.password)
                refused = smtp.send_message(msg)
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"email via {self.host}:{self.port}: {_short(exc)}") from exc
        if refused:
            return f"sent to {len(self.recipients) - len(refused)}, refused: {', '.join(sorted(refused))}"
        return f"sent to {len(self.recipients)} recipient{'s' if len(self.recipients) != 1 else ''}"


def channel_from_config(name: str, spec: Mapping[str, Any]) -> Channel:
    """A channel from a config table, e.g. ``{"type": "webhook", "url": ...}``,
    ``{"type": "feed", "path": ..., "max_entries": 50}``, ``{"type": "email", "host": ..., "port": 25,
    "sender": ..., "recipients": [...], "starttls": false, "username": ..., "password": ...}``."""
    kind = spec.get("type")
    rest = {k: v for k, v in spec.items() if k != "type"}
    try:
        if kind == "webhook":
            return WebhookChannel(**rest)
        if kind == "feed":
            return FeedChannel(**rest)
        if kind == "email":
            return EmailChannel(**rest)
    except TypeError as exc:
        raise ConfigError(f"alert channel {name!r}: {exc}") from exc
    raise ConfigError(f"alert channel {name!r}: type must be webhook, feed or email, not {kind!r}")
