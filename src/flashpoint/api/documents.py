"""One POSTed report read and stored: checked like any input (empty, too long, not English: a
``DocumentError`` with its one-line reason), read by the warm pipeline, written in one transaction like a
batch of ``flashpoint ingest`` (near-copies found, incidents re-merged)."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashpoint.errors import DocumentError
from flashpoint.records import Failure, RawDocument

if TYPE_CHECKING:
    from flashpoint.annotate.registry import Services
    from flashpoint.corpus.store import Store
    from flashpoint.settings import Settings


@dataclass(frozen=True, slots=True)
class Ingested:
    id: str
    status: str  # new or duplicate
    events: int


class DocumentReader:
    """Reads POSTed documents into the store with one pipeline, built on first use and kept warm. One
    document is read at a time; ``store_lock`` guards every use of the store in this process."""

    def __init__(self, store: Store, store_lock: threading.RLock, services: Services | None = None) -> None:
        self.store = store
        self.store_lock = store_lock
        self._services = services
        self._settings: Settings | None = None
        self._lock = threading.Lock()

    def settings(self) -> Settings:
        if self._services is not None:
            return self._services.settings
        if self._settings is None:
            from flashpoint.settings import load_settings

            self._settings = load_settings()
        return self._settings

    def services(self) -> Services:
        if self._services is None:
            from flashpoint.annotate.registry import Services

            self._services = Services(self.settings())
        return self._services

    def ingest(
        self,
        text: str,
        *,
        title: str | None = None,
        url: str | None = None,
        publisher: str | None = None,
        published: dt.date | None = None,
        user: str = "api",
    ) -> Ingested:
        """Read and store one report (a new one is written to the audit log as ``user``'s); raises
        DocumentError (with the reading layer's reason)."""
        from flashpoint.corpus.nearcopy import CopyIndex
        from flashpoint.io.readers import make_article
        from flashpoint.workflows.extract import annotate
        from flashpoint.workflows.ingest import Provenance, _bundle

        raw = RawDocument(
            text=text,
            title=title,
            url=url,
            publisher=publisher,
            published=published,
            published_source="given" if published is not None else "unknown",
        )
        article = make_article(raw, self.settings())  # bad text is refused before the model loads
        with self._lock:
            services = self.services()
            with self.store_lock, self.store.session() as db:
                if db.known_articles([article.id]):
                    stored = db.con.execute(
                        "SELECT count(*) FROM events WHERE article_id = ?", [article.id]
                    ).fetchone()
                    return Ingested(article.id, "duplicate", int(stored[0]) if stored else 0)
            results = list(annotate([article], services))
            out = results[0]
            if isinstance(out, Failure):
                raise DocumentError(out.reason, out.source)
            with self.store_lock, self.store.session() as db:
                bundle = _bundle(out, Provenance(url or "api"), db, CopyIndex())
                added = db.write_documents([bundle])
                if added:
                    db.audit(user, "ingest", article.id, {"events": len(bundle.events), "title": title})
            if not added:  # another writer stored the same text meanwhile
                return Ingested(article.id, "duplicate", len(bundle.events))
            return Ingested(article.id, "new", len(bundle.events))
